package render

import (
	"strings"
	"testing"
)

func TestComment(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"plain", "Merci !", "<p>Merci !</p>\n"},
		{"no typography, no markdown", "l'*été* ?", "<p>l&#39;*été* ?</p>\n"},
		{"paragraphs and breaks", "un\ndeux\n\n\n\ntrois\r\nquatre\n",
			"<p>un<br>\ndeux</p>\n<p>trois<br>\nquatre</p>\n"},
		{"blank lines with spaces", "a\n   \t\nb", "<p>a</p>\n<p>b</p>\n"},
		{"html is text", "<b>gras</b> <script>alert(1)</script>",
			"<p>&lt;b&gt;gras&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;</p>\n"},
		{"entities are text", "&lt;b&gt; &amp;", "<p>&amp;lt;b&amp;gt; &amp;amp;</p>\n"},
		{"url", "Voir https://example.org/page?a=1&b=2.",
			"<p>Voir <a href=\"https://example.org/page?a=1&amp;b=2\" rel=\"nofollow ugc noopener\">https://example.org/page?a=1&amp;b=2</a>.</p>\n"},
		{"url in parentheses", "(voir http://example.org/a_(b))",
			"<p>(voir <a href=\"http://example.org/a_(b)\" rel=\"nofollow ugc noopener\">http://example.org/a_(b)</a>)</p>\n"},
		{"url before french punctuation", "« https://example.org » !",
			"<p>« <a href=\"https://example.org\" rel=\"nofollow ugc noopener\">https://example.org</a> » !</p>\n"},
		{"url then guillemet", "«https://example.org/x»",
			"<p>«<a href=\"https://example.org/x\" rel=\"nofollow ugc noopener\">https://example.org/x</a>»</p>\n"},
		{"uppercase scheme", "HTTPS://EXAMPLE.ORG",
			"<p><a href=\"https://EXAMPLE.ORG\" rel=\"nofollow ugc noopener\">HTTPS://EXAMPLE.ORG</a></p>\n"},
		{"no other schemes", "javascript:alert(1) data:text/html,x ftp://x.org www.example.org",
			"<p>javascript:alert(1) data:text/html,x ftp://x.org www.example.org</p>\n"},
		{"no host", "http:// https://",
			"<p>http:// https://</p>\n"},
		{"quote ends url", `https://example.org/"onmouseover="alert(1)`,
			"<p><a href=\"https://example.org/\" rel=\"nofollow ugc noopener\">https://example.org/</a>&#34;onmouseover=&#34;alert(1)</p>\n"},
		{"credentials are not linked", "https://user:pw@example.org",
			"<p>https://user:pw@example.org</p>\n"},
		{"non-ascii url", "https://exemple.fr/été",
			"<p><a href=\"https://exemple.fr/%C3%A9t%C3%A9\" rel=\"nofollow ugc noopener\">https://exemple.fr/été</a></p>\n"},
		{"control characters", "a\x00b\x1bc", "<p>a\ufffdb\ufffdc</p>\n"},
		{"empty", "  \n\n ", ""},
		{"arabic", "شكرا https://example.org", "<p>شكرا <a href=\"https://example.org\" rel=\"nofollow ugc noopener\">https://example.org</a></p>\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := string(Comment(c.in))
			if got != c.want {
				t.Errorf("got\n%q\nwant\n%q", got, c.want)
			}
			checkSafeHTML(t, got)
		})
	}
}

func TestCommentLarge(t *testing.T) {
	in := strings.Repeat("ligne https://example.org/x\n", 10000)
	out := string(Comment(in))
	if strings.Count(out, "<a ") != 10000 {
		t.Errorf("links: %d", strings.Count(out, "<a "))
	}
}
