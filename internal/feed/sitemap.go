package feed

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// Limits of the sitemap protocol, for one sitemap and for one index.
const (
	MaxSitemapURLs  = 50000
	MaxSitemapBytes = 50 * 1024 * 1024 // uncompressed
	maxLocLength    = 2048
)

const (
	sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"
	xhtmlNS   = "http://www.w3.org/1999/xhtml"
)

// URL is one page of a sitemap.
type URL struct {
	Loc     string    // absolute URL; required
	LastMod time.Time // optional
	// Alternates are every translation of the page, including the page
	// itself, plus "x-default" if the site has one. Either none, or a list
	// that holds Loc; each language at most once.
	Alternates []Alternate
}

// Alternate is one language version of a page.
type Alternate struct {
	HrefLang string // BCP 47 tag or "x-default"
	Href     string // absolute URL
}

// IndexEntry is one sitemap of a sitemap index.
type IndexEntry struct {
	Loc     string // absolute URL of the sitemap; required
	LastMod time.Time
}

const (
	urlsetOpen  = `<urlset xmlns="` + sitemapNS + `" xmlns:xhtml="` + xhtmlNS + `">` + "\n"
	urlsetClose = "</urlset>\n"
)

// Sitemap writes a <urlset> with an <xhtml:link rel="alternate"> per
// translation. It refuses an empty list (the protocol wants at least one
// URL) and, with ErrTooLarge, more than MaxSitemapURLs URLs or a document
// over MaxSitemapBytes. A list too long for one sitemap is cut with a
// SitemapMeter and written part by part with a SitemapWriter.
func Sitemap(w io.Writer, urls []URL) error {
	return writeSitemap(w, urls, MaxSitemapBytes)
}

func writeSitemap(w io.Writer, urls []URL, maxBytes int) error {
	if len(urls) == 0 {
		return invalidf("sitemap: no URLs")
	}
	if len(urls) > MaxSitemapURLs {
		return fmt.Errorf("feed: sitemap: %d URLs, more than %d: %w", len(urls), MaxSitemapURLs, ErrTooLarge)
	}
	// Held whole until it is known valid, so that w gets all or nothing.
	sw := newSitemapWriter(w, maxBytes, 0)
	for _, u := range urls {
		if err := sw.Add(u); err != nil {
			return err
		}
	}
	return sw.Close()
}

// SitemapOverhead is the size of a sitemap without its URLs: the XML
// declaration and the <urlset> element around them.
const SitemapOverhead = len(xmlHeader) + len(urlsetOpen) + len(urlsetClose)

// sitemapFlushSize is how much a SitemapWriter holds before writing out.
const sitemapFlushSize = 64 << 10

// SitemapWriter writes a sitemap one URL at a time, for lists too long to
// hold: what it has written goes out to w as it fills. It keeps Sitemap's
// rules and limits; once Add or Close has failed, what w received is an
// incomplete document to be thrown away.
type SitemapWriter struct {
	w        io.Writer
	x        xmlWriter
	urls     int
	flushed  int // bytes written out to w
	maxBytes int
	flushAt  int // 0: hold everything until Close
	err      error
}

// NewSitemapWriter starts a sitemap on w.
func NewSitemapWriter(w io.Writer) *SitemapWriter {
	return newSitemapWriter(w, MaxSitemapBytes, sitemapFlushSize)
}

func newSitemapWriter(w io.Writer, maxBytes, flushAt int) *SitemapWriter {
	sw := &SitemapWriter{w: w, maxBytes: maxBytes, flushAt: flushAt}
	sw.x.b.WriteString(xmlHeader)
	sw.x.b.WriteString(urlsetOpen)
	sw.x.depth = 1
	return sw
}

// Add writes one URL: ErrInvalid if Sitemap would refuse it, ErrTooLarge
// past the protocol's limits.
func (sw *SitemapWriter) Add(u URL) error {
	if sw.err != nil {
		return sw.err
	}
	if sw.urls == MaxSitemapURLs {
		sw.err = fmt.Errorf("feed: sitemap: more than %d URLs: %w", MaxSitemapURLs, ErrTooLarge)
		return sw.err
	}
	n, err := normalizeURL(fmt.Sprintf("sitemap: url %d", sw.urls), u)
	if err != nil {
		sw.err = err
		return err
	}
	writeURL(&sw.x, n)
	if sw.flushed+sw.x.b.Len()+len(urlsetClose) > sw.maxBytes {
		sw.err = fmt.Errorf("feed: sitemap: over %d bytes at url %d: %w", sw.maxBytes, sw.urls, ErrTooLarge)
		return sw.err
	}
	sw.urls++
	if sw.flushAt > 0 && sw.x.b.Len() >= sw.flushAt {
		return sw.flush()
	}
	return nil
}

// Close ends the document and writes out what is left; a sitemap without
// URLs is refused.
func (sw *SitemapWriter) Close() error {
	if sw.err != nil {
		return sw.err
	}
	if sw.urls == 0 {
		sw.err = invalidf("sitemap: no URLs")
		return sw.err
	}
	sw.x.depth = 0
	sw.x.b.WriteString(urlsetClose)
	return sw.flush()
}

func (sw *SitemapWriter) flush() error {
	n := sw.x.b.Len()
	if err := sw.x.flush(sw.w); err != nil {
		sw.err = fmt.Errorf("feed: sitemap: %w", err)
		return sw.err
	}
	sw.flushed += n
	sw.x.b.Reset()
	return nil
}

// SitemapMeter measures URLs as a sitemap holds them, so that a list too
// long for one sitemap can be cut into valid parts as it streams by: a
// part of URLs u1…un is SitemapOverhead + Size(u1) + … + Size(un) bytes.
// The zero value is ready for use.
type SitemapMeter struct {
	x    xmlWriter
	alts []Alternate
}

// Size returns how many bytes u takes in a sitemap. It writes u as Sitemap
// does but skips the checks, which change nothing to a valid URL's size
// and are most of the cost of writing it: a URL that Sitemap would refuse
// is measured all the same.
func (m *SitemapMeter) Size(u URL) int {
	m.x.b.Reset()
	m.x.depth = 1
	n := URL{Loc: escapeURL(strings.TrimSpace(u.Loc)), LastMod: u.LastMod}
	if len(u.Alternates) > 0 {
		m.alts = m.alts[:0]
		for _, a := range u.Alternates {
			m.alts = append(m.alts, Alternate{HrefLang: strings.TrimSpace(a.HrefLang), Href: escapeURL(strings.TrimSpace(a.Href))})
		}
		n.Alternates = m.alts
	}
	writeURL(&m.x, n)
	return m.x.b.Len()
}

// normalizeURL validates u and returns it with escaped URLs, UTC time and
// sorted alternates.
func normalizeURL(where string, u URL) (URL, error) {
	var n URL
	var err error
	if n.Loc, err = absURL(where+" loc", u.Loc); err != nil {
		return n, err
	}
	if len(n.Loc) > maxLocLength {
		return n, invalidf("%s: loc %q is longer than %d characters", where, u.Loc, maxLocLength)
	}
	if n.LastMod, err = utc(where+" lastmod", u.LastMod); err != nil {
		return n, err
	}
	if len(u.Alternates) == 0 {
		return n, nil
	}
	n.Alternates = make([]Alternate, 0, len(u.Alternates))
	seen := make(map[string]bool, len(u.Alternates))
	self := false
	for i, a := range u.Alternates {
		lang := strings.TrimSpace(a.HrefLang)
		if !validLang(lang) {
			return n, invalidf("%s: alternate %d: hreflang %q is not a BCP 47 tag or x-default", where, i, a.HrefLang)
		}
		if seen[strings.ToLower(lang)] {
			return n, invalidf("%s: alternate %d: hreflang %q appears twice", where, i, lang)
		}
		seen[strings.ToLower(lang)] = true
		href, err := absURL(fmt.Sprintf("%s: alternate %d", where, i), a.Href)
		if err != nil {
			return n, err
		}
		if href == n.Loc && !strings.EqualFold(lang, "x-default") {
			self = true
		}
		n.Alternates = append(n.Alternates, Alternate{HrefLang: lang, Href: href})
	}
	if !self {
		return n, invalidf("%s: alternates of %q do not include the page itself", where, n.Loc)
	}
	sort.SliceStable(n.Alternates, func(i, j int) bool {
		return compareLang(n.Alternates[i].HrefLang, n.Alternates[j].HrefLang) < 0
	})
	return n, nil
}

func writeURL(x *xmlWriter, u URL) {
	x.open("url")
	x.text("loc", u.Loc)
	if !u.LastMod.IsZero() {
		x.text("lastmod", rfc3339(u.LastMod))
	}
	for _, a := range u.Alternates {
		x.empty("xhtml:link", "rel", "alternate", "hreflang", a.HrefLang, "href", a.Href)
	}
	x.close("url")
}

// SitemapIndex writes a <sitemapindex> listing sitemaps. Like Sitemap, it
// refuses an empty list, and more than MaxSitemapURLs entries with
// ErrTooLarge.
func SitemapIndex(w io.Writer, sitemaps []IndexEntry) error {
	if len(sitemaps) == 0 {
		return invalidf("sitemap index: no sitemaps")
	}
	if len(sitemaps) > MaxSitemapURLs {
		return fmt.Errorf("feed: sitemap index: %d sitemaps, more than %d: %w", len(sitemaps), MaxSitemapURLs, ErrTooLarge)
	}
	var x xmlWriter
	x.b.WriteString(xmlHeader)
	x.open("sitemapindex", "xmlns", sitemapNS)
	for i, s := range sitemaps {
		loc, err := absURL(fmt.Sprintf("sitemap index: entry %d loc", i), s.Loc)
		if err != nil {
			return err
		}
		if len(loc) > maxLocLength {
			return invalidf("sitemap index: entry %d: loc is longer than %d characters", i, maxLocLength)
		}
		mod, err := utc(fmt.Sprintf("sitemap index: entry %d lastmod", i), s.LastMod)
		if err != nil {
			return err
		}
		x.open("sitemap")
		x.text("loc", loc)
		if !mod.IsZero() {
			x.text("lastmod", rfc3339(mod))
		}
		x.close("sitemap")
	}
	x.close("sitemapindex")
	if x.b.Len() > MaxSitemapBytes {
		return fmt.Errorf("feed: sitemap index: %d bytes, more than %d: %w", x.b.Len(), MaxSitemapBytes, ErrTooLarge)
	}
	if err := x.flush(w); err != nil {
		return fmt.Errorf("feed: sitemap index: %w", err)
	}
	return nil
}
