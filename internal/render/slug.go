package render

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// maxSlugRunes bounds the length of heading ids.
const maxSlugRunes = 64

// slugify makes a heading id from its text: letters (of any script),
// digits and combining marks are kept and lowercased, every other run of
// characters becomes a single "-". "L’Europe et l’Afrique" gives
// "l-europe-et-l-afrique", "Été 2024" gives "été-2024", "العلاقات الدولية"
// gives "العلاقات-الدولية". Text without any letter or digit gives
// "section".
func slugify(s string) string {
	var b strings.Builder
	n := 0 // runes written
	dash := false
	for _, r := range norm.NFC.String(s) {
		keep := unicode.IsLetter(r) || unicode.IsDigit(r) || (unicode.IsMark(r) && n > 0)
		if !keep {
			dash = n > 0
			continue
		}
		if n >= maxSlugRunes+8 || (!unicode.IsMark(r) && n >= maxSlugRunes) {
			break // a few marks may complete the last letter
		}
		if dash {
			b.WriteByte('-')
			n++
			dash = false
		}
		b.WriteRune(unicode.ToLower(r))
		n++
	}
	if b.Len() == 0 {
		return "section"
	}
	return b.String()
}
