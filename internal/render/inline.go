package render

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// inline renders an inline node and returns the last node it rendered
// (itself, or the last of a run of text nodes).
func (r *renderer) inline(n ast.Node) ast.Node {
	switch n := n.(type) {
	case *ast.Text:
		return r.textRun(n)
	case *ast.String:
		v := cleanText(string(n.Value))
		if n.IsRaw() || n.IsCode() {
			r.textOut(v)
		} else {
			r.textOut(typo(r.lang().base, v, r.prev, r.nextRune(n)))
		}
	case *ast.CodeSpan:
		r.raw("<code>")
		var b strings.Builder
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				v := t.Segment.Value(r.src)
				if len(v) > 0 && v[len(v)-1] == '\n' {
					b.Write(v[:len(v)-1])
					b.WriteByte(' ')
				} else {
					b.Write(v)
				}
			}
		}
		r.textOut(b.String())
		r.raw("</code>")
	case *ast.Emphasis:
		tag := "em"
		if n.Level >= 2 {
			tag = "strong"
		}
		r.wrap(n, 1, "<"+tag+">", "</"+tag+">")
	case *east.Strikethrough:
		r.wrap(n, 1, "<del>", "</del>")
	case *ast.Link:
		r.link(n)
	case *ast.AutoLink:
		r.autoLink(n)
	case *ast.Image:
		r.inlineImage(n)
	case *ast.RawHTML:
		// Raw HTML is shown as typed, as text.
		var b strings.Builder
		for i := 0; i < n.Segments.Len(); i++ {
			seg := n.Segments.At(i)
			b.Write(seg.Value(r.src))
		}
		r.textOut(b.String())
	case *east.FootnoteLink:
		r.footnoteLink(n)
	case *east.FootnoteBacklink:
		r.footnoteBacklink(n)
	case *langSpan:
		if r.depth >= maxDepth {
			r.children(n)
			break
		}
		r.raw("<span" + langAttrs(n.lang, r.lang()) + ">")
		r.depth++
		r.pushLang(n.lang)
		r.children(n)
		r.popLang()
		r.depth--
		r.raw("</span>")
	default:
		r.children(n)
	}
	return n
}

// textRun writes n and the plain Text siblings that directly follow it on
// the same line as one string, with the typography of the current
// language. (The parser splits text at every character that might have
// started some markup, e.g. "word !" may come as "word " and "!".) It
// returns the last node written.
func (r *renderer) textRun(n *ast.Text) ast.Node {
	if n.IsRaw() {
		r.textOut(string(n.Segment.Value(r.src)))
		return n
	}
	last := n
	s := unescapeMarkdown(n.Segment.Value(r.src))
	if t, ok := n.NextSibling().(*ast.Text); ok && !t.IsRaw() && !n.SoftLineBreak() && !n.HardLineBreak() {
		var b strings.Builder
		b.WriteString(s)
		for !last.SoftLineBreak() && !last.HardLineBreak() {
			t, ok := last.NextSibling().(*ast.Text)
			if !ok || t.IsRaw() {
				break
			}
			b.WriteString(unescapeMarkdown(t.Segment.Value(r.src)))
			last = t
		}
		s = b.String()
	}
	brk := last.SoftLineBreak() || last.HardLineBreak()
	next := '\n'
	if !brk {
		next = r.nextRune(last)
	}
	cur := r.lang()
	r.textOut(typo(cur.base, s, r.prev, next))
	switch {
	case last.HardLineBreak():
		r.raw("<br>\n")
		r.prev = '\n'
	case last.SoftLineBreak():
		// A line break is a space: in French, it is the space before high
		// punctuation or after « when the writer wrapped the line there.
		if cur.base == "fr" {
			nr := r.nextRune(last)
			switch {
			case nr == ':':
				r.textOut(string(nbsp))
				return last
			case nr == ';' || nr == '!' || nr == '?' || nr == '»' || (r.prev == '«' && nr != 0):
				r.textOut(string(nnbsp))
				return last
			}
		}
		r.raw("\n")
		if r.capture != nil {
			r.capture.WriteByte(' ')
		}
		r.prev = '\n'
	}
	return last
}

// nextRune returns the first character of the inline content following n
// in the same block, '\n' for a line break, or 0 at the end of the block.
func (r *renderer) nextRune(n ast.Node) rune {
	for cur := n; cur != nil; {
		if s := cur.NextSibling(); s != nil {
			if c, ok := r.firstRune(s); ok {
				return c
			}
			cur = s
			continue
		}
		p := cur.Parent()
		if p == nil || p.Type() != ast.TypeInline {
			return 0
		}
		cur = p
	}
	return 0
}

// firstRune returns the first character n renders as text; ok is false
// when n renders nothing, so that the search goes on after it.
func (r *renderer) firstRune(n ast.Node) (rune, bool) {
	switch n := n.(type) {
	case *ast.Text:
		v := n.Segment.Value(r.src)
		if len(v) > 0 {
			if v[0] == '\\' || v[0] == '&' {
				if s := unescapeMarkdown(v); s != "" {
					return firstRuneOf(s), true
				}
			} else {
				c, _ := utf8.DecodeRune(v)
				return c, true
			}
		}
		if n.SoftLineBreak() || n.HardLineBreak() {
			return '\n', true
		}
		return 0, false
	case *ast.String:
		if len(n.Value) == 0 {
			return 0, false
		}
		c, _ := utf8.DecodeRune(n.Value)
		return c, true
	case *ast.CodeSpan:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok && t.Segment.Len() > 0 {
				c, _ := utf8.DecodeRune(t.Segment.Value(r.src))
				return c, true
			}
		}
		return 0, false
	case *ast.AutoLink:
		c, _ := utf8.DecodeRune(n.Label(r.src))
		return c, true
	case *ast.RawHTML:
		return '<', true
	case *east.FootnoteLink:
		return '1', true
	case *ast.Emphasis, *ast.Link, *east.Strikethrough, *langSpan:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if x, ok := r.firstRune(c); ok {
				return x, true
			}
		}
		return 0, false
	}
	return 0, true
}

// link renders [text](url "title").
func (r *renderer) link(n *ast.Link) {
	dest := unescapeMarkdown(n.Destination)
	if r.inLink > 0 {
		r.children(n)
		return
	}
	u, kind, ok := safeURL(dest, useLink)
	if !ok {
		if strings.TrimSpace(dest) != "" {
			r.warn("link " + strconv.Quote(dest) + " was removed: only http, https, mailto, relative and #fragment URLs are allowed")
		}
		r.children(n)
		return
	}
	r.raw(`<a`)
	r.attr("href", u)
	if n.Title != nil {
		if t := strings.TrimSpace(unescapeMarkdown(n.Title)); t != "" {
			r.attr("title", t)
		}
	}
	if kind == urlAbsolute {
		r.raw(` rel="noopener"`)
	}
	r.raw(">")
	r.inLink++
	if n.HasChildren() {
		r.children(n)
	} else {
		r.textOut(dest)
	}
	r.inLink--
	if kind == urlAbsolute {
		r.hiddenLabel(" " + r.labels.ExternalLink)
	}
	r.raw("</a>")
}

// autoLink renders <https://…>, bare URLs and e-mail addresses.
func (r *renderer) autoLink(n *ast.AutoLink) {
	label := string(n.Label(r.src))
	dest := string(n.URL(r.src))
	if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(dest), "mailto:") {
		dest = "mailto:" + dest
	}
	u, kind, ok := safeURL(dest, useLink)
	if !ok || r.inLink > 0 {
		r.textOut(label)
		return
	}
	r.raw(`<a`)
	r.attr("href", u)
	if kind == urlAbsolute {
		r.raw(` rel="noopener"`)
	}
	r.raw(">")
	r.textOut(label)
	if kind == urlAbsolute {
		r.hiddenLabel(" " + r.labels.ExternalLink)
	}
	r.raw("</a>")
}

func (r *renderer) footnoteLink(n *east.FootnoteLink) {
	num := strconv.Itoa(n.Index)
	if r.inLink > 0 {
		r.raw(`<sup class="footnote-ref">` + num + `</sup>`)
	} else {
		r.raw(`<sup class="footnote-ref"><a href="#` + footnoteID(n.Index) + `" id="` +
			footnoteRefID(n.Index, n.RefIndex) + `" aria-describedby="` + footnotesTitleID + `">` +
			num + `</a></sup>`)
	}
	r.prev = '1'
}

func (r *renderer) footnoteBacklink(n *east.FootnoteBacklink) {
	label := r.labels.FootnoteBack
	visible := "↩\ufe0e"
	if n.RefCount > 1 {
		k := strconv.Itoa(n.RefIndex + 1)
		label += " (" + k + ")"
		visible += "<sup>" + k + "</sup>"
	}
	r.raw(` <a href="#` + footnoteRefID(n.Index, n.RefIndex) + `" class="footnote-backref"><span aria-hidden="true">` + visible + `</span>`)
	r.hiddenLabel(label)
	r.raw(`</a>`)
}
