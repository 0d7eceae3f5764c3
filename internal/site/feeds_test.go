package site_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"strings"
	"testing"
	"time"
)

type atomDoc struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string   `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Rel      string `xml:"rel,attr"`
		Href     string `xml:"href,attr"`
		HrefLang string `xml:"hreflang,attr"`
	} `xml:"link"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Link    struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Content struct {
			Type string `xml:"type,attr"`
			Body string `xml:",chardata"`
		} `xml:"content"`
	} `xml:"entry"`
}

type rssDoc struct {
	Channel struct {
		Title       string `xml:"title"`
		Link        string `xml:"link"`
		Description string `xml:"description"`
		Language    string `xml:"language"`
		Items       []struct {
			Title   string `xml:"title"`
			Link    string `xml:"link"`
			GUID    string `xml:"guid"`
			PubDate string `xml:"pubDate"`
		} `xml:"item"`
	} `xml:"channel"`
}

func TestFeeds(t *testing.T) {
	a := newApp(t, "sqlite")
	resp, body := a.get(t, "/fr/feed.atom")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		t.Fatalf("atom: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var atom atomDoc
	if err := xml.Unmarshal([]byte(body), &atom); err != nil {
		t.Fatal(err)
	}
	if atom.Lang != "fr" || atom.ID == "" || atom.Title == "" || len(atom.Entries) != 10 {
		t.Fatalf("atom feed: lang %q id %q title %q, %d entries", atom.Lang, atom.ID, atom.Title, len(atom.Entries))
	}
	self, alternates := "", 0
	for _, l := range atom.Links {
		if l.Rel == "self" {
			self = l.Href
		}
		if l.Rel == "alternate" && l.HrefLang != "" && l.HrefLang != "fr" {
			alternates++
		}
	}
	if self != testBaseURL+"/fr/feed.atom" || alternates != 3 {
		t.Errorf("self %q, %d language alternates", self, alternates)
	}
	for _, e := range atom.Entries {
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil || !strings.HasPrefix(e.Link.Href, testBaseURL+"/fr/") || e.Content.Type != "html" {
			t.Errorf("entry %q: updated %q link %q type %q", e.Title, e.Updated, e.Link.Href, e.Content.Type)
		}
		if strings.Contains(e.Content.Body, `src="/`) || strings.Contains(e.Content.Body, `href="/`) {
			t.Errorf("entry %q has site-relative links", e.Title)
		}
	}

	_, body = a.get(t, "/es/feed.rss")
	var rss rssDoc
	if err := xml.Unmarshal([]byte(body), &rss); err != nil {
		t.Fatal(err)
	}
	if rss.Channel.Language != "es" || len(rss.Channel.Items) != 8 {
		t.Fatalf("rss: language %q, %d items", rss.Channel.Language, len(rss.Channel.Items))
	}
	for _, it := range rss.Channel.Items {
		if _, err := time.Parse(time.RFC1123Z, it.PubDate); err != nil || it.GUID == "" {
			t.Errorf("item %q: pubDate %q guid %q", it.Title, it.PubDate, it.GUID)
		}
	}

	_, body = a.get(t, "/ar/feed.json")
	var jf struct {
		Version  string `json:"version"`
		Language string `json:"language"`
		Items    []struct {
			ID  string `json:"id"`
			URL string `json:"url"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(body), &jf); err != nil || jf.Version != "https://jsonfeed.org/version/1.1" || jf.Language != "ar" || len(jf.Items) != 2 {
		t.Fatalf("json feed: %v %+v", err, jf)
	}

	for path, want := range map[string]int{
		"/fr/rubrique/pole-web/feed.atom":         200,
		"/en/keyword/open-data/feed.rss":          200,
		"/fr/moderer-sans-censurer/comments.atom": 200,
		"/fr/moderer-sans-censurer/comments.rss":  200,
		"/fr/moderer-sans-censurer/comments.json": 404,
		"/fr/feed.xml":                         404,
		"/fr/rubrique/nope/feed.atom":          404,
		"/fr/auteur/claire-martin/feed.atom":   404,
		"/fr/un-article-inconnu/comments.atom": 404,
		"/fr/feed.atom?format=weird&%zz":       200,
	} {
		if resp, _ := a.get(t, path); resp.StatusCode != want {
			t.Errorf("GET %s = %d, want %d", path, resp.StatusCode, want)
		}
	}
	// Summary-only feeds when the site says so.
	site, _ := a.st.SiteByHost(context.Background(), "")
	site.FeedFullContent = false
	if err := a.st.UpdateSite(context.Background(), site); err != nil {
		t.Fatal(err)
	}
	_, body = a.get(t, "/fr/feed.atom")
	if strings.Contains(body, "<content") || !strings.Contains(body, "<summary") {
		t.Error("a summary-only feed carries full content")
	}

	_, body = a.get(t, "/fr/moderer-sans-censurer/comments.atom")
	var comments atomDoc
	if err := xml.Unmarshal([]byte(body), &comments); err != nil || len(comments.Entries) == 0 {
		t.Fatalf("comments feed: %v, %d entries", err, len(comments.Entries))
	}
}

func TestConditionalGET(t *testing.T) {
	a := newApp(t, "sqlite")
	for _, path := range []string{"/fr/feed.atom", "/sitemap.xml", "/robots.txt"} {
		resp, _ := a.get(t, path)
		etag := resp.Header.Get("ETag")
		if resp.StatusCode != 200 || etag == "" {
			t.Fatalf("%s: %d, ETag %q", path, resp.StatusCode, etag)
		}
		if again, _ := a.get(t, path, "If-None-Match", etag); again.StatusCode != http.StatusNotModified {
			t.Errorf("%s with its ETag = %d, want 304", path, again.StatusCode)
		}
		if other, _ := a.get(t, path, "If-None-Match", `"something-else"`); other.StatusCode != 200 {
			t.Errorf("%s with another ETag = %d", path, other.StatusCode)
		}
		if lm := resp.Header.Get("Last-Modified"); lm != "" {
			if again, _ := a.get(t, path, "If-Modified-Since", lm); again.StatusCode != http.StatusNotModified {
				t.Errorf("%s with If-Modified-Since = %d", path, again.StatusCode)
			}
		}
	}
}

type urlset struct {
	URLs []struct {
		Loc   string `xml:"loc"`
		Links []struct {
			Rel      string `xml:"rel,attr"`
			HrefLang string `xml:"hreflang,attr"`
			Href     string `xml:"href,attr"`
		} `xml:"http://www.w3.org/1999/xhtml link"`
	} `xml:"url"`
}

// TestSitemapHreflangComplete checks that every translation lists every
// other, itself and x-default included, and that nothing unpublished leaks.
func TestSitemapHreflangComplete(t *testing.T) {
	a := newApp(t, "sqlite")
	resp, body := a.get(t, "/sitemap.xml")
	if resp.StatusCode != 200 {
		t.Fatal(resp.StatusCode)
	}
	var set urlset
	if err := xml.Unmarshal([]byte(body), &set); err != nil {
		t.Fatal(err)
	}
	byLoc := map[string]map[string]string{}
	for _, u := range set.URLs {
		alts := map[string]string{}
		for _, l := range u.Links {
			alts[l.HrefLang] = l.Href
		}
		byLoc[u.Loc] = alts
	}
	// 30 published articles, 4 home pages, at least 4 sections in 4 languages.
	if len(set.URLs) < 30+4+16 {
		t.Errorf("%d URLs", len(set.URLs))
	}
	if _, leaked := byLoc[testBaseURL+"/es/un-mapa-debe-responder-a-una-pregunta"]; leaked {
		t.Error("a proposed article is in the sitemap")
	}
	for loc, alts := range byLoc {
		if len(alts) == 0 {
			continue
		}
		if alts["x-default"] == "" {
			t.Errorf("%s: no x-default", loc)
		}
		self := false
		for lang, href := range alts {
			if href == loc {
				self = true
			}
			if lang == "x-default" {
				continue
			}
			other, ok := byLoc[href]
			if !ok {
				t.Errorf("%s lists %s, which is not in the sitemap", loc, href)
				continue
			}
			if len(other) != len(alts) {
				t.Errorf("%s lists %d alternates but %s lists %d", loc, len(alts), href, len(other))
			}
		}
		if !self {
			t.Errorf("%s does not list itself", loc)
		}
	}
	rt := byLoc[testBaseURL+"/fr/une-heure-en-direct-avec-l-ambassadrice-a-rabat"]
	if rt["ar"] != testBaseURL+"/ar/saa-mubashira-maa-al-safira-fi-al-ribat" || rt["en"] == "" || rt["es"] == "" {
		t.Errorf("Rabat article alternates: %v", rt)
	}
	_, robots := a.get(t, "/robots.txt")
	if !strings.Contains(robots, "Sitemap: "+testBaseURL+"/sitemap.xml") {
		t.Errorf("robots.txt: %q", robots)
	}
}
