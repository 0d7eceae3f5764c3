package i18n

import (
	"encoding/json"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestCatalogsComplete lists every difference between the embedded catalogs
// and en.json: missing or extra keys, placeholder sets, plural forms.
func TestCatalogsComplete(t *testing.T) {
	b := mustLoad(t)
	if got, want := b.Languages(), []string{"ar", "en", "es", "fr"}; !slices.Equal(got, want) {
		t.Errorf("Languages() = %v, want %v", got, want)
	}
	for _, problem := range b.Check() {
		t.Error(problem)
	}
}

func catalogFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return fsys
}

// TestCheckFindsDifferences proves that TestCatalogsComplete can fail.
func TestCheckFindsDifferences(t *testing.T) {
	fsys := catalogFS(map[string]string{
		"en.json": `{
			"greet": "Hello {1}",
			"views": {"one": "{1} view", "other": "{1} views"},
			"bye": "Bye",
			"blank": ""
		}`,
		"fr.json": `{
			"greet": "Bonjour",
			"views": {"one": "{1} vue", "two": "{1} vues", "other": "{1} vues"},
			"extra": "En trop",
			"blank": "Vide"
		}`,
		"ar.json": `{
			"greet": "مرحبا {1}",
			"views": {"one": "مشاهدة واحدة", "other": "{1} مشاهدة"},
			"bye": {"zero": "و", "one": "و", "two": "و", "few": "و", "many": "و", "other": "وداعا"},
			"blank": "فارغ"
		}`,
		"de.json": `{"greet": "Hallo {1}", "views": {"one": "{1} Aufruf", "other": "{1} Aufrufe"}, "bye": "Tschüss", "blank": "Leer"}`,
	})
	b, err := LoadFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`ar: bye: simple in en.json but plural here`,
		`ar: views: missing plural form "few"`,
		`ar: views: missing plural form "many"`,
		`ar: views: missing plural form "two"`,
		`ar: views: missing plural form "zero"`,
		`de: no number and date formats for this language in package i18n`,
		`de: no plural rule for this language in package i18n`,
		`en: blank: empty message`,
		`fr: bye: missing (present in en.json)`,
		`fr: extra: key not in en.json`,
		`fr: greet: placeholders none, but {1} in en.json`,
		`fr: views: missing plural form "many"`,
		`fr: views: plural form "two" is never used in this language`,
	}
	got := b.Check()
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("Check() does not report %q", w)
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			t.Errorf("Check() reports unexpected %q", g)
		}
	}
}

func TestLoadFSRejectsMalformedCatalogs(t *testing.T) {
	const en = `{"a": "A"}`
	tests := []struct {
		name  string
		files map[string]string
		want  string // substring of the error
	}{
		{"no english", map[string]string{"fr.json": `{"a": "A"}`}, "no en.json"},
		{"syntax", map[string]string{"en.json": `{"a": "A",}`}, "en.json"},
		{"not an object", map[string]string{"en.json": `["a"]`}, "must be a JSON object"},
		{"empty file", map[string]string{"en.json": ``}, "en.json"},
		{"trailing data", map[string]string{"en.json": `{"a": "A"} {}`}, "after the catalog"},
		{"duplicate key", map[string]string{"en.json": `{"a": "A", "a": "B"}`}, `duplicate key "a"`},
		{"empty key", map[string]string{"en.json": `{"": "A"}`}, "empty key"},
		{"number value", map[string]string{"en.json": `{"a": 3}`}, `key "a"`},
		{"null value", map[string]string{"en.json": `{"a": null}`}, `key "a"`},
		{"plural without other", map[string]string{"en.json": `{"a": {"one": "x"}}`}, `"other"`},
		{"unknown category", map[string]string{"en.json": `{"a": {"one": "x", "several": "y", "other": "z"}}`}, `"several"`},
		{"non-string form", map[string]string{"en.json": `{"a": {"one": 1, "other": "z"}}`}, "plural categories to strings"},
		{"invalid utf-8", map[string]string{"en.json": "{\"a\": \"\xff\"}"}, "UTF-8"},
		{"bad file name", map[string]string{"en.json": en, "FR.json": en}, "lowercase language tag"},
		{"not a language", map[string]string{"en.json": en, "hello world.json": en}, "lowercase language tag"},
		{"other catalog broken", map[string]string{"en.json": en, "fr.json": `{"a": }`}, "fr.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := LoadFS(catalogFS(tt.files))
			if err == nil {
				t.Fatalf("LoadFS succeeded (%v), want an error containing %q", b.Languages(), tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("LoadFS error = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestLoadIsShared(t *testing.T) {
	a, b := mustLoad(t), mustLoad(t)
	if a != b {
		t.Error("Load parsed the embedded catalogs twice")
	}
	langs := a.Languages()
	langs[0] = "xx"
	if a.Languages()[0] == "xx" {
		t.Error("Languages returns the Bundle's own slice")
	}
}

// TestFrenchTypography checks the French catalog for the usual slips:
// ASCII apostrophes and quotes, wrong spaces before high punctuation.
func TestFrenchTypography(t *testing.T) {
	names, err := fs.Glob(embedded, "locales/*.json")
	if err != nil {
		t.Fatal(err)
	}
	catalog := map[string]any{}
	for _, name := range names {
		if !strings.HasSuffix(name, "/fr.json") && !strings.HasSuffix(name, ".fr.json") {
			continue
		}
		data, err := fs.ReadFile(embedded, name)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), `\u`) {
			t.Errorf(`%s: special characters must be written literally, not as \u escapes`, name)
		}
		var part map[string]any
		if err := json.Unmarshal(data, &part); err != nil {
			t.Fatal(err)
		}
		for k, v := range part {
			catalog[k] = v
		}
	}
	check := func(key, s string) {
		if strings.ContainsAny(s, `'"`) {
			t.Errorf("fr: %s: %q: use ’ and « », not ASCII quotes", key, s)
		}
		if strings.Contains(s, "...") {
			t.Errorf("fr: %s: %q: use …", key, s)
		}
		r := []rune(s)
		for i, c := range r {
			var before, after rune
			if i > 0 {
				before = r[i-1]
			}
			if i+1 < len(r) {
				after = r[i+1]
			}
			switch c {
			case ';', '!', '?':
				if before != '\u202f' {
					t.Errorf("fr: %s: %q: want a narrow no-break space (U+202F) before %q", key, s, c)
				}
			case ':':
				if after == '/' { // a URL scheme, not punctuation
					continue
				}
				if before != '\u00a0' {
					t.Errorf("fr: %s: %q: want a no-break space (U+00A0) before ':'", key, s)
				}
			case '«':
				if after != '\u202f' {
					t.Errorf("fr: %s: %q: want U+202F after «", key, s)
				}
			case '»':
				if before != '\u202f' {
					t.Errorf("fr: %s: %q: want U+202F before »", key, s)
				}
			}
		}
	}
	for key, v := range catalog {
		switch v := v.(type) {
		case string:
			check(key, v)
		case map[string]any:
			for cat, f := range v {
				s, _ := f.(string)
				check(key+"."+cat, s)
			}
		}
	}
}
