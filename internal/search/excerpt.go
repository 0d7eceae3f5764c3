package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Segment is a piece of an excerpt or a highlighted title. The caller
// renders it with html/template, which escapes Text, and wraps matches in
// <mark>.
type Segment struct {
	Text  string
	Match bool
}

// defaultExcerptRunes is used when Excerpt is given no positive length.
const defaultExcerptRunes = 200

// ellipsis marks text cut at the start or the end of an excerpt.
const ellipsis = "…"

// Excerpt returns about maxRunes of text around the first word that
// matches the query, matching words marked. A word matches when one of its
// terms, analyzed as the index analyzes text, is a term of the query; for
// a query made only of stopwords, when its normalized form is one of them.
// Runs of white space become one space (no-break spaces are kept). The excerpt starts and ends
// between words (white space), with "…" where text was cut, and begins a
// third of its length before the match, or earlier if the text ends soon
// after it. Without any match, it is the beginning of the text. A
// maxRunes of 0 or less means 200. Matching is word by word: the words of
// a quoted phrase are marked wherever they appear.
func Excerpt(lang, text string, q Query, maxRunes int) []Segment {
	if maxRunes <= 0 {
		maxRunes = defaultExcerptRunes
	}
	text = collapseSpace(strings.ToValidUTF8(text, ""))
	if text == "" {
		return nil
	}
	m := newMatcher(lang, q)

	// The anchor is the first matching word, or the start of the text.
	anchor, anchorEnd := 0, 0
	m.scan(text, 0, len(text), func(s, e int) bool {
		anchor, anchorEnd = s, e
		return false
	})

	start := 0
	if anchorEnd > 0 {
		start = back(text, anchor, maxRunes/3)
		if forward(text, start, maxRunes) == len(text) {
			// The text ends within the window: use the room before.
			start = back(text, len(text), maxRunes)
		}
		start = min(start, anchor)
		if start > 0 && text[start-1] != ' ' {
			// Inside a chunk of text: go on to the next one, unless that
			// passes the match ("l’été"), then back to its beginning.
			if i := strings.IndexByte(text[start:anchor], ' '); i >= 0 {
				start += i + 1
			} else {
				start = strings.LastIndexByte(text[:start], ' ') + 1
			}
		}
	}
	// start is now 0 or just after a space, and end will be len(text) or
	// a space: segments never begin or end with a space.
	end := forward(text, start, maxRunes)
	if end < len(text) && text[end] != ' ' {
		// Inside a chunk: end at the last space, unless the window is a
		// single chunk (a long address) or that would cut the match.
		if i := strings.LastIndexByte(text[start:end], ' '); i > 0 && start+i >= anchorEnd {
			end = start + i
		}
	}
	end = max(end, anchorEnd)

	var segs []Segment
	if start > 0 {
		segs = appendSegment(segs, ellipsis, false)
	}
	segs = m.segments(segs, text[start:end])
	if end < len(text) {
		segs = appendSegment(segs, ellipsis, false)
	}
	return segs
}

// Highlight marks the words of a short text (a title) that match the
// query, as Excerpt does, keeping the whole text as it is.
func Highlight(lang, text string, q Query) []Segment {
	text = strings.ToValidUTF8(text, "")
	if text == "" {
		return nil
	}
	return newMatcher(lang, q).segments(nil, text)
}

// matcher finds the words of a text that match a query.
type matcher struct {
	lang  *language
	terms map[string]bool
	// onlyStop: the query's terms are all stopwords, so ParseQuery kept
	// them unstemmed and words are compared by their normalized form.
	onlyStop bool
	buf      []string
}

func newMatcher(lang string, q Query) *matcher {
	m := &matcher{lang: languageOf(lang), terms: q.terms()}
	m.onlyStop = len(m.terms) > 0
	for t := range m.terms {
		m.onlyStop = m.onlyStop && m.lang.isStop(t)
	}
	return m
}

// scan calls fn with the byte span of every matching word of text[from:to]
// until fn returns false.
func (m *matcher) scan(text string, from, to int, fn func(start, end int) bool) {
	if len(m.terms) == 0 {
		return
	}
	eachWord(text[from:to], func(s, e int) bool {
		if m.matches(text[from+s : from+e]) {
			return fn(from+s, from+e)
		}
		return true
	})
}

func (m *matcher) matches(word string) bool {
	m.buf = normalizeWord(word, m.buf[:0])
	for _, p := range m.buf {
		if m.lang.isStop(p) {
			if m.onlyStop && m.terms[p] {
				return true
			}
			continue
		}
		if m.terms[m.lang.stemOf(p)] {
			return true
		}
	}
	return false
}

// segments appends text to segs, split into matching words and the rest.
func (m *matcher) segments(segs []Segment, text string) []Segment {
	last := 0
	m.scan(text, 0, len(text), func(s, e int) bool {
		segs = appendSegment(segs, text[last:s], false)
		segs = appendSegment(segs, text[s:e], true)
		last = e
		return true
	})
	return appendSegment(segs, text[last:], false)
}

// appendSegment adds text to segs, merged with the last segment when both
// are of the same kind; empty text adds nothing.
func appendSegment(segs []Segment, text string, match bool) []Segment {
	if text == "" {
		return segs
	}
	if n := len(segs); n > 0 && segs[n-1].Match == match {
		segs[n-1].Text += text
		return segs
	}
	return append(segs, Segment{Text: text, Match: match})
}

// collapseSpace trims s and turns every run of white space into one
// space. It copies runs of other characters at once: excerpts are cut
// from whole article bodies.
func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	run := -1 // start of the current run of non-space characters
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if isSpace(r) {
			if run >= 0 {
				if b.Len() > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(s[run:i])
				run = -1
			}
		} else if run < 0 {
			run = i
		}
		i += size
	}
	if run >= 0 {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[run:])
	}
	return b.String()
}

// isSpace reports white space, except the no-break spaces typography puts
// before French punctuation ("été !"): they stay, and an excerpt is never
// cut at them.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || '\t' <= r && r <= '\r'
	}
	return unicode.IsSpace(r) && r != '\u00A0' && r != '\u202F' && r != '\u2007'
}

// back returns the byte offset n runes before i in s (0 at the most).
func back(s string, i, n int) int {
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return i
}

// forward returns the byte offset n runes after i in s (len(s) at the
// most).
func forward(s string, i, n int) int {
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}
