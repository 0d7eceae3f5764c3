package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

var fuzzLanguages = []string{"fr", "en", "es", "ar", "de"}

// FuzzParseQuery checks that no reader input can break a query: no panic,
// FTS5() made only of double-quoted terms, spaces and AND, TSQuery() with
// balanced quotes, at most 16 terms, every term indexable and found among
// the terms of the same text. Excerpt and Highlight of the input by its
// own query must hold together too.
func FuzzParseQuery(f *testing.F) {
	for i, q := range hostileQueries {
		f.Add(uint8(i), q)
	}
	f.Add(uint8(0), `« l'été » "OR" NEAR/3 title:*`)
	f.Add(uint8(3), "وَالعَرَبِيَّةُ ـ للكتاب")
	f.Fuzz(func(t *testing.T, l uint8, q string) {
		lang := fuzzLanguages[int(l)%len(fuzzLanguages)]
		checkQuery(t, lang, q)

		for _, term := range Analyze(lang, q) {
			checkTerm(t, term)
		}
		pq := ParseQuery(lang, q)
		h := Highlight(lang, q, pq)
		checkSegments(t, h)
		if got, want := joinSegments(h), strings.ToValidUTF8(q, ""); got != want {
			t.Fatalf("Highlight changed the text: %q, want %q", got, want)
		}
		e := Excerpt(lang, q, pq, 30)
		checkSegments(t, e)
		if !utf8.ValidString(joinSegments(e)) {
			t.Fatalf("Excerpt is not valid UTF-8: %q", joinSegments(e))
		}
		if !pq.Empty() && !onlyStopwords(lang, pq) {
			// The query's own (cleaned) text contains its terms: the
			// excerpt shows a match.
			e := Excerpt(lang, pq.Raw, pq, 30)
			checkSegments(t, e)
			found := false
			for _, s := range e {
				found = found || s.Match
			}
			if !found {
				t.Fatalf("Excerpt(%q) of its own query %q has no match: %+v", pq.Raw, pq.Groups, e)
			}
		}
		if md := MarkdownText(q); !utf8.ValidString(md) {
			t.Fatalf("MarkdownText(%q) is not valid UTF-8", q)
		}
	})
}

func onlyStopwords(lang string, q Query) bool {
	for t := range q.terms() {
		if !languageOf(lang).isStop(t) {
			return false
		}
	}
	return true
}
