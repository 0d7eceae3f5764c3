package search

import "strings"

// stemFrench is a light stemmer in the spirit of Savoy's for French: it
// conflates the inflections of a word (number and gender) and a few
// regular derivations, and leaves verbs alone. It works on normalized,
// accent-free words, so "é" and "e" are the same letter here: "publié",
// "publiée", "publiés", "publiées" are "publie", "publiee", "publies",
// "publiees", and all end as "publi".
//
//  1. Plural: -s (not -ss), and -x after au, eu, ou (bureaux → bureau,
//     jeux → jeu, bijoux → bijou), -aux → -al (journaux → journal).
//     Other final x stay: prix, voix, choix are singular.
//  2. One feminine or derivational ending (they do not overlap):
//     -ement → ∅ (rapidement → rapid), -euse → -eu (heureuse, chanteuse),
//     -trice → -teu (directrice), -ive → -if (active), -enne → -en
//     (européenne), -elle → -el (nouvelle), -onne → -on (bonne),
//     -ette → -et (cadette), -ique → -ic (publique, as public).
//  3. Otherwise up to two final e (the feminine e, and the e of é:
//     données → donn, diplomate → diplomat, idée → ide), keeping 3 letters
//     at least so that "été" stays "ete".
//  4. -eur → -eu (chanteur, directeur, auteure → auteu), to meet -euse,
//     -trice and -eux.
func stemFrench(w string) string {
	// 1. Plural.
	switch n := runeLen(w); {
	case strings.HasSuffix(w, "eaux") && n > 4:
		w = w[:len(w)-1]
	case strings.HasSuffix(w, "aux") && n > 4:
		w = w[:len(w)-3] + "al" // not "faux", "taux" (4 letters, singular)
	case (strings.HasSuffix(w, "eux") || strings.HasSuffix(w, "oux")) && n > 3:
		w = w[:len(w)-1]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && n >= 3:
		w = w[:len(w)-1] // "ans" → "an" too
	}

	// 2. One feminine or derivational ending. min is the number of
	// letters that must remain before the ending, so that short words
	// ("belle", "vive", "pique", "élément") are not cut to nothing.
	for _, r := range frenchEndings {
		if s, ok := strings.CutSuffix(w, r.ending); ok && runeLen(s) >= r.min {
			return frenchEur(s + r.replace)
		}
	}

	// 3. Final e's.
	for range 2 {
		if strings.HasSuffix(w, "e") && runeLen(w) > 3 {
			w = w[:len(w)-1]
		}
	}
	return frenchEur(w)
}

var frenchEndings = []struct {
	ending, replace string
	min             int
}{
	{"ement", "", 4}, // seulement → seul; but logement, élément stay
	{"trice", "teu", 2},
	{"euse", "eu", 3},
	{"enne", "en", 2},
	{"elle", "el", 2},
	{"onne", "on", 1},
	{"ette", "et", 2},
	{"ique", "ic", 2},
	{"ive", "if", 2},
}

// frenchEur is step 4: agent nouns in -eur meet their feminine forms.
// Three letters must remain, so "peur", "fleur", "coeur" stay.
func frenchEur(w string) string {
	if s, ok := strings.CutSuffix(w, "eur"); ok && runeLen(s) >= 3 {
		return s + "eu"
	}
	return w
}
