package feed

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files")

const base = "https://diplomatie.example"

func at(day, hour int) time.Time { return time.Date(2026, 3, day, hour, 30, 0, 0, time.UTC) }

// fixture is a French front-page feed holding a French article, an Arabic
// translation shown in it, and a short item with a summary only.
func fixture() *Feed {
	paris := time.FixedZone("CET", 3600)
	return &Feed{
		Title:    "Dépêche — À la une",
		Subtitle: "Le journal des négociations & des traités",
		Language: "fr",
		SelfURL:  base + "/fr/flux.atom",
		SiteURL:  base + "/fr/",
		Author:   "Dépêche",
		Rights:   "© 2026 Dépêche",
		Alternates: []Link{
			{Href: base + "/es/flux.atom", HrefLang: "es", Title: "Portada", Type: "application/atom+xml"},
			{Href: base + "/ar/flux.atom", HrefLang: "ar", Title: "الصفحة الأولى", Type: "application/atom+xml"},
		},
		Entries: []Entry{
			{
				URL:         base + "/fr/moderer-sans-censurer",
				Title:       "Modérer sans censurer : « le débat » <enfin>",
				Summary:     "Comment un journal tient ses commentaires ouverts & lisibles.",
				ContentHTML: "<p>Premier paragraphe, avec <em>emphase</em> &amp; une note.</p>\n<p>Second.</p>",
				Published:   time.Date(2026, 3, 12, 9, 0, 0, 0, paris),
				Updated:     time.Date(2026, 3, 14, 18, 5, 7, 123456789, paris),
				Authors:     []string{"Claire Martin", "Youssef Benali"},
				Categories:  []string{"Médias", "Débat public"},
			},
			{
				ID:          "tag:diplomatie.example,2026:article/42",
				URL:         base + "/ar/tadrib-al-diblumasiyin",
				Title:       "تدريب الدبلوماسيين: ما الذي تغيّر؟",
				Summary:     "كيف تُعدّ الوزارات سفراء الغد.",
				ContentHTML: `<p dir="rtl">نصّ المقال <strong>كاملاً</strong>.</p>`,
				Published:   at(10, 8),
				Authors:     []string{"ليلى حداد"},
				Categories:  []string{"دبلوماسية"},
				Language:    "ar",
			},
			{
				URL:     base + "/fr/breve-sommet",
				Title:   "Brève : le sommet reporté",
				Summary: "Le sommet prévu à Genève est reporté d'une semaine.",
				Updated: at(9, 7),
			},
		},
	}
}

// fixtureFor is the fixture as the site would serve it in one format: its
// own self URL and the other languages' feeds in the same format.
func fixtureFor(format string) *Feed {
	types := map[string]string{"atom": "application/atom+xml", "rss": "application/rss+xml", "json": "application/feed+json"}
	f := fixture()
	f.SelfURL = base + "/fr/flux." + format
	for i := range f.Alternates {
		a := &f.Alternates[i]
		a.Href = strings.TrimSuffix(a.Href, "atom") + format
		a.Type = types[format]
	}
	return f
}

func render(t testing.TB, format func(*bytes.Buffer, *Feed) error, f *Feed) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := format(&b, f); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func atomTo(b *bytes.Buffer, f *Feed) error { return Atom(b, f) }
func rssTo(b *bytes.Buffer, f *Feed) error  { return RSS(b, f) }
func jsonTo(b *bytes.Buffer, f *Feed) error { return JSONFeed(b, f) }

var formats = []struct {
	name   string
	golden string
	write  func(*bytes.Buffer, *Feed) error
}{
	{"atom", "feed.atom.xml", atomTo},
	{"rss", "feed.rss.xml", rssTo},
	{"json", "feed.json", jsonTo},
}

func TestGolden(t *testing.T) {
	for _, fm := range formats {
		t.Run(fm.name, func(t *testing.T) {
			got := render(t, fm.write, fixtureFor(fm.name))
			switch fm.name {
			case "atom":
				checkAtom(t, got)
			case "rss":
				checkRSS(t, got)
			}
			path := filepath.Join("testdata", fm.golden)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file (go test -update to accept):\n%s", fm.name, got)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	for _, fm := range formats {
		t.Run(fm.name, func(t *testing.T) {
			a := render(t, fm.write, fixture())
			f := fixture()
			f.Alternates[0], f.Alternates[1] = f.Alternates[1], f.Alternates[0]
			b := render(t, fm.write, f)
			if !bytes.Equal(a, b) || ETag(a) != ETag(b) {
				t.Error("same feed with alternates in another order gives other bytes")
			}
		})
	}
}

func TestAtom(t *testing.T) {
	f := checkAtom(t, render(t, atomTo, fixture()))
	if f.Lang != "fr" || f.Title != "Dépêche — À la une" || f.ID != base+"/fr/" {
		t.Errorf("feed lang %q title %q id %q", f.Lang, f.Title, f.ID)
	}
	// Raised to the newest entry, in UTC, to the second.
	if f.Updated != "2026-03-14T17:05:07Z" {
		t.Errorf("feed updated %q", f.Updated)
	}
	if len(f.Authors) != 1 || f.Authors[0].Name != "Dépêche" {
		t.Errorf("feed authors %+v", f.Authors)
	}
	wantLinks := []atomLinkDoc{
		{Rel: "self", Type: "application/atom+xml", Href: base + "/fr/flux.atom"},
		{Rel: "alternate", Type: "text/html", HrefLang: "fr", Href: base + "/fr/"},
		{Rel: "alternate", Type: "application/atom+xml", HrefLang: "ar", Title: "الصفحة الأولى", Href: base + "/ar/flux.atom"},
		{Rel: "alternate", Type: "application/atom+xml", HrefLang: "es", Title: "Portada", Href: base + "/es/flux.atom"},
	}
	if len(f.Links) != len(wantLinks) {
		t.Fatalf("links %+v", f.Links)
	}
	for i, l := range wantLinks {
		if f.Links[i] != l {
			t.Errorf("link %d = %+v, want %+v", i, f.Links[i], l)
		}
	}
	if len(f.Entries) != 3 {
		t.Fatalf("%d entries", len(f.Entries))
	}
	fr, ar, brief := f.Entries[0], f.Entries[1], f.Entries[2]
	if fr.ID != base+"/fr/moderer-sans-censurer" || fr.Lang != "" {
		t.Errorf("entry id %q lang %q", fr.ID, fr.Lang)
	}
	if fr.Title != "Modérer sans censurer : « le débat » <enfin>" {
		t.Errorf("title %q", fr.Title)
	}
	if fr.Published != "2026-03-12T08:00:00Z" || fr.Updated != "2026-03-14T17:05:07Z" {
		t.Errorf("dates %q %q", fr.Published, fr.Updated)
	}
	if fr.Content == nil || fr.Content.Body != fixture().Entries[0].ContentHTML {
		t.Errorf("content %+v", fr.Content)
	}
	if fr.Summary == nil || fr.Summary.Body != "Comment un journal tient ses commentaires ouverts & lisibles." {
		t.Errorf("summary %+v", fr.Summary)
	}
	if len(fr.Authors) != 2 || fr.Authors[1].Name != "Youssef Benali" || len(fr.Categories) != 2 || fr.Categories[1].Term != "Débat public" {
		t.Errorf("authors %+v categories %+v", fr.Authors, fr.Categories)
	}
	if ar.Lang != "ar" || ar.ID != "tag:diplomatie.example,2026:article/42" || ar.Links[0].HrefLang != "ar" {
		t.Errorf("arabic entry lang %q id %q links %+v", ar.Lang, ar.ID, ar.Links)
	}
	if ar.Updated != ar.Published || ar.Updated != "2026-03-10T08:30:00Z" {
		t.Errorf("arabic entry dates %q %q", ar.Published, ar.Updated)
	}
	if brief.Content != nil || brief.Summary == nil || brief.Published != "" {
		t.Errorf("summary-only entry: content %+v summary %+v published %q", brief.Content, brief.Summary, brief.Published)
	}
}

func TestAtomAuthorOnEntries(t *testing.T) {
	f := fixture()
	f.Author = ""
	if err := Atom(new(bytes.Buffer), f); !errors.Is(err, ErrInvalid) {
		t.Errorf("entry without author and feed without author: %v", err)
	}
	f.Entries[2].Authors = []string{"Rédaction"}
	doc := checkAtom(t, render(t, atomTo, f))
	if len(doc.Authors) != 0 {
		t.Errorf("feed authors %+v", doc.Authors)
	}
}

func TestRSS(t *testing.T) {
	r := checkRSS(t, render(t, rssTo, fixture()))
	c := &r.Channel
	if c.Title != "Dépêche — À la une" || c.Link != base+"/fr/" || c.Language != "fr" ||
		c.Description != "Le journal des négociations & des traités" || c.Copyright != "© 2026 Dépêche" {
		t.Errorf("channel %+v", c)
	}
	if c.LastBuildDate != "Sat, 14 Mar 2026 17:05:07 +0000" {
		t.Errorf("lastBuildDate %q", c.LastBuildDate)
	}
	if len(c.AtomLinks) != 3 || c.AtomLinks[0].Href != base+"/fr/flux.atom" || c.AtomLinks[1].HrefLang != "ar" {
		t.Errorf("atom links %+v", c.AtomLinks)
	}
	if len(c.Items) != 3 {
		t.Fatalf("%d items", len(c.Items))
	}
	fr, ar, brief := c.Items[0], c.Items[1], c.Items[2]
	if fr.GUID.IsPermaLink != "true" || fr.GUID.Value != fr.Link {
		t.Errorf("guid %+v", fr.GUID)
	}
	if fr.PubDate != "Thu, 12 Mar 2026 08:00:00 +0000" {
		t.Errorf("pubDate %q", fr.PubDate)
	}
	if strings.Join(fr.Creators, "|") != "Claire Martin|Youssef Benali" || strings.Join(fr.Categories, "|") != "Médias|Débat public" {
		t.Errorf("creators %q categories %q", fr.Creators, fr.Categories)
	}
	if fr.Encoded != fixture().Entries[0].ContentHTML {
		t.Errorf("content:encoded %q", fr.Encoded)
	}
	// Plain text, escaped once more as HTML for readers that render it.
	if fr.Description != "Comment un journal tient ses commentaires ouverts &amp; lisibles." {
		t.Errorf("description %q", fr.Description)
	}
	if ar.GUID.IsPermaLink != "false" || ar.GUID.Value != "tag:diplomatie.example,2026:article/42" || ar.Language != "ar" {
		t.Errorf("arabic item guid %+v language %q", ar.GUID, ar.Language)
	}
	if brief.PubDate != "Mon, 09 Mar 2026 07:30:00 +0000" || brief.Encoded != "" || len(brief.Creators) != 0 {
		t.Errorf("brief %+v", brief)
	}
}

func TestRSSDescriptionFallsBackToTitle(t *testing.T) {
	f := fixture()
	f.Subtitle = ""
	r := checkRSS(t, render(t, rssTo, f))
	if r.Channel.Description != f.Title {
		t.Errorf("description %q", r.Channel.Description)
	}
}

// jsonFeedDoc mirrors JSON Feed 1.1 with the fields this package writes.
type jsonFeedDoc struct {
	Version     string `json:"version"`
	Title       string `json:"title"`
	HomePageURL string `json:"home_page_url"`
	FeedURL     string `json:"feed_url"`
	Description string `json:"description"`
	Language    string `json:"language"`
	Authors     []struct {
		Name string `json:"name"`
	} `json:"authors"`
	Items []struct {
		ID            string  `json:"id"`
		URL           string  `json:"url"`
		Title         string  `json:"title"`
		Summary       string  `json:"summary"`
		ContentHTML   *string `json:"content_html"`
		ContentText   *string `json:"content_text"`
		DatePublished string  `json:"date_published"`
		DateModified  string  `json:"date_modified"`
		Authors       []struct {
			Name string `json:"name"`
		} `json:"authors"`
		Tags     []string `json:"tags"`
		Language string   `json:"language"`
	} `json:"items"`
}

func TestJSONFeed(t *testing.T) {
	data := render(t, jsonTo, fixture())
	if bytes.Contains(data, []byte(`\u003c`)) || !bytes.Contains(data, []byte("<em>emphase</em>")) {
		t.Error("HTML is escaped in the JSON output")
	}
	var f jsonFeedDoc
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		t.Fatal(err)
	}
	if f.Version != "https://jsonfeed.org/version/1.1" || f.Title == "" || f.HomePageURL != base+"/fr/" ||
		f.FeedURL != base+"/fr/flux.atom" || f.Language != "fr" || len(f.Authors) != 1 {
		t.Errorf("feed %+v", f)
	}
	if len(f.Items) != 3 {
		t.Fatalf("%d items", len(f.Items))
	}
	for i, it := range f.Items {
		if it.ID == "" || !absoluteURL(it.URL) || it.Title == "" {
			t.Errorf("item %d: id %q url %q title %q", i, it.ID, it.URL, it.Title)
		}
		if (it.ContentHTML == nil) == (it.ContentText == nil) {
			t.Errorf("item %d: want exactly one of content_html and content_text", i)
		}
		rfc3339UTC(t, "date_modified", it.DateModified)
		if it.DatePublished != "" {
			rfc3339UTC(t, "date_published", it.DatePublished)
		}
	}
	fr, ar, brief := f.Items[0], f.Items[1], f.Items[2]
	if *fr.ContentHTML != fixture().Entries[0].ContentHTML || fr.DatePublished != "2026-03-12T08:00:00Z" ||
		len(fr.Authors) != 2 || len(fr.Tags) != 2 || fr.Language != "" {
		t.Errorf("french item %+v", fr)
	}
	if ar.Language != "ar" || ar.ID != "tag:diplomatie.example,2026:article/42" {
		t.Errorf("arabic item %+v", ar)
	}
	if *brief.ContentText != brief.Summary || brief.DatePublished != "" || brief.DateModified != "2026-03-09T07:30:00Z" {
		t.Errorf("brief item %+v", brief)
	}

	// No entries: items is [] and not null.
	empty := fixture()
	empty.Entries = nil
	if !bytes.Contains(render(t, jsonTo, empty), []byte(`"items": []`)) {
		t.Error(`an empty feed has no "items": []`)
	}
}

// nasty holds what must never break a document.
const nasty = "a\x00b\x01\x08\x0b\x0c\x0e\x1f\ufffe\uffff c ]]> & < > \" ' \r\n\t é \xff\xfe end"

// nastyClean is nasty as it must read back: forbidden characters and
// invalid bytes gone, trimmed.
const nastyClean = "ab c ]]> & < > \" ' \r\n\t é  end"

func TestEscaping(t *testing.T) {
	f := fixture()
	f.Title = nasty
	f.Alternates[0].Title = nasty
	e := &f.Entries[0]
	e.Title = nasty
	e.Summary = nasty
	e.ContentHTML = "<p>" + nasty + "</p>"
	e.Authors = []string{nasty}
	e.Categories = []string{nasty}

	t.Run("atom", func(t *testing.T) {
		doc := checkAtom(t, render(t, atomTo, f))
		en := doc.Entries[0]
		for what, got := range map[string]string{
			"feed title": doc.Title, "entry title": en.Title, "summary": en.Summary.Body,
			"author": en.Authors[0].Name, "category": en.Categories[0].Term, "alternate title": doc.Links[3].Title,
		} {
			if got != nastyClean {
				t.Errorf("%s = %q, want %q", what, got, nastyClean)
			}
		}
		if en.Content.Body != "<p>"+nastyClean+"</p>" {
			t.Errorf("content = %q", en.Content.Body)
		}
	})
	t.Run("rss", func(t *testing.T) {
		doc := checkRSS(t, render(t, rssTo, f))
		it := doc.Channel.Items[0]
		if doc.Channel.Title != nastyClean || it.Title != nastyClean || it.Creators[0] != nastyClean || it.Categories[0] != nastyClean {
			t.Errorf("title %q item %q creator %q category %q", doc.Channel.Title, it.Title, it.Creators[0], it.Categories[0])
		}
		if it.Encoded != "<p>"+nastyClean+"</p>" {
			t.Errorf("content:encoded %q", it.Encoded)
		}
		if !strings.Contains(it.Description, "]]&gt; &amp; &lt; &gt;") {
			t.Errorf("description %q", it.Description)
		}
	})
	t.Run("json", func(t *testing.T) {
		data := render(t, jsonTo, f)
		var doc jsonFeedDoc
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Title != nastyClean || doc.Items[0].Title != nastyClean || *doc.Items[0].ContentHTML != "<p>"+nastyClean+"</p>" {
			t.Errorf("title %q item %q", doc.Title, doc.Items[0].Title)
		}
	})
}

func TestURLs(t *testing.T) {
	f := fixture()
	f.Entries[0].URL = base + "/ar/مقال?q=أ b#x"
	for _, fm := range formats {
		data := string(render(t, fm.write, f))
		if !strings.Contains(data, base+"/ar/%D9%85%D9%82%D8%A7%D9%84?q=%D8%A3%20b#x") {
			t.Errorf("%s: IRI not percent-encoded:\n%s", fm.name, data)
		}
	}
}

func TestInvalid(t *testing.T) {
	tests := []struct {
		name    string
		change  func(*Feed)
		onlyFor string // "" for every format
	}{
		{"empty title", func(f *Feed) { f.Title = " \x00 " }, ""},
		{"no language", func(f *Feed) { f.Language = "" }, ""},
		{"bad language", func(f *Feed) { f.Language = "fr_FR" }, ""},
		{"relative self", func(f *Feed) { f.SelfURL = "/fr/flux.atom" }, ""},
		{"empty site", func(f *Feed) { f.SiteURL = "" }, ""},
		{"scheme-relative site", func(f *Feed) { f.SiteURL = "//diplomatie.example/fr/" }, ""},
		{"javascript site", func(f *Feed) { f.SiteURL = "javascript:alert(1)" }, ""},
		{"control in URL", func(f *Feed) { f.SiteURL = base + "/fr/\n" + "x" }, ""},
		{"non-ASCII host", func(f *Feed) { f.SiteURL = "https://dépêche.example/" }, ""},
		{"relative id", func(f *Feed) { f.ID = "fr-front" }, ""},
		{"relative alternate", func(f *Feed) { f.Alternates[0].Href = "es/flux.atom" }, ""},
		{"alternate like the page", func(f *Feed) { f.Alternates[0].Type, f.Alternates[0].HrefLang = "text/html", "fr" }, ""},
		{"two alike alternates", func(f *Feed) { f.Alternates[0].HrefLang = "ar" }, ""},
		{"bad alternate type", func(f *Feed) { f.Alternates[0].Type = "atom" }, ""},
		{"entry relative URL", func(f *Feed) { f.Entries[1].URL = "/ar/x" }, ""},
		{"entry without title", func(f *Feed) { f.Entries[1].Title = "" }, ""},
		{"entry without date", func(f *Feed) { f.Entries[2].Updated = time.Time{} }, ""},
		{"entry bad language", func(f *Feed) { f.Entries[1].Language = "arabic!" }, ""},
		{"duplicate ids", func(f *Feed) { f.Entries[2].ID = f.Entries[0].URL }, ""},
		{"year out of range", func(f *Feed) { f.Entries[2].Updated = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }, ""},
		{"no author", func(f *Feed) { f.Author = "" }, "atom"},
		{"empty feed without date", func(f *Feed) { f.Entries = nil }, "atom"},
	}
	for _, tt := range tests {
		for _, fm := range formats {
			t.Run(tt.name+"/"+fm.name, func(t *testing.T) {
				f := fixture()
				tt.change(f)
				var b bytes.Buffer
				err := fm.write(&b, f)
				if tt.onlyFor != "" && tt.onlyFor != fm.name {
					if err != nil {
						t.Fatalf("unexpected error: %v", err)
					}
					return
				}
				if !errors.Is(err, ErrInvalid) {
					t.Fatalf("error %v, want ErrInvalid", err)
				}
				if b.Len() != 0 {
					t.Errorf("%d bytes written despite the error", b.Len())
				}
			})
		}
	}
	for _, fm := range formats {
		if err := fm.write(new(bytes.Buffer), nil); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: nil feed: %v", fm.name, err)
		}
	}
}

func TestEmptyFeedWithDate(t *testing.T) {
	f := fixture()
	f.Entries = nil
	f.Updated = at(1, 0)
	doc := checkAtom(t, render(t, atomTo, f))
	if doc.Updated != "2026-03-01T00:30:00Z" || len(doc.Entries) != 0 {
		t.Errorf("updated %q entries %d", doc.Updated, len(doc.Entries))
	}
	checkRSS(t, render(t, rssTo, f))
}

func TestFeedInputUnchanged(t *testing.T) {
	f := fixture()
	for _, fm := range formats {
		render(t, fm.write, f)
	}
	g := fixture()
	if f.Alternates[0] != g.Alternates[0] || !f.Updated.Equal(g.Updated) || f.Entries[0].ID != g.Entries[0].ID {
		t.Error("the writers changed the caller's feed")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteError(t *testing.T) {
	for _, fm := range formats {
		f := fixture()
		var err error
		switch fm.name {
		case "atom":
			err = Atom(failWriter{}, f)
		case "rss":
			err = RSS(failWriter{}, f)
		case "json":
			err = JSONFeed(failWriter{}, f)
		}
		if err == nil || errors.Is(err, ErrInvalid) {
			t.Errorf("%s: write error reported as %v", fm.name, err)
		}
	}
}

func TestEscape(t *testing.T) {
	tests := []struct {
		in, text, attr string
	}{
		{"plain é ش", "plain é ش", "plain é ش"},
		{`a & b < c > d ]]> "q" 'a'`, `a &amp; b &lt; c &gt; d ]]&gt; "q" 'a'`, `a &amp; b &lt; c &gt; d ]]&gt; &quot;q&quot; 'a'`},
		{"l1\r\nl2\tx", "l1&#xD;\nl2\tx", "l1&#xD;&#xA;l2&#x9;x"},
		{"\x00a\x01\x08\x0b\x0c\x0e\x1f\x7fb", "a\x7fb", "a\x7fb"},
		{"x\ufffey\uffffz\ufffd", "xyz\ufffd", "xyz\ufffd"},
		{"bad\xff\xc3utf8\xed\xa0\x80", "badutf8", "badutf8"},
		{"\U0001F600", "\U0001F600", "\U0001F600"},
	}
	for _, tt := range tests {
		for _, attr := range []bool{false, true} {
			var b bytes.Buffer
			escape(&b, tt.in, attr)
			want := tt.text
			if attr {
				want = tt.attr
			}
			if b.String() != want {
				t.Errorf("escape(%q, attr=%v) = %q, want %q", tt.in, attr, b.String(), want)
			}
			if clean(tt.in) != clean(clean(tt.in)) || strings.ContainsAny(clean(tt.in), "\x00\x01\x1f\ufffe") {
				t.Errorf("clean(%q) = %q", tt.in, clean(tt.in))
			}
		}
	}
}
