package i18n

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestFor(t *testing.T) {
	b := mustLoad(t)
	tests := map[string]string{
		"fr":        "fr",
		"fr-CA":     "fr",
		"FR_ca":     "fr",
		" fr ":      "fr",
		"es-419":    "es",
		"ar-MA":     "ar",
		"en-GB":     "en",
		"de":        "en",
		"":          "en",
		"garbage!!": "en",
	}
	for in, want := range tests {
		l := b.For(in)
		if l == nil {
			t.Fatalf("For(%q) = nil", in)
		}
		if got := l.Lang(); got != want {
			t.Errorf("For(%q).Lang() = %q, want %q", in, got, want)
		}
	}

	var nilBundle *Bundle
	l := nilBundle.For("fr")
	if l == nil || l.Lang() != "en" || l.T("skip.title") != "skip.title" || l.Number(1000) != "1,000" {
		t.Errorf("nil Bundle: For must return a usable English Localizer")
	}
}

func TestDir(t *testing.T) {
	b := mustLoad(t)
	for lang, want := range map[string]string{"ar": "rtl", "ar-MA": "rtl", "fr": "ltr", "en": "ltr", "es": "ltr"} {
		if got := b.For(lang).Dir(); got != want {
			t.Errorf("For(%q).Dir() = %q, want %q", lang, got, want)
		}
	}
	for lang, want := range map[string]string{"he": "rtl", "fa-IR": "rtl", "ur": "rtl", "ar": "rtl", "fr": "ltr", "de": "ltr", "": "ltr"} {
		if got := Direction(lang); got != want {
			t.Errorf("Direction(%q) = %q, want %q", lang, got, want)
		}
	}
}

type stringer struct{}

func (stringer) String() string { return "stringer" }

type panicky struct{}

func (panicky) String() string { panic("boom") }

// testBundle has a French catalog with a gap, so that the English fallback
// can be observed.
func testBundle(t *testing.T) *Bundle {
	t.Helper()
	b, err := LoadFS(catalogFS(map[string]string{
		"en.json": `{
			"hello": "Hello {1}",
			"only.en": "English only",
			"pair": "{1} and {2}",
			"braces": "{0} {10} {a} {} {{1}} {1",
			"views": {"one": "{1} view", "other": "{1} views"},
			"plain": "Just {1}"
		}`,
		"fr.json": `{
			"hello": "Bonjour {1}",
			"pair": "{2} et {1}",
			"braces": "{0} {10} {a} {} {{1}} {1",
			"views": {"one": "{1} vue", "other": "{1} vues"},
			"plain": "Seulement {1}"
		}`,
	}))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestT(t *testing.T) {
	b := testBundle(t)
	real := mustLoad(t)
	date := time.Date(2014, time.March, 1, 10, 41, 0, 0, time.UTC)
	tests := []struct {
		name string
		l    *Localizer
		key  string
		args []any
		want string
	}{
		{"simple", real.For("fr"), "skip.title", nil, "Accès rapide"},
		{"simple en", real.For("en"), "skip.title", nil, "Quick access"},
		{"string arg", b.For("fr"), "hello", []any{"Anne"}, "Bonjour Anne"},
		{"reordered args", b.For("fr"), "pair", []any{"A", "B"}, "B et A"},
		{"int arg", b.For("fr"), "hello", []any{7371}, "Bonjour 7\u202f371"},
		{"int64 arg", b.For("en"), "hello", []any{int64(-7371)}, "Hello -7,371"},
		{"uint8 arg", b.For("en"), "hello", []any{uint8(200)}, "Hello 200"},
		{"huge uint64", b.For("en"), "hello", []any{uint64(math.MaxUint64)}, "Hello 18446744073709551615"},
		{"time arg", b.For("fr"), "hello", []any{date}, "Bonjour 1er mars 2014"},
		{"stringer arg", b.For("en"), "hello", []any{stringer{}}, "Hello stringer"},
		{"error arg", b.For("en"), "hello", []any{errors.New("oops")}, "Hello oops"},
		{"nil arg", b.For("en"), "hello", []any{nil}, "Hello <nil>"},
		{"panicking Stringer", b.For("en"), "hello", []any{panicky{}}, "Hello %!v(PANIC=String method: boom)"},
		{"missing in fr, English used", b.For("fr"), "only.en", nil, "English only"},
		{"missing everywhere", b.For("fr"), "no.such.key", []any{1}, "no.such.key"},
		{"missing everywhere, en", b.For("en"), "no.such.key", nil, "no.such.key"},
		{"too few args", b.For("fr"), "pair", []any{"A"}, "{2} et A"},
		{"no args", b.For("fr"), "hello", nil, "Bonjour {1}"},
		{"too many args", b.For("fr"), "hello", []any{"Anne", "extra", 3}, "Bonjour Anne"},
		{"not placeholders", b.For("fr"), "braces", []any{"X"}, "{0} {10} {a} {} {X} {1"},
		{"plural key through T", b.For("fr"), "views", []any{3}, "3 vues"},
		{"real catalog, two args", real.For("es"), "pagination.page", []any{2, 10}, "Página 2 de 10"},
		{"real catalog, ar digits", real.For("ar"), "pagination.page", []any{2, 10}, "الصفحة ٢ من ١٠"},
		{"comment byline", real.For("en"), "comments.by", []any{real.For("en").DateTime(date), "Jane"}, "1 March 2014, 10:41, by Jane"},
		{"fr byline", real.For("fr"), "comments.by", []any{real.For("fr").DateTime(date), "Jeanne"}, "1er mars 2014 à 10\u00a0h\u00a041, par Jeanne"},
	}
	for _, tt := range tests {
		if got := tt.l.T(tt.key, tt.args...); got != tt.want {
			t.Errorf("%s: %s T(%q, %v) = %q, want %q", tt.name, tt.l.Lang(), tt.key, tt.args, got, tt.want)
		}
	}
}

func TestN(t *testing.T) {
	b := testBundle(t)
	real := mustLoad(t)
	tests := []struct {
		lang string
		b    *Bundle
		key  string
		n    int64
		args []any
		want string
	}{
		{"en", real, "article.views", 0, nil, "0 views"},
		{"en", real, "article.views", 1, nil, "1 view"},
		{"en", real, "article.views", 7371, nil, "7,371 views"},
		{"fr", real, "article.views", 0, nil, "0 vue"},
		{"fr", real, "article.views", 1, nil, "1 vue"},
		{"fr", real, "article.views", 2, nil, "2 vues"},
		{"fr", real, "article.views", 1000000, nil, "1\u202f000\u202f000 de vues"},
		{"es", real, "article.views", 1, nil, "1 visita"},
		{"es", real, "article.views", 0, nil, "0 visitas"},
		{"es", real, "article.views", 2000000, nil, "2.000.000 de visitas"},
		{"ar", real, "article.views", 0, nil, "لا توجد مشاهدات"},
		{"ar", real, "article.views", 1, nil, "مشاهدة واحدة"},
		{"ar", real, "article.views", 2, nil, "مشاهدتان"},
		{"ar", real, "article.views", 3, nil, "٣ مشاهدات"},
		{"ar", real, "article.views", 11, nil, "١١ مشاهدة"},
		{"ar", real, "article.views", 100, nil, "١٠٠ مشاهدة"},
		{"ar", real, "comments.count", 15, nil, "١٥ تعليقًا"},
		{"en", real, "search.results", 1, []any{"treaty"}, "1 result for “treaty”"},
		{"fr", real, "search.results", 12, []any{"traité"}, "12 résultats pour «\u202ftraité\u202f»"},
		{"ar", real, "search.results", 2, []any{"معاهدة"}, "نتيجتان للبحث عن «معاهدة»"},
		{"en", real, "error.summary", 1, nil, "There is 1 error in the form"},
		{"fr", real, "error.summary", 2, nil, "Le formulaire contient 2 erreurs"},
		// fr has no "many" form here: "other" is used.
		{"fr", b, "views", 1000000, nil, "1\u202f000\u202f000 vues"},
		// A simple message read with N still gets n as {1}.
		{"fr", b, "plain", 5, nil, "Seulement 5"},
		// Missing key: the English message, English plural rule and digits.
		{"ar", b, "views", 1, nil, "1 view"},
		{"fr", b, "nothing", 1, nil, "nothing"},
	}
	for _, tt := range tests {
		l := tt.b.For(tt.lang)
		if got := l.N(tt.key, tt.n, tt.args...); got != tt.want {
			t.Errorf("%s N(%q, %d, %v) = %q, want %q", tt.lang, tt.key, tt.n, tt.args, got, tt.want)
		}
	}
}

func FuzzT(f *testing.F) {
	f.Add("fr", "pagination.page", "{1} {2} {9} {", int64(3), "x")
	f.Add("ar", "article.views", "", int64(-1), "")
	f.Add("xx-YY", "no.such.key", "{0}{10}{1", int64(math.MinInt64), "\xff")
	f.Add("", "", "}{", int64(math.MaxInt64), "{1}")
	b, err := Load()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, lang, key, text string, n int64, arg string) {
		l := b.For(lang)
		if l == nil {
			t.Fatal("For returned nil")
		}
		_ = l.T(key, arg, n)
		_ = l.T(key)
		_ = l.N(key, n, arg)
		_ = l.fill(text, []any{n, arg, time.Unix(n%(1<<40), 0).UTC()})
		_ = l.Number(n)
		_ = l.DateTime(time.Unix(n%(1<<40), 0))
		_ = PluralCategory(lang, n)
		if got := l.T(key); got == "" && key != "" {
			t.Errorf("T(%q) returned an empty string", key)
		}
	})
}

func TestSplitCatalogs(t *testing.T) {
	b, err := LoadFS(fstest.MapFS{
		"en.json":       {Data: []byte(`{"a": "A"}`)},
		"admin.en.json": {Data: []byte(`{"b": "B"}`)},
		"fr.json":       {Data: []byte(`{"a": "A fr"}`)},
		"admin.fr.json": {Data: []byte(`{"b": "B fr"}`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := b.For("fr").T("b"); got != "B fr" {
		t.Errorf("split catalog: %q", got)
	}
	if fmt.Sprint(b.Languages()) != "[en fr]" {
		t.Errorf("languages: %v", b.Languages())
	}
	_, err = LoadFS(fstest.MapFS{"en.json": {Data: []byte(`{"a": "A"}`)}, "x.en.json": {Data: []byte(`{"a": "again"}`)}})
	if err == nil || !strings.Contains(err.Error(), `key "a"`) {
		t.Errorf("a key defined in two files: %v", err)
	}
}
