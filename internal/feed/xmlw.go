package feed

import (
	"bytes"
	"io"
	"unicode/utf8"
)

const xmlHeader = `<?xml version="1.0" encoding="utf-8"?>` + "\n"

// xmlWriter writes indented XML into a buffer. Names are constants of this
// package; every text and attribute value goes through escape, which also
// drops characters XML 1.0 forbids.
type xmlWriter struct {
	b     bytes.Buffer
	depth int
}

func (w *xmlWriter) indent() {
	for i := 0; i < w.depth; i++ {
		w.b.WriteString("  ")
	}
}

// tag writes "<name a="v"…" with attributes given as name, value pairs;
// pairs whose value is empty are left out.
func (w *xmlWriter) tag(name string, attrs []string) {
	w.indent()
	w.b.WriteByte('<')
	w.b.WriteString(name)
	for i := 0; i+1 < len(attrs); i += 2 {
		if attrs[i+1] == "" {
			continue
		}
		w.b.WriteByte(' ')
		w.b.WriteString(attrs[i])
		w.b.WriteString(`="`)
		escape(&w.b, attrs[i+1], true)
		w.b.WriteByte('"')
	}
}

// open starts an element whose children follow on their own lines.
func (w *xmlWriter) open(name string, attrs ...string) {
	w.tag(name, attrs)
	w.b.WriteString(">\n")
	w.depth++
}

// close ends the element open started.
func (w *xmlWriter) close(name string) {
	w.depth--
	w.indent()
	w.b.WriteString("</")
	w.b.WriteString(name)
	w.b.WriteString(">\n")
}

// text writes an element holding text.
func (w *xmlWriter) text(name, text string, attrs ...string) {
	w.tag(name, attrs)
	w.b.WriteByte('>')
	escape(&w.b, text, false)
	w.b.WriteString("</")
	w.b.WriteString(name)
	w.b.WriteString(">\n")
}

// empty writes an element without content.
func (w *xmlWriter) empty(name string, attrs ...string) {
	w.tag(name, attrs)
	w.b.WriteString("/>\n")
}

// flush writes the document in one call.
func (w *xmlWriter) flush(out io.Writer) error {
	_, err := out.Write(w.b.Bytes())
	return err
}

// escape writes s as XML character data or as an attribute value (in
// double quotes). "&", "<" and ">" are always escaped, so "]]>" cannot
// appear; carriage returns are written as references so parsers do not
// turn them into line feeds, and in attributes tabs and line feeds too, so
// attribute normalization does not turn them into spaces. Characters XML
// forbids and bytes that are not UTF-8 are dropped.
func escape(b *bytes.Buffer, s string, attr bool) {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		n := 1
		var esc string
		switch {
		case c >= utf8.RuneSelf:
			var r rune
			r, n = utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError && validXMLChar(r) || r == utf8.RuneError && n == 3 {
				i += n
				continue
			}
			esc = "" // invalid UTF-8, U+FFFE or U+FFFF: dropped
		case c == '&':
			esc = "&amp;"
		case c == '<':
			esc = "&lt;"
		case c == '>':
			esc = "&gt;"
		case c == '\r':
			esc = "&#xD;"
		case c == '"' && attr:
			esc = "&quot;"
		case c == '\n' && attr:
			esc = "&#xA;"
		case c == '\t' && attr:
			esc = "&#x9;"
		case c < 0x20 && c != '\n' && c != '\t':
			esc = "" // a control character XML forbids: dropped
		default:
			i++
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(esc)
		i += n
		last = i
	}
	b.WriteString(s[last:])
}
