package render

import (
	"strings"
	"unicode"
)

const (
	nbsp  = '\u00a0' // no-break space
	nnbsp = '\u202f' // narrow no-break space
	rsquo = '\u2019' // typographic apostrophe
)

// Typography applies the typographic conventions of language lang (a BCP 47
// tag such as "fr", "fr-CA", "en") to plain text and returns the result.
//
//   - Every language: a straight apostrophe between two letters becomes
//     the typographic apostrophe ’ (l'été → l’été, don't → don’t).
//   - French: a narrow no-break space (U+202F) before ; ! ? » and after «,
//     and a no-break space (U+00A0) before a colon. Spaces already typed
//     there are normalized, never doubled. A colon followed by something
//     other than a space or the end of the text (10:41, http://) and
//     ; ! ? glued to a following word (a?b, page?id=3) are left alone, as is
//     punctuation at the very start of the text.
//
// Spanish ¿…? ¡…! and Arabic punctuation are left as typed. The input is
// plain text, not HTML: Article applies Typography to text nodes only.
func Typography(lang, text string) string {
	return typo(pageLang(lang).base, text, 0, 0)
}

func isHSpace(r rune) bool {
	return r == ' ' || r == '\t' || unicode.Is(unicode.Zs, r)
}

// isWordEnd reports whether r can end a word before French high
// punctuation: a letter, a digit, or closing punctuation.
func isWordEnd(r rune) bool {
	if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
		return true
	}
	switch r {
	case ')', ']', '}', '»', '”', '’', '"', '\'', '…', '.':
		return true
	}
	return unicode.Is(unicode.Pe, r) || unicode.Is(unicode.Pf, r)
}

// isBreakAfter reports whether r, the character following a punctuation
// mark, shows that the mark ends a clause rather than sits inside a token
// such as a URL or a time: end of text (0), a space, or punctuation.
func isBreakAfter(r rune) bool {
	if r == 0 || isHSpace(r) || r == '\n' {
		return true
	}
	switch r {
	case '.', ',', ';', ':', '!', '?', ')', ']', '»', '”', '’', '"', '\'', '…', '*', '_', '-', '–', '—':
		return true
	}
	return false
}

// typo applies the rules of base language base to s. prev is the
// character just before s in the same block (0 at the start), next the
// character just after it (0 at the end, '\n' for a line break).
func typo(base, s string, prev, next rune) string {
	french := base == "fr"
	if !strings.ContainsAny(s, "'") && !(french && strings.ContainsAny(s, ";:!?«»")) {
		return s
	}
	in := []rune(s)
	out := make([]rune, 0, len(in)+4)
	before := func() rune { // last character written, or the context
		if len(out) > 0 {
			return out[len(out)-1]
		}
		return prev
	}
	after := func(i int) rune { // character following in[i]
		if i+1 < len(in) {
			return in[i+1]
		}
		return next
	}
	// spaceRun returns the start of the trailing horizontal space run of
	// out, or -1 when out does not end with one (or the run is all of the
	// text and nothing precedes it).
	spaceRun := func() int {
		j := len(out)
		for j > 0 && isHSpace(out[j-1]) {
			j--
		}
		if j == len(out) || (j == 0 && prev == 0) {
			return -1
		}
		return j
	}
	for i := 0; i < len(in); i++ {
		r := in[i]
		switch {
		case r == '\'':
			if unicode.IsLetter(before()) && unicode.IsLetter(after(i)) {
				r = rsquo
			}
		case french && (r == ';' || r == '!' || r == '?'):
			if j := spaceRun(); j >= 0 {
				out = append(out[:j], nnbsp)
			} else if b := before(); isWordEnd(b) {
				// Look past a cluster such as "?!" or "!!!".
				k := i
				for k+1 < len(in) && (in[k+1] == '!' || in[k+1] == '?') {
					k++
				}
				if isBreakAfter(after(k)) {
					out = append(out, nnbsp)
				}
			}
		case french && r == '»':
			if j := spaceRun(); j >= 0 {
				out = append(out[:j], nnbsp)
			} else if b := before(); b != 0 && !isHSpace(b) && b != '\n' && b != '«' {
				out = append(out, nnbsp)
			}
		case french && r == ':':
			if j := spaceRun(); j >= 0 {
				out = append(out[:j], nbsp)
			} else if isWordEnd(before()) && isBreakAfter(after(i)) && after(i) != ':' {
				out = append(out, nbsp)
			}
		case french && r == '«':
			out = append(out, r)
			k := i + 1
			for k < len(in) && isHSpace(in[k]) {
				k++
			}
			switch {
			case k > i+1 && (k < len(in) || next != 0):
				// Typed spaces followed by something: normalize.
				out = append(out, nnbsp)
				i = k - 1
			case k == i+1:
				if a := after(i); a != 0 && a != '\n' && !isHSpace(a) && a != '»' {
					out = append(out, nnbsp)
				}
			}
			continue
		}
		out = append(out, r)
	}
	return string(out)
}
