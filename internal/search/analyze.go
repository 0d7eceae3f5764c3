package search

import "strings"

// language is what differs between languages: which words are too common
// to be searched, and how a word is reduced to its stem. Normalization is
// the same for every language, so a passage in another language inside an
// article (an Arabic quotation in a French text) is still found by its
// normalized words.
type language struct {
	stop map[string]bool     // normalized stopwords; nil: none
	stem func(string) string // nil: no stemming
}

var (
	languages = map[string]*language{
		"fr": {stop: stopSet(frenchStopwords), stem: stemFrench},
		"en": {stop: stopSet(englishStopwords), stem: stemEnglish},
		"es": {stop: stopSet(spanishStopwords), stem: stemSpanish},
		"ar": {stop: stopSet(arabicStopwords), stem: stemArabic},
	}
	// plain serves every other language: normalization only.
	plain = &language{}
)

// languageOf returns the analyzer of a language tag ("fr", "fr-CA",
// "es_MX", "AR"): only the primary subtag counts.
func languageOf(tag string) *language {
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	for code, l := range languages {
		if strings.EqualFold(tag, code) {
			return l
		}
	}
	return plain
}

func (l *language) isStop(t string) bool { return l.stop[t] }

// stemOf returns the stem of a normalized piece; a stemmer never returns
// an empty string, but the term is kept as is if it ever did.
func (l *language) stemOf(t string) string {
	if l.stem == nil {
		return t
	}
	if s := l.stem(t); s != "" {
		return s
	}
	return t
}

// Analyze turns text in a language into index terms: words are split on
// anything that is not a letter or a digit, normalized (NFKC, lowercase,
// accents and every other combining mark removed, Arabic letter variants
// unified), stopwords are dropped and the rest is stemmed for fr, en, es
// and ar. Other languages get normalization only. See the package
// documentation for the rules and their trade-offs.
func Analyze(lang, text string) []string {
	l := languageOf(lang)
	var terms []string
	var buf []string
	eachWord(text, func(start, end int) bool {
		buf = normalizeWord(text[start:end], buf[:0])
		for _, p := range buf {
			if !l.isStop(p) {
				terms = append(terms, l.stemOf(p))
			}
		}
		return true
	})
	return terms
}

// Terms is Analyze joined by single spaces: what the store saves and has
// the database index ("" for a text without terms).
func Terms(lang, text string) string {
	return strings.Join(Analyze(lang, text), " ")
}
