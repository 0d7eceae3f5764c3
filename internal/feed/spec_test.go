package feed

import (
	"bytes"
	"encoding/xml"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"
)

// Structs mirroring the specifications, used to read documents back.

const (
	xmlNS     = "http://www.w3.org/XML/1998/namespace"
	dcNS      = "http://purl.org/dc/elements/1.1/"
	contentNS = "http://purl.org/rss/1.0/modules/content/"
)

type atomFeedDoc struct {
	XMLName  xml.Name      `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string        `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID       string        `xml:"http://www.w3.org/2005/Atom id"`
	Title    string        `xml:"http://www.w3.org/2005/Atom title"`
	Subtitle string        `xml:"http://www.w3.org/2005/Atom subtitle"`
	Updated  string        `xml:"http://www.w3.org/2005/Atom updated"`
	Rights   string        `xml:"http://www.w3.org/2005/Atom rights"`
	Authors  []atomPerson  `xml:"http://www.w3.org/2005/Atom author"`
	Links    []atomLinkDoc `xml:"http://www.w3.org/2005/Atom link"`
	Entries  []atomEntry   `xml:"http://www.w3.org/2005/Atom entry"`
}

type atomPerson struct {
	Name string `xml:"http://www.w3.org/2005/Atom name"`
}

type atomLinkDoc struct {
	Rel      string `xml:"rel,attr"`
	Type     string `xml:"type,attr"`
	HrefLang string `xml:"hreflang,attr"`
	Title    string `xml:"title,attr"`
	Href     string `xml:"href,attr"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	Lang       string        `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID         string        `xml:"http://www.w3.org/2005/Atom id"`
	Title      string        `xml:"http://www.w3.org/2005/Atom title"`
	Updated    string        `xml:"http://www.w3.org/2005/Atom updated"`
	Published  string        `xml:"http://www.w3.org/2005/Atom published"`
	Authors    []atomPerson  `xml:"http://www.w3.org/2005/Atom author"`
	Links      []atomLinkDoc `xml:"http://www.w3.org/2005/Atom link"`
	Categories []struct {
		Term string `xml:"term,attr"`
	} `xml:"http://www.w3.org/2005/Atom category"`
	Summary *atomText `xml:"http://www.w3.org/2005/Atom summary"`
	Content *atomText `xml:"http://www.w3.org/2005/Atom content"`
}

type rssDoc struct {
	XMLName xml.Name `xml:"rss"`
	Version string   `xml:"version,attr"`
	Channel struct {
		// atom:link first: a field without a namespace matches any.
		AtomLinks     []atomLinkDoc `xml:"http://www.w3.org/2005/Atom link"`
		Title         string        `xml:"title"`
		Link          string        `xml:"link"`
		Description   string        `xml:"description"`
		Language      string        `xml:"language"`
		Copyright     string        `xml:"copyright"`
		LastBuildDate string        `xml:"lastBuildDate"`
		Items         []rssItem     `xml:"item"`
	} `xml:"channel"`
}

type rssItem struct {
	Creators []string `xml:"http://purl.org/dc/elements/1.1/ creator"`
	Language string   `xml:"http://purl.org/dc/elements/1.1/ language"`
	Encoded  string   `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
	Title    string   `xml:"title"`
	Link     string   `xml:"link"`
	GUID     struct {
		IsPermaLink string `xml:"isPermaLink,attr"`
		Value       string `xml:",chardata"`
	} `xml:"guid"`
	PubDate     string   `xml:"pubDate"`
	Categories  []string `xml:"category"`
	Description string   `xml:"description"`
}

type urlsetDoc struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		LastMod string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
		Links   []struct {
			Rel      string `xml:"rel,attr"`
			HrefLang string `xml:"hreflang,attr"`
			Href     string `xml:"href,attr"`
		} `xml:"http://www.w3.org/1999/xhtml link"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
}

type sitemapIndexDoc struct {
	XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []struct {
		Loc     string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		LastMod string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemap"`
}

// wellFormed reads every token of data in strict mode and checks the XML
// declaration and that every prefix used is declared.
func wellFormed(t testing.TB, data []byte) {
	t.Helper()
	if !bytes.HasPrefix(data, []byte(xmlHeader)) {
		t.Fatalf("document does not start with %q: %.80q", xmlHeader, data)
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	known := map[string]bool{"": true, xmlNS: true, "xmlns": true}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, data)
		}
		if se, ok := tok.(xml.StartElement); ok {
			for _, a := range se.Attr {
				if a.Name.Space == "xmlns" {
					known[a.Value] = true
				}
				if a.Name.Space == "" && a.Name.Local == "xmlns" {
					known[a.Value] = true
				}
			}
			// An undeclared prefix is left as the name's space by the decoder.
			if !known[se.Name.Space] {
				t.Fatalf("element %s:%s in an undeclared namespace", se.Name.Space, se.Name.Local)
			}
		}
	}
}

func unmarshal(t testing.TB, data []byte, v any) {
	t.Helper()
	wellFormed(t, data)
	if err := xml.Unmarshal(data, v); err != nil {
		t.Fatalf("unmarshal: %v\n%s", err, data)
	}
}

func absoluteURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func absoluteURI(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != ""
}

// rfc3339UTC parses an Atom, JSON Feed or sitemap date and checks it is UTC.
func rfc3339UTC(t testing.TB, what, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("%s %q is not RFC 3339: %v", what, s, err)
	}
	if !strings.HasSuffix(s, "Z") {
		t.Errorf("%s %q is not in UTC", what, s)
	}
	return tm
}

// checkAtom reads an Atom document back and checks what RFC 4287 requires.
func checkAtom(t testing.TB, data []byte) *atomFeedDoc {
	t.Helper()
	var f atomFeedDoc
	unmarshal(t, data, &f)
	if !absoluteURI(f.ID) {
		t.Errorf("feed id %q is not an absolute URI", f.ID)
	}
	if strings.TrimSpace(f.Title) == "" {
		t.Error("feed has no title")
	}
	rfc3339UTC(t, "feed updated", f.Updated)
	if f.Lang == "" {
		t.Error("feed has no xml:lang")
	}
	var self, html int
	alternates := map[string]bool{}
	for _, l := range f.Links {
		if !absoluteURL(l.Href) {
			t.Errorf("feed link %+v is not absolute", l)
		}
		switch l.Rel {
		case "self":
			self++
		case "alternate":
			if l.Type == "text/html" {
				html++
			}
			k := l.Type + " " + l.HrefLang
			if alternates[k] {
				t.Errorf("two alternate links with type and hreflang %q", k)
			}
			alternates[k] = true
		}
	}
	if self != 1 || html != 1 {
		t.Errorf("feed has %d self links and %d text/html alternates, want 1 and 1", self, html)
	}
	ids := map[string]bool{}
	for i, e := range f.Entries {
		if !absoluteURI(e.ID) || ids[e.ID] {
			t.Errorf("entry %d: id %q is not an absolute URI or is repeated", i, e.ID)
		}
		ids[e.ID] = true
		if strings.TrimSpace(e.Title) == "" {
			t.Errorf("entry %d has no title", i)
		}
		up := rfc3339UTC(t, "entry updated", e.Updated)
		if e.Published != "" && rfc3339UTC(t, "entry published", e.Published).After(up) {
			t.Errorf("entry %d published after its update", i)
		}
		if len(f.Authors) == 0 && len(e.Authors) == 0 {
			t.Errorf("entry %d has no author and neither has the feed", i)
		}
		for _, a := range append(e.Authors, f.Authors...) {
			if a.Name == "" {
				t.Errorf("entry %d: author without a name", i)
			}
		}
		alt := 0
		for _, l := range e.Links {
			if l.Rel == "alternate" && absoluteURL(l.Href) {
				alt++
			}
		}
		if alt != 1 {
			t.Errorf("entry %d has %d absolute alternate links, want 1", i, alt)
		}
		if e.Content != nil && e.Content.Type != "html" {
			t.Errorf("entry %d: content type %q", i, e.Content.Type)
		}
	}
	return &f
}

// checkRSS reads an RSS document back and checks what RSS 2.0 requires,
// plus the self link and parseable dates.
func checkRSS(t testing.TB, data []byte) *rssDoc {
	t.Helper()
	var r rssDoc
	unmarshal(t, data, &r)
	c := &r.Channel
	if r.Version != "2.0" {
		t.Errorf("rss version %q", r.Version)
	}
	if c.Title == "" || !absoluteURL(c.Link) || c.Description == "" {
		t.Errorf("channel title %q, link %q, description %q: all required", c.Title, c.Link, c.Description)
	}
	if c.LastBuildDate != "" {
		if _, err := time.Parse(time.RFC1123Z, c.LastBuildDate); err != nil {
			t.Errorf("lastBuildDate: %v", err)
		}
	}
	self := 0
	for _, l := range c.AtomLinks {
		if l.Rel == "self" && absoluteURL(l.Href) && l.Type == "application/rss+xml" {
			self++
		}
	}
	if self != 1 {
		t.Errorf("%d atom:link rel=self, want 1", self)
	}
	for i, it := range c.Items {
		if it.Title == "" && it.Description == "" {
			t.Errorf("item %d has neither title nor description", i)
		}
		if !absoluteURL(it.Link) {
			t.Errorf("item %d: link %q", i, it.Link)
		}
		if it.GUID.Value == "" {
			t.Errorf("item %d has no guid", i)
		}
		if it.GUID.IsPermaLink == "true" && !absoluteURL(it.GUID.Value) {
			t.Errorf("item %d: permalink guid %q is not a URL", i, it.GUID.Value)
		}
		if _, err := time.Parse(time.RFC1123Z, it.PubDate); err != nil {
			t.Errorf("item %d: pubDate: %v", i, err)
		}
	}
	return &r
}
