package i18n

import (
	"math"
	"testing"
)

func TestPluralCategory(t *testing.T) {
	type tc struct {
		lang string
		n    int64
		want string
	}
	tests := []tc{
		{"en", 0, "other"},
		{"en", 1, "one"},
		{"en", 2, "other"},
		{"en", 3, "other"},
		{"en", 11, "other"},
		{"en", 99, "other"},
		{"en", 100, "other"},
		{"en", 101, "other"},
		{"en", 102, "other"},
		{"en", 1000000, "other"},
		{"en", -1, "one"},

		{"fr", 0, "one"},
		{"fr", 1, "one"},
		{"fr", 2, "other"},
		{"fr", 3, "other"},
		{"fr", 11, "other"},
		{"fr", 99, "other"},
		{"fr", 100, "other"},
		{"fr", 101, "other"},
		{"fr", 102, "other"},
		{"fr", 1000, "other"},
		{"fr", 1000000, "many"},
		{"fr", 1000001, "other"},
		{"fr", 2000000, "many"},
		{"fr", 1000000000, "many"},
		{"fr", -1, "one"},
		{"fr", -1000000, "many"},
		{"fr", math.MinInt64, "other"},
		{"fr-CA", 0, "one"},

		{"es", 0, "other"},
		{"es", 1, "one"},
		{"es", 2, "other"},
		{"es", 3, "other"},
		{"es", 11, "other"},
		{"es", 99, "other"},
		{"es", 100, "other"},
		{"es", 101, "other"},
		{"es", 102, "other"},
		{"es", 1000000, "many"},
		{"es", 1000001, "other"},
		{"es", 3000000, "many"},
		{"es-419", 1, "one"},

		{"ar", 0, "zero"},
		{"ar", 1, "one"},
		{"ar", 2, "two"},
		{"ar", 100, "other"},
		{"ar", 101, "other"},
		{"ar", 102, "other"},
		{"ar", 103, "few"},
		{"ar", 110, "few"},
		{"ar", 111, "many"},
		{"ar", 199, "many"},
		{"ar", 200, "other"},
		{"ar", 1000, "other"},
		{"ar", 1000000, "other"},
		{"ar", -3, "few"},
		{"ar", math.MinInt64, "few"}, // ...808
		{"ar-MA", 2, "two"},

		// Languages without a rule behave like the CLDR root locale.
		{"de", 1, "other"},
		{"", 1, "other"},
	}
	for n := int64(3); n <= 10; n++ {
		tests = append(tests, tc{"ar", n, "few"})
	}
	for n := int64(11); n <= 99; n++ {
		tests = append(tests, tc{"ar", n, "many"})
	}
	for _, tt := range tests {
		if got := PluralCategory(tt.lang, tt.n); got != tt.want {
			t.Errorf("PluralCategory(%q, %d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}

// Every category PluralCategory can return must be one that catalogs are
// required to provide, or a translation would silently use "other".
func TestPluralCategoryWithinDeclaredCategories(t *testing.T) {
	samples := []int64{0, 1, 2, 3, 5, 10, 11, 50, 99, 100, 101, 102, 103, 111, 1000, 1000000, 2000000, -1, math.MaxInt64, math.MinInt64}
	for _, lang := range []string{"en", "fr", "es", "ar"} {
		declared := pluralCategories(lang)
		seen := map[string]bool{}
		for _, n := range samples {
			cat := PluralCategory(lang, n)
			seen[cat] = true
			found := false
			for _, c := range declared {
				found = found || c == cat
			}
			if !found {
				t.Errorf("PluralCategory(%q, %d) = %q, not among %v", lang, n, cat, declared)
			}
		}
		for _, c := range declared {
			if !seen[c] {
				t.Errorf("%s: category %q declared but never produced by the samples", lang, c)
			}
		}
	}
}
