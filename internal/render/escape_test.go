package render

import "testing"

func TestUnescapeMarkdown(t *testing.T) {
	for in, want := range map[string]string{
		`plain`:              "plain",
		`\*a\* \\ \q`:        `*a* \ \q`,
		`&amp; &lt; &copy;`:  "& < ©",
		`&#233;&#xE9;&#XE9;`: "ééé",
		`&;0 &# &#; &#x; &x`: "&;0 &# &#; &#x; &x",
		`&nosuchentity;`:     "&nosuchentity;",
		`&#0; &#1; &#xD800;`: "\ufffd \ufffd \ufffd",
		`&#99999999;`:        "&#99999999;",
		`&#1114112;`:         "\ufffd",
		`\&amp;`:             "&amp;",
	} {
		if got := unescapeMarkdown([]byte(in)); got != want {
			t.Errorf("unescapeMarkdown(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		"a\r\nb\rc":                    "a\nb\nc",
		"a\x00b\x08c\x7fd":             "a\ufffdb\ufffdc\ufffdd",
		"tab\tok\n":                    "tab\tok\n",
		"\u0085\ufdd0\uffff\U0001FFFE": "\ufffd\ufffd\ufffd\ufffd",
		"bad \xff utf8":                "bad \ufffd utf8",
		"ok \ufffd":                    "ok \ufffd",
	} {
		if got := cleanText(in); got != want {
			t.Errorf("cleanText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSafeURL(t *testing.T) {
	cases := []struct {
		in   string
		use  urlUse
		want string
		kind urlKind
		ok   bool
	}{
		{"https://example.org/a b", useLink, "https://example.org/a%20b", urlAbsolute, true},
		{"HTTPS://example.org", useLink, "HTTPS://example.org", urlAbsolute, true},
		{"/fr/été", useLink, "/fr/%C3%A9t%C3%A9", urlRelative, true},
		{"page.html?x=1#top", useLink, "page.html?x=1#top", urlRelative, true},
		{"./a:b", useLink, "./a:b", urlRelative, true},
		{"#top", useLink, "#top", urlFragment, true},
		{"#top", useImage, "", 0, false},
		{"mailto:a@b.org", useLink, "mailto:a@b.org", urlMailto, true},
		{"mailto:a@b.org", useImage, "", 0, false},
		{"//cdn.example.org/a.png", useImage, "//cdn.example.org/a.png", urlAbsolute, true},
		{"\\\\evil.example", useLink, "//evil.example", urlAbsolute, true},
		{"/a\\b", useLink, "/a%5Cb", urlRelative, true},
		{"https://user:pw@example.org", useLink, "", 0, false},
		{"https:///nohost", useLink, "", 0, false},
		{"http://[::1", useLink, "", 0, false},
		{"javascript:alert(1)", useLink, "", 0, false},
		{" \x01javascript:alert(1)", useLink, "", 0, false},
		{"java\tscript:alert(1)", useLink, "", 0, false},
		{"java\nscript:alert(1)", useLink, "", 0, false},
		// safeURL gets text already unescaped from Markdown; a literal
		// "&#x09;" is a relative path with a fragment, harmless.
		{"jav&#x09;ascript:alert(1)", useLink, "jav&#x09;ascript:alert(1)", urlRelative, true},
		{"data:image/png;base64,AA", useImage, "", 0, false},
		{"vbscript:x", useLink, "", 0, false},
		{"foo:bar", useLink, "", 0, false},
		{"10:30", useLink, "", 0, false},
		{"", useLink, "", 0, false},
		{"a\x7fb", useLink, "", 0, false},
	}
	for _, c := range cases {
		got, kind, ok := safeURL(c.in, c.use)
		if got != c.want || kind != c.kind || ok != c.ok {
			t.Errorf("safeURL(%q, %v) = %q, %v, %v; want %q, %v, %v", c.in, c.use, got, kind, ok, c.want, c.kind, c.ok)
		}
	}
}
