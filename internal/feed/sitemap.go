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
// over MaxSitemapBytes: cut the list with Split first.
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
	var x xmlWriter
	x.b.WriteString(xmlHeader)
	x.b.WriteString(urlsetOpen)
	x.depth = 1
	for i, u := range urls {
		n, err := normalizeURL(fmt.Sprintf("sitemap: url %d", i), u)
		if err != nil {
			return err
		}
		writeURL(&x, n)
		if x.b.Len()+len(urlsetClose) > maxBytes {
			return fmt.Errorf("feed: sitemap: over %d bytes at url %d: %w", maxBytes, i, ErrTooLarge)
		}
	}
	x.depth = 0
	x.b.WriteString(urlsetClose)
	if err := x.flush(w); err != nil {
		return fmt.Errorf("feed: sitemap: %w", err)
	}
	return nil
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

// Split cuts urls into consecutive runs that each make a valid sitemap: at
// most max URLs (MaxSitemapURLs when max is not in 1…MaxSitemapURLs) and at
// most MaxSitemapBytes once written (a single URL bigger than that on its
// own makes a run by itself, which Sitemap then refuses). The runs share
// urls' backing array, with their capacity capped. An empty list gives no
// runs.
func Split(urls []URL, max int) [][]URL {
	return split(urls, max, MaxSitemapBytes)
}

func split(urls []URL, max, maxBytes int) [][]URL {
	if max <= 0 || max > MaxSitemapURLs {
		max = MaxSitemapURLs
	}
	overhead := len(xmlHeader) + len(urlsetOpen) + len(urlsetClose)
	var out [][]URL
	start, size := 0, overhead
	var x xmlWriter
	for i, u := range urls {
		x.b.Reset()
		x.depth = 1
		if n, err := normalizeURL("", u); err == nil {
			writeURL(&x, n)
		} else {
			writeURL(&x, u) // Sitemap will refuse it; measure it anyway
		}
		if i > start && (i-start >= max || size+x.b.Len() > maxBytes) {
			out = append(out, urls[start:i:i])
			start, size = i, overhead
		}
		size += x.b.Len()
	}
	if start < len(urls) {
		out = append(out, urls[start:len(urls):len(urls)])
	}
	return out
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
