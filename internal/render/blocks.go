package render

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

const footnotesTitleID = "footnotes-title"

var codeLang = regexp.MustCompile(`^[A-Za-z0-9_+-]{1,32}$`)

// block renders a block node.
func (r *renderer) block(n ast.Node) {
	r.prev = 0
	switch n := n.(type) {
	case *ast.Document:
		r.children(n)
	case *ast.Paragraph:
		r.paragraph(n, true)
	case *ast.TextBlock:
		r.paragraph(n, false)
	case *ast.Heading:
		r.heading(n)
	case *ast.ThematicBreak:
		r.raw("<hr>\n")
	case *ast.CodeBlock:
		r.codeBlock(n, "")
	case *ast.FencedCodeBlock:
		lang := ""
		if n.Info != nil {
			info := string(n.Info.Segment.Value(r.src))
			if f := strings.Fields(info); len(f) > 0 && codeLang.MatchString(f[0]) {
				lang = f[0]
			}
		}
		r.codeBlock(n, lang)
	case *ast.Blockquote:
		r.wrap(n, 1, "<blockquote>\n", "</blockquote>\n")
	case *ast.List:
		if n.IsOrdered() {
			open := "<ol>\n"
			if n.Start != 1 {
				open = `<ol start="` + strconv.Itoa(n.Start) + `">` + "\n"
			}
			r.wrap(n, 2, open, "</ol>\n")
		} else {
			r.wrap(n, 2, "<ul>\n", "</ul>\n")
		}
	case *ast.ListItem:
		if r.flat[n.Parent()] {
			r.children(n)
			if n.FirstChild() != nil && n.LastChild().Kind() == ast.KindTextBlock {
				r.raw("\n")
			}
			return
		}
		r.raw("<li>")
		if fc := n.FirstChild(); fc != nil && fc.Kind() != ast.KindTextBlock {
			r.raw("\n")
		}
		r.children(n)
		r.raw("</li>\n")
	case *ast.HTMLBlock:
		r.htmlBlock(n)
	case *langBlock:
		if !n.HasChildren() {
			return
		}
		if r.depth >= maxDepth {
			// Too deep to nest: keep the text, lose the attributes.
			r.children(n)
			return
		}
		r.raw("<div" + langAttrs(n.lang, r.lang()) + ">\n")
		r.depth++
		r.pushLang(n.lang)
		r.children(n)
		r.popLang()
		r.depth--
		r.raw("</div>\n")
	case *east.Table:
		r.table(n)
	case *east.FootnoteList:
		r.footnoteList(n)
	case *east.Footnote:
		r.raw(`<li id="` + footnoteID(n.Index) + `">` + "\n")
		r.children(n)
		r.raw("</li>\n")
	default:
		r.children(n)
	}
}

// maxDepth bounds the nesting of container elements (block quotes, lists,
// passages, emphasis…). Deeper containers are flattened: their content is
// kept, their wrapper dropped, so that pathological input still yields
// HTML that parsers accept (browsers and x/net/html stop at 512 levels).
const maxDepth = 64

// wrap renders n's children inside open/close markup counting levels of
// nesting, or flattened when that would exceed maxDepth.
func (r *renderer) wrap(n ast.Node, levels int, open, close string) {
	if r.depth+levels > maxDepth {
		if r.flat == nil {
			r.flat = map[ast.Node]bool{}
		}
		r.flat[n] = true
		r.children(n)
		return
	}
	r.raw(open)
	r.depth += levels
	r.children(n)
	r.depth -= levels
	r.raw(close)
}

// paragraph renders a paragraph, or the figure or video embed it stands
// for. TextBlocks (paragraphs of tight lists) get no <p>.
func (r *renderer) paragraph(n ast.Node, wrap bool) {
	if only := r.soleChild(n); only != nil {
		switch c := only.(type) {
		case *ast.Image:
			r.figure(c)
			return
		case *ast.AutoLink:
			if c.AutoLinkType == ast.AutoLinkURL {
				if v, ok := parseVideo(string(c.URL(r.src))); ok {
					r.video(v, nil)
					return
				}
			}
		case *ast.Link:
			if v, ok := parseVideo(unescapeMarkdown(c.Destination)); ok {
				r.video(v, c)
				return
			}
		}
	}
	if wrap {
		r.raw("<p>")
		r.children(n)
		r.raw("</p>\n")
		return
	}
	r.children(n)
	if n.NextSibling() != nil {
		r.raw("\n")
	}
}

// soleChild returns the only child of a paragraph, ignoring empty text, or
// nil.
func (r *renderer) soleChild(n ast.Node) ast.Node {
	var only ast.Node
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok && !t.HardLineBreak() && strings.TrimSpace(string(t.Segment.Value(r.src))) == "" {
			continue
		}
		if only != nil {
			return nil
		}
		only = c
	}
	return only
}

func (r *renderer) codeBlock(n ast.Node, lang string) {
	r.raw("<pre><code")
	if lang != "" {
		r.attr("class", "language-"+lang)
	}
	r.raw(">")
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		r.esc(string(seg.Value(r.src)))
	}
	r.raw("</code></pre>\n")
}

// htmlBlock shows raw HTML typed by the writer as text: nothing is lost,
// nothing is interpreted.
func (r *renderer) htmlBlock(n *ast.HTMLBlock) {
	var b strings.Builder
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		b.Write(seg.Value(r.src))
	}
	if n.HasClosure() {
		b.Write(n.ClosureLine.Value(r.src))
	}
	s := strings.TrimRight(b.String(), "\n")
	if strings.TrimSpace(s) == "" {
		return
	}
	r.raw("<p>")
	r.esc(s)
	r.raw("</p>\n")
}

// headingLevel maps a Markdown heading level to the rendered level. The
// article title is the page's h1, so "#" gives h2; levels are then kept
// from skipping (h2 followed by "####" gives h3), which validators report
// as an error and which confuses screen reader navigation.
func (r *renderer) headingLevel(src int) int {
	for len(r.outline) > 0 && r.outline[len(r.outline)-1].src >= src {
		r.outline = r.outline[:len(r.outline)-1]
	}
	level := 2
	if len(r.outline) > 0 {
		level = min(r.outline[len(r.outline)-1].out+1, 6)
	}
	r.outline = append(r.outline, outlineEntry{src, level})
	return level
}

// outlineEntry is an open heading: its Markdown and rendered levels.
type outlineEntry struct{ src, out int }

func (r *renderer) heading(n *ast.Heading) {
	outer := r.w
	inner := &strings.Builder{}
	capture := &strings.Builder{}
	r.w, r.capture = inner, capture
	r.children(n)
	r.w, r.capture = outer, nil
	plain := collapseSpace(capture.String())
	if strings.TrimSpace(inner.String()) == "" {
		return
	}
	id := r.uniqueID(slugify(plain))
	level := r.headingLevel(n.Level)
	h := strconv.Itoa(level)
	r.raw("<h" + h + ` id="` + escapeString(id) + `">`)
	r.raw(inner.String())
	r.raw(` <a class="heading-anchor" href="#` + escapeString(id) + `"><span aria-hidden="true">#</span>`)
	r.hiddenLabel(format(r.labels.HeadingAnchor, plain))
	r.raw("</a></h" + h + ">\n")
	hl := ""
	if cur := r.lang(); cur.tag != r.page.tag {
		hl = cur.tag
	}
	r.headings = append(r.headings, Heading{Level: level, ID: id, Text: plain, Lang: hl})
}

// collapseSpace trims s and collapses runs of ASCII white space (line
// breaks included) to one space; no-break spaces are kept.
func collapseSpace(s string) string {
	var b strings.Builder
	space := false
	for _, c := range s {
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(c)
	}
	return b.String()
}

func (r *renderer) uniqueID(base string) string {
	id := base
	for i := 1; r.ids[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	r.ids[id] = true
	return id
}

func alignClass(a east.Alignment) string {
	switch a {
	case east.AlignLeft:
		return "align-left"
	case east.AlignCenter:
		return "align-center"
	case east.AlignRight:
		return "align-right"
	}
	return ""
}

func (r *renderer) table(t *east.Table) {
	r.raw("<table>\n")
	body := false
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		header := row.Kind() == east.KindTableHeader
		if header {
			r.raw("<thead>\n")
		} else if !body {
			r.raw("<tbody>\n")
			body = true
		}
		r.raw("<tr>\n")
		for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
			r.prev = 0
			tag := "td"
			if header {
				tag = "th"
			}
			r.raw("<" + tag)
			if header {
				r.raw(` scope="col"`)
			}
			if c, ok := cell.(*east.TableCell); ok {
				if cls := alignClass(c.Alignment); cls != "" {
					r.attr("class", cls)
				}
			}
			r.raw(">")
			r.children(cell)
			r.raw("</" + tag + ">\n")
		}
		r.raw("</tr>\n")
		if header {
			r.raw("</thead>\n")
		}
	}
	if body {
		r.raw("</tbody>\n")
	}
	r.raw("</table>\n")
}

// Footnote ids: "fn-N" for notes, "fnref-N" (then "fnref-N-2"…) for the
// references. Heading ids never take them.
func footnoteID(index int) string { return "fn-" + strconv.Itoa(index) }

func footnoteRefID(index, ref int) string {
	id := "fnref-" + strconv.Itoa(index)
	if ref > 0 {
		id += "-" + strconv.Itoa(ref+1)
	}
	return id
}

func (r *renderer) reserveFootnoteIDs(doc ast.Node) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *east.FootnoteLink:
			r.ids[footnoteRefID(n.Index, n.RefIndex)] = true
		case *east.Footnote:
			r.ids[footnoteID(n.Index)] = true
		}
		return ast.WalkContinue, nil
	})
}

func (r *renderer) footnoteList(n *east.FootnoteList) {
	if !n.HasChildren() {
		return
	}
	r.raw(`<section class="footnotes" aria-labelledby="` + footnotesTitleID + `">` + "\n")
	r.raw(`<h2 id="` + footnotesTitleID + `"` + r.labelAttrs() + `>`)
	r.esc(r.labels.FootnotesTitle)
	r.raw("</h2>\n<ol>\n")
	// Headings inside notes come under the "Notes" h2.
	r.outline = []outlineEntry{{0, 2}}
	r.children(n)
	r.raw("</ol>\n</section>\n")
}
