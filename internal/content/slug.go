package content

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

const maxSlugLen = 80

// Slugify turns a title into a URL slug: lowercase ASCII letters and digits
// separated by single hyphens, accents folded ("Été" → "ete"). Titles with no
// Latin letters at all (Arabic) give "", and the caller picks a fallback.
func Slugify(title string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFKD.String(strings.ToLower(title)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// combining accent left over by the decomposition
		case r == 'œ':
			b.WriteString("oe")
			hyphen = false
		case r == 'æ':
			b.WriteString("ae")
			hyphen = false
		case r == 'ß':
			b.WriteString("ss")
			hyphen = false
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			hyphen = false
		default:
			if !hyphen && b.Len() > 0 {
				b.WriteByte('-')
				hyphen = true
			}
		}
		if b.Len() >= maxSlugLen {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}

// ValidSlug reports whether s is a slug Slugify could have produced.
func ValidSlug(s string) bool {
	if s == "" || len(s) > maxSlugLen || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
		if c == '-' && s[i-1] == '-' {
			return false
		}
	}
	return true
}
