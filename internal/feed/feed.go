// Package feed writes syndication and sitemap documents from plain data:
// Atom 1.0, RSS 2.0 and JSON Feed 1.1 feeds, XML sitemaps with hreflang
// alternates, sitemap indexes and robots.txt, plus the conditional-GET
// helpers to serve them. It knows nothing of HTTP routing or SQL: the caller
// builds a Feed or a list of URLs and gets bytes back.
//
//	func Atom(w io.Writer, f *Feed) error
//	func RSS(w io.Writer, f *Feed) error
//	func JSONFeed(w io.Writer, f *Feed) error
//	func Sitemap(w io.Writer, urls []URL) error
//	func SitemapIndex(w io.Writer, sitemaps []IndexEntry) error
//	func Split(urls []URL, max int) [][]URL
//	func Robots(w io.Writer, sitemapURL string, disallow []string) error
//	func ETag(body []byte) string
//	func NotModified(r *http.Request, etag string, lastMod time.Time) bool
//
// Rules every writer follows:
//
//   - Text is cleaned before it is written: characters XML 1.0 forbids
//     (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F, U+FFFE, U+FFFF) and
//     bytes that are not UTF-8 are dropped, in every format, so one stray
//     control character cannot break a feed. Titles, summaries, names and
//     categories are also trimmed of surrounding white space.
//   - Links must be absolute http or https URLs; an empty or relative one is
//     an error wrapping ErrInvalid. Non-ASCII characters in paths and queries
//     are percent-encoded (IRI → URI); hosts must already be ASCII (punycode).
//     Ids may be any absolute URI (tag:, urn:, https:); an empty id falls
//     back to the link.
//   - Times are written in UTC to the second. Feed.Updated is raised to the
//     newest entry's date; an entry's update is never before its
//     publication; an entry needs at least one of the two.
//   - The same input gives the same bytes, so ETags are stable. Entries,
//     authors and categories keep the caller's order; hreflang alternates
//     are sorted (by language, x-default last) so that building them from a
//     map cannot change the output.
//   - A document is built in memory and written with a single Write only
//     when it is valid: on error nothing is written.
//
// Per format:
//
//   - Atom: xml:lang on the feed (and on entries in another language),
//     rel="self" and rel="alternate" type="text/html" links, alternates with
//     hreflang, <content type="html"> when ContentHTML is set and <summary>
//     when Summary is. Atom needs an author: Feed.Author, or Authors on every
//     entry. Atom also needs a feed date: an empty feed must set Updated.
//   - RSS 2.0 with the atom, content and dc namespaces: atom:link rel="self"
//     and the alternates, <language>, RFC 1123Z dates (time.RFC1123Z),
//     <guid isPermaLink="true"> when the id is the link, <description> with
//     the summary (HTML-escaped, since readers treat it as HTML),
//     content:encoded for ContentHTML, dc:creator per author and dc:language
//     for entries in another language.
//   - JSON Feed 1.1 via encoding/json without HTML escaping. Alternates have
//     no place in JSON Feed and are left out. An item without ContentHTML
//     carries its summary as content_text, as the format requires one of
//     the two.
//
// Serve the documents with the content types below (AtomType, RSSType,
// JSONFeedType, SitemapType, RobotsType), an ETag from ETag(body) and a
// Last-Modified from the feed's date, and answer 304 when NotModified says so.
package feed

import (
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Content types to send with each document.
const (
	AtomType     = "application/atom+xml; charset=utf-8"
	RSSType      = "application/rss+xml; charset=utf-8"
	JSONFeedType = "application/feed+json; charset=utf-8"
	SitemapType  = "application/xml; charset=utf-8"
	RobotsType   = "text/plain; charset=utf-8"
)

// ErrInvalid is wrapped by every error about the input: a missing title, a
// relative URL, a bad language tag, an entry without a date…
var ErrInvalid = errors.New("invalid input")

// ErrTooLarge is returned when a sitemap or a sitemap index is over the
// protocol's limits (MaxSitemapURLs entries, MaxSitemapBytes bytes).
var ErrTooLarge = errors.New("over the sitemap protocol's limits")

func invalidf(format string, a ...any) error {
	return fmt.Errorf("feed: "+format+": %w", append(a, ErrInvalid)...)
}

// Feed is one feed document: a language's front page, a section, a keyword
// or an article's comments.
type Feed struct {
	Title    string // required
	Subtitle string
	Language string // BCP 47, e.g. "fr"; required
	SelfURL  string // absolute URL of this feed document; required
	SiteURL  string // absolute URL of the HTML page it mirrors; required
	// ID is the feed's stable id: an absolute URI (https:, tag:, urn:).
	// Empty means SiteURL.
	ID string
	// Updated is the feed's date. Zero or older than the newest entry means
	// the newest entry's date.
	Updated time.Time
	// Author is the feed-level author name, typically the site's name.
	Author string
	Rights string
	// Alternates are the same feed in other languages (or formats). In an
	// Atom or RSS document they become <link rel="alternate">; JSON Feed
	// has no place for them.
	Alternates []Link
	Entries    []Entry // in display order, usually newest first
}

// Link points to a related document.
type Link struct {
	Href     string // absolute URL; required
	HrefLang string // BCP 47 language of the target
	Title    string
	Type     string // media type of the target, e.g. "application/atom+xml"
}

// Entry is one article or comment of a feed.
type Entry struct {
	ID    string // absolute URI; empty means URL
	URL   string // absolute URL of the HTML page; required
	Title string // required; for a comment, e.g. "Reply from Marie"
	// Summary is plain text.
	Summary string
	// ContentHTML is the full body, HTML already sanitized by the caller.
	// Optional: when empty only the summary is emitted.
	ContentHTML string
	// Published and Updated: at least one must be set.
	Published, Updated time.Time
	Authors            []string // display names
	Categories         []string // keyword or section titles
	// Language is the entry's language when it differs from the feed's.
	Language string
}

// doc is a Feed validated and normalized, shared by the three formats.
type doc struct {
	title, subtitle, lang, self, site, id, author, rights string
	updated                                               time.Time // zero only for an empty feed without Updated
	alternates                                            []Link
	entries                                               []entry
}

type entry struct {
	id, url, title, summary, content string
	published, updated               time.Time // updated is never zero
	authors, categories              []string
	lang                             string // empty when the feed's
}

func prepare(f *Feed) (*doc, error) {
	if f == nil {
		return nil, invalidf("nil feed")
	}
	d := &doc{
		title:    cleanLine(f.Title),
		subtitle: cleanLine(f.Subtitle),
		lang:     strings.TrimSpace(f.Language),
		author:   cleanLine(f.Author),
		rights:   cleanLine(f.Rights),
	}
	if d.title == "" {
		return nil, invalidf("feed title is empty")
	}
	if !validLang(d.lang) {
		return nil, invalidf("feed language %q is not a BCP 47 tag", f.Language)
	}
	var err error
	if d.self, err = absURL("feed SelfURL", f.SelfURL); err != nil {
		return nil, err
	}
	if d.site, err = absURL("feed SiteURL", f.SiteURL); err != nil {
		return nil, err
	}
	if d.id, err = uri("feed ID", f.ID, d.site); err != nil {
		return nil, err
	}
	if d.updated, err = utc("feed Updated", f.Updated); err != nil {
		return nil, err
	}

	// Alternates: valid, sorted, and never two with the same type and
	// language, counting the feed's own HTML page (Atom forbids it).
	seen := map[string]bool{"text/html\x00" + strings.ToLower(d.lang): true}
	for i, a := range f.Alternates {
		l := Link{HrefLang: strings.TrimSpace(a.HrefLang), Title: cleanLine(a.Title), Type: strings.TrimSpace(a.Type)}
		if l.Href, err = absURL(fmt.Sprintf("alternate %d", i), a.Href); err != nil {
			return nil, err
		}
		if l.HrefLang != "" && !validLang(l.HrefLang) {
			return nil, invalidf("alternate %d: hreflang %q is not a BCP 47 tag", i, a.HrefLang)
		}
		if !validMediaType(l.Type) {
			return nil, invalidf("alternate %d: type %q is not a media type", i, a.Type)
		}
		key := strings.ToLower(l.Type + "\x00" + l.HrefLang)
		if seen[key] {
			return nil, invalidf("alternate %d: another alternate link has type %q and hreflang %q", i, l.Type, l.HrefLang)
		}
		seen[key] = true
		d.alternates = append(d.alternates, l)
	}
	sort.SliceStable(d.alternates, func(i, j int) bool {
		a, b := d.alternates[i], d.alternates[j]
		if c := compareLang(a.HrefLang, b.HrefLang); c != 0 {
			return c < 0
		}
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		return a.Href < b.Href
	})

	ids := make(map[string]int, len(f.Entries))
	d.entries = make([]entry, 0, len(f.Entries))
	for i := range f.Entries {
		src := &f.Entries[i]
		e := entry{
			title:   cleanLine(src.Title),
			summary: cleanLine(src.Summary),
			content: clean(src.ContentHTML),
			lang:    strings.TrimSpace(src.Language),
		}
		where := fmt.Sprintf("entry %d", i)
		if e.title == "" {
			return nil, invalidf("%s: title is empty", where)
		}
		if e.url, err = absURL(where+" URL", src.URL); err != nil {
			return nil, err
		}
		if e.id, err = uri(where+" ID", src.ID, e.url); err != nil {
			return nil, err
		}
		if j, dup := ids[e.id]; dup {
			return nil, invalidf("%s: id %q already used by entry %d", where, e.id, j)
		}
		ids[e.id] = i
		if e.published, err = utc(where+" Published", src.Published); err != nil {
			return nil, err
		}
		if e.updated, err = utc(where+" Updated", src.Updated); err != nil {
			return nil, err
		}
		if e.updated.Before(e.published) {
			e.updated = e.published
		}
		if e.updated.IsZero() {
			return nil, invalidf("%s: neither Published nor Updated is set", where)
		}
		if e.updated.After(d.updated) {
			d.updated = e.updated
		}
		if e.lang != "" && !validLang(e.lang) {
			return nil, invalidf("%s: language %q is not a BCP 47 tag", where, src.Language)
		}
		if strings.EqualFold(e.lang, d.lang) {
			e.lang = ""
		}
		for _, a := range src.Authors {
			if a = cleanLine(a); a != "" {
				e.authors = append(e.authors, a)
			}
		}
		for _, c := range src.Categories {
			if c = cleanLine(c); c != "" {
				e.categories = append(e.categories, c)
			}
		}
		d.entries = append(d.entries, e)
	}
	return d, nil
}

// validXMLChar reports whether r may appear in an XML 1.0 document.
func validXMLChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20:
		return false
	case r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF, r > utf8.MaxRune:
		return false
	}
	return true
}

// clean drops the characters XML 1.0 forbids and bytes that are not UTF-8.
func clean(s string) string {
	ok := true
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || !validXMLChar(r) {
			ok = false
			break
		}
		i += n
	}
	if ok {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !(r == utf8.RuneError && n == 1) && validXMLChar(r) {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// cleanLine is clean, then trimmed of surrounding white space.
func cleanLine(s string) string { return strings.TrimSpace(clean(s)) }

// absURL checks that raw is an absolute http(s) URL and returns it with
// non-ASCII and unsafe bytes percent-encoded.
func absURL(what, raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", invalidf("%s is empty", what)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			return "", invalidf("%s %q contains a control character", what, raw)
		}
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", invalidf("%s %q: %v", what, raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" || u.Opaque != "" {
		return "", invalidf("%s %q is not an absolute http(s) URL", what, raw)
	}
	for i := 0; i < len(u.Host); i++ {
		if u.Host[i] >= utf8.RuneSelf {
			return "", invalidf("%s %q: host must be ASCII (punycode)", what, raw)
		}
	}
	return escapeURL(s), nil
}

// uri returns raw as an id: any absolute URI, or fallback when raw is empty.
func uri(what, raw, fallback string) (string, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return fallback, nil
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= 0x20 || s[i] == 0x7f {
			return "", invalidf("%s %q contains a space or a control character", what, raw)
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" {
		return "", invalidf("%s %q is not an absolute URI", what, raw)
	}
	return escapeURL(s), nil
}

// escapeURL percent-encodes the bytes a URI cannot hold as they are:
// non-ASCII (UTF-8 bytes of an IRI), space and a few delimiters. Existing
// escapes are kept.
func escapeURL(s string) string {
	const hex = "0123456789ABCDEF"
	need := false
	for i := 0; i < len(s); i++ {
		if unsafeURLByte(s[i]) {
			need = true
			break
		}
	}
	if !need {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unsafeURLByte(c) {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

func unsafeURLByte(c byte) bool { return unsafeURLBytes[c] }

// unsafeURLBytes is a table because every URL of a sitemap goes through
// escapeURL, twice per translation it has.
var unsafeURLBytes = func() (t [256]bool) {
	for c := range t {
		t[c] = c <= 0x20 || c >= 0x7f || strings.IndexByte("\"<>\\^`{|}", byte(c)) >= 0
	}
	return t
}()

// utc returns t in UTC to the second, refusing years RFC 3339 cannot write.
func utc(what string, t time.Time) (time.Time, error) {
	if t.IsZero() {
		return time.Time{}, nil
	}
	t = t.UTC().Truncate(time.Second)
	if y := t.Year(); y < 1 || y > 9999 {
		return time.Time{}, invalidf("%s: year %d is out of range", what, y)
	}
	return t, nil
}

func rfc3339(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// validLang is a loose BCP 47 check: subtags of 1 to 8 letters or digits
// joined by hyphens, the first made of letters. It accepts "x-default".
func validLang(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i, sub := range strings.Split(s, "-") {
		if len(sub) < 1 || len(sub) > 8 {
			return false
		}
		for j := 0; j < len(sub); j++ {
			c := sub[j] | 0x20 // lower case for letters
			letter := c >= 'a' && c <= 'z'
			digit := sub[j] >= '0' && sub[j] <= '9'
			if !letter && !(digit && i > 0) {
				return false
			}
		}
	}
	return true
}

// validMediaType accepts "" or a type/subtype without parameters.
func validMediaType(s string) bool {
	if s == "" {
		return true
	}
	typ, sub, ok := strings.Cut(s, "/")
	if !ok || typ == "" || sub == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("/+-.!#$&^_", c) >= 0) {
			return false
		}
	}
	return strings.Count(s, "/") == 1
}

// compareLang orders hreflang values: by lower-cased tag, "x-default" last,
// and an empty one first.
func compareLang(a, b string) int {
	a, b = strings.ToLower(a), strings.ToLower(b)
	if (a == "x-default") != (b == "x-default") {
		if a == "x-default" {
			return 1
		}
		return -1
	}
	return strings.Compare(a, b)
}
