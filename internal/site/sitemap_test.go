package site_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"depeche/internal/content"
	"depeche/internal/site"
	"depeche/internal/store/storetest"
)

type sitemapIndexDoc struct {
	XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"sitemap"`
}

// sitemapEntry is one <url> of a urlset, its alternates in document order.
type sitemapEntry struct {
	Loc        string
	LastMod    string
	Alternates string
}

func parseURLSet(t *testing.T, what, body string) []sitemapEntry {
	t.Helper()
	var doc struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
			Links   []struct {
				Rel      string `xml:"rel,attr"`
				HrefLang string `xml:"hreflang,attr"`
				Href     string `xml:"href,attr"`
			} `xml:"http://www.w3.org/1999/xhtml link"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatalf("%s is not a urlset: %v\n%.300s", what, err, body)
	}
	var out []sitemapEntry
	for _, u := range doc.URLs {
		var alts []string
		for _, l := range u.Links {
			alts = append(alts, l.HrefLang+"="+l.Href)
		}
		out = append(out, sitemapEntry{u.Loc, u.LastMod, strings.Join(alts, " ")})
	}
	return out
}

// sitemapPages groups a urlset's entries into pages: the entries of one
// page's translations follow each other and name the same alternates.
func sitemapPages(entries []sitemapEntry) [][]sitemapEntry {
	var pages [][]sitemapEntry
	for i, e := range entries {
		if i > 0 && e.Alternates != "" && e.Alternates == entries[i-1].Alternates {
			pages[len(pages)-1] = append(pages[len(pages)-1], e)
			continue
		}
		pages = append(pages, []sitemapEntry{e})
	}
	return pages
}

// TestSitemapParts cuts the demo site's sitemap into small parts and checks
// that the index and the parts list exactly what the one sitemap of the
// same site does, in the same order, each page with all its translations
// in one part, and every part within the limits.
func TestSitemapParts(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			a := newApp(t, kind)
			resp, body := a.get(t, "/sitemap.xml")
			if resp.StatusCode != 200 {
				t.Fatalf("/sitemap.xml: %d", resp.StatusCode)
			}
			single := parseURLSet(t, "/sitemap.xml", body)
			if r, _ := a.get(t, "/sitemaps/1.xml"); r.StatusCode != http.StatusNotFound {
				t.Errorf("a site of one part serves /sitemaps/1.xml: %d", r.StatusCode)
			}
			// The demo's articles were all saved at fixedNow: a second
			// later, a home page dated with the clock rather than with
			// the newest article shows.
			if _, later := sitemapApp(t, a).get(t, "/sitemap.xml"); later != body {
				t.Errorf("a second later, the sitemap differs:\n%s", firstDiff(body, later))
			}
			// The home pages, then the sections, which have no date.
			fixed := len(sitemapPages(single)[0])
			for fixed < len(single) && single[fixed].LastMod == "" {
				fixed++
			}
			// Parts that hold fixed pages alone, parts that hold some
			// with articles, parts cut on size.
			for _, lim := range []struct{ urls, bytes int }{{7, 0}, {fixed + 5, 0}, {0, 6000}} {
				t.Run(fmt.Sprintf("%d URLs %d bytes", lim.urls, lim.bytes), func(t *testing.T) {
					site.SetSitemapLimitsForTest(t, lim.urls, lim.bytes)
					checkSitemapParts(t, a, single, lim.urls, lim.bytes)
				})
			}
		})
	}
}

// sitemapApp serves a's site a second after fixedNow, without a page
// cache: a's keeps the one sitemap.
func sitemapApp(t *testing.T, a *app) *app {
	h, err := site.New(site.Config{Store: a.st, Now: func() time.Time { return fixedNow.Add(time.Second) }, CacheBytes: -1})
	if err != nil {
		t.Fatal(err)
	}
	return &app{h: h, st: a.st}
}

func checkSitemapParts(t *testing.T, a *app, single []sitemapEntry, maxURLs, maxBytes int) {
	small := sitemapApp(t, a)

	// What the parts should be: whole pages, in order, as many as fit.
	var want [][]sitemapEntry
	for _, page := range sitemapPages(single) {
		if len(want) == 0 || maxURLs > 0 && len(want[len(want)-1])+len(page) > maxURLs {
			want = append(want, nil)
		}
		want[len(want)-1] = append(want[len(want)-1], page...)
	}
	if maxBytes > 0 {
		want = nil // the cut depends on the XML; checked below by size
	}

	resp, body := small.get(t, "/sitemap.xml")
	var index sitemapIndexDoc
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/xml; charset=utf-8" {
		t.Fatalf("index: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if err := xml.Unmarshal([]byte(body), &index); err != nil {
		t.Fatalf("index: %v\n%.300s", err, body)
	}
	t.Logf("%d parts", len(index.Sitemaps))
	if len(index.Sitemaps) < 2 || want != nil && len(index.Sitemaps) != len(want) {
		t.Fatalf("index lists %d parts, want %d (at least 2)", len(index.Sitemaps), len(want))
	}
	var union []sitemapEntry
	for i, sm := range index.Sitemaps {
		path := fmt.Sprintf("/sitemaps/%d.xml", i+1)
		if sm.Loc != testBaseURL+path {
			t.Errorf("part %d is at %s", i+1, sm.Loc)
		}
		resp, body := small.get(t, path)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
		part := parseURLSet(t, path, body)
		if len(part) == 0 || maxURLs > 0 && len(part) > maxURLs || maxBytes > 0 && len(body) > maxBytes {
			t.Errorf("%s: %d URLs, %d bytes; limits %d, %d", path, len(part), len(body), maxURLs, maxBytes)
		}
		if want != nil && !slices.Equal(part, want[i]) {
			t.Errorf("%s lists\n%v\nwant\n%v", path, part, want[i])
		}
		// Every translation an entry names is in the same part.
		locs := map[string]bool{}
		lastMod := ""
		for _, e := range part {
			locs[e.Loc] = true
			lastMod = max(lastMod, e.LastMod)
		}
		for _, e := range part {
			for _, alt := range strings.Fields(e.Alternates) {
				if _, href, _ := strings.Cut(alt, "="); !locs[href] {
					t.Errorf("%s: %s names %s, which is in another part", path, e.Loc, href)
				}
			}
		}
		if sm.LastMod != lastMod {
			t.Errorf("part %d: the index says last modified %q, its newest entry %q", i+1, sm.LastMod, lastMod)
		}
		if lm, err := time.Parse(time.RFC3339, lastMod); err == nil && resp.Header.Get("Last-Modified") != lm.Format(http.TimeFormat) {
			t.Errorf("%s: Last-Modified %q, its newest entry %q", path, resp.Header.Get("Last-Modified"), lastMod)
		}
		union = append(union, part...)
	}
	if !slices.Equal(union, single) {
		t.Errorf("the parts list %d entries, the one sitemap %d, or not the same", len(union), len(single))
	}
	n := len(index.Sitemaps)
	for _, path := range []string{fmt.Sprintf("/sitemaps/%d.xml", n+1), "/sitemaps/0.xml", "/sitemaps/01.xml", "/sitemaps/1", "/sitemaps/x.xml"} {
		if resp, _ := small.get(t, path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, resp.StatusCode)
		}
	}
}

// TestSitemapCutFollowsChanges: the cut of a sitemap into parts is
// remembered between the index and its parts, and a publication makes it
// anew: the new article is in the last part served after it.
func TestSitemapCutFollowsChanges(t *testing.T) {
	a := newApp(t, "sqlite")
	site.SetSitemapLimitsForTest(t, 7, 0)
	small := sitemapApp(t, a)
	lastPart := func() string {
		t.Helper()
		resp, body := small.get(t, "/sitemap.xml")
		var index sitemapIndexDoc
		if resp.StatusCode != 200 || xml.Unmarshal([]byte(body), &index) != nil || len(index.Sitemaps) < 2 {
			t.Fatalf("/sitemap.xml: %d, not an index of parts:\n%.300s", resp.StatusCode, body)
		}
		n := len(index.Sitemaps)
		resp, body = small.get(t, fmt.Sprintf("/sitemaps/%d.xml", n))
		if resp.StatusCode != 200 {
			t.Fatalf("last part %d: %d", n, resp.StatusCode)
		}
		return body
	}
	lastPart()
	ctx := context.Background()
	s, _ := a.st.SiteByHost(ctx, "")
	sections, _ := a.st.Sections(ctx, s.ID)
	g := &content.TranslationGroup{SiteID: s.ID, SourceLanguage: "fr"}
	if err := a.st.CreateGroup(ctx, g); err != nil {
		t.Fatal(err)
	}
	art := &content.Article{SiteID: s.ID, GroupID: g.ID, SectionID: sections[0].ID, Language: "fr", Slug: "publie-apres-l-index",
		Title: "Publié après l'index", Status: content.Published, PublishedAt: fixedNow.Add(-time.Hour)}
	if err := a.st.CreateArticle(ctx, art, 0); err != nil {
		t.Fatal(err)
	}
	if body := lastPart(); !strings.Contains(body, "/fr/publie-apres-l-index") {
		t.Errorf("the last part served after a publication does not list it:\n%.500s", body)
	}
}
