package search

import "strings"

// stemSpanish is a light stemmer in the spirit of Savoy's for Spanish, on
// normalized, accent-free words ("publicación" is "publicacion"):
//
//  1. -mente → ∅ when 4 letters remain (rápidamente → rapida).
//  2. Plural and gender together: -os, -as, -es, or else -o, -a, -e,
//     when 2 letters remain. Removing -es whole makes consonant-final
//     nouns meet their plural (ciudad/ciudades, publicacion/publicaciones,
//     pais/paises, mes/meses), removing the vowel makes genders meet
//     (niño/niña/niños → nin, grande/grandes → grand).
//     Then a remaining -es is the singular -és of inglés, interés
//     (already without its accent): it goes too, so that inglés, inglesa,
//     ingleses meet (→ ingl), and interés, intereses (→ inter).
//  3. A final z is written c before e in the plural: z → c (vez/veces →
//     vec, luz/luces → luc, capaz/capaces → capac).
func stemSpanish(w string) string {
	if s, ok := strings.CutSuffix(w, "mente"); ok && runeLen(s) >= 4 {
		w = s
	}
	cut := false
	for _, suf := range []string{"os", "as", "es"} {
		if s, ok := strings.CutSuffix(w, suf); ok && runeLen(s) >= 2 {
			w, cut = s, true
			break
		}
	}
	if !cut {
		for _, suf := range []string{"o", "a", "e"} {
			if s, ok := strings.CutSuffix(w, suf); ok && runeLen(s) >= 2 {
				w = s
				break
			}
		}
	}
	if s, ok := strings.CutSuffix(w, "es"); ok && runeLen(s) >= 2 {
		w = s
	}
	if s, ok := strings.CutSuffix(w, "z"); ok && s != "" {
		w = s + "c"
	}
	return w
}
