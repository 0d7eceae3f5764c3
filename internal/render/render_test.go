package render

import (
	"strings"
	"testing"
)

var frLabels = Labels{
	Source:         "Source\u00a0: {1}",
	VideoPlay:      "Lire la vidéo",
	VideoNotice:    "Cette vidéo est hébergée par {1}. La lire charge du contenu depuis {1}.",
	VideoOpen:      "Voir sur {1}",
	VideoTitle:     "Vidéo {1}",
	ExternalLink:   "(lien externe)",
	FootnotesTitle: "Notes",
	FootnoteBack:   "Retour au texte",
	HeadingAnchor:  "Lien vers cette section",
}

var enLabels = DefaultLabels

var esLabels = Labels{
	Source:         "Fuente: {1}",
	VideoPlay:      "Reproducir el vídeo",
	VideoNotice:    "Este vídeo está alojado en {1}. Reproducirlo carga contenido de {1}.",
	VideoOpen:      "Ver en {1}",
	VideoTitle:     "Vídeo de {1}",
	ExternalLink:   "(enlace externo)",
	FootnotesTitle: "Notas",
	FootnoteBack:   "Volver al texto",
	HeadingAnchor:  "Enlace a esta sección",
}

var arLabels = Labels{
	Source:         "المصدر: {1}",
	VideoPlay:      "تشغيل الفيديو",
	VideoNotice:    "هذا الفيديو مستضاف لدى {1}. تشغيله يحمّل محتوى من {1}.",
	VideoOpen:      "شاهد على {1}",
	VideoTitle:     "فيديو {1}",
	ExternalLink:   "(رابط خارجي)",
	FootnotesTitle: "ملاحظات",
	FootnoteBack:   "العودة إلى النص",
	HeadingAnchor:  "رابط إلى هذا القسم",
}

func labelsFor(lang string) Labels {
	switch lang {
	case "fr":
		return frLabels
	case "es":
		return esLabels
	case "ar":
		return arLabels
	}
	return enLabels
}

// render renders src in lang with that language's labels and no media.
func render(t *testing.T, lang, src string) Result {
	t.Helper()
	res, err := Article(src, Options{Lang: lang, Labels: labelsFor(lang)})
	if err != nil {
		t.Fatalf("Article(%q): %v", src, err)
	}
	checkSafeHTML(t, string(res.HTML))
	return res
}

func html(t *testing.T, lang, src string) string {
	t.Helper()
	return string(render(t, lang, src).HTML)
}

type fragCase struct {
	name, lang, src string
	want            []string // fragments that must appear
	not             []string // fragments that must not appear
}

func runFrags(t *testing.T, cases []fragCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lang := c.lang
			if lang == "" {
				lang = "fr"
			}
			got := html(t, lang, c.src)
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q\nin  %q", w, got)
				}
			}
			for _, n := range c.not {
				if strings.Contains(got, n) {
					t.Errorf("unexpected %q\nin  %q", n, got)
				}
			}
		})
	}
}

func TestHeadings(t *testing.T) {
	res := render(t, "fr", "# L'été à Paris\n\n## Bilan\n\n### Bilan\n\n#### Bilan\n\n##### Cinq\n\n###### Six\n\n# Bilan")
	want := `<h2 id="l-été-à-paris">L’été à Paris <a class="heading-anchor" href="#l-%C3%A9t%C3%A9-%C3%A0-paris"><span aria-hidden="true">#</span><span class="visually-hidden">Lien vers cette section</span></a></h2>
<h3 id="bilan">Bilan <a class="heading-anchor" href="#bilan"><span aria-hidden="true">#</span><span class="visually-hidden">Lien vers cette section</span></a></h3>
<h4 id="bilan-1">Bilan <a class="heading-anchor" href="#bilan-1"><span aria-hidden="true">#</span><span class="visually-hidden">Lien vers cette section</span></a></h4>
<h5 id="bilan-2">Bilan <a class="heading-anchor" href="#bilan-2"><span aria-hidden="true">#</span><span class="visually-hidden">Lien vers cette section</span></a></h5>
<h6 id="cinq">Cinq <a class="heading-anchor" href="#cinq"><span aria-hidden="true">#</span><span class="visually-hidden">Lien vers cette section</span></a></h6>
<h6 id="six">Six <a class="heading-anchor" href="#six"><span aria-hidden="true">#</span><span class="visually-hidden">Lien vers cette section</span></a></h6>
<h2 id="bilan-3">Bilan <a class="heading-anchor" href="#bilan-3"><span aria-hidden="true">#</span><span class="visually-hidden">Lien vers cette section</span></a></h2>
`
	if got := string(res.HTML); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	wantH := []Heading{
		{2, "l-été-à-paris", "L’été à Paris", ""},
		{3, "bilan", "Bilan", ""},
		{4, "bilan-1", "Bilan", ""},
		{5, "bilan-2", "Bilan", ""},
		{6, "cinq", "Cinq", ""},
		{6, "six", "Six", ""},
		{2, "bilan-3", "Bilan", ""},
	}
	if len(res.Headings) != len(wantH) {
		t.Fatalf("headings = %+v", res.Headings)
	}
	for i := range wantH {
		if res.Headings[i] != wantH[i] {
			t.Errorf("heading %d = %+v, want %+v", i, res.Headings[i], wantH[i])
		}
	}
}

func TestHeadingDetails(t *testing.T) {
	runFrags(t, []fragCase{
		{name: "arabic slug, rtl passage, label in page language", lang: "fr",
			src:  "::: lang=ar\n# العلاقات الدولية\n:::",
			want: []string{`<div lang="ar" dir="rtl">`, `<h2 id="العلاقات-الدولية">العلاقات الدولية <a class="heading-anchor" href="#%D8%A7%D9%84%D8%B9%D9%84%D8%A7%D9%82%D8%A7%D8%AA-%D8%A7%D9%84%D8%AF%D9%88%D9%84%D9%8A%D8%A9"><span aria-hidden="true">#</span><span class="visually-hidden" lang="fr" dir="ltr">Lien vers cette section</span></a></h2>`}},
		{name: "arabic page", lang: "ar", src: "# مقدمة",
			want: []string{`<h2 id="مقدمة">مقدمة <a class="heading-anchor" href="#%D9%85%D9%82%D8%AF%D9%85%D8%A9"><span aria-hidden="true">#</span><span class="visually-hidden">رابط إلى هذا القسم</span></a></h2>`}},
		{name: "punctuation only", src: "# ???", want: []string{`<h2 id="section">`}},
		{name: "empty heading dropped", src: "#\n\ntext", want: []string{"<p>text</p>"}, not: []string{"<h2"}},
		{name: "code and emphasis in heading", lang: "en", src: "# The *`main`* function",
			want: []string{`<h2 id="the-main-function">The <em><code>main</code></em> function <a`}},
		{name: "footnote ids are reserved", lang: "en", src: "# Fn 1\n\nText[^1]\n\n[^1]: Note",
			want: []string{`<h2 id="fn-1-1">`, `<li id="fn-1">`}},
		{name: "footnotes title id reserved", lang: "en", src: "# Footnotes title",
			want: []string{`<h2 id="footnotes-title-1">`}},
		{name: "setext heading", lang: "en", src: "Title\n=====", want: []string{`<h2 id="title">Title <a`}},
	})

	res := render(t, "fr", "::: lang=en\n## Don't panic\n:::\n")
	if len(res.Headings) != 1 || res.Headings[0] != (Heading{2, "don-t-panic", "Don’t panic", "en"}) {
		t.Errorf("headings = %+v", res.Headings)
	}

	lab := frLabels
	lab.HeadingAnchor = "Lien vers « {1} »"
	r2, _ := Article("# Bilan", Options{Lang: "fr", Labels: lab})
	if !strings.Contains(string(r2.HTML), `<span class="visually-hidden">Lien vers « Bilan »</span>`) {
		t.Errorf("label with {1}: %s", r2.HTML)
	}
}

// Levels never skip: validators report a skipped level as an error.
func TestHeadingLevelsNeverSkip(t *testing.T) {
	res := render(t, "en", "## A\n\n#### B\n\n###### C\n\n# D\n\n### E\n\n## F\n\nx[^1]\n\n[^1]: ## In a note")
	var got []int
	for _, h := range res.Headings {
		got = append(got, h.Level)
	}
	want := []int{2, 3, 4, 2, 3, 3, 3}
	if len(got) != len(want) {
		t.Fatalf("levels = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("levels = %v, want %v", got, want)
		}
	}
	if !strings.Contains(string(res.HTML), `<h3 id="in-a-note">`) {
		t.Errorf("heading inside notes: %s", res.HTML)
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Hello, World!":                  "hello-world",
		"  L’Europe et l’Afrique  ":      "l-europe-et-l-afrique",
		"Été 2024":                       "été-2024",
		"E\u0301te\u0301":                "été", // NFC
		"¿Qué pasa?":                     "qué-pasa",
		"العلاقات الدولية":               "العلاقات-الدولية",
		"--- ":                           "section",
		"":                               "section",
		"a_b-c.d":                        "a-b-c-d",
		strings.Repeat("abcdefghij ", 9): "abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghi",
	} {
		if got := slugify(in); got != want {
			t.Errorf("slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBlocks(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"paragraphs and breaks", "one\ntwo  \nthree\n\nfour",
			"<p>one\ntwo<br>\nthree</p>\n<p>four</p>\n"},
		{"unordered list", "- a\n- b",
			"<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"},
		{"ordered list with start", "3. a\n4. b",
			"<ol start=\"3\">\n<li>a</li>\n<li>b</li>\n</ol>\n"},
		{"loose list", "- a\n\n- b",
			"<ul>\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>\n"},
		{"nested list", "- a\n  - b",
			"<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>\n"},
		{"blockquote", "> cited\n> text",
			"<blockquote>\n<p>cited\ntext</p>\n</blockquote>\n"},
		{"fenced code", "```go\nif a != b {\n\tfmt.Println(\"<b>\")\n}\n```",
			"<pre><code class=\"language-go\">if a != b {\n\tfmt.Println(&#34;&lt;b&gt;&#34;)\n}\n</code></pre>\n"},
		{"fenced code with bad info", "```\"><script>\nx\n```",
			"<pre><code>x\n</code></pre>\n"},
		{"indented code", "    a < b\n",
			"<pre><code>a &lt; b\n</code></pre>\n"},
		{"thematic break", "a\n\n---\n\nb",
			"<p>a</p>\n<hr>\n<p>b</p>\n"},
		{"strikethrough", "~~old~~ new",
			"<p><del>old</del> new</p>\n"},
		{"emphasis", "*a* **b** ***c***",
			"<p><em>a</em> <strong>b</strong> <em><strong>c</strong></em></p>\n"},
		{"code span", "use `a<b>` now",
			"<p>use <code>a&lt;b&gt;</code> now</p>\n"},
		{"escapes and entities", `\*not\* &amp; &copy; &#233; &#x41;`,
			"<p>*not* &amp; © é A</p>\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := html(t, "en", c.src); got != c.want {
				t.Errorf("got\n%q\nwant\n%q", got, c.want)
			}
		})
	}
}

func TestRawHTMLIsText(t *testing.T) {
	cases := []struct{ src, want string }{
		{"a <b onclick=\"x()\">bold</b> c",
			"<p>a &lt;b onclick=&#34;x()&#34;&gt;bold&lt;/b&gt; c</p>\n"},
		{"<script>alert(1)</script>",
			"<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"},
		{"<div class=\"x\">\n*hello*\n</div>",
			"<p>&lt;div class=&#34;x&#34;&gt;\n*hello*\n&lt;/div&gt;</p>\n"},
		{"<!-- note -->",
			"<p>&lt;!-- note --&gt;</p>\n"},
		{"<iframe src=\"https://evil.example\"></iframe>",
			"<p>&lt;iframe src=&#34;https://evil.example&#34;&gt;&lt;/iframe&gt;</p>\n"},
	}
	for _, c := range cases {
		if got := html(t, "en", c.src); got != c.want {
			t.Errorf("%q:\ngot  %q\nwant %q", c.src, got, c.want)
		}
	}
}

func TestTables(t *testing.T) {
	src := "| Pays | Capitale | Population |\n|:-----|:--------:|-----------:|\n| France | Paris | 68 M |\n| Mali | Bamako | 22 M |\n"
	want := `<table>
<thead>
<tr>
<th scope="col" class="align-left">Pays</th>
<th scope="col" class="align-center">Capitale</th>
<th scope="col" class="align-right">Population</th>
</tr>
</thead>
<tbody>
<tr>
<td class="align-left">France</td>
<td class="align-center">Paris</td>
<td class="align-right">68 M</td>
</tr>
<tr>
<td class="align-left">Mali</td>
<td class="align-center">Bamako</td>
<td class="align-right">22 M</td>
</tr>
</tbody>
</table>
`
	if got := html(t, "fr", src); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// Header only: no empty tbody; inline markup and typography in cells.
	got := html(t, "fr", "| Qui ? | *Quoi* |\n|---|---|\n")
	want = "<table>\n<thead>\n<tr>\n<th scope=\"col\">Qui\u202f?</th>\n<th scope=\"col\"><em>Quoi</em></th>\n</tr>\n</thead>\n</table>\n"
	if got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

func TestFootnotes(t *testing.T) {
	src := "Le traité[^t] fut signé[^2], puis ratifié[^t].\n\n[^t]: Traité de Rome.\n[^2]: En *1957*.\n"
	want := `<p>Le traité<sup class="footnote-ref"><a href="#fn-1" id="fnref-1" aria-describedby="footnotes-title">1</a></sup> fut signé<sup class="footnote-ref"><a href="#fn-2" id="fnref-2" aria-describedby="footnotes-title">2</a></sup>, puis ratifié<sup class="footnote-ref"><a href="#fn-1" id="fnref-1-2" aria-describedby="footnotes-title">1</a></sup>.</p>
<section class="footnotes" aria-labelledby="footnotes-title">
<h2 id="footnotes-title">Notes</h2>
<ol>
<li id="fn-1">
<p>Traité de Rome. <a href="#fnref-1" class="footnote-backref"><span aria-hidden="true">↩︎<sup>1</sup></span><span class="visually-hidden">Retour au texte (1)</span></a> <a href="#fnref-1-2" class="footnote-backref"><span aria-hidden="true">↩︎<sup>2</sup></span><span class="visually-hidden">Retour au texte (2)</span></a></p>
</li>
<li id="fn-2">
<p>En <em>1957</em>. <a href="#fnref-2" class="footnote-backref"><span aria-hidden="true">↩︎</span><span class="visually-hidden">Retour au texte</span></a></p>
</li>
</ol>
</section>
`
	if got := html(t, "fr", src); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// Arabic page: the title comes from the labels.
	got := html(t, "ar", "نص[^1]\n\n[^1]: ملاحظة")
	if !strings.Contains(got, `<h2 id="footnotes-title">ملاحظات</h2>`) ||
		!strings.Contains(got, `<span class="visually-hidden">العودة إلى النص</span>`) {
		t.Errorf("arabic footnotes: %s", got)
	}
	// Undefined footnotes stay text.
	if got := html(t, "en", "see [^missing]"); got != "<p>see [^missing]</p>\n" {
		t.Errorf("undefined footnote: %q", got)
	}
}

func TestLinks(t *testing.T) {
	runFrags(t, []fragCase{
		{name: "external fr", src: "[le site](https://www.diplomatie.gouv.fr/fr/)",
			want: []string{`<a href="https://www.diplomatie.gouv.fr/fr/" rel="noopener">le site<span class="visually-hidden"> (lien externe)</span></a>`},
			not:  []string{"target="}},
		{name: "external en", lang: "en", src: "[site](http://example.org/a?b=c&d=e)",
			want: []string{`<a href="http://example.org/a?b=c&amp;d=e" rel="noopener">site<span class="visually-hidden"> (external link)</span></a>`}},
		{name: "external es", lang: "es", src: "[sitio](https://example.es)",
			want: []string{`<span class="visually-hidden"> (enlace externo)</span>`}},
		{name: "external ar", lang: "ar", src: "[موقع](https://example.org)",
			want: []string{`<a href="https://example.org" rel="noopener">موقع<span class="visually-hidden"> (رابط خارجي)</span></a>`}},
		{name: "protocol-relative is external", src: "[x](//example.org/p)",
			want: []string{`<a href="//example.org/p" rel="noopener">x<span class="visually-hidden"> (lien externe)</span></a>`}},
		{name: "relative", src: "[x](/fr/actualites/ \"Actualités\")",
			want: []string{`<a href="/fr/actualites/" title="Actualités">x</a>`}},
		{name: "relative non-ascii", src: "[x](/fr/été 2024)",
			want: []string{`[x](/fr/été 2024)`}},
		{name: "relative encoded", src: "[x](</fr/été 2024>)",
			want: []string{`<a href="/fr/%C3%A9t%C3%A9%202024">x</a>`}},
		{name: "fragment", src: "[x](#bilan)", want: []string{`<a href="#bilan">x</a>`}},
		{name: "mailto", src: "[écrire](mailto:presse@example.org)",
			want: []string{`<a href="mailto:presse@example.org">écrire</a>`}},
		{name: "autolink", src: "<https://example.org/x>",
			want: []string{`<p><a href="https://example.org/x" rel="noopener">https://example.org/x<span class="visually-hidden"> (lien externe)</span></a></p>`}},
		{name: "bare URL: no typography inside", src: "Voir https://example.org/a?b=1:2 !",
			want: []string{`<a href="https://example.org/a?b=1:2" rel="noopener">https://example.org/a?b=1:2<span class="visually-hidden"> (lien externe)</span></a>` + "\u202f!"}},
		{name: "www", src: "www.example.org", want: []string{`<a href="http://www.example.org" rel="noopener">www.example.org`}},
		{name: "email", src: "presse@example.org", want: []string{`<a href="mailto:presse@example.org">presse@example.org</a>`}},
		{name: "empty text uses URL", src: "[](https://example.org)",
			want: []string{`<a href="https://example.org" rel="noopener">https://example.org<span`}},
		{name: "reference link", src: "[texte][ref]\n\n[ref]: https://example.org",
			want: []string{`<a href="https://example.org" rel="noopener">texte<span`}},
		{name: "backslash host trick", src: `[x](/\example.org)`,
			want: []string{`<a href="//example.org" rel="noopener">x<span`}},
		{name: "ftp is not linkified", src: "ftp://example.org/f", want: []string{"<p>ftp://example.org/f</p>"}},
	})
}

func TestDangerousLinksDropped(t *testing.T) {
	for _, src := range []string{
		"[texte](javascript:alert(1))",
		"[texte](JaVaScRiPt:alert(1))",
		"[texte](&#106;avascript:alert(1))",
		"[texte](&#x6A;avascript&colon;alert(1))",
		"[texte](java&#x09;script:alert(1))",
		"[texte](<java\tscript:alert(1)>)",
		"[texte](\\javascript:alert(1))",
		"[texte](%6Aavascript:alert(1))",
		"[texte](<  javascript:alert(1)>)",
		"[texte](vbscript:msgbox(1))",
		"[texte](data:text/html;base64,PHNjcmlwdD4=)",
		"[texte](file:///etc/passwd)",
		"[texte](tel:+33100000000)",
		"[texte][r]\n\n[r]: javascript:alert(1)",
	} {
		res := render(t, "fr", src)
		got := string(res.HTML)
		if got != "<p>texte</p>\n" {
			t.Errorf("%q: got %q", src, got)
		}
		if len(res.Warnings) != 1 {
			t.Errorf("%q: warnings = %q", src, res.Warnings)
		}
	}
	for _, src := range []string{"<javascript:alert(1)>", "<vbscript:x>", "<data:text/html,x>", "[texte](<javascript\n:alert(1)>)"} {
		got := html(t, "en", src)
		if strings.Contains(got, "<a") {
			t.Errorf("%q: got %q", src, got)
		}
	}
}

func TestLinksNeverNest(t *testing.T) {
	got := html(t, "en", "[see https://example.org and <https://b.example>](/x)")
	if strings.Count(got, "<a ") != 1 {
		t.Errorf("nested links: %s", got)
	}
}

// The parser and sanitizer are shared: Article must be safe for
// concurrent use (run with -race).
func TestConcurrentUse(t *testing.T) {
	src := benchArticle()
	want, err := Article(src, Options{Lang: "fr", Labels: frLabels})
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan string, 8)
	for i := 0; i < 8; i++ {
		go func() {
			got, _ := Article(src, Options{Lang: "fr", Labels: frLabels})
			if got.HTML != want.HTML {
				errs <- "different output"
				return
			}
			_ = Comment("hello https://example.org")
			errs <- ""
		}()
	}
	for i := 0; i < 8; i++ {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
}

func TestTooLarge(t *testing.T) {
	if _, err := Article(strings.Repeat("a", MaxSourceSize+1), Options{}); err != ErrTooLarge {
		t.Errorf("err = %v", err)
	}
}

func TestDefaultLabels(t *testing.T) {
	res, err := Article("[x](https://example.org)", Options{Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(res.HTML), `<span class="visually-hidden"> (external link)</span>`) {
		t.Errorf("default label missing: %s", res.HTML)
	}
}
