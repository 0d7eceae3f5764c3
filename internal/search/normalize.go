package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxTermRunes bounds a term. PostgreSQL refuses (with a notice, silently
// for the caller) lexemes over 2,047 bytes while FTS5 keeps them, so very
// long "words" (base64, pasted garbage) would make the two databases
// disagree. Cutting them in Go, the same way for texts and queries, keeps
// them identical: 64 runes are at most 256 bytes.
const maxTermRunes = 64

const (
	tatweel           = '\u0640' // Arabic elongation: typographic, not a letter of the word
	modifierApostroph = '\u02BC' // "ʼ", typed by some keyboards for the apostrophe in "lʼété"
)

// isWordRune reports whether r belongs to a word of the original text:
// letters, numbers and the combining marks that complete them (marks are
// dropped later, but they must not split "e" + U+0301 from its word).
// Everything else — spaces, punctuation, apostrophes, symbols such as
// "™" or "€" — separates words. Splitting before normalization (rather
// than after NFKC) keeps "Dépêche™" a single term "depeche" instead of
// "depechetm", and lets Excerpt map every term back to its original span.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	if r == modifierApostroph {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// eachWord calls fn with the byte span of every word of s, in order, until
// fn returns false. Invalid UTF-8 decodes to U+FFFD, a separator.
func eachWord(s string, fn func(start, end int) bool) {
	start := -1
	for i, r := range s {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			if !fn(start, i) {
				return
			}
			start = -1
		}
	}
	if start >= 0 {
		fn(start, len(s))
	}
}

// normalizeWord appends to dst the normalized pieces of one word of the
// original text: compatibility decomposition (NFKD, which is NFKC followed
// by NFD), lowercase, every combining mark removed, a few letters spelled
// out, Arabic letter variants unified, and a split wherever normalization
// produced something that is not a letter or a digit ("½" gives "1", "2").
// Pieces are recomposed (NFC, for Hangul) and cut to maxTermRunes.
//
// All marks are removed, not only the nonspacing ones (Mn): FTS5's
// unicode61 tokenizer treats every mark as a separator, so a spacing mark
// (Mc, as in Devanagari vowel signs) left inside a term would split it in
// SQLite and not in PostgreSQL.
func normalizeWord(w string, dst []string) []string {
	if isASCII(w) {
		// Fast path: an ASCII word holds only letters and digits.
		return append(dst, truncateRunes(asciiLower(w), maxTermRunes))
	}
	// Words of the alphabets below U+0800 (Latin, Greek, Cyrillic,
	// Hebrew, Arabic…) are folded rune by rune from a table, which is what
	// the general path would do: decomposition, case and marks are
	// properties of single runes, and once marks are gone nothing in
	// these blocks recomposes. Words with other runes take the general
	// path.
	var arr [128]byte
	folded := arr[:0]
	for _, r := range w {
		if r >= foldTableSize {
			folded = nil
			break
		}
		folded = append(folded, foldTable[r]...)
	}
	recompose := false
	if folded == nil {
		folded = append(arr[:0], fold(w)...)
		recompose = true
	}
	for p := range strings.FieldsSeq(string(folded)) {
		if recompose && !isASCII(p) {
			p = norm.NFC.String(p)
		}
		dst = append(dst, truncateRunes(p, maxTermRunes))
	}
	return dst
}

// foldTableSize bounds the runes folded from foldTable.
const foldTableSize = 0x800

// foldTable[r] is fold(string(r)).
var foldTable = func() (t [foldTableSize]string) {
	for r := range rune(foldTableSize) {
		t[r] = fold(string(r))
	}
	return t
}()

// fold is the general path of normalizeWord, without recomposition and
// cutting: the normalized word with a space wherever it splits.
func fold(w string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(w) {
		if unicode.IsMark(r) || r == tatweel {
			continue
		}
		r = unicode.ToLower(r)
		switch r {
		// Letters that no decomposition reaches but that readers type
		// either way: "cœur"/"coeur", "ex æquo"/"ex aequo", "Straße"/"Strasse".
		case 'œ':
			b.WriteString("oe")
			continue
		case 'æ':
			b.WriteString("ae")
			continue
		case 'ß':
			b.WriteString("ss")
			continue
		case 'ς': // Greek final sigma is the same letter as σ
			r = 'σ'
		// Arabic spelling variants readers do not type consistently:
		// alif maqsura for final ya, ta marbuta for final ha, alif wasla
		// for alif. (أ إ آ ؤ ئ already lost their hamza/madda as marks.)
		case 'ى':
			r = 'ي'
		case 'ة':
			r = 'ه'
		case 'ٱ':
			r = 'ا'
		}
		// Arabic-Indic digits are the same numbers as ASCII digits.
		switch {
		case '٠' <= r && r <= '٩':
			r = '0' + (r - '٠')
		case '۰' <= r && r <= '۹':
			r = '0' + (r - '۰')
		}
		if r == modifierApostroph || !(unicode.IsLetter(r) || unicode.IsNumber(r)) {
			b.WriteByte(' ')
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// normalizeText returns every normalized piece of every word of s, with no
// stopword removal or stemming.
func normalizeText(s string) []string {
	var out []string
	eachWord(s, func(start, end int) bool {
		out = normalizeWord(s[start:end], out)
		return true
	})
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// asciiLower lowercases an ASCII string, without allocating when it is
// already lowercase (the common case in running text).
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// truncateRunes cuts s to at most n runes.
func truncateRunes(s string, n int) string {
	if len(s) <= n {
		return s // fewer bytes than n means fewer runes
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }
