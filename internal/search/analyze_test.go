package search

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// sameTerms asserts that every word of a group analyzes to the same,
// non-empty terms.
func sameTerms(t *testing.T, lang string, words ...string) {
	t.Helper()
	want := Analyze(lang, words[0])
	if len(want) == 0 {
		t.Errorf("%s: Analyze(%q) is empty", lang, words[0])
		return
	}
	for _, w := range words[1:] {
		if got := Analyze(lang, w); !slices.Equal(got, want) {
			t.Errorf("%s: Analyze(%q) = %q, Analyze(%q) = %q; want the same", lang, words[0], want, w, got)
		}
	}
}

func TestAccentInsensitive(t *testing.T) {
	tests := []struct {
		lang  string
		words []string
	}{
		{"fr", []string{"ete", "été", "ÉTÉ", "Eté"}},
		{"fr", []string{"francais", "français", "FRANÇAIS"}},
		{"fr", []string{"coeur", "cœur", "CŒUR"}},
		{"fr", []string{"evenement", "événement", "évènement"}},
		{"fr", []string{"ete", "e\u0301te\u0301"}}, // decomposed input
		{"en", []string{"cafe", "café"}},
		{"en", []string{"naive", "naïve"}},
		{"es", []string{"accesibilidad", "accesibilidád", "ACCESIBILIDAD"}},
		{"es", []string{"publicacion", "publicación"}},
		{"es", []string{"nino", "niño"}},
		{"es", []string{"pinguino", "pingüino"}},
		{"ar", []string{"العربية", "العربيّة", "العَرَبِيَّةُ", "العـربـيـة"}},
		{"ar", []string{"اخبار", "أخبار", "أَخْبَار"}},
		{"ar", []string{"اسلام", "إسلام"}},
		{"ar", []string{"اخر", "آخر"}},
		{"ar", []string{"مستشفي", "مستشفى"}},
		{"ar", []string{"مدرسه", "مدرسة"}},
		{"ar", []string{"2024", "٢٠٢٤", "۲۰۲۴"}},
		{"de", []string{"strasse", "Straße", "STRASSE"}},
	}
	for _, tt := range tests {
		sameTerms(t, tt.lang, tt.words...)
	}
}

func TestInflectionsConflate(t *testing.T) {
	tests := map[string][][]string{
		"fr": {
			{"donnée", "données", "donnee"},
			{"diplomate", "diplomates"},
			{"publié", "publiée", "publiés", "publiées"},
			{"journal", "journaux"},
			{"bureau", "bureaux"},
			{"national", "nationale", "nationaux", "nationales"},
			{"heureux", "heureuse", "heureuses"},
			{"chanteur", "chanteuse", "chanteurs", "chanteuses"},
			{"directeur", "directrice", "directrices"},
			{"auteur", "auteure", "autrice", "auteurs"},
			{"public", "publique", "publics", "publiques"},
			{"européen", "européenne", "européens", "européennes"},
			{"actif", "active", "actifs", "actives"},
			{"bon", "bonne", "bons", "bonnes"},
			{"nouvel", "nouvelle", "nouvelles"},
			{"premier", "première", "premiers", "premières"},
			{"idée", "idées"},
			{"an", "ans"},
			{"jeu", "jeux"},
			{"été", "étés"},
			{"rapide", "rapides", "rapidement"},
			{"gouvernement", "gouvernements"},
		},
		"en": {
			{"translation", "translations"},
			{"policy", "policies"},
			{"city", "cities"},
			{"box", "boxes"},
			{"church", "churches"},
			{"class", "classes"},
			{"cache", "caches"},
			{"hero", "heroes"},
			{"journalist", "journalists", "journalist's"},
			{"publish", "published", "publishing", "publishes"},
			{"make", "makes", "making"},
			{"create", "created", "creates", "creating"},
			{"run", "runs", "running"},
			{"study", "studies", "studied", "studying"},
			{"hope", "hoped", "hoping"},
			{"agree", "agreed", "agrees"},
			{"use", "used", "uses", "using"},
			{"tie", "ties", "tied"},
			{"quick", "quickly"},
			{"family", "families"},
		},
		"es": {
			{"publicación", "publicaciones"},
			{"niño", "niña", "niños", "niñas"},
			{"libro", "libros"},
			{"ciudad", "ciudades"},
			{"grande", "grandes"},
			{"país", "países"},
			{"vez", "veces"},
			{"luz", "luces"},
			{"periodista", "periodistas"},
			{"político", "política", "políticos", "políticas"},
			{"interés", "intereses"},
			{"inglés", "inglesa", "ingleses", "inglesas"},
			{"mes", "meses"},
			{"rápido", "rápida", "rápidamente"},
			{"ley", "leyes"},
			{"nuevo", "nueva", "nuevos", "nuevas"},
		},
		"ar": {
			{"كتاب", "الكتاب", "والكتاب", "بالكتاب", "للكتاب", "كتابها"},
			{"عربية", "العربية", "والعربية", "بالعربية", "للعربية", "عربي", "العربي", "عربيات"},
			{"مدينة", "المدينة", "والمدينة"},
			{"مصر", "مصري", "المصري", "مصريون", "مصريين"},
			{"سياسة", "السياسة", "سياسات", "سياساته"},
			{"اخبار", "الأخبار", "والأخبار"},
		},
	}
	for lang, groups := range tests {
		for _, words := range groups {
			sameTerms(t, lang, words...)
		}
	}
}

// Words the stemmers must keep apart.
func TestDistinctWordsStayDistinct(t *testing.T) {
	tests := []struct{ lang, a, b string }{
		{"fr", "été", "état"},
		{"fr", "voix", "voie"}, // a final x is not a plural after i
		{"fr", "prix", "pris"},
		{"fr", "public", "publicité"},
		{"fr", "logement", "loge"}, // -ement needs 4 letters before it
		{"fr", "nation", "national"},
		{"fr", "peur", "peu"}, // -eur needs 3 letters before it
		{"fr", "port", "porter"},
		{"en", "car", "care"}, // a short stem keeps its e
		{"en", "hop", "hope"},
		{"en", "status", "state"},
		{"en", "thing", "th"},
		{"en", "string", "strong"},
		{"en", "need", "ne"},
		{"en", "early", "ear"},
		{"es", "país", "paso"},
		{"es", "ciudad", "ciudadano"},
		{"es", "crisis", "cris"},
		{"es", "mes", "misa"},
		{"ar", "كتاب", "كاتب"},
		{"ar", "وزير", "زير"}, // و is not removed from a word's first letter
		{"ar", "لبنان", "لبن"},
	}
	for _, tt := range tests {
		a, b := Analyze(tt.lang, tt.a), Analyze(tt.lang, tt.b)
		if len(a) == 0 || slices.Equal(a, b) {
			t.Errorf("%s: Analyze(%q) = %q, Analyze(%q) = %q; want distinct terms", tt.lang, tt.a, a, tt.b, b)
		}
	}
}

// The trade-offs the package documentation lists: if one of these starts
// failing, the documentation must change with it.
func TestKnownConflations(t *testing.T) {
	tests := []struct{ lang, a, b string }{
		{"fr", "mère", "mer"},
		{"fr", "porte", "port"},
		{"fr", "partie", "parti"},
		{"fr", "fois", "foi"},
		{"en", "news", "new"},
		{"en", "evening", "even"},
		{"es", "casa", "caso"},
		{"es", "libro", "libre"},
		{"es", "mesa", "mes"},
		{"es", "año", "ano"},
		{"ar", "عربية", "عرب"},
	}
	for _, tt := range tests {
		sameTerms(t, tt.lang, tt.a, tt.b)
	}
}

func TestAnalyze(t *testing.T) {
	tests := []struct {
		lang, text string
		want       []string
	}{
		{"fr", "L'été de l’Europe", []string{"ete", "europ"}},
		{"fr", "Jusqu'à présent, qu'il dise « oui » !", []string{"present", "dis", "oui"}},
		{"fr", "Le 14 juillet 1789, 1 500 personnes", []string{"14", "juillet", "1789", "1", "500", "person"}},
		{"fr", "aujourd'hui", []string{"aujourd", "hui"}},
		{"fr", "Dépêche™ — l’info", []string{"depech", "info"}},
		{"en", "The journalists' rights and the editor's duties", []string{"journalist", "right", "editor", "duti"}},
		{"en", "We don't publish on Sundays", []string{"don", "publish", "sundai"}},
		{"es", "La publicación de las leyes en el año 2024", []string{"publicacion", "ley", "an", "2024"}},
		{"ar", "في المدينة والعربية", []string{"مدين", "عرب"}},
		{"ar", "إلى الكتاب", []string{"كتاب"}},
		{"de", "Die Straße, ½ Größe", []string{"die", "strasse", "1", "2", "grosse"}},
		{"fr", "", nil},
		{"fr", " ,;: !? ", nil},
		{"fr", "le la les", nil},
	}
	for _, tt := range tests {
		if got := Analyze(tt.lang, tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("Analyze(%q, %q) = %q, want %q", tt.lang, tt.text, got, tt.want)
		}
	}
}

func TestTerms(t *testing.T) {
	if got, want := Terms("fr", "Les données publiées"), "donn publi"; got != want {
		t.Errorf("Terms = %q, want %q", got, want)
	}
	if got := Terms("fr", "le la"); got != "" {
		t.Errorf("Terms of stopwords = %q, want empty", got)
	}
}

func TestLanguageTags(t *testing.T) {
	for _, tag := range []string{"fr", "FR", "fr-CA", "fr_BE"} {
		if got := Terms(tag, "les données"); got != "donn" {
			t.Errorf("Terms(%q) = %q, want the French analysis", tag, got)
		}
	}
	// Unknown languages: normalization only, no stopwords, no stemming.
	if got, want := Terms("de", "Die Häuser"), "die hauser"; got != want {
		t.Errorf("Terms(de) = %q, want %q", got, want)
	}
	if got, want := Terms("", "Les données"), "les donnees"; got != want {
		t.Errorf("Terms(\"\") = %q, want %q", got, want)
	}
}

func TestNormalization(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ﬁn", "fin"},                // ligature (NFKC)
		{"ＡＢＣ１２", "abc12"},           // full width (NFKC)
		{"m²", "m2"},                 // superscript
		{"İstanbul", "istanbul"},     // dotted capital I
		{"ΟΔΟΣ οδος", "οδοσ οδοσ"},   // final sigma
		{"ٱلله", "الله"},             // alif wasla
		{"lʼété", "l ete"},           // modifier letter apostrophe
		{"हिन्दी", "हनद"},            // all marks removed, spacing ones too
		{"\xffété\xfe", "ete"},       // invalid UTF-8 separates
		{"a\u0301", "a"},             // a lone combining mark
		{"\u0301a", "a"},             // a mark with nothing before it
		{"한국어", "한국어"},               // Hangul recomposed
		{"snake_case", "snake case"}, // underscore separates
		{"e-mail 3,5", "e mail 3 5"}, // punctuation separates
		{"x" + strings.Repeat("y", 100), "x" + strings.Repeat("y", 63)}, // cut to 64 runes
	}
	for _, tt := range tests {
		if got := Terms("xx", tt.in); got != tt.want {
			t.Errorf("Terms(xx, %q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Every term must be one token for FTS5 unicode61 (letters, numbers) and
// PostgreSQL: no marks, spaces, punctuation; lowercase; not empty.
func checkTerm(t testing.TB, term string) {
	t.Helper()
	if term == "" {
		t.Fatalf("empty term")
	}
	if runeLen(term) > maxTermRunes {
		t.Fatalf("term %q longer than %d runes", term, maxTermRunes)
	}
	for _, r := range term {
		if !unicode.IsLetter(r) && !unicode.IsNumber(r) || unicode.IsUpper(r) || r == tatweel {
			t.Fatalf("term %q contains %U", term, r)
		}
	}
}

func TestStemmers(t *testing.T) {
	tests := []struct {
		stem func(string) string
		in   string
		want string
	}{
		{stemFrench, "donnees", "donn"},
		{stemFrench, "bureaux", "bureau"},
		{stemFrench, "journaux", "journal"},
		{stemFrench, "faux", "faux"},
		{stemFrench, "heureuse", "heureu"},
		{stemFrench, "directrice", "directeu"},
		{stemFrench, "europeenne", "europeen"},
		{stemFrench, "active", "actif"},
		{stemFrench, "publique", "public"},
		{stemFrench, "seulement", "seul"},
		{stemFrench, "element", "element"},
		{stemFrench, "ete", "ete"},
		{stemFrench, "idee", "ide"},
		{stemEnglish, "translations", "translation"},
		{stemEnglish, "policies", "polici"},
		{stemEnglish, "making", "make"},
		{stemEnglish, "hopping", "hop"},
		{stemEnglish, "falling", "fall"},
		{stemEnglish, "translated", "translat"},
		{stemEnglish, "agreed", "agre"},
		{stemEnglish, "feed", "feed"},
		{stemEnglish, "gas", "gas"},
		{stemEnglish, "status", "status"},
		{stemEnglish, "crisis", "crisis"},
		{stemEnglish, "quickly", "quick"},
		{stemEnglish, "only", "onli"},
		{stemSpanish, "publicaciones", "publicacion"},
		{stemSpanish, "rapidamente", "rapid"},
		{stemSpanish, "veces", "vec"},
		{stemSpanish, "ingleses", "ingl"},
		{stemSpanish, "crisis", "crisis"},
		{stemSpanish, "dos", "dos"},
		{stemArabic, "العربيه", "عرب"},
		{stemArabic, "للعربيه", "عرب"},
		{stemArabic, "مصريين", "مصر"},
		{stemArabic, "الم", "الم"}, // the article needs 2 letters after it
		{stemArabic, "وزير", "وزير"},
	}
	for _, tt := range tests {
		if got := tt.stem(tt.in); got != tt.want {
			t.Errorf("stem(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStopwordsAreNormalized(t *testing.T) {
	for code, l := range languages {
		for w := range l.stop {
			if got := normalizeText(w); len(got) != 1 || got[0] != w {
				t.Errorf("%s stopword %q normalizes to %q", code, w, got)
			}
		}
	}
	// Function words that are also nouns are kept.
	for _, tt := range []struct{ lang, w string }{
		{"fr", "été"}, {"fr", "est"}, {"fr", "or"}, {"en", "may"}, {"es", "vino"},
	} {
		if languageOf(tt.lang).isStop(normalizeText(tt.w)[0]) {
			t.Errorf("%s: %q must not be a stopword (it is also a noun)", tt.lang, tt.w)
		}
	}
}

// slowNormalize is normalizeWord without the table: the general path for
// every word.
func slowNormalize(w string) []string {
	var out []string
	for _, p := range strings.Fields(fold(w)) {
		out = append(out, truncateRunes(norm.NFC.String(p), maxTermRunes))
	}
	return out
}

// The table path of normalizeWord must give what the general path gives:
// every word rune below the table's bound, alone and next to others.
func TestFoldTableMatchesGeneralPath(t *testing.T) {
	var runes []rune
	for r := rune(0x80); r < foldTableSize; r++ {
		if isWordRune(r) {
			runes = append(runes, r)
		}
	}
	check := func(w string) {
		if got, want := normalizeWord(w, nil), slowNormalize(w); !slices.Equal(got, want) {
			t.Fatalf("normalizeWord(%q) = %q, general path %q", w, got, want)
		}
	}
	for i, r := range runes {
		check(string(r))
		// Each rune between, before and after a few others, including
		// combining marks and Arabic letters.
		for _, o := range []rune{'a', 'E', 'é', '\u0301', 'ا', '\u0651', runes[(i*7919)%len(runes)]} {
			check(string([]rune{o, r, o}))
			check(string([]rune{r, o}))
		}
	}
}
