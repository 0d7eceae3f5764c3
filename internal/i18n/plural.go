package i18n

// CLDR plural categories.
const (
	zero  = "zero"
	one   = "one"
	two   = "two"
	few   = "few"
	many  = "many"
	other = "other"
)

var allCategories = []string{zero, one, two, few, many, other}

// pluralCategories lists the categories a language distinguishes for
// integers, in CLDR order, or nil when the package has no rule for it.
// Catalog plural messages must provide exactly these forms.
func pluralCategories(base string) []string {
	switch base {
	case "en":
		return []string{one, other}
	case "fr", "es":
		return []string{one, many, other}
	case "ar":
		return []string{zero, one, two, few, many, other}
	}
	return nil
}

// PluralCategory returns the CLDR cardinal plural category ("zero", "one",
// "two", "few", "many" or "other") of the integer n in lang, following the
// CLDR 42+ rules for en, fr, es and ar. Only the base language matters
// ("fr-CA" is "fr"). Other languages get "other", as in the CLDR root locale.
//
// The rules, restricted to integers (CLDR operands use the absolute value):
//
//	en  one: 1
//	fr  one: 0, 1; many: non-zero multiples of 1,000,000 ("1 000 000 de vues")
//	es  one: 1;    many: non-zero multiples of 1,000,000 ("1.000.000 de visitas")
//	ar  zero: 0; one: 1; two: 2; few: n%100 in 3..10; many: n%100 in 11..99
func PluralCategory(lang string, n int64) string {
	// Negating in uint64 keeps math.MinInt64 representable.
	u := uint64(n)
	if n < 0 {
		u = -u
	}
	switch baseLang(lang) {
	case "en":
		if u == 1 {
			return one
		}
	case "fr":
		switch {
		case u <= 1:
			return one
		case u%1_000_000 == 0:
			return many
		}
	case "es":
		switch {
		case u == 1:
			return one
		case u != 0 && u%1_000_000 == 0:
			return many
		}
	case "ar":
		switch r := u % 100; {
		case u == 0:
			return zero
		case u == 1:
			return one
		case u == 2:
			return two
		case r >= 3 && r <= 10:
			return few
		case r >= 11:
			return many
		}
	}
	return other
}
