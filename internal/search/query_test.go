package search

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseQuery(t *testing.T) {
	tests := []struct {
		lang, q string
		groups  [][]string
		fts5    string
		tsquery string
	}{
		{"fr", "été", [][]string{{"ete"}}, `"ete"`, `'ete'`},
		{"fr", "  Les données publiées  ", [][]string{{"donn"}, {"publi"}}, `"donn" AND "publi"`, `'donn' & 'publi'`},
		{"fr", `"ministre de la culture" été`, [][]string{{"ministr", "cultur"}, {"ete"}},
			`"ministr cultur" AND "ete"`, `('ministr' <-> 'cultur') & 'ete'`},
		{"fr", `« droits humains »`, [][]string{{"droit", "humain"}}, `"droit humain"`, `('droit' <-> 'humain')`},
		{"fr", `“droits humains” „liberté“`, [][]string{{"droit", "humain"}, {"libert"}}, `"droit humain" AND "libert"`, `('droit' <-> 'humain') & 'libert'`},
		{"fr", `"unbalanced quote`, [][]string{{"unbalanced", "quot"}}, `"unbalanced quot"`, `('unbalanced' <-> 'quot')`},
		{"fr", `l'été`, [][]string{{"ete"}}, `"ete"`, `'ete'`},
		{"fr", "ete été ÉTÉ", [][]string{{"ete"}}, `"ete"`, `'ete'`}, // duplicates merged
		{"fr", "or", [][]string{{"or"}}, `"or"`, `'or'`},             // gold, not an operator
		{"fr", "Le la les", [][]string{{"le"}, {"la"}, {"les"}}, `"le" AND "la" AND "les"`, `'le' & 'la' & 'les'`},
		{"en", "the policies", [][]string{{"polici"}}, `"polici"`, `'polici'`},
		{"en", "The Who", [][]string{{"the"}, {"who"}}, `"the" AND "who"`, `'the' & 'who'`}, // only stopwords: kept, unstemmed
		{"en", "a AND OR NOT b", [][]string{{"b"}}, `"b"`, `'b'`},
		{"es", "publicaciones -x +y", [][]string{{"publicacion"}, {"x"}}, `"publicacion" AND "x"`, `'publicacion' & 'x'`},
		{"ar", "والعربية", [][]string{{"عرب"}}, `"عرب"`, `'عرب'`},
		{"de", "NEAR(a b)", [][]string{{"a"}, {"b"}}, `"a" AND "b"`, `'a' & 'b'`},
		{"de", "col:val", [][]string{{"col"}, {"val"}}, `"col" AND "val"`, `'col' & 'val'`},
		{"de", "a* ^b", [][]string{{"a"}, {"b"}}, `"a" AND "b"`, `'a' & 'b'`},
		{"de", "'; DROP TABLE x; --", [][]string{{"drop"}, {"table"}, {"x"}}, `"drop" AND "table" AND "x"`, `'drop' & 'table' & 'x'`},
		{"fr", `"`, nil, "", ""},
		{"fr", `""`, nil, "", ""},
		{"fr", `(((`, nil, "", ""},
		{"fr", `?!.,;:()[]{}<>|&*^~-+'"`, nil, "", ""},
		{"fr", "", nil, "", ""},
		{"fr", "\xff\xfe", nil, "", ""},
	}
	for _, tt := range tests {
		q := ParseQuery(tt.lang, tt.q)
		if !slices.EqualFunc(q.Groups, tt.groups, slices.Equal) {
			t.Errorf("ParseQuery(%q, %q).Groups = %q, want %q", tt.lang, tt.q, q.Groups, tt.groups)
		}
		if got := q.FTS5(); got != tt.fts5 {
			t.Errorf("ParseQuery(%q, %q).FTS5() = %s, want %s", tt.lang, tt.q, got, tt.fts5)
		}
		if got := q.TSQuery(); got != tt.tsquery {
			t.Errorf("ParseQuery(%q, %q).TSQuery() = %s, want %s", tt.lang, tt.q, got, tt.tsquery)
		}
		if q.Empty() != (tt.groups == nil) {
			t.Errorf("ParseQuery(%q, %q).Empty() = %v", tt.lang, tt.q, q.Empty())
		}
	}
}

func TestParseQueryRaw(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  été  ", "été"},
		{"a\x00b\nc\td", "a b c d"},
		{"\xffété\xfe", "été"},
		{strings.Repeat("é", 300), strings.Repeat("é", MaxQueryRunes)},
	}
	for _, tt := range tests {
		if got := ParseQuery("fr", tt.in).Raw; got != tt.want {
			t.Errorf("Raw of %q = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseQueryLimits(t *testing.T) {
	long := strings.Repeat("mot"+" ", 2500) // 10,000 characters
	q := ParseQuery("fr", long)
	if runeLen(q.Raw) > MaxQueryRunes {
		t.Errorf("Raw has %d runes", runeLen(q.Raw))
	}
	// Distinct words, more than 16, in groups and a phrase.
	var words []string
	for i := range 40 {
		words = append(words, "w"+strings.Repeat("x", i))
	}
	for _, in := range []string{strings.Join(words, " "), `"` + strings.Join(words, " ") + `"`, "a b c " + `"` + strings.Join(words, " ")} {
		q := ParseQuery("de", in)
		n := 0
		for _, g := range q.Groups {
			n += len(g)
		}
		if n != maxQueryTerms {
			t.Errorf("ParseQuery(%.20q…) has %d terms, want %d", in, n, maxQueryTerms)
		}
	}
}

// Rendering escapes whatever a hand-made Query holds.
func TestRenderEscapes(t *testing.T) {
	q := Query{Groups: [][]string{{`a"b`}, {"c'd", `e\f`}, {}, {""}}}
	if got, want := q.FTS5(), `"a""b" AND "c'd e\f"`; got != want {
		t.Errorf("FTS5() = %s, want %s", got, want)
	}
	if got, want := q.TSQuery(), `'a"b' & ('c''d' <-> 'e\\f')`; got != want {
		t.Errorf("TSQuery() = %s, want %s", got, want)
	}
	if !(Query{Groups: [][]string{{}, {""}}}).Empty() {
		t.Errorf("a Query of empty groups is not Empty")
	}
}

// What the index stores for a text, a query of the same text finds: every
// query term is among the text's terms (or is a stopword kept because the
// query had nothing else).
func TestQueryTermsAreIndexTerms(t *testing.T) {
	texts := map[string]string{
		"fr": "Les données publiées par l'Institut européen : « rapidement », jusqu'à 1 500 diplomates.",
		"en": "The journalists' policies were published quickly, agreeing on 2 studies.",
		"es": "Las publicaciones de los periodistas ingleses, rápidamente, en 2024.",
		"ar": "نشرت الصحف العربية والأخبار المصرية للكتاب ٢٠٢٤.",
	}
	for lang, text := range texts {
		checkQueryTermsIndexed(t, lang, text)
	}
}

func checkQueryTermsIndexed(t testing.TB, lang, text string) {
	t.Helper()
	q := ParseQuery(lang, text)
	indexed := make(map[string]bool)
	for _, term := range Analyze(lang, q.Raw) {
		indexed[term] = true
	}
	for _, g := range q.Groups {
		for _, term := range g {
			if !indexed[term] && !languageOf(lang).isStop(term) {
				t.Fatalf("%s: query term %q of %q is not among the text's terms %q", lang, term, q.Raw, Analyze(lang, q.Raw))
			}
		}
	}
}

// validFTS5 reports whether s is a sequence of double-quoted strings
// (quotes inside doubled) joined by " AND ": the only FTS5 syntax the
// package may produce.
func validFTS5(s string) bool {
	if s == "" {
		return true
	}
	for {
		if !strings.HasPrefix(s, `"`) {
			return false
		}
		s = s[1:]
		closed := false
		content := 0
		for !closed {
			i := strings.IndexByte(s, '"')
			if i < 0 {
				return false
			}
			content += i
			if strings.HasPrefix(s[i+1:], `"`) {
				s = s[i+2:]
				content++
				continue
			}
			s = s[i+1:]
			closed = true
		}
		if content == 0 {
			return false // an empty phrase
		}
		if s == "" {
			return true
		}
		if !strings.HasPrefix(s, " AND ") {
			return false
		}
		s = s[len(" AND "):]
	}
}

// validTSQuery reports whether s is made of single-quoted lexemes (quotes
// doubled inside) joined by " & " or " <-> ", with balanced parentheses.
func validTSQuery(s string) bool {
	if s == "" {
		return true
	}
	depth := 0
	expectTerm := true
	for s != "" {
		switch {
		case expectTerm && strings.HasPrefix(s, "("):
			depth++
			s = s[1:]
		case expectTerm && strings.HasPrefix(s, "'"):
			s = s[1:]
			for {
				i := strings.IndexByte(s, '\'')
				if i < 0 {
					return false
				}
				if strings.HasPrefix(s[i+1:], "'") {
					s = s[i+2:]
					continue
				}
				s = s[i+1:]
				break
			}
			expectTerm = false
		case !expectTerm && strings.HasPrefix(s, ")"):
			depth--
			if depth < 0 {
				return false
			}
			s = s[1:]
		case !expectTerm && strings.HasPrefix(s, " & "):
			s, expectTerm = s[3:], true
		case !expectTerm && strings.HasPrefix(s, " <-> "):
			s, expectTerm = s[5:], true
		default:
			return false
		}
	}
	return depth == 0 && !expectTerm
}

func TestValidators(t *testing.T) {
	for _, s := range []string{"", `"a"`, `"a b" AND "c"`, `"a""b"`, `"a"""`} {
		if !validFTS5(s) {
			t.Errorf("validFTS5(%s) = false", s)
		}
	}
	for _, s := range []string{`"`, `"a`, `"a" "b"`, `"a" AND`, `a`, `"a" OR "b"`, `""`} {
		if validFTS5(s) {
			t.Errorf("validFTS5(%s) = true", s)
		}
	}
	for _, s := range []string{"", `'a'`, `'a' & ('b' <-> 'c')`, `'a''b'`} {
		if !validTSQuery(s) {
			t.Errorf("validTSQuery(%s) = false", s)
		}
	}
	for _, s := range []string{`'`, `'a`, `a`, `'a' | 'b'`, `('a'`, `'a')`, `'a' &`} {
		if validTSQuery(s) {
			t.Errorf("validTSQuery(%s) = true", s)
		}
	}
}

var hostileQueries = []string{
	`"`, `""`, `"""`, `a AND OR NOT b`, `-x +y`, `NEAR(a b)`, `NEAR("a" "b", 3)`, `col:val`, `title:été`,
	`a*`, `^a`, `(((`, `)))`, `'; DROP TABLE articles; --`, `\`, `\'`, `a'b`, `'a' & 'b'`, `a <-> b`,
	`!a | b`, `{a b}`, `[a]`, "\x00", "\xff\xfe\xfd", "é\xc3", `le la les`, `the of and`, `?!.,;:`,
	`« »`, `“”`, `»a«`, strings.Repeat("a", 10000), strings.Repeat(`"a `, 3000), strings.Repeat("é ", 5000),
	strings.Repeat("(", 500), "ٱلْعَرَبِيَّة", "ـــــ", "\u0301\u0301", "x\u200by", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18",
}

func TestHostileQueries(t *testing.T) {
	for _, lang := range []string{"fr", "en", "es", "ar", "de"} {
		for _, in := range hostileQueries {
			checkQuery(t, lang, in)
		}
	}
}

// checkQuery asserts everything that must hold for any input.
func checkQuery(t testing.TB, lang, in string) {
	t.Helper()
	q := ParseQuery(lang, in)
	if !utf8.ValidString(q.Raw) || runeLen(q.Raw) > MaxQueryRunes || q.Raw != strings.TrimSpace(q.Raw) {
		t.Fatalf("ParseQuery(%q, %q).Raw = %q", lang, in, q.Raw)
	}
	n := 0
	for _, g := range q.Groups {
		if len(g) == 0 {
			t.Fatalf("ParseQuery(%q, %q) has an empty group", lang, in)
		}
		for _, term := range g {
			checkTerm(t, term)
		}
		n += len(g)
	}
	if n > maxQueryTerms {
		t.Fatalf("ParseQuery(%q, %q) has %d terms", lang, in, n)
	}
	fts, ts := q.FTS5(), q.TSQuery()
	if !validFTS5(fts) {
		t.Fatalf("ParseQuery(%q, %q).FTS5() = %s: not quoted terms joined by AND", lang, in, fts)
	}
	if !validTSQuery(ts) {
		t.Fatalf("ParseQuery(%q, %q).TSQuery() = %s: unbalanced", lang, in, ts)
	}
	if q.Empty() != (fts == "") || q.Empty() != (ts == "") || q.Empty() != (n == 0) {
		t.Fatalf("ParseQuery(%q, %q): Empty() = %v, FTS5() = %s, TSQuery() = %s", lang, in, q.Empty(), fts, ts)
	}
	checkQueryTermsIndexed(t, lang, in)
}
