package render

import (
	"strings"
	"testing"
	"unicode/utf8"

	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// allowedElements is every element the renderer may produce.
var allowedElements = map[string]bool{
	"p": true, "br": true, "hr": true, "em": true, "strong": true, "del": true,
	"code": true, "pre": true, "blockquote": true, "ul": true, "ol": true,
	"li": true, "table": true, "thead": true, "tbody": true, "tr": true,
	"th": true, "td": true, "sup": true, "figure": true, "figcaption": true,
	"div": true, "span": true, "section": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "a": true, "img": true, "button": true,
}

var voidElements = map[string]bool{"br": true, "hr": true, "img": true}

// phrasing elements are the only ones allowed inside p, headings, a, etc.
var phrasing = map[string]bool{
	"a": true, "em": true, "strong": true, "del": true, "code": true,
	"sup": true, "span": true, "img": true, "br": true,
}

var urlAttrs = map[string]bool{
	"href": true, "src": true, "srcset": true, "data-embed-src": true,
	"action": true, "formaction": true, "poster": true, "xlink:href": true, "background": true,
}

// dangerousURL reports whether a browser could run v as script or load it
// as a document: browsers ignore ASCII whitespace and controls in URLs.
func dangerousURL(v string) bool {
	var b strings.Builder
	for _, r := range strings.ToLower(v) {
		if r > ' ' {
			b.WriteRune(r)
		}
	}
	s := b.String()
	for _, p := range []string{"javascript:", "vbscript:", "data:", "file:"} {
		if strings.HasPrefix(s, p) || strings.Contains(s, ","+p) || strings.Contains(s, " "+p) {
			return true
		}
	}
	return false
}

// checkSafeHTML asserts the security and well-formedness properties every
// output must have.
func checkSafeHTML(t testing.TB, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("invalid UTF-8 in output %q", out)
	}
	lower := strings.ToLower(out)
	for _, tag := range []string{"<script", "<iframe", "<style", "<object", "<embed", "<svg", "<math", "<link", "<meta", "<base", "<form", "<textarea", "<template", "<noscript"} {
		if strings.Contains(lower, tag) {
			t.Fatalf("output contains %s: %q", tag, out)
		}
	}

	// Tokenize: every element is allowed, has safe attributes and is
	// properly nested; no phrasing container holds a block.
	z := nethtml.NewTokenizer(strings.NewReader(out))
	var stack []string
	ids := map[string]bool{}
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			break
		}
		tok := z.Token()
		switch tt {
		case nethtml.StartTagToken, nethtml.SelfClosingTagToken:
			if !allowedElements[tok.Data] {
				t.Fatalf("unexpected element <%s> in %q", tok.Data, out)
			}
			for _, a := range tok.Attr {
				k := strings.ToLower(a.Key)
				if strings.HasPrefix(k, "on") || k == "style" || k == "srcdoc" || k == "formaction" {
					t.Fatalf("forbidden attribute %s on <%s> in %q", k, tok.Data, out)
				}
				if urlAttrs[k] && dangerousURL(a.Val) {
					t.Fatalf("dangerous URL %s=%q in %q", k, a.Val, out)
				}
				if k == "id" {
					if ids[a.Val] {
						t.Fatalf("duplicate id %q in %q", a.Val, out)
					}
					ids[a.Val] = true
				}
				if k == "data-embed-src" && !embedShape.MatchString(a.Val) {
					t.Fatalf("unexpected embed %q", a.Val)
				}
			}
			for _, open := range stack {
				switch {
				case open == "a" && (tok.Data == "a" || tok.Data == "button"):
					t.Fatalf("interactive <%s> inside <a> in %q", tok.Data, out)
				case (open == "p" || open == "a" || open == "span" || open == "em" || open == "strong" ||
					open == "del" || open == "code" || open == "sup" || len(open) == 2 && open[0] == 'h' && open[1] >= '2' && open[1] <= '6') &&
					!phrasing[tok.Data]:
					t.Fatalf("<%s> inside <%s> in %q", tok.Data, open, out)
				}
			}
			if tt == nethtml.StartTagToken && !voidElements[tok.Data] {
				stack = append(stack, tok.Data)
			}
		case nethtml.EndTagToken:
			if len(stack) == 0 || stack[len(stack)-1] != tok.Data {
				t.Fatalf("mis-nested </%s> (open: %v) in %q", tok.Data, stack, out)
			}
			stack = stack[:len(stack)-1]
		case nethtml.CommentToken, nethtml.DoctypeToken:
			t.Fatalf("comment or doctype in %q", out)
		}
	}
	if len(stack) != 0 {
		t.Fatalf("unclosed elements %v in %q", stack, out)
	}

	// And the HTML5 parser accepts it as a fragment of a <div>.
	ctx := &nethtml.Node{Type: nethtml.ElementNode, Data: "div", DataAtom: atom.Div}
	if _, err := nethtml.ParseFragment(strings.NewReader(out), ctx); err != nil {
		t.Fatalf("parse: %v", err)
	}
}

var fuzzSeeds = []string{
	"",
	"# Titre\n\nTexte « cité » ; point ! Question ? Heure : 10:41 http://example.org",
	"[x]{lang=<script>}",
	"[x]{lang=en onmouseover=alert(1)}",
	"[x]{lang=\"en\"><script>alert(1)</script>}",
	"[[[[[[x]{lang=en}]{lang=fr}]{lang=ar}]]]]{lang=de}",
	"[a [b [c]{lang=en}]{lang=ar}]{lang=he}",
	"::: lang=ar\n::: lang=en\n[x]{lang=fa}\n:::\n:::\n:::",
	"::: lang=<script>\nx\n:::",
	"[x](javascript:alert(1))",
	"[x](JAVASCRIPT:alert(1))",
	"[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
	"[x](&#x6A;avascript&colon;alert(1))",
	"[x](<java\tscript:alert(1)>)",
	"[x](<\x01javascript:alert(1)>)",
	"[x]( vbscript:msgbox )",
	"[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
	"![x](javascript:alert(1))",
	"![x\" onerror=\"alert(1)](/a.png)",
	"![x](/a.png \"t\\\" onerror=alert(1)\")",
	"<javascript:alert(1)>",
	"<img src=x onerror=alert(1)>",
	"<script>alert(1)</script>",
	"<style>body{}</style>",
	"<iframe src=https://evil.example></iframe>",
	"<a href=\"javascript:alert(1)\">x</a>",
	"`<script>` ```<iframe>```",
	"```\n<script>alert(1)</script>\n```",
	"https://www.youtube.com/watch?v=dQw4w9WgXcQ",
	"https://www.youtube.com/watch?v=dQw4w9WgXcQ\"><script>",
	"[t](https://youtu.be/dQw4w9WgXcQ)",
	"[*t*[^1]](https://vimeo.com/76979871)\n\n[^1]: n",
	"https://dai.ly/x8abcd1",
	"A[^1][^2] [^1]\n\n[^1]: a[^2]\n[^2]: b\n\n    code\n",
	"| a | b |\n|---|---|\n| <b> | [x](javascript:x) |",
	strings.Repeat(">", 600) + " deep",
	strings.Repeat("> - ", 200) + "deep",
	strings.Repeat("::: lang=ar\n", 70) + "x",
	strings.Repeat("[", 80) + "x" + strings.Repeat("]{lang=en}", 80),
	strings.Repeat("*", 150) + "x" + strings.Repeat("*", 150),
	strings.Repeat("~~a ", 80) + "x" + strings.Repeat("~~", 80),
	strings.Repeat("- ", 100) + "x",
	strings.Repeat("[x]{lang=en}", 30),
	"\x00\x01\x7f\u0085\ufffe\ufdd0 text",
	"l'été « à » ?!;: ''' '",
	"# \n## \\\n### [](#)\n",
	"[](<>)",
	"![](<>)",
	"[x](/\\evil.example)",
	"&#0; &#xD800; &#1114112; &amp;lt;script&amp;gt;",
}

func FuzzArticle(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, "fr")
	}
	f.Add("مرحبا [hello]{lang=en}", "ar")
	f.Add("¿Qué? [don't]{lang=en}", "es")
	f.Add("x", "<script>")
	media := testMedia{
		"/a.png": {Src: "/media/a.png", Width: 10, Height: 5, Credit: "<b>AFP</b>",
			Variants: []Variant{{"/media/a-5.png", 5}, {"javascript:alert(1)", 7}, {"/x,y.png 99w", 8}}},
	}
	f.Fuzz(func(t *testing.T, src, lang string) {
		res, err := Article(src, Options{Lang: lang, Media: media, Labels: Labels{ExternalLink: "<script>", Source: "\"{1}"}})
		if err != nil {
			if len(src) > MaxSourceSize {
				return
			}
			t.Fatal(err)
		}
		checkSafeHTML(t, string(res.HTML))
		for _, h := range res.Headings {
			if h.Level < 2 || h.Level > 6 || h.ID == "" {
				t.Fatalf("bad heading %+v", h)
			}
		}
	})
}

func FuzzComment(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Add("see https://example.org/a_(b)). and http://x.y/?a=<b>\n\nnew para\nline")
	f.Add("https://\"onmouseover=alert(1)//")
	f.Add("HTTPS://EXAMPLE.ORG")
	f.Fuzz(func(t *testing.T, src string) {
		out := string(Comment(src))
		checkSafeHTML(t, out)
		z := nethtml.NewTokenizer(strings.NewReader(out))
		for {
			tt := z.Next()
			if tt == nethtml.ErrorToken {
				break
			}
			tok := z.Token()
			if tt == nethtml.StartTagToken && tok.Data != "p" && tok.Data != "br" && tok.Data != "a" {
				t.Fatalf("unexpected <%s> in comment %q", tok.Data, out)
			}
			if tok.Data == "a" && tt == nethtml.StartTagToken {
				for _, a := range tok.Attr {
					if a.Key == "rel" && a.Val != "nofollow ugc noopener" {
						t.Fatalf("rel = %q", a.Val)
					}
					if a.Key == "href" && !strings.HasPrefix(a.Val, "http://") && !strings.HasPrefix(a.Val, "https://") {
						t.Fatalf("href = %q", a.Val)
					}
				}
			}
		}
	})
}

// testMedia is an in-memory MediaResolver that records the languages it is
// asked for.
type testMedia map[string]Image

func (m testMedia) Resolve(src, lang string) (Image, bool) {
	img, ok := m[src]
	return img, ok
}
