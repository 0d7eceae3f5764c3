package admin

import (
	"html"
	"strings"
	"testing"

	"depeche/internal/render"
)

// TestMarkdownSnippet checks that the Markdown shown to paste gives back,
// once rendered, exactly the texts it was made from.
func TestMarkdownSnippet(t *testing.T) {
	tests := []struct {
		alt, caption string
		want         string
	}{
		{"Une salle", "", `![Une salle](/media/ab/ab12.png)`},
		{"Une salle", "Genève", `![Une salle](/media/ab/ab12.png "Genève")`},
		{`Les [crochets] *gras* _soulignés_ \ <b>`, `Dit "bonjour" \o/`,
			`![Les \[crochets\] \*gras\* \_soulignés\_ \\ \<b\>](/media/ab/ab12.png "Dit \"bonjour\" \\o/")`},
		{"قاعة الاجتماعات", "جنيف", `![قاعة الاجتماعات](/media/ab/ab12.png "جنيف")`},
	}
	for _, tt := range tests {
		got := markdownSnippet("ab/ab12.png", tt.alt, tt.caption)
		if got != tt.want {
			t.Errorf("markdownSnippet(%q, %q) = %s, want %s", tt.alt, tt.caption, got, tt.want)
			continue
		}
		res, err := render.Article(got, render.Options{Lang: "fr"})
		if err != nil {
			t.Fatal(err)
		}
		out := html.UnescapeString(string(res.HTML))
		if !strings.Contains(out, `alt="`+tt.alt+`"`) || (tt.caption != "" && !strings.Contains(out, tt.caption)) {
			t.Errorf("%s renders as %s", got, out)
		}
	}
}

func TestOneLine(t *testing.T) {
	for in, want := range map[string]string{
		"  a  b\n\tc ":      "a b c",
		"x\u0000y":          "x y",
		"":                  "",
		"ligne\r\nsuivante": "ligne suivante",
	} {
		if got := oneLine(in); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", in, got, want)
		}
	}
}
