package render

import (
	"strings"
	"testing"
)

func TestTypography(t *testing.T) {
	const (
		nn = "\u202f" // narrow no-break space
		nb = "\u00a0" // no-break space
	)
	cases := []struct{ lang, in, want string }{
		// French: high punctuation.
		{"fr", "Vraiment ?", "Vraiment" + nn + "?"},
		{"fr", "Vraiment?", "Vraiment" + nn + "?"},
		{"fr", "Vraiment" + nn + "?", "Vraiment" + nn + "?"},   // already right
		{"fr", "Vraiment" + nb + "?", "Vraiment" + nn + "?"},   // normalized
		{"fr", "Vraiment   !", "Vraiment" + nn + "!"},          // not doubled
		{"fr", "Quoi ?!", "Quoi" + nn + "?!"},                  // cluster
		{"fr", "Quoi?!", "Quoi" + nn + "?!"},                   // cluster
		{"fr", "un ; deux", "un" + nn + "; deux"},              //
		{"fr", "un; deux", "un" + nn + "; deux"},               //
		{"fr", "(sic)!", "(sic)" + nn + "!"},                   //
		{"fr", "?", "?"},                                       // start of text
		{"fr", "? Non", "? Non"},                               // start of text
		{"fr", "page?id=3", "page?id=3"},                       // inside a token
		{"fr", "a;b", "a;b"},                                   //
		{"fr", "« Bonjour »", "«" + nn + "Bonjour" + nn + "»"}, // guillemets
		{"fr", "«Bonjour»", "«" + nn + "Bonjour" + nn + "»"},   //
		{"fr", "«" + nn + "Bonjour" + nn + "»", "«" + nn + "Bonjour" + nn + "»"},
		{"fr", "«  Bonjour  »", "«" + nn + "Bonjour" + nn + "»"},
		{"fr", "« Oui ! »", "«" + nn + "Oui" + nn + "!" + nn + "»"},
		// French: colon.
		{"fr", "Note : voici", "Note" + nb + ": voici"},
		{"fr", "Note: voici", "Note" + nb + ": voici"},
		{"fr", "Note" + nn + ": voici", "Note" + nb + ": voici"},
		{"fr", "Note:", "Note" + nb + ":"},
		{"fr", "à 10:41 précises", "à 10:41 précises"},   // time
		{"fr", "http://exemple.fr", "http://exemple.fr"}, // URL
		{"fr", "voir http://exemple.fr/a?b !", "voir http://exemple.fr/a?b" + nn + "!"},
		{"fr", "std::vector", "std::vector"}, //
		// French: apostrophes.
		{"fr", "l'été, aujourd'hui", "l’été, aujourd’hui"},
		{"fr", "'citation'", "'citation'"},                         // not between letters
		{"fr-CA", "Allô ? C'est moi", "Allô" + nn + "? C’est moi"}, // regional tags
		// English: apostrophes only.
		{"en", "Don't panic: it's 10:41!", "Don’t panic: it’s 10:41!"},
		{"en", "Really ? « no »", "Really ? « no »"},
		{"en", "rock 'n' roll", "rock 'n' roll"},
		// Spanish.
		{"es", "¿Qué pasa? ¡Hola! l'Hospitalet", "¿Qué pasa? ¡Hola! l’Hospitalet"},
		// Arabic: only apostrophes.
		{"ar", "ما هذا؟ نعم، شكرا", "ما هذا؟ نعم، شكرا"},
		{"ar", "O'Brien", "O’Brien"},
		// Unknown language: apostrophes only.
		{"", "l'été ?", "l’été ?"},
		{"de", "geht's?", "geht’s?"},
	}
	for _, c := range cases {
		if got := Typography(c.lang, c.in); got != c.want {
			t.Errorf("Typography(%q, %q) = %q, want %q", c.lang, c.in, got, c.want)
		}
	}
}

func TestTypographyIsIdempotent(t *testing.T) {
	for _, s := range []string{"« Bonjour ! » dit-il ; puis : l'été ?", "a ?! b : c « d »"} {
		once := Typography("fr", s)
		if twice := Typography("fr", once); twice != once {
			t.Errorf("not idempotent: %q -> %q -> %q", s, once, twice)
		}
	}
}

// Typography is applied to text nodes only, with context across markup.
func TestTypographyInArticles(t *testing.T) {
	cases := []struct{ name, lang, src, want string }{
		{"across emphasis", "fr", "C'est *vrai*? « *Oui* »",
			"<p>C’est <em>vrai</em>\u202f? «\u202f<em>Oui</em>\u202f»</p>\n"},
		{"apostrophe before emphasis", "fr", "l'*été*",
			"<p>l’<em>été</em></p>\n"},
		{"line break before punctuation", "fr", "Vraiment\n? Oui\n: non «\nbof",
			"<p>Vraiment\u202f? Oui\u00a0: non «\u202fbof</p>\n"},
		{"code span untouched", "fr", "La fonction `f(a) ? b : c` ; l'`x'y`",
			"<p>La fonction <code>f(a) ? b : c</code>\u202f; l’<code>x&#39;y</code></p>\n"},
		{"code block untouched", "fr", "```\nQuoi ? l'été : oui\n```",
			"<pre><code>Quoi ? l&#39;été : oui\n</code></pre>\n"},
		{"autolink text untouched", "fr", "<https://exemple.fr/a?b:c>",
			"<p><a href=\"https://exemple.fr/a?b:c\" rel=\"noopener\">https://exemple.fr/a?b:c<span class=\"visually-hidden\"> (lien externe)</span></a></p>\n"},
		{"attribute values untouched", "fr", "[l'été ?](/a \"Titre : l'été ?\")",
			"<p><a href=\"/a\" title=\"Titre : l&#39;été ?\">l’été\u202f?</a></p>\n"},
		{"raw html untouched", "fr", "a <b title='x'>?</b>",
			"<p>a &lt;b title=&#39;x&#39;&gt;?&lt;/b&gt;</p>\n"},
		{"english", "en", "It's *done*: ok?",
			"<p>It’s <em>done</em>: ok?</p>\n"},
		{"spanish", "es", "¿Dónde está? ¡Aquí!",
			"<p>¿Dónde está? ¡Aquí!</p>\n"},
		{"arabic", "ar", "هل هذا صحيح؟ نعم: بالتأكيد",
			"<p>هل هذا صحيح؟ نعم: بالتأكيد</p>\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := html(t, c.lang, c.src); got != c.want {
				t.Errorf("got\n%q\nwant\n%q", got, c.want)
			}
		})
	}
	// The heading outline carries the typographic text.
	res := render(t, "fr", "# Pourquoi l'Europe ?")
	if res.Headings[0].Text != "Pourquoi l’Europe\u202f?" || res.Headings[0].ID != "pourquoi-l-europe" {
		t.Errorf("heading = %+v", res.Headings[0])
	}
	if strings.Contains(string(res.HTML), "'") {
		t.Errorf("straight apostrophe left: %s", res.HTML)
	}
}
