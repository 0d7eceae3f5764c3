package render

import (
	"html/template"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

// commentURL finds http(s) URLs in plain text.
var commentURL = regexp.MustCompile(`(?i)\bhttps?://[^\s\p{Z}<>"]+`)

// Comment renders a reader comment. It is plain text: any HTML typed is
// shown as text, a blank line separates paragraphs, a single newline is a
// line break, and http(s) URLs become links with
// rel="nofollow ugc noopener". No Markdown, no typography.
func Comment(src string) template.HTML {
	if len(src) > MaxSourceSize {
		src = src[:MaxSourceSize]
	}
	src = cleanText(src)
	var b strings.Builder
	b.Grow(len(src) + len(src)/4)
	var para []string
	flush := func() {
		if len(para) == 0 {
			return
		}
		b.WriteString("<p>")
		for i, line := range para {
			if i > 0 {
				b.WriteString("<br>\n")
			}
			commentLine(&b, line)
		}
		b.WriteString("</p>\n")
		para = para[:0]
	}
	for _, line := range strings.Split(src, "\n") {
		line = strings.TrimRight(line, " \t")
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		para = append(para, line)
	}
	flush()
	return template.HTML(commentPolicy().Sanitize(b.String()))
}

// commentLine writes one line of a comment, linking its URLs.
func commentLine(b *strings.Builder, line string) {
	last := 0
	for _, m := range commentURL.FindAllStringIndex(line, -1) {
		start, end := m[0], trimURLEnd(line[m[0]:m[1]])+m[0]
		u, err := url.Parse(line[start:end])
		if err != nil || u.Host == "" || u.User != nil {
			continue
		}
		href, _, ok := safeURL(line[start:end], useLink)
		if !ok {
			continue
		}
		writeEscaped(b, line[last:start])
		b.WriteString(`<a href="`)
		writeEscaped(b, href)
		b.WriteString(`" rel="nofollow ugc noopener">`)
		writeEscaped(b, line[start:end])
		b.WriteString("</a>")
		last = end
	}
	writeEscaped(b, line[last:])
}

// trimURLEnd returns the length of u without the trailing punctuation that
// belongs to the sentence rather than the URL; a closing parenthesis or
// bracket stays when it closes one opened in the URL.
func trimURLEnd(u string) int {
	end := len(u)
	for end > 0 {
		r, size := utf8.DecodeLastRuneInString(u[:end])
		switch {
		case strings.ContainsRune(".,;:!?'*_~»”’…", r):
			end -= size
		case r == ')' && strings.Count(u[:end], "(") < strings.Count(u[:end], ")"):
			end--
		case r == ']' && strings.Count(u[:end], "[") < strings.Count(u[:end], "]"):
			end--
		default:
			return end
		}
	}
	return end
}
