package render

import (
	"strings"
	"testing"
)

func TestInlinePassages(t *testing.T) {
	cases := []struct{ name, lang, src, want string }{
		{"english in french", "fr", "Il a dit [so long]{lang=en} et il est parti.",
			"<p>Il a dit <span lang=\"en\">so long</span> et il est parti.</p>\n"},
		{"arabic in french gets dir", "fr", "La devise [السلام عليكم]{lang=ar} ici.",
			"<p>La devise <span lang=\"ar\" dir=\"rtl\">السلام عليكم</span> ici.</p>\n"},
		{"hebrew, persian, urdu", "en", "[שלום]{lang=he} [سلام]{lang=fa} [سلام]{lang=ur}",
			"<p><span lang=\"he\" dir=\"rtl\">שלום</span> <span lang=\"fa\" dir=\"rtl\">سلام</span> <span lang=\"ur\" dir=\"rtl\">سلام</span></p>\n"},
		{"french in arabic gets dir=ltr", "ar", "قال [bonjour]{lang=fr} ثم",
			"<p>قال <span lang=\"fr\" dir=\"ltr\">bonjour</span> ثم</p>\n"},
		{"arabic in arabic: no dir", "ar", "[نص]{lang=ar-EG}",
			"<p><span lang=\"ar-EG\">نص</span></p>\n"},
		{"canonical tag", "fr", "[color]{lang=EN-us}",
			"<p><span lang=\"en-US\">color</span></p>\n"},
		{"markup inside", "fr", "[the *United* [Nations](https://un.org)]{lang=en}",
			"<p><span lang=\"en\">the <em>United</em> <a href=\"https://un.org\" rel=\"noopener\">Nations<span class=\"visually-hidden\" lang=\"fr\"> (lien externe)</span></a></span></p>\n"},
		{"nested", "fr", "[a [b]{lang=ar} c]{lang=en}",
			"<p><span lang=\"en\">a <span lang=\"ar\" dir=\"rtl\">b</span> c</span></p>\n"},
		{"across a line break", "en", "[one\ntwo]{lang=de}",
			"<p><span lang=\"de\">one\ntwo</span></p>\n"},
		{"brackets inside plain text", "en", "[x] and [a [b] c]{lang=de} [y]",
			"<p>[x] and <span lang=\"de\">a [b] c</span> [y]</p>\n"},
		{"invalid tag stays text", "en", "[x]{lang=<script>}",
			"<p>[x]{lang=&lt;script&gt;}</p>\n"},
		{"invalid tag shape", "en", "[x]{lang=e} [y]{lang=english-language-x} [z]{lang=en us}",
			"<p>[x]{lang=e} [y]{lang=english-language-x} [z]{lang=en us}</p>\n"},
		{"attribute injection", "en", `[x]{lang=en" onclick="alert(1)}`,
			"<p>[x]{lang=en&#34; onclick=&#34;alert(1)}</p>\n"},
		{"escaped bracket", "en", `\[x]{lang=fr}`,
			"<p>[x]{lang=fr}</p>\n"},
		{"code span untouched", "en", "`[x]{lang=fr}`",
			"<p><code>[x]{lang=fr}</code></p>\n"},
		{"link is not a passage", "en", "[x](/a){lang=fr}",
			"<p><a href=\"/a\">x</a>{lang=fr}</p>\n"},
		{"text after the attribute", "en", "[x]{lang=fr}, then",
			"<p><span lang=\"fr\">x</span>, then</p>\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := html(t, c.lang, c.src); got != c.want {
				t.Errorf("got\n%q\nwant\n%q", got, c.want)
			}
		})
	}
}

func TestBlockPassages(t *testing.T) {
	cases := []struct{ name, lang, src, want string }{
		{"arabic block in french", "fr", "Avant.\n\n::: lang=ar\nنص عربي.\n\nفقرة ثانية\n:::\n\nAprès.",
			"<p>Avant.</p>\n<div lang=\"ar\" dir=\"rtl\">\n<p>نص عربي.</p>\n<p>فقرة ثانية</p>\n</div>\n<p>Après.</p>\n"},
		{"french block in arabic", "ar", "::: lang=fr\nBonjour !\n:::",
			"<div lang=\"fr\" dir=\"ltr\">\n<p>Bonjour\u202f!</p>\n</div>\n"},
		{"interrupts a paragraph", "en", "Text\n::: lang=es\n¿Qué?\n:::",
			"<p>Text</p>\n<div lang=\"es\">\n<p>¿Qué?</p>\n</div>\n"},
		{"nested blocks", "fr", "::: lang=en\nOne\n::: lang=ar\nاثنان\n:::\nThree\n:::\nQuatre",
			"<div lang=\"en\">\n<p>One</p>\n<div lang=\"ar\" dir=\"rtl\">\n<p>اثنان</p>\n</div>\n<p>Three</p>\n</div>\n<p>Quatre</p>\n"},
		{"fence inside code block", "en", "::: lang=de\n```\n:::\n```\n:::",
			"<div lang=\"de\">\n<pre><code>:::\n</code></pre>\n</div>\n"},
		{"longer fences", "en", ":::: lang=de\nText\n::::",
			"<div lang=\"de\">\n<p>Text</p>\n</div>\n"},
		{"unclosed runs to the end", "en", "::: lang=de\nText",
			"<div lang=\"de\">\n<p>Text</p>\n</div>\n"},
		{"invalid tag stays text", "en", "::: lang=<b>\nText\n:::",
			"<p>::: lang=&lt;b&gt;\nText\n:::</p>\n"},
		{"no tag", "en", ":::\nText",
			"<p>:::\nText</p>\n"},
		{"lists and headings inside", "fr", "::: lang=en\n# Title\n\n- a\n- b\n:::",
			"<div lang=\"en\">\n<h2 id=\"title\">Title <a class=\"heading-anchor\" href=\"#title\"><span aria-hidden=\"true\">#</span><span class=\"visually-hidden\" lang=\"fr\">Lien vers cette section</span></a></h2>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n</div>\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := html(t, c.lang, c.src); got != c.want {
				t.Errorf("got\n%q\nwant\n%q", got, c.want)
			}
		})
	}
}

func TestPassageTypography(t *testing.T) {
	// The passage follows its own language; the text around it, French.
	got := html(t, "fr", "Il a crié [Really? Don't!]{lang=en} ? Oui : [¿Qué?]{lang=es}")
	want := "<p>Il a crié <span lang=\"en\">Really? Don’t!</span>\u202f? Oui\u00a0: <span lang=\"es\">¿Qué?</span></p>\n"
	if got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	got = html(t, "en", "::: lang=fr\nQuoi? Vraiment!\n:::\nWhat? Really!")
	want = "<div lang=\"fr\">\n<p>Quoi\u202f? Vraiment\u202f!</p>\n</div>\n<p>What? Really!</p>\n"
	if got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]langInfo{
		"fr":         {"fr", "fr", false},
		"fr-CA":      {"fr-CA", "fr", false},
		"ar":         {"ar", "ar", true},
		"he":         {"he", "he", true},
		"fa":         {"fa", "fa", true},
		"ur":         {"ur", "ur", true},
		"yi":         {"yi", "yi", true},
		"az-Arab":    {"az-Arab", "az", true},
		"zh-Hant-TW": {"zh-Hant-TW", "zh", false},
	} {
		got, ok := parseLang(in)
		if !ok || got != want {
			t.Errorf("parseLang(%q) = %+v, %v; want %+v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "e", "en_US", "en us", "<script>", "en-", "-en", "x-private", "en-US-\"", strings.Repeat("a", 9), "zz-ZZ-x-" + strings.Repeat("a", 70)} {
		if l, ok := parseLang(in); ok {
			t.Errorf("parseLang(%q) accepted: %+v", in, l)
		}
	}
}

func TestPageLanguageDefaults(t *testing.T) {
	// An unknown or empty page language still renders, without French rules
	// and with explicit lang on every passage.
	for _, lang := range []string{"", "not a tag"} {
		res, err := Article("Quoi ? [x]{lang=ar}", Options{Lang: lang})
		if err != nil {
			t.Fatal(err)
		}
		if got := string(res.HTML); got != "<p>Quoi ? <span lang=\"ar\" dir=\"rtl\">x</span></p>\n" {
			t.Errorf("lang %q: %q", lang, got)
		}
	}
}
