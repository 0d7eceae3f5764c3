package render

import (
	"fmt"
	"strings"
	"testing"
)

// benchArticle builds a realistic French article of about 2,000 words with
// headings, lists, tables, footnotes, links, a figure, a video and
// language passages.
func benchArticle() string {
	var b strings.Builder
	para := "Le ministre a rappelé l'importance du dialogue : « la coopération " +
		"internationale n'est pas une option ; c'est une nécessité ! » Pourquoi ? " +
		"Parce que les défis sont communs, de la [climate change]{lang=en} à la " +
		"sécurité alimentaire, comme le souligne le [rapport annuel](https://www.example.org/rapport) " +
		"et la [note de synthèse](/fr/notes/2024) publiée à 10:41 ce matin."
	n := 0
	for section := 1; n < 2000; section++ {
		fmt.Fprintf(&b, "## Partie %d : l'enjeu n°%d\n\n", section, section)
		for p := 0; p < 3; p++ {
			b.WriteString(para)
			fmt.Fprintf(&b, "[^n%d-%d]\n\n", section, p)
			n += len(strings.Fields(para))
		}
		b.WriteString("- premier point ;\n- deuxième point, *essentiel* ;\n- troisième point.\n\n")
		b.WriteString("| Pays | Aide (M€) | Évolution |\n|:-----|----------:|:---------:|\n")
		for r := 0; r < 5; r++ {
			fmt.Fprintf(&b, "| Pays %d | %d | +%d %% |\n", r, r*120, r)
		}
		b.WriteString("\n")
		if section%3 == 0 {
			b.WriteString("![Le forum](/media/demo/forum.jpg \"Le forum de Paris\")\n\n")
			b.WriteString("::: lang=ar\nقال الوزير إن التعاون ضروري.\n:::\n\n")
			b.WriteString("https://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n")
		}
		n += 60
	}
	b.WriteString("\n")
	for section := 1; ; section++ {
		if !strings.Contains(b.String(), fmt.Sprintf("[^n%d-0]", section)) {
			break
		}
		for p := 0; p < 3; p++ {
			fmt.Fprintf(&b, "[^n%d-%d]: Voir le *Journal officiel*, p. %d.\n", section, p, p+1)
		}
	}
	return b.String()
}

func BenchmarkArticle(b *testing.B) {
	src := benchArticle()
	media := newMedia()
	opt := Options{Lang: "fr", Media: media, Labels: frLabels}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Article(src, opt); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBenchArticleIsRealistic(t *testing.T) {
	src := benchArticle()
	words := len(strings.Fields(src))
	if words < 1800 || words > 3500 {
		t.Errorf("benchmark article has %d words", words)
	}
	res, err := Article(src, Options{Lang: "fr", Media: newMedia(), Labels: frLabels})
	if err != nil {
		t.Fatal(err)
	}
	out := string(res.HTML)
	checkSafeHTML(t, out)
	for _, w := range []string{"<table>", `<section class="footnotes"`, "<figure>", `<figure class="video"`, `<div lang="ar" dir="rtl">`} {
		if !strings.Contains(out, w) {
			t.Errorf("benchmark output lacks %s", w)
		}
	}
	if len(res.Warnings) != 0 {
		t.Errorf("warnings: %q", res.Warnings)
	}
}
