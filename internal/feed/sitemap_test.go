package feed

import (
	"bytes"
	"errors"
	"fmt"
	"io"
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

// chunks records the writes it gets.
type chunks struct {
	bytes.Buffer
	writes int
}

func (c *chunks) Write(p []byte) (int, error) {
	c.writes++
	return c.Buffer.Write(p)
}

func TestSitemapWriter(t *testing.T) {
	for _, urls := range [][]URL{pages(), manyURLs(5000)} {
		var want bytes.Buffer
		if err := Sitemap(&want, urls); err != nil {
			t.Fatal(err)
		}
		var got chunks
		sw := NewSitemapWriter(&got)
		for _, u := range urls {
			if err := sw.Add(u); err != nil {
				t.Fatal(err)
			}
		}
		if err := sw.Close(); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%d URLs: the writer's sitemap differs from Sitemap's", len(urls))
		}
		// Written out as it fills, not held whole.
		if min := want.Len() / sitemapFlushSize; got.writes < min {
			t.Errorf("%d bytes in %d writes, want at least %d", want.Len(), got.writes, min)
		}
	}

	if err := NewSitemapWriter(new(bytes.Buffer)).Close(); !errors.Is(err, ErrInvalid) {
		t.Errorf("no URLs: %v, want ErrInvalid", err)
	}
	sw := NewSitemapWriter(new(bytes.Buffer))
	if err := sw.Add(URL{Loc: "/fr/"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("relative loc: %v, want ErrInvalid", err)
	}
	if err := sw.Add(pages()[0]); !errors.Is(err, ErrInvalid) {
		t.Errorf("after an error, Add = %v", err)
	}
	if err := sw.Close(); !errors.Is(err, ErrInvalid) {
		t.Errorf("after an error, Close = %v", err)
	}

	sw = NewSitemapWriter(io.Discard)
	for i, u := range manyURLs(MaxSitemapURLs + 1) {
		err := sw.Add(u)
		if i < MaxSitemapURLs && err != nil {
			t.Fatalf("url %d: %v", i, err)
		}
		if i == MaxSitemapURLs && !errors.Is(err, ErrTooLarge) {
			t.Errorf("url %d: %v, want ErrTooLarge", i, err)
		}
	}
}

func TestSitemapBytesLimit(t *testing.T) {
	urls := pages()
	var b bytes.Buffer
	if err := Sitemap(&b, urls); err != nil {
		t.Fatal(err)
	}
	total := b.Len()
	if err := writeSitemap(new(bytes.Buffer), urls, total); err != nil {
		t.Errorf("at the byte limit: %v", err)
	}
	var out bytes.Buffer
	if err := writeSitemap(&out, urls, total-1); !errors.Is(err, ErrTooLarge) || out.Len() != 0 {
		t.Errorf("a byte over the limit: %v and %d bytes written, want ErrTooLarge and none", err, out.Len())
	}
	sw := newSitemapWriter(io.Discard, total-1, 10)
	for _, u := range urls {
		if err := sw.Add(u); err != nil {
			if !errors.Is(err, ErrTooLarge) {
				t.Errorf("writer a byte over the limit: %v", err)
			}
			return
		}
	}
	if err := sw.Close(); !errors.Is(err, ErrTooLarge) {
		t.Errorf("writer a byte over the limit: %v, want ErrTooLarge", err)
	}
}

// TestSitemapMeter checks that the meter's sizes add up to the size of the
// sitemap Sitemap writes, for any run of URLs.
func TestSitemapMeter(t *testing.T) {
	var m SitemapMeter
	untidy := []URL{{Loc: " " + base + "/ar/بحث\t", LastMod: at(14, 17), Alternates: []Alternate{
		{HrefLang: " ar", Href: base + "/ar/بحث "}, {HrefLang: "fr ", Href: " " + base + "/fr/a b"},
	}}, {Loc: base + "/fr/a b", Alternates: []Alternate{{HrefLang: "fr", Href: base + "/fr/a b"}, {HrefLang: "ar", Href: base + "/ar/بحث"}}}}
	for _, urls := range [][]URL{pages(), untidy, manyURLs(300)} {
		for i := range urls {
			for j := i + 1; j <= len(urls); j += 1 + j/10 {
				var b bytes.Buffer
				if err := Sitemap(&b, urls[i:j]); err != nil {
					t.Fatal(err)
				}
				size := SitemapOverhead
				for _, u := range urls[i:j] {
					size += m.Size(u)
				}
				if size != b.Len() {
					t.Fatalf("URLs %d to %d: measured %d bytes, written %d", i, j, size, b.Len())
				}
			}
		}
	}
	if n := m.Size(URL{Loc: "/relative"}); n == 0 {
		t.Error("an invalid URL measures nothing")
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
