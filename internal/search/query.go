package search

import (
	"strings"
	"unicode"
)

// MaxQueryRunes bounds a reader query: longer input is cut.
const MaxQueryRunes = 200

// maxQueryTerms bounds the terms of a query, all groups together, so that
// a query stays cheap for the database whatever is typed.
const maxQueryTerms = 16

// Query is a parsed reader query.
type Query struct {
	// Groups are phrases of analyzed terms: words typed between quotes
	// stay together, every other word is a group of one term. All groups
	// must match (AND).
	Groups [][]string
	// Raw is the query as cleaned: invalid UTF-8 and control characters
	// removed, cut to MaxQueryRunes, trimmed. It is what the search box
	// shows back.
	Raw string
}

// quoteRunes open and close phrases: the ASCII quote and the typographic
// quotes readers of the four languages type (« », “ ”, „). They all
// toggle, so unbalanced or mismatched quotes cannot fail: a phrase left
// open ends with the query.
const quoteRunes = "\"«»“”„"

// operators are the words FTS5 and web search engines treat as operators.
// In capitals and outside quotes they are taken for what the reader meant
// — syntax, here a separator — and dropped; in lowercase they are words
// ("or" is gold in French).
var operators = map[string]bool{"AND": true, "OR": true, "NOT": true, "NEAR": true}

// queryTerm is one normalized piece of a query, before the stopword
// decision is made for the whole query.
type queryTerm struct {
	norm, stem string
	stop       bool
}

// ParseQuery parses what a reader typed. It never fails: quotes (even
// unbalanced), operators (AND OR NOT NEAR - + * ^ : ( )), FTS5 and tsquery
// syntax and stray punctuation are plain separators, since only letters
// and digits make terms. Terms are analyzed like the indexed text.
// Stopwords are dropped, unless the query has nothing else: then they are
// kept, normalized but unstemmed — the query is not empty, even if such
// words are not indexed and it finds nothing. At most 16 terms are kept.
func ParseQuery(lang, q string) Query {
	raw := cleanQuery(q)
	l := languageOf(lang)

	var groups [][]queryTerm
	var phrase []queryTerm
	inPhrase := false
	var buf []string
	word := func(w string) {
		if !inPhrase && operators[w] {
			return
		}
		buf = normalizeWord(w, buf[:0])
		for _, p := range buf {
			t := queryTerm{norm: p, stop: l.isStop(p)}
			if !t.stop {
				t.stem = l.stemOf(p)
			}
			if inPhrase {
				phrase = append(phrase, t)
			} else {
				groups = append(groups, []queryTerm{t})
			}
		}
	}
	start := -1
	for i, r := range raw {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			word(raw[start:i])
			start = -1
		}
		if strings.ContainsRune(quoteRunes, r) {
			if inPhrase && len(phrase) > 0 {
				groups = append(groups, phrase)
				phrase = nil
			}
			inPhrase = !inPhrase
		}
	}
	if start >= 0 {
		word(raw[start:])
	}
	if len(phrase) > 0 {
		groups = append(groups, phrase)
	}

	onlyStop := true
	for _, g := range groups {
		for _, t := range g {
			onlyStop = onlyStop && t.stop
		}
	}

	out := Query{Raw: raw}
	seen := make(map[string]bool)
	n := 0
	for _, g := range groups {
		var terms []string
		for _, t := range g {
			switch {
			case n+len(terms) >= maxQueryTerms:
			case onlyStop:
				terms = append(terms, t.norm)
			case !t.stop:
				terms = append(terms, t.stem)
			}
		}
		key := strings.Join(terms, " ")
		if len(terms) == 0 || seen[key] {
			continue // "ete été" is one group
		}
		seen[key] = true
		out.Groups = append(out.Groups, terms)
		n += len(terms)
	}
	return out
}

// cleanQuery removes invalid UTF-8 and control characters (a newline
// pasted into the box is a space), cuts to MaxQueryRunes and trims.
func cleanQuery(q string) string {
	q = strings.ToValidUTF8(q, "")
	var b strings.Builder
	n := 0
	for _, r := range q {
		if n == MaxQueryRunes {
			break
		}
		if unicode.IsControl(r) {
			r = ' '
		}
		b.WriteRune(r)
		n++
	}
	return strings.TrimSpace(b.String())
}

// Empty reports whether the query has no term: there is nothing to
// search, and FTS5 and TSQuery return "".
func (q Query) Empty() bool {
	for _, g := range q.Groups {
		for _, t := range g {
			if t != "" {
				return false
			}
		}
	}
	return true
}

// FTS5 renders the query for an SQLite FTS5 MATCH: every group is a
// double-quoted string, so FTS5 reads it as a phrase of its tokens and
// never as syntax; groups are joined with AND. A quote inside a term
// (impossible after analysis, but Query is a plain struct) is doubled, as
// FTS5 strings require. Empty terms and groups are skipped; "" for an
// empty query.
func (q Query) FTS5() string {
	var b strings.Builder
	for _, g := range q.Groups {
		terms := nonEmpty(g)
		if len(terms) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(" AND ")
		}
		b.WriteByte('"')
		for i, t := range terms {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(strings.ReplaceAll(t, `"`, `""`))
		}
		b.WriteByte('"')
	}
	return b.String()
}

// TSQuery renders the query for PostgreSQL to_tsquery('simple', …): every
// term is a single-quoted lexeme (quotes doubled, backslashes escaped, as
// the tsquery input syntax requires), the terms of a phrase are joined
// with <-> (followed by) and parenthesized, groups with &. "" for an empty
// query.
func (q Query) TSQuery() string {
	var b strings.Builder
	for _, g := range q.Groups {
		terms := nonEmpty(g)
		if len(terms) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(" & ")
		}
		if len(terms) > 1 {
			b.WriteByte('(')
		}
		for i, t := range terms {
			if i > 0 {
				b.WriteString(" <-> ")
			}
			b.WriteByte('\'')
			t = strings.ReplaceAll(t, `\`, `\\`)
			b.WriteString(strings.ReplaceAll(t, `'`, `''`))
			b.WriteByte('\'')
		}
		if len(terms) > 1 {
			b.WriteByte(')')
		}
	}
	return b.String()
}

// terms returns every term of the query, once.
func (q Query) terms() map[string]bool {
	set := make(map[string]bool)
	for _, g := range q.Groups {
		for _, t := range g {
			if t != "" {
				set[t] = true
			}
		}
	}
	return set
}

func nonEmpty(terms []string) []string {
	out := terms[:0:0]
	for _, t := range terms {
		if t != "" {
			out = append(out, t)
		}
	}
	return out
}
