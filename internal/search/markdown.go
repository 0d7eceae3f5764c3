package search

import (
	"html"
	"strings"
)

// MarkdownText turns an article body in Markdown (the syntax of
// internal/render/SYNTAX.md) into the text a reader sees, for indexing and
// excerpts. It is a line-by-line reading, not a full CommonMark parser:
// good enough for words, never failing.
//
//   - Fenced code keeps its content, without the fences; ":::" lines of
//     language passages, thematic breaks, setext underlines, table
//     delimiter rows and link reference definitions are dropped.
//   - Heading markers, quote markers, list markers and footnote labels at
//     the start of a line are dropped; table pipes become spaces.
//   - Images give their alternative text and caption (title); links give
//     their text, never their address; "[text]{lang=xx}" gives its text;
//     footnote calls "[^id]" and autolinks "<https://…>" disappear, so do
//     bare web addresses; emphasis and strikethrough markers and code
//     backticks go; backslash escapes and character references are
//     resolved.
//
// Paragraphs are separated by a blank line.
func MarkdownText(md string) string {
	md = strings.ToValidUTF8(md, "")
	md = strings.ReplaceAll(md, "\r\n", "\n")
	md = strings.ReplaceAll(md, "\r", "\n")

	var out []string
	fence := "" // the opening fence of the code block we are in
	for _, line := range strings.Split(md, "\n") {
		if fence != "" {
			if closesFence(line, fence) {
				fence = ""
				out = append(out, "")
			} else {
				out = append(out, strings.TrimRight(line, " \t")) // code as typed
			}
			continue
		}
		t := strings.TrimSpace(line)
		switch {
		case openingFence(t) != "":
			fence = openingFence(t)
			out = append(out, "")
			continue
		case strings.HasPrefix(t, ":::"), isBreakLine(t):
			out = append(out, "")
			continue
		case isTableDelimiter(t), isLinkDefinition(t):
			continue
		}
		l := strings.Join(strings.Fields(inlineText(blockContent(t))), " ")
		// A removed address or note call leaves a space before the comma
		// or full stop that followed it (no language here spaces them).
		out = append(out, spaceBeforePoint.Replace(l))
	}

	// One blank line between paragraphs, none at the ends.
	var b strings.Builder
	blank := false
	for _, l := range out {
		if l == "" {
			blank = b.Len() > 0
			continue
		}
		if blank {
			b.WriteString("\n\n")
		} else if b.Len() > 0 {
			b.WriteByte('\n')
		}
		blank = false
		b.WriteString(l)
	}
	return b.String()
}

var spaceBeforePoint = strings.NewReplacer(" ,", ",", " .", ".")

// openingFence returns the fence that opens a code block ("```", "~~~~"…),
// or "".
func openingFence(t string) string {
	for _, c := range []byte{'`', '~'} {
		n := 0
		for n < len(t) && t[n] == c {
			n++
		}
		if n >= 3 {
			return t[:n]
		}
	}
	return ""
}

// closesFence reports whether line closes a block opened with fence: the
// same character, at least as many, nothing else.
func closesFence(line, fence string) bool {
	t := strings.TrimSpace(line)
	return strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]) == ""
}

// isBreakLine reports thematic breaks and setext heading underlines:
// three or more of one of - * _ =, spaces allowed.
func isBreakLine(t string) bool {
	s := strings.ReplaceAll(t, " ", "")
	if len(s) < 3 || !strings.ContainsRune("-*_=", rune(s[0])) {
		return false
	}
	return strings.Trim(s, s[:1]) == ""
}

// isTableDelimiter reports the row under a table header: |:---|:--:|.
func isTableDelimiter(t string) bool {
	return strings.Contains(t, "-") && strings.ContainsAny(t, "|:") && strings.Trim(t, "|:- \t") == ""
}

// isLinkDefinition reports "[label]: address" lines (not footnotes).
func isLinkDefinition(t string) bool {
	if !strings.HasPrefix(t, "[") || strings.HasPrefix(t, "[^") {
		return false
	}
	i := strings.Index(t, "]:")
	return i > 1 && !strings.Contains(t[:i], "]")
}

// blockContent removes the block markers at the start of a line: quote
// markers, then a list marker, then a heading marker or a footnote label.
func blockContent(t string) string {
	for strings.HasPrefix(t, ">") {
		t = strings.TrimLeft(t[1:], " \t")
	}
	if len(t) >= 2 && strings.ContainsRune("-*+", rune(t[0])) && (t[1] == ' ' || t[1] == '\t') {
		t = strings.TrimLeft(t[2:], " \t")
	} else if n := leadingDigits(t); n > 0 && n <= 9 && len(t) > n+1 &&
		(t[n] == '.' || t[n] == ')') && (t[n+1] == ' ' || t[n+1] == '\t') {
		t = strings.TrimLeft(t[n+2:], " \t")
	}
	if h := strings.TrimLeft(t, "#"); len(t)-len(h) <= 6 && len(h) < len(t) && (h == "" || h[0] == ' ' || h[0] == '\t') {
		h = strings.TrimSpace(h)
		// A closing sequence of # is part of the syntax too.
		if s := strings.TrimRight(h, "#"); s != h && (s == "" || strings.HasSuffix(s, " ")) {
			h = strings.TrimSpace(s)
		}
		return h
	}
	if strings.HasPrefix(t, "[^") {
		if i := strings.Index(t, "]:"); i > 0 {
			return strings.TrimSpace(t[i+2:])
		}
	}
	return t
}

func leadingDigits(t string) int {
	n := 0
	for n < len(t) && '0' <= t[n] && t[n] <= '9' {
		n++
	}
	return n
}

// inlineText removes inline syntax from one line.
func inlineText(s string) string {
	var b strings.Builder
	in := inline{s: s, closing: matchBrackets(s)}
	in.write(&b, 0, len(s))
	return b.String()
}

// inline is one line being read. closing[i] is the offset of the bracket
// closing the one opening at s[i], or -1: computed once for the line, so
// that reading is linear even for a line of a thousand "[".
type inline struct {
	s       string
	closing []int32
}

// matchBrackets pairs the brackets [ ] ( ) { } of s, each kind on its own
// (a "(" inside "[…]" does not need its ")" there), escaped ones ignored.
func matchBrackets(s string) []int32 {
	closing := make([]int32, len(s))
	var stacks [3][]int32
	for i := 0; i < len(s); i++ {
		closing[i] = -1
		k := strings.IndexByte("[({", s[i])
		switch {
		case s[i] == '\\':
			if i+1 < len(s) {
				i++
				closing[i] = -1
			}
		case k >= 0:
			stacks[k] = append(stacks[k], int32(i))
		default:
			if k = strings.IndexByte("])}", s[i]); k >= 0 && len(stacks[k]) > 0 {
				n := len(stacks[k]) - 1
				closing[stacks[k][n]] = int32(i)
				stacks[k] = stacks[k][:n]
			}
		}
	}
	return closing
}

// bracketed returns the text inside the bracket opening at s[i] if it is
// open and closed before end, and the offset after its closing bracket.
func (in *inline) bracketed(i, end int, open byte) (from, to, next int, ok bool) {
	if i >= end || in.s[i] != open || in.closing[i] < 0 || int(in.closing[i]) >= end {
		return 0, 0, i, false
	}
	j := int(in.closing[i])
	return i + 1, j, j + 1, true
}

// write writes the text of s[from:to] without its inline syntax.
func (in *inline) write(b *strings.Builder, from, to int) {
	s := in.s
	for i := from; i < to; {
		c := s[i]
		switch {
		case c == '\\':
			// An escaped punctuation character is itself; a lone
			// backslash at the end of a line is a hard break.
			if i+1 < to && isASCIIPunct(s[i+1]) {
				b.WriteByte(s[i+1])
				i += 2
			} else {
				if i+1 < to {
					b.WriteByte('\\')
				}
				i++
			}
		case c == '!' && i+1 < to && s[i+1] == '[':
			lf, lt, next, ok := in.bracketed(i+1, to, '[')
			if !ok {
				b.WriteByte('!')
				i++
				continue
			}
			in.write(b, lf, lt) // the alternative text
			if df, dt, after, ok := in.bracketed(next, to, '('); ok {
				if title := linkTitle(s[df:dt]); title != "" {
					b.WriteByte(' ')
					b.WriteString(inlineText(title))
				}
				next = after
			} else if _, _, after, ok := in.bracketed(next, to, '['); ok {
				next = after
			}
			i = next
		case c == '[':
			lf, lt, next, ok := in.bracketed(i, to, '[')
			switch {
			case !ok:
				b.WriteByte('[')
				i++
				continue
			case strings.HasPrefix(s[lf:lt], "^"):
				i = next // footnote call
				continue
			}
			in.write(b, lf, lt)
			if _, _, after, ok := in.bracketed(next, to, '('); ok {
				next = after // [text](address)
			} else if _, _, after, ok := in.bracketed(next, to, '['); ok {
				next = after // [text][reference]
			} else if af, at, after, ok := in.bracketed(next, to, '{'); ok && strings.HasPrefix(s[af:at], "lang=") {
				next = after // [text]{lang=xx}
			}
			i = next
		case c == '`':
			n := 1
			for i+n < to && s[i+n] == '`' {
				n++
			}
			fence := s[i : i+n]
			if j := strings.Index(s[i+n:to], fence); j >= 0 {
				b.WriteString(s[i+n : i+n+j]) // code as typed
				i += n + j + n
			} else {
				i += n
			}
		case c == '<':
			// Autolinks are short and have no spaces: looking a little
			// ahead keeps a line of many "<" linear.
			if j := strings.IndexAny(s[i+1:min(to, i+maxAutolink)], "> <"); j > 0 && s[i+1+j] == '>' && isAutolink(s[i+1:i+1+j]) {
				i += j + 2
			} else {
				b.WriteByte('<')
				i++
			}
		case c == '*' || c == '~':
			i++ // emphasis, strikethrough
		case c == '_' && (i == 0 || !isAlnumByte(s[i-1]) || i+1 == len(s) || !isAlnumByte(s[i+1])):
			i++ // emphasis; snake_case keeps its underscore
		case c == '|':
			b.WriteByte(' ')
			i++
		case c == '&':
			// Character references are at most 32 bytes long ("&CounterClockwiseContourIntegral;").
			if j := strings.IndexByte(s[i:min(to, i+40)], ';'); j > 1 {
				if u := html.UnescapeString(s[i : i+j+1]); u != s[i:i+j+1] {
					b.WriteString(u)
					i += j + 1
					continue
				}
			}
			b.WriteByte('&')
			i++
		case (i == 0 || s[i-1] == ' ' || s[i-1] == '(') && isBareURL(s[i:to]):
			// The address runs to the next space, but punctuation at its
			// end belongs to the sentence.
			j := i
			for j < to && s[j] != ' ' && s[j] != '\t' {
				j++
			}
			for j > i && strings.IndexByte(".,;:!?)", s[j-1]) >= 0 {
				j--
			}
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
}

// maxAutolink bounds the length of an autolink "<…>".
const maxAutolink = 2048

// linkTitle returns the title of a link or image destination,
// `address "title"`, or "".
func linkTitle(dest string) string {
	dest = strings.TrimSpace(dest)
	for _, q := range []string{`"`, `'`} {
		if strings.HasSuffix(dest, q) {
			if i := strings.Index(dest, " "+q); i >= 0 && i+2 < len(dest) {
				return dest[i+2 : len(dest)-1]
			}
		}
	}
	return ""
}

// isAutolink reports whether the inside of <…> is an address: a scheme
// followed by ":", or an e-mail address.
func isAutolink(s string) bool {
	if strings.ContainsAny(s, " <") {
		return false
	}
	if i := strings.IndexByte(s, ':'); i >= 2 {
		for _, c := range []byte(s[:i]) {
			if !isAlnumByte(c) && c != '+' && c != '.' && c != '-' {
				return false
			}
		}
		return true
	}
	at := strings.IndexByte(s, '@')
	return at > 0 && strings.Contains(s[at:], ".")
}

func isBareURL(s string) bool {
	for _, p := range []string{"http://", "https://", "www."} {
		if len(s) > len(p) && strings.EqualFold(s[:len(p)], p) {
			return true
		}
	}
	return false
}

func isASCIIPunct(c byte) bool {
	return strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) >= 0
}

func isAlnumByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c >= 0x80
}
