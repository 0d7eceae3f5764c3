package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// genLanguages are the languages the generator writes, in the order of the
// phrases of a tr.
var genLanguages = []string{"fr", "en", "es"}

// GeneratedLanguages lists the language codes Generate can write.
func GeneratedLanguages() []string { return append([]string(nil), genLanguages...) }

func langIndex(code string) int {
	for i, l := range genLanguages {
		if l == code {
			return i
		}
	}
	return -1
}

// multi writes one drawn text in several languages at once: every random
// choice is made once, then each language writes its own phrase, so the
// versions stay translations of one another. It also counts the words each
// language has written, markup aside.
type multi struct {
	langs []int // indexes into a tr
	b     []strings.Builder
	words []int
}

func newMulti(langs []int) *multi {
	return &multi{langs: langs, b: make([]strings.Builder, len(langs)), words: make([]int, len(langs))}
}

// put writes a phrase, each language its own.
func (m *multi) put(t tr) {
	for i, l := range m.langs {
		m.b[i].WriteString(t[l])
		m.words[i] += countWords(t[l])
	}
}

// putCap writes a phrase with its first letter in upper case.
func (m *multi) putCap(t tr) {
	for i, l := range m.langs {
		m.b[i].WriteString(capFirst(t[l]))
		m.words[i] += countWords(t[l])
	}
}

// mark writes markup or punctuation, the same in every language.
func (m *multi) mark(s string) {
	for i := range m.langs {
		m.b[i].WriteString(s)
	}
}

// each lets a caller write something that differs by language.
func (m *multi) each(fn func(lang int, b *strings.Builder) (words int)) {
	for i, l := range m.langs {
		m.words[i] += fn(l, &m.b[i])
	}
}

func (m *multi) reset() {
	for i := range m.b {
		m.b[i].Reset()
		m.words[i] = 0
	}
}

// maxWords is the word count of the longest version so far.
func (m *multi) maxWords() int {
	n := 0
	for _, w := range m.words {
		n = max(n, w)
	}
	return n
}

func (m *multi) strings() []string {
	out := make([]string, len(m.b))
	for i := range m.b {
		out[i] = strings.TrimSpace(m.b[i].String())
	}
	return out
}

func countWords(s string) int {
	n, in := 0, false
	for _, r := range s {
		space := unicode.IsSpace(r)
		if !space && !in {
			n++
		}
		in = !space
	}
	return n
}

func capFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// pick draws an entry, the first ones more often than the last: a few
// sections, keywords and authors get most of the articles, as on real sites.
func pickSkewed(r *rand.Rand, n int, skew float64) int {
	return min(n-1, int(float64(n)*math.Pow(r.Float64(), skew)))
}

func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

func oneOf[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// number draws a figure that fits a stat, rounded the way a newspaper
// rounds it.
func number(r *rand.Rand, k statKind) int {
	switch k {
	case statMoney:
		return roundSignificant(int(math.Exp(math.Log(50_000)+r.Float64()*math.Log(90_000_000/50_000))), 2)
	case statPeople:
		return roundSignificant(int(math.Exp(math.Log(120)+r.Float64()*math.Log(450_000/120))), 2)
	case statPercent:
		return 2 + r.IntN(94)
	default:
		return 2 + r.IntN(47)
	}
}

func roundSignificant(n, digits int) int {
	p := 1
	for n/p >= int(math.Pow10(digits)) {
		p *= 10
	}
	return n / p * p
}

// formatNumber writes n with the language's thousands separator.
func formatNumber(n, lang int) string {
	s := strconv.Itoa(n)
	sep, from := "", 10_000
	switch genLanguages[lang] {
	case "fr":
		sep = "\u00a0"
	case "en":
		sep, from = ",", 1_000
	case "es":
		sep = "."
	}
	if n < from {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// linkTarget is an earlier article that a text may link to, per language
// ("" where that language has no public version).
type linkTarget struct {
	slug, title [3]string
}

// textGen writes the texts of one translation group.
type textGen struct {
	r *rand.Rand
	m *multi
	// link returns an earlier public article, or false when there is none.
	link func(r *rand.Rand) (linkTarget, bool)
	// group numbers external links so that each points somewhere distinct.
	group int
	// headingOrder deals the headings of one body without repeats.
	headingOrder []int
}

// clause writes "subject verb object [complement]". The object may be a
// link to an earlier article, or bold.
func (g *textGen) clause(lowerSubject, withComplement bool) {
	r, m := g.r, g.m
	s := oneOf(r, subjects)
	if lowerSubject {
		m.put(s)
	} else {
		m.putCap(s)
	}
	m.mark(" ")
	m.put(oneOf(r, verbs))
	m.mark(" ")
	o := oneOf(r, objects)
	switch x := r.Float64(); {
	case x < 0.07 && g.link != nil:
		if t, ok := g.link(r); ok {
			m.each(func(l int, b *strings.Builder) int {
				if t.slug[l] == "" {
					b.WriteString(o[l])
				} else {
					fmt.Fprintf(b, "[%s](/%s/%s)", o[l], genLanguages[l], t.slug[l])
				}
				return countWords(o[l])
			})
		} else {
			m.put(o)
		}
	case x < 0.11:
		m.mark("**")
		m.put(o)
		m.mark("**")
	default:
		m.put(o)
	}
	if withComplement {
		m.mark(" ")
		c := oneOf(r, complements)
		if chance(r, 0.04) {
			m.mark("*")
			m.put(c)
			m.mark("*")
		} else {
			m.put(c)
		}
	}
}

// sentence writes one sentence of prose.
func (g *textGen) sentence() {
	r, m := g.r, g.m
	switch x := r.Float64(); {
	case x < 0.62:
		if chance(r, 0.3) {
			m.put(oneOf(r, connectors))
			m.mark(" ")
			g.clause(true, chance(r, 0.6))
		} else {
			g.clause(false, chance(r, 0.6))
		}
		m.mark(".")
	case x < 0.76:
		g.quote()
		m.mark(".")
	case x < 0.92:
		st := oneOf(r, stats)
		n := number(r, st.kind)
		m.each(func(l int, b *strings.Builder) int {
			s := fmt.Sprintf(st.text[l], formatNumber(n, l))
			b.WriteString(s)
			return countWords(s)
		})
		m.mark(".")
	default:
		e := oneOf(r, externalLinks)
		id := r.IntN(1_000_000)
		m.each(func(l int, b *strings.Builder) int {
			link := fmt.Sprintf("[%s](https://www.example.org/%s/%d-%d)", e.anchor[l], e.path, g.group, id)
			fmt.Fprintf(b, e.text[l], link)
			return countWords(e.text[l]) - 1 + countWords(e.anchor[l])
		})
	}
}

// quote writes an attributed quotation, punctuated in each language's way,
// without the final full stop.
func (g *textGen) quote() {
	r := g.r
	q, who, says := oneOf(r, quotes), oneOf(r, speakers), oneOf(r, sayVerbs)
	g.m.each(func(l int, b *strings.Builder) int {
		switch genLanguages[l] {
		case "fr":
			fmt.Fprintf(b, "« %s », %s %s", q[l], says[l], who[l])
		case "en":
			fmt.Fprintf(b, "“%s,” %s %s", q[l], who[l], says[l])
		default:
			fmt.Fprintf(b, "«%s», %s %s", q[l], says[l], who[l])
		}
		return countWords(q[l]) + countWords(who[l]) + countWords(says[l])
	})
}

func (g *textGen) paragraph(min, max int) {
	n := min + g.r.IntN(max-min+1)
	for i := range n {
		if i > 0 {
			g.m.mark(" ")
		}
		g.sentence()
	}
	g.m.mark("\n\n")
}

// heading writes a heading not used yet in this body (the list is long
// enough for the longest body).
func (g *textGen) heading() {
	if len(g.headingOrder) == 0 {
		g.headingOrder = g.r.Perm(len(headings))
	}
	g.m.mark("## ")
	g.m.put(headings[g.headingOrder[0]])
	g.headingOrder = g.headingOrder[1:]
	g.m.mark("\n\n")
}

func (g *textGen) list() {
	r, m := g.r, g.m
	m.put(oneOf(r, listIntros))
	m.mark("\n\n")
	for _, i := range r.Perm(len(objects))[:3+r.IntN(3)] {
		m.mark("- ")
		m.putCap(objects[i])
		if chance(r, 0.4) {
			m.mark(" ")
			m.put(oneOf(r, complements))
		}
		m.mark("\n")
	}
	m.mark("\n")
}

func (g *textGen) table() {
	r, m := g.r, g.m
	m.mark("| ")
	m.put(tableHeader[0])
	m.mark(" | ")
	m.put(tableHeader[1])
	m.mark(" |\n|---|---:|\n")
	for _, i := range r.Perm(len(tableRows))[:3+r.IntN(2)] {
		row := tableRows[i]
		n := number(r, row.kind)
		m.mark("| ")
		m.put(row.text)
		m.each(func(l int, b *strings.Builder) int {
			fmt.Fprintf(b, " | %s |\n", formatNumber(n, l))
			return 1
		})
	}
	m.mark("\n")
}

func (g *textGen) blockquote() {
	g.m.mark("> ")
	g.quote()
	g.m.mark(".\n\n")
}

// body writes an article of about target words (the longest version
// reaches it; the others are within a fifth of it) in every language:
// an opening paragraph, then sections under headings with paragraphs,
// lists, quotations and now and then a table, and sometimes a "read also"
// link at the end.
func (g *textGen) body(target int) []string {
	r, m := g.r, g.m
	m.reset()
	g.headingOrder = r.Perm(len(headings))
	g.paragraph(3, 5)
	tabled := false
	sinceHeading := 0
	for m.maxWords() < target {
		if sinceHeading >= 2 && chance(r, 0.45) || sinceHeading >= 4 {
			g.heading()
			sinceHeading = 0
		}
		switch x := r.Float64(); {
		case x < 0.1:
			g.list()
		case x < 0.15:
			g.blockquote()
		case x < 0.18 && !tabled:
			g.table()
			tabled = true
		default:
			g.paragraph(2, 6)
		}
		sinceHeading++
	}
	if g.link != nil && chance(r, 0.3) {
		if t, ok := g.link(r); ok {
			m.each(func(l int, b *strings.Builder) int {
				if t.slug[l] == "" {
					return 0
				}
				fmt.Fprintf(b, "**%s** [%s](/%s/%s)\n", readAlso[l], t.title[l], genLanguages[l], t.slug[l])
				return countWords(readAlso[l]) + countWords(t.title[l])
			})
		}
	}
	return m.strings()
}

// addendum writes a new section for a source that changed after it was
// translated: a heading and a paragraph.
func (g *textGen) addendum() []string {
	g.m.reset()
	g.heading()
	g.paragraph(3, 5)
	return g.m.strings()
}

// headline is an article's title: a short clause, sometimes completed.
func (g *textGen) headline() []string {
	g.m.reset()
	g.clauseNoLink(chance(g.r, 0.25))
	return g.m.strings()
}

// clauseNoLink is a clause fit for a title: no markup.
func (g *textGen) clauseNoLink(withComplement bool) {
	r, m := g.r, g.m
	m.putCap(oneOf(r, subjects))
	m.mark(" ")
	m.put(oneOf(r, verbs))
	m.mark(" ")
	m.put(oneOf(r, objects))
	if withComplement {
		m.mark(" ")
		m.put(oneOf(r, complements))
	}
}

// lead is the paragraph under the title: one or two plain sentences.
func (g *textGen) lead() []string {
	r, m := g.r, g.m
	m.reset()
	for i := range 1 + r.IntN(2) {
		if i > 0 {
			m.mark(" ")
			m.put(oneOf(r, connectors))
			m.mark(" ")
			m.put(oneOf(r, subjects))
		} else {
			m.putCap(oneOf(r, subjects))
		}
		m.mark(" ")
		m.put(oneOf(r, verbs))
		m.mark(" ")
		m.put(oneOf(r, objects))
		m.mark(" ")
		m.put(oneOf(r, complements))
		m.mark(".")
	}
	return m.strings()
}

// subtitle is an attributed quotation, or nothing.
func (g *textGen) subtitle() []string {
	g.m.reset()
	if chance(g.r, 0.5) {
		g.quote()
	}
	return g.m.strings()
}

// surtitle names the kind of piece, or nothing.
func (g *textGen) surtitle() []string {
	g.m.reset()
	if chance(g.r, 0.4) {
		g.m.put(oneOf(g.r, surtitles))
	}
	return g.m.strings()
}

func (g *textGen) place() []string {
	g.m.reset()
	if chance(g.r, 0.6) {
		g.m.put(oneOf(g.r, places))
	}
	return g.m.strings()
}
