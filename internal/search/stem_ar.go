package search

import "strings"

// stemArabic is a light stemmer in the spirit of Larkey's light10, on
// normalized words (no tashkeel or tatweel, أ إ آ → ا, ى → ي, ة → ه):
//
//  1. The definite article, alone or after a one-letter proclitic:
//     وال فال بال كال لل ال, when 2 letters remain
//     (العربية, والعربية, بالعربية, للعربية → عربيه → …).
//  2. Suffixes, each at most once and in this order, when 3 letters remain
//     (a root has 3): ها (her), ه (his, and ta marbuta), ات (feminine
//     plural), ون and ين (masculine plural), ي (nisba adjective, my):
//     عربية, عربي, عربيات → عرب; مصريين, مصري → مصر.
//
// One-letter proclitics (و ف ب ك ل) are removed only before the article.
// Removed everywhere, they would cut the first letter of the many words
// that begin with it (وزير "minister" → زير, كتاب "book" → تاب), and
// inconsistently: الوزير → وزير but وزير → زير. The price: "وكتاب"
// ("and a book") is not found by "كتاب"; "والكتاب" is.
func stemArabic(w string) string {
	for _, p := range arabicPrefixes {
		if s, ok := strings.CutPrefix(w, p); ok && runeLen(s) >= 2 {
			w = s
			break
		}
	}
	for _, suf := range arabicSuffixes {
		if s, ok := strings.CutSuffix(w, suf); ok && runeLen(s) >= 3 {
			w = s
		}
	}
	return w
}

var (
	arabicPrefixes = []string{"وال", "فال", "بال", "كال", "لل", "ال"}
	arabicSuffixes = []string{"ها", "ه", "ات", "ون", "ين", "ي"}
)
