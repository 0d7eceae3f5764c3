package search

import "strings"

// stemEnglish is a light stemmer in the style of Porter's first steps
// (plurals, -ed, -ing, final -y and -e, using Porter's "measure" to decide
// when an e belongs to the stem), plus -ly. It stops there: no -ation,
// -ness or -ful removal, which conflate too much for a news archive.
//
//	translations → translation   policies, policy → polici
//	boxes → box                  publishing, published → publish
//	making, make, makes → make   creating, created, create → creat
//	running → run                hoping → hope, hopping → hop
//	quickly → quick              agreed, agree → agre
func stemEnglish(w string) string {
	if !isASCII(w) {
		return w // the rules are written for English (ASCII) spelling
	}
	w = englishPlural(w)
	w = englishSuffix(w)
	// A final y after a consonant is the i of the inflected forms
	// ("policy"/"policies" → "polici", "study"/"studied" → "studi").
	if strings.HasSuffix(w, "y") && len(w) > 2 && hasVowel(w[:len(w)-1]) {
		w = w[:len(w)-1] + "i"
	}
	// A final e goes when the rest is long enough to be a stem on its
	// own ("translate" → "translat"), but stays after a short
	// consonant-vowel-consonant stem ("make", "hope", "care"), so that
	// "care" and "car" stay apart.
	if strings.HasSuffix(w, "e") {
		s := w[:len(w)-1]
		if m := measure(s); m > 1 || m == 1 && !endsCVC(s) {
			w = s
		}
	}
	return w
}

// englishPlural removes a plural -s or -es.
func englishPlural(w string) string {
	switch {
	case strings.HasSuffix(w, "ies"):
		if len(w) > 4 {
			return w[:len(w)-3] + "y" // policies → policy
		}
		return w[:len(w)-1] // ties → tie
	case strings.HasSuffix(w, "sses"):
		return w[:len(w)-2] // classes → class
	case strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"),
		strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "zes"):
		return w[:len(w)-2] // churches → church; caches → cach, as cache → cach
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w // class, status, crisis are singular
	case strings.HasSuffix(w, "s") && len(w) > 3:
		return w[:len(w)-1] // but gas, bus, ads stay
	}
	return w
}

// englishSuffix removes one of -ed, -ing, -ly.
func englishSuffix(w string) string {
	switch {
	case strings.HasSuffix(w, "ied"):
		if len(w) > 4 {
			return w[:len(w)-3] + "y" // studied → study
		}
		return w[:len(w)-1] // died → die
	case strings.HasSuffix(w, "eed"):
		if measure(w[:len(w)-3]) > 0 {
			return w[:len(w)-1] // agreed → agree; need, feed stay
		}
		return w
	case strings.HasSuffix(w, "ed"):
		return verbStem(w, w[:len(w)-2])
	case strings.HasSuffix(w, "ing"):
		return verbStem(w, w[:len(w)-3])
	case strings.HasSuffix(w, "ly") && len(w)-2 >= 4:
		return w[:len(w)-2] // quickly → quick; only, early, apply stay
	}
	return w
}

// verbStem finishes the removal of -ed or -ing, as Porter's step 1b does:
// the stem must contain a vowel ("thing", "bring", "red" stay), a doubled
// final consonant is undoubled ("running" → "run", but "falling" →
// "fall"), and a short stem gets its e back ("making" → "make").
func verbStem(w, stem string) string {
	if !hasVowel(stem) {
		return w
	}
	switch {
	case strings.HasSuffix(stem, "at"), strings.HasSuffix(stem, "bl"), strings.HasSuffix(stem, "iz"):
		return stem + "e" // creating → create (→ creat, as create)
	case len(stem) > 3 && isDoubleConsonant(stem) && !strings.ContainsAny(stem[len(stem)-1:], "lsz"):
		return stem[:len(stem)-1]
	case measure(stem) == 1 && endsCVC(stem):
		return stem + "e"
	}
	return stem
}

// isConsonant follows Porter: a, e, i, o, u are vowels, and y is a vowel
// after a consonant.
func isConsonant(w string, i int) bool {
	switch w[i] {
	case 'a', 'e', 'i', 'o', 'u':
		return false
	case 'y':
		return i == 0 || !isConsonant(w, i-1)
	}
	return true
}

func hasVowel(w string) bool {
	for i := range len(w) {
		if !isConsonant(w, i) {
			return true
		}
	}
	return false
}

// measure is Porter's m: the number of vowel-consonant sequences in
// [C](VC){m}[V].
func measure(w string) int {
	m := 0
	prevVowel := false
	for i := range len(w) {
		v := !isConsonant(w, i)
		if prevVowel && !v {
			m++
		}
		prevVowel = v
	}
	return m
}

// endsCVC reports whether w ends consonant-vowel-consonant, the last not
// being w, x or y ("hop", "mak", but not "snow").
func endsCVC(w string) bool {
	n := len(w)
	if n < 3 || !isConsonant(w, n-3) || isConsonant(w, n-2) || !isConsonant(w, n-1) {
		return false
	}
	return !strings.ContainsAny(w[n-1:], "wxy")
}

func isDoubleConsonant(w string) bool {
	n := len(w)
	return n >= 2 && w[n-1] == w[n-2] && isConsonant(w, n-1)
}
