package feed

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// pages is an article in French, Arabic and English, and the home pages.
func pages() []URL {
	art := []Alternate{
		{HrefLang: "x-default", Href: base + "/fr/moderer-sans-censurer"},
		{HrefLang: "en", Href: base + "/en/moderating-without-censoring"},
		{HrefLang: "ar", Href: base + "/ar/al-ishraf-duna-raqaba"},
		{HrefLang: "fr", Href: base + "/fr/moderer-sans-censurer"},
	}
	return []URL{
		{Loc: base + "/fr/", LastMod: at(14, 17), Alternates: []Alternate{
			{HrefLang: "fr", Href: base + "/fr/"}, {HrefLang: "ar", Href: base + "/ar/"},
		}},
		{Loc: base + "/fr/moderer-sans-censurer", LastMod: time.Date(2026, 3, 14, 18, 5, 7, 9, time.FixedZone("CET", 3600)), Alternates: art},
		{Loc: base + "/ar/al-ishraf-duna-raqaba", LastMod: at(13, 9), Alternates: art},
		{Loc: base + "/fr/mentions-legales?v=1&x=<2>"},
	}
}

func TestSitemap(t *testing.T) {
	var b bytes.Buffer
	if err := Sitemap(&b, pages()); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "sitemap.xml")
	if *update {
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want, err := os.ReadFile(path); err != nil || !bytes.Equal(b.Bytes(), want) {
		t.Errorf("sitemap differs from %s (go test -update to accept; %v):\n%s", path, err, b.Bytes())
	}
	if !bytes.Contains(b.Bytes(), []byte(`xmlns:xhtml="http://www.w3.org/1999/xhtml"`)) {
		t.Error("no xhtml namespace declaration")
	}

	var doc urlsetDoc
	unmarshal(t, b.Bytes(), &doc)
	in := pages()
	if len(doc.URLs) != len(in) {
		t.Fatalf("%d urls, want %d", len(doc.URLs), len(in))
	}
	for i, u := range doc.URLs {
		if u.Loc != in[i].Loc && i != 3 || !absoluteURL(u.Loc) {
			t.Errorf("url %d: loc %q", i, u.Loc)
		}
		if u.LastMod != "" {
			rfc3339UTC(t, "lastmod", u.LastMod)
		}
		if len(u.Links) != len(in[i].Alternates) {
			t.Errorf("url %d: %d xhtml:link, want %d", i, len(u.Links), len(in[i].Alternates))
		}
		self := false
		for _, l := range u.Links {
			if l.Rel != "alternate" || l.HrefLang == "" || !absoluteURL(l.Href) {
				t.Errorf("url %d: link %+v", i, l)
			}
			self = self || l.Href == u.Loc
		}
		if len(u.Links) > 0 && !self {
			t.Errorf("url %d: alternates miss the page itself", i)
		}
	}
	if doc.URLs[3].Loc != base+"/fr/mentions-legales?v=1&x=%3C2%3E" {
		t.Errorf("escaped loc %q", doc.URLs[3].Loc)
	}
	if doc.URLs[1].LastMod != "2026-03-14T17:05:07Z" || doc.URLs[3].LastMod != "" {
		t.Errorf("lastmod %q %q", doc.URLs[1].LastMod, doc.URLs[3].LastMod)
	}
	var langs []string
	for _, l := range doc.URLs[1].Links {
		langs = append(langs, l.HrefLang)
	}
	if got := strings.Join(langs, " "); got != "ar en fr x-default" {
		t.Errorf("alternates in order %q, want sorted with x-default last", got)
	}
}

func TestSitemapInvalid(t *testing.T) {
	long := base + "/" + strings.Repeat("a", maxLocLength)
	tests := []struct {
		name   string
		change func([]URL) []URL
	}{
		{"empty", func([]URL) []URL { return nil }},
		{"relative loc", func(u []URL) []URL { u[0].Loc = "/fr/"; return u }},
		{"empty loc", func(u []URL) []URL { u[3].Loc = ""; return u }},
		{"long loc", func(u []URL) []URL { u[3].Loc = long; return u }},
		{"self missing", func(u []URL) []URL { u[0].Alternates = u[0].Alternates[1:]; return u }},
		{"x-default is not self", func(u []URL) []URL {
			u[0].Alternates = []Alternate{{HrefLang: "x-default", Href: u[0].Loc}, {HrefLang: "ar", Href: base + "/ar/"}}
			return u
		}},
		{"duplicate hreflang", func(u []URL) []URL { u[0].Alternates[1].HrefLang = "FR"; return u }},
		{"bad hreflang", func(u []URL) []URL { u[0].Alternates[1].HrefLang = "arabe du Maroc"; return u }},
		{"empty hreflang", func(u []URL) []URL { u[0].Alternates[1].HrefLang = ""; return u }},
		{"relative alternate", func(u []URL) []URL { u[0].Alternates[1].Href = "/ar/"; return u }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Sitemap(&b, tt.change(pages())); !errors.Is(err, ErrInvalid) {
				t.Errorf("error %v, want ErrInvalid", err)
			}
			if b.Len() != 0 {
				t.Error("bytes written despite the error")
			}
		})
	}
}

func manyURLs(n int) []URL {
	urls := make([]URL, n)
	for i := range urls {
		urls[i].Loc = fmt.Sprintf("%s/fr/article-%d", base, i)
	}
	return urls
}

func TestSitemapLimits(t *testing.T) {
	if err := Sitemap(new(bytes.Buffer), manyURLs(MaxSitemapURLs)); err != nil {
		t.Errorf("%d URLs: %v", MaxSitemapURLs, err)
	}
	if err := Sitemap(new(bytes.Buffer), manyURLs(MaxSitemapURLs+1)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("%d URLs: %v, want ErrTooLarge", MaxSitemapURLs+1, err)
	}
}

func TestSplit(t *testing.T) {
	tests := []struct {
		n, max int
		want   []int // sizes of the parts
	}{
		{0, 3, nil},
		{1, 3, []int{1}},
		{3, 3, []int{3}},
		{4, 3, []int{3, 1}},
		{7, 3, []int{3, 3, 1}},
		{5, 1, []int{1, 1, 1, 1, 1}},
		{5, 0, []int{5}},
		{5, -1, []int{5}},
		{MaxSitemapURLs, MaxSitemapURLs, []int{MaxSitemapURLs}},
		{MaxSitemapURLs + 1, MaxSitemapURLs, []int{MaxSitemapURLs, 1}},
		{MaxSitemapURLs + 1, MaxSitemapURLs + 10, []int{MaxSitemapURLs, 1}},
		{MaxSitemapURLs + 1, 0, []int{MaxSitemapURLs, 1}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d by %d", tt.n, tt.max), func(t *testing.T) {
			urls := manyURLs(tt.n)
			parts := Split(urls, tt.max)
			var sizes []int
			next := 0
			for _, p := range parts {
				sizes = append(sizes, len(p))
				if len(p) > 0 && p[0].Loc != urls[next].Loc {
					t.Errorf("part starting at %d begins with %q", next, p[0].Loc)
				}
				next += len(p)
			}
			if fmt.Sprint(sizes) != fmt.Sprint(tt.want) {
				t.Errorf("sizes %v, want %v", sizes, tt.want)
			}
			if len(parts) > 1 {
				p := append(parts[0], URL{Loc: "appended"})
				if urls[len(parts[0])].Loc == "appended" || len(p) != len(parts[0])+1 {
					t.Error("appending to a part overwrote the next one")
				}
			}
		})
	}
}

func TestSplitBytes(t *testing.T) {
	urls := pages()
	sizeOf := func(us []URL) int {
		var b bytes.Buffer
		if err := Sitemap(&b, us); err != nil {
			t.Fatal(err)
		}
		return b.Len()
	}
	total := sizeOf(urls)
	if err := writeSitemap(new(bytes.Buffer), urls, total); err != nil {
		t.Errorf("at the byte limit: %v", err)
	}
	if err := writeSitemap(new(bytes.Buffer), urls, total-1); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a byte over the limit: %v, want ErrTooLarge", err)
	}
	for _, limit := range []int{total, total - 1, sizeOf(urls[:2]), sizeOf(urls[1:2]), 1} {
		parts := split(urls, 0, limit)
		n := 0
		for i, p := range parts {
			n += len(p)
			size := sizeOf(p)
			if size > limit && len(p) > 1 {
				t.Errorf("limit %d: part %d is %d bytes", limit, i, size)
			}
			if err := writeSitemap(new(bytes.Buffer), p, limit); err != nil && len(p) > 1 {
				t.Errorf("limit %d: part %d refused: %v", limit, i, err)
			}
			if i+1 < len(parts) {
				if grown := sizeOf(urls[n-len(p) : n+1]); grown <= limit {
					t.Errorf("limit %d: part %d cut early: with the next URL it is %d bytes", limit, i, grown)
				}
			}
		}
		if n != len(urls) {
			t.Errorf("limit %d: parts hold %d URLs, want %d", limit, n, len(urls))
		}
	}
}

func TestSitemapIndex(t *testing.T) {
	var b bytes.Buffer
	err := SitemapIndex(&b, []IndexEntry{
		{Loc: base + "/sitemap-1.xml", LastMod: time.Date(2026, 3, 14, 18, 5, 7, 0, time.FixedZone("CET", 3600))},
		{Loc: base + "/sitemap-2.xml"},
	})
	if err != nil {
		t.Fatal(err)
	}
	var doc sitemapIndexDoc
	unmarshal(t, b.Bytes(), &doc)
	if len(doc.Sitemaps) != 2 || doc.Sitemaps[0].Loc != base+"/sitemap-1.xml" ||
		doc.Sitemaps[0].LastMod != "2026-03-14T17:05:07Z" || doc.Sitemaps[1].LastMod != "" {
		t.Errorf("index %+v", doc)
	}
	for _, bad := range [][]IndexEntry{nil, {{Loc: "sitemap-1.xml"}}, {{Loc: ""}}} {
		if err := SitemapIndex(new(bytes.Buffer), bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("%+v: %v, want ErrInvalid", bad, err)
		}
	}
	if err := SitemapIndex(new(bytes.Buffer), make([]IndexEntry, MaxSitemapURLs+1)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("too many sitemaps: %v", err)
	}
}

func TestRobots(t *testing.T) {
	tests := []struct {
		name     string
		sitemap  string
		disallow []string
		want     string // "" for an error
	}{
		{"allow all", base + "/sitemap.xml", nil,
			"User-agent: *\nDisallow:\n\nSitemap: https://diplomatie.example/sitemap.xml\n"},
		{"paths", base + "/sitemap.xml", []string{"/admin/", "/fr/search", "/ar/بحث"},
			"User-agent: *\nDisallow: /admin/\nDisallow: /fr/search\nDisallow: /ar/%D8%A8%D8%AD%D8%AB\n\nSitemap: https://diplomatie.example/sitemap.xml\n"},
		{"relative sitemap", "/sitemap.xml", nil, ""},
		{"no sitemap", "", nil, ""},
		{"relative path", base + "/sitemap.xml", []string{"admin"}, ""},
		{"injected line", base + "/sitemap.xml", []string{"/a\nAllow: /"}, ""},
		{"space", base + "/sitemap.xml", []string{"/a b"}, ""},
		{"comment", base + "/sitemap.xml", []string{"/a#b"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			err := Robots(&b, tt.sitemap, tt.disallow)
			if tt.want == "" {
				if !errors.Is(err, ErrInvalid) || b.Len() != 0 {
					t.Errorf("error %v with %q written, want ErrInvalid and nothing", err, b.String())
				}
				return
			}
			if err != nil || b.String() != tt.want {
				t.Errorf("got %q, %v\nwant %q", b.String(), err, tt.want)
			}
		})
	}
}
