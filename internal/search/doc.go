// Package search does the linguistic work of reader search, in Go, so that
// search behaves the same on SQLite and PostgreSQL.
//
// # API
//
//	func Analyze(lang, text string) []string
//	func Terms(lang, text string) string
//	func MarkdownText(md string) string
//	func ParseQuery(lang, q string) Query
//	func (q Query) Empty() bool
//	func (q Query) FTS5() string
//	func (q Query) TSQuery() string
//	func Excerpt(lang, text string, q Query, maxRunes int) []Segment
//	func Highlight(lang, text string, q Query) []Segment
//	const MaxQueryRunes = 200
//
// # How the store uses it
//
// For each article the store saves Terms(lang, …) of its title, lead,
// MarkdownText(body) and keywords, and indexes that string with a
// tokenizer that does nothing clever: FTS5 `unicode61 remove_diacritics 0`,
// PostgreSQL to_tsvector('simple', terms). A reader query goes through
// ParseQuery and is run as MATCH q.FTS5() or @@ to_tsquery('simple',
// q.TSQuery()). Terms contain only letters and digits, lowercase, without
// marks, at most 64 runes: both tokenizers read each term as exactly one
// token, so both databases see the same terms at the same positions and
// phrases ("quoted words", matched as adjacent terms) agree too.
//
// # Analysis
//
// Text is split into words on anything that is not a letter, a digit or
// a combining mark: spaces, punctuation, apostrophes ("l'été" is "l" and
// "été"), hyphens, symbols. Each word is normalized: NFKD (NFKC and NFD in
// one step), lowercase, every combining mark removed (accents, cedilla,
// tilde, Arabic tashkeel and the hamza or madda of أ إ آ ؤ ئ), tatweel
// removed, œ æ ß spelled oe ae ss, ى → ي, ة → ه, ٱ → ا, Arabic-Indic digits
// → 0-9. Numbers are terms. Stopwords of the language are then removed
// (short embedded lists, which also drop French elided articles and
// pronouns l d j m n s t c qu jusqu lorsqu…) and each remaining word is
// stemmed: see stemFrench, stemEnglish, stemSpanish and stemArabic for
// the rules. Other languages get normalization only.
//
// Stemming conflates the singular and plural, masculine and feminine of a
// word: données/donnée, diplomate/diplomates, translation/translations,
// publicación/publicaciones, العربية/عربي. It never has to be right about
// the meaning of a word, only consistent: the text and the query go
// through the same code, so a reader finds what was written whatever the
// form typed.
//
// # Known trade-offs
//
// Accent removal and light stemming merge some distinct words. Readers
// get a few extra results; none is lost. Tests pin each of these so any
// change is deliberate.
//
//   - Accents: French mer/mère, ou/où (stopwords both), a/à; Spanish
//     año/ano (ñ is n with a tilde), si/sí, el/él, esta/está (stopwords).
//   - French: the feminine e goes, so porte/port, partie/parti; a plural
//     s goes, so mois/moi, fois/foi; -eur/-euse/-eux meet, so
//     heureux/heureuse but also, harmlessly, any -eu word.
//   - English: news/new (a plural s), evening/even (-ing).
//   - Spanish: gender and plural endings go together, so casa/caso,
//     libro/libre, mesa/mes meet.
//   - Arabic: a light stemmer cuts affixes, not patterns: broken plurals
//     (كتب/كتاب) do not meet, and ية/ي/ات suffixes make عربية and عرب
//     meet. One-letter proclitics are only removed before the article
//     (see stemArabic): "وكتاب" is not found by "كتاب".
//   - Words are split, not segmented: scripts written without spaces
//     (Chinese, Japanese, Thai) give one term per run, so only whole runs
//     are found. Removing all marks also simplifies words of scripts such
//     as Devanagari, consistently on both sides.
//   - A query made only of stopwords ("the", "le la") keeps them so that
//     it is not empty, but stopwords are not indexed: it finds nothing.
//
// The databases still bound what they index: PostgreSQL keeps word
// positions up to 16,383 (a phrase after that many terms in one document
// may match differently than in SQLite) and a tsvector up to 1 MB.
package search
