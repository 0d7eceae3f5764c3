package search

import (
	"reflect"
	"strings"
	"testing"
)

const alphabet = "Alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike"

func TestExcerpt(t *testing.T) {
	tests := []struct {
		name, lang, text, q string
		max                 int
		want                []Segment
	}{
		{"fits", "fr", "Un été à Paris.", "ete", 100,
			[]Segment{{"Un ", false}, {"été", true}, {" à Paris.", false}}},
		{"middle", "de", alphabet, "hotel", 30,
			[]Segment{{"…golf ", false}, {"hotel", true}, {" india juliet kilo…", false}}},
		{"near the end: more before", "de", alphabet, "mike", 30,
			[]Segment{{"…india juliet kilo lima ", false}, {"mike", true}}},
		{"at the start", "de", alphabet, "alpha", 20,
			[]Segment{{"Alpha", true}, {" bravo charlie…", false}}},
		{"no match: the beginning", "de", alphabet, "zulu", 20,
			[]Segment{{"Alpha bravo charlie…", false}}},
		{"empty query: the beginning", "de", alphabet, "", 20,
			[]Segment{{"Alpha bravo charlie…", false}}},
		{"inside a chunk (elision)", "fr", "Ceci est un très long texte sur l’été indien au Québec, qui dure longtemps.", "ete", 20,
			[]Segment{{"…sur l’", false}, {"été", true}, {" indien au…", false}}},
		{"longer window", "fr", "Ceci est un très long texte sur l’été indien au Québec, qui dure longtemps.", "ete", 40,
			[]Segment{{"…texte sur l’", false}, {"été", true}, {" indien au Québec, qui…", false}}},
		{"every match in the window, stemmed", "fr", "Les données ouvertes : une donnée, des données.", "donnée", 100,
			[]Segment{{"Les ", false}, {"données", true}, {" ouvertes : une ", false}, {"donnée", true}, {", des ", false}, {"données", true}, {".", false}}},
		{"white space collapsed", "fr", "Un\n\n   été\tchaud", "été", 100,
			[]Segment{{"Un ", false}, {"été", true}, {" chaud", false}}},
		{"stopwords only", "en", "Who are the Who?", "the who", 100,
			[]Segment{{"Who", true}, {" are ", false}, {"the", true}, {" ", false}, {"Who", true}, {"?", false}}},
		{"arabic", "ar", "نشرت الصحف العربيّة خبرا", "عربي", 100,
			[]Segment{{"نشرت الصحف ", false}, {"العربيّة", true}, {" خبرا", false}}},
		{"a chunk longer than the window", "de", strings.Repeat("x", 50) + " end", "", 10,
			[]Segment{{strings.Repeat("x", 10) + "…", false}}},
		{"a match longer than the window", "de", "a " + strings.Repeat("y", 30) + " b", strings.Repeat("y", 30), 10,
			[]Segment{{"a ", false}, {strings.Repeat("y", 30), true}, {"…", false}}},
		{"default length", "de", strings.Repeat("word ", 100), "", 0,
			[]Segment{{strings.TrimSpace(strings.Repeat("word ", 40)) + "…", false}}},
		{"empty text", "fr", " \n ", "ete", 100, nil},
		{"no-break spaces kept, never cut", "fr", "Quel été\u202f! Il fait chaud\u00a0: trente degrés", "ete", 12,
			[]Segment{{"…", false}, {"été", true}, {"\u202f! Il…", false}}},
	}
	for _, tt := range tests {
		got := Excerpt(tt.lang, tt.text, ParseQuery(tt.lang, tt.q), tt.max)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Excerpt = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestHighlight(t *testing.T) {
	tests := []struct {
		lang, text, q string
		want          []Segment
	}{
		{"fr", "Les données publiées en 2024", "donnée publié",
			[]Segment{{"Les ", false}, {"données", true}, {" ", false}, {"publiées", true}, {" en 2024", false}}},
		{"fr", "L’Été  indien", "ete",
			[]Segment{{"L’", false}, {"Été", true}, {"  indien", false}}}, // text kept as is
		{"en", "Translations of the policies", "translation policy",
			[]Segment{{"Translations", true}, {" of the ", false}, {"policies", true}}},
		{"es", "Las publicaciones del año", "publicación",
			[]Segment{{"Las ", false}, {"publicaciones", true}, {" del año", false}}},
		{"ar", "أخبار العربية اليوم", "عربي",
			[]Segment{{"أخبار ", false}, {"العربية", true}, {" اليوم", false}}},
		{"fr", "Rien à voir", "ete", []Segment{{"Rien à voir", false}}},
		{"fr", "Rien à voir", "", []Segment{{"Rien à voir", false}}},
		{"fr", "", "ete", nil},
	}
	for _, tt := range tests {
		got := Highlight(tt.lang, tt.text, ParseQuery(tt.lang, tt.q))
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Highlight(%q, %q, %q) = %+v, want %+v", tt.lang, tt.text, tt.q, got, tt.want)
		}
	}
}

// checkSegments asserts what holds for any excerpt or highlight.
func checkSegments(t testing.TB, segs []Segment) {
	t.Helper()
	for i, s := range segs {
		if s.Text == "" {
			t.Fatalf("empty segment %d in %+v", i, segs)
		}
		if i > 0 && segs[i-1].Match == s.Match {
			t.Fatalf("segments %d and %d not merged in %+v", i-1, i, segs)
		}
	}
}

func joinSegments(segs []Segment) string {
	var b strings.Builder
	for _, s := range segs {
		b.WriteString(s.Text)
	}
	return b.String()
}
