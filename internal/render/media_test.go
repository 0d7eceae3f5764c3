package render

import (
	"strings"
	"testing"
)

// recordingMedia is a MediaResolver that remembers what it was asked.
type recordingMedia struct {
	entries map[string]Image
	asked   []string // "src|lang"
}

func (m *recordingMedia) Resolve(src, lang string) (Image, bool) {
	m.asked = append(m.asked, src+"|"+lang)
	img, ok := m.entries[src]
	return img, ok
}

func newMedia() *recordingMedia {
	return &recordingMedia{entries: map[string]Image{
		"/media/demo/forum.jpg": {
			Src: "/media/demo/forum.jpg", Width: 1600, Height: 900,
			Alt: "Le forum vu du balcon", Caption: "Le forum de Paris, en mai.", Credit: "AFP",
			Variants: []Variant{
				{"/media/demo/forum-960.jpg", 960},
				{"/media/demo/forum-480.jpg", 480},
				{"/media/demo/forum-480b.jpg", 480},              // duplicate width: ignored
				{"javascript:alert(1)", 700},                     // unsafe: ignored
				{"/media/demo/forum,large.jpg", 1200},            // comma is encoded
				{"/media/demo/zero.jpg", 0},                      // no width: ignored
				{"https://cdn.example.org/forum-2000.jpg", 2000}, // the library's own CDN
			},
		},
		"/media/demo/noalt.jpg": {Src: "/media/demo/noalt.jpg", Width: 800, Height: 600},
		"/media/demo/moved.jpg": {Src: "https://cdn.example.org/moved.jpg", Width: 10, Height: 10, Alt: "m"},
		"/media/demo/icon.png": {Src: "/media/demo/icon.png", Width: 16, Height: 16, Alt: "icône",
			Variants: []Variant{{"/media/demo/icon-32.png", 32}}},
	}}
}

func renderMedia(t *testing.T, lang, src string, m MediaResolver) Result {
	t.Helper()
	res, err := Article(src, Options{Lang: lang, Media: m, Labels: labelsFor(lang)})
	if err != nil {
		t.Fatal(err)
	}
	checkSafeHTML(t, string(res.HTML))
	return res
}

func TestFigure(t *testing.T) {
	m := newMedia()
	res := renderMedia(t, "fr", "![](/media/demo/forum.jpg)", m)
	want := `<figure>
<img src="/media/demo/forum.jpg" alt="Le forum vu du balcon" width="1600" height="900" srcset="/media/demo/forum-480.jpg 480w, /media/demo/forum-960.jpg 960w, /media/demo/forum%2Clarge.jpg 1200w, /media/demo/forum.jpg 1600w, https://cdn.example.org/forum-2000.jpg 2000w" sizes="(min-width: 48rem) 46rem, 100vw" loading="lazy" decoding="async">
<figcaption>Le forum de Paris, en mai. <span class="credit">Source` + "\u00a0" + `: AFP</span></figcaption>
</figure>
`
	if got := string(res.HTML); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("warnings: %q", res.Warnings)
	}
	if len(m.asked) != 1 || m.asked[0] != "/media/demo/forum.jpg|fr" {
		t.Errorf("resolver asked %q", m.asked)
	}
}

func TestFigureVariants(t *testing.T) {
	runMedia := func(lang, src string) (string, []string) {
		res := renderMedia(t, lang, src, newMedia())
		return string(res.HTML), res.Warnings
	}
	t.Run("markdown alt and title win", func(t *testing.T) {
		got, _ := runMedia("fr", `![Vue du forum](/media/demo/forum.jpg "Le forum : une vue d'ensemble")`)
		for _, w := range []string{
			`alt="Vue du forum"`,
			"<figcaption>Le forum\u00a0: une vue d’ensemble <span class=\"credit\">Source\u00a0: AFP</span></figcaption>",
		} {
			if !strings.Contains(got, w) {
				t.Errorf("missing %q in %s", w, got)
			}
		}
	})
	t.Run("no resolver hit", func(t *testing.T) {
		got, warn := runMedia("en", `![A map](/img/map.png "The region")`)
		want := "<figure>\n<img src=\"/img/map.png\" alt=\"A map\" loading=\"lazy\" decoding=\"async\">\n<figcaption>The region</figcaption>\n</figure>\n"
		if got != want || len(warn) != 0 {
			t.Errorf("got %q %q", got, warn)
		}
	})
	t.Run("missing alt warns and keeps the page valid", func(t *testing.T) {
		got, warn := runMedia("en", `![](/media/demo/noalt.jpg)`)
		want := "<figure>\n<img src=\"/media/demo/noalt.jpg\" alt=\"\" width=\"800\" height=\"600\" loading=\"lazy\" decoding=\"async\">\n</figure>\n"
		if got != want {
			t.Errorf("got %q", got)
		}
		if len(warn) != 1 || warn[0] != `image "/media/demo/noalt.jpg" has no alternative text` {
			t.Errorf("warnings %q", warn)
		}
	})
	t.Run("resolver may move the file to its CDN", func(t *testing.T) {
		got, warn := runMedia("en", `![](/media/demo/moved.jpg)`)
		if !strings.Contains(got, `<img src="https://cdn.example.org/moved.jpg" alt="m" width="10" height="10"`) || len(warn) != 0 {
			t.Errorf("got %q %q", got, warn)
		}
	})
	t.Run("third-party image becomes a link", func(t *testing.T) {
		got, warn := runMedia("fr", `![Carte](https://tracker.example.com/map.png)`)
		want := "<p><a href=\"https://tracker.example.com/map.png\" rel=\"noopener\">Carte<span class=\"visually-hidden\"> (lien externe)</span></a></p>\n"
		if got != want || len(warn) != 1 {
			t.Errorf("got %q %q", got, warn)
		}
	})
	t.Run("unsafe src is dropped, alt text kept", func(t *testing.T) {
		got, warn := runMedia("en", `![Chart](javascript:alert(1))`)
		if got != "<p>Chart</p>\n" || len(warn) != 1 {
			t.Errorf("got %q %q", got, warn)
		}
		got, _ = runMedia("en", `![Chart](data:image/png;base64,AAAA)`)
		if got != "<p>Chart</p>\n" {
			t.Errorf("got %q", got)
		}
	})
	t.Run("inline image stays inline", func(t *testing.T) {
		got, _ := runMedia("fr", "Cliquez sur ![icône](/media/demo/icon.png \"Menu\") puis validez.")
		want := "<p>Cliquez sur <img src=\"/media/demo/icon.png\" alt=\"icône\" title=\"Menu\" width=\"16\" height=\"16\" loading=\"lazy\" decoding=\"async\"> puis validez.</p>\n"
		if got != want {
			t.Errorf("got\n%q\nwant\n%q", got, want)
		}
	})
	t.Run("image in a link stays inline", func(t *testing.T) {
		got, _ := runMedia("en", "[![Logo](/logo.png)](/)")
		want := "<p><a href=\"/\"><img src=\"/logo.png\" alt=\"Logo\" loading=\"lazy\" decoding=\"async\"></a></p>\n"
		if got != want {
			t.Errorf("got %q", got)
		}
	})
	t.Run("figure in an arabic passage", func(t *testing.T) {
		m := newMedia()
		res := renderMedia(t, "fr", "::: lang=ar\n![المنتدى](/media/demo/forum.jpg)\n:::", m)
		got := string(res.HTML)
		if !strings.Contains(got, `<span class="credit" lang="fr" dir="ltr">Source`+"\u00a0"+`: AFP</span>`) {
			t.Errorf("credit label language: %s", got)
		}
		if m.asked[0] != "/media/demo/forum.jpg|ar" {
			t.Errorf("resolver asked %q", m.asked)
		}
	})
	t.Run("escaped attributes", func(t *testing.T) {
		got, _ := runMedia("en", `![a "quoted" <alt>](/a.png "t <b>")`)
		if !strings.Contains(got, `alt="a &#34;quoted&#34; &lt;alt&gt;"`) || !strings.Contains(got, `<figcaption>t &lt;b&gt;</figcaption>`) {
			t.Errorf("got %s", got)
		}
	})
}
