package render

import (
	"bytes"
	"regexp"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// ---------------------------------------------------------------------------
// Block language passages:
//
//	::: lang=ar
//	نص عربي
//	:::

// KindLangBlock is the node kind of a block language passage.
var KindLangBlock = ast.NewNodeKind("DepecheLangBlock")

// langBlock is a container whose children are written in another language.
type langBlock struct {
	ast.BaseBlock
	lang langInfo
}

func (n *langBlock) Kind() ast.NodeKind { return KindLangBlock }

func (n *langBlock) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Lang": n.lang.tag}, nil)
}

var (
	langFenceOpen  = regexp.MustCompile(`^:{3,}[ \t]*lang=([^ \t\r\n]*)[ \t]*\r?\n?$`)
	langFenceClose = regexp.MustCompile(`^:{3,}[ \t]*\r?\n?$`)
)

type langBlockParser struct{}

func (langBlockParser) Trigger() []byte { return []byte{':'} }

func (langBlockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, _ := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || pos >= len(line) || line[pos] != ':' {
		return nil, parser.NoChildren
	}
	m := langFenceOpen.FindSubmatch(line[pos:])
	if m == nil {
		return nil, parser.NoChildren
	}
	l, ok := parseLang(string(m[1]))
	if !ok {
		return nil, parser.NoChildren
	}
	reader.AdvanceToEOL()
	return &langBlock{lang: l}, parser.HasChildren
}

func (langBlockParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, _ := reader.PeekLine()
	w, pos := util.IndentWidth(line, reader.LineOffset())
	if w < 4 && pos < len(line) && langFenceClose.Match(line[pos:]) {
		// The fence belongs to the innermost open passage (or is code
		// inside an open fenced code block): let it flow down.
		open := pc.OpenedBlocks()
		self := -1
		for i, b := range open {
			if b.Node == node {
				self = i
			}
		}
		for _, b := range open[self+1:] {
			switch b.Node.(type) {
			case *langBlock, *ast.FencedCodeBlock:
				return parser.Continue | parser.HasChildren
			}
		}
		reader.AdvanceToEOL()
		return parser.Close
	}
	return parser.Continue | parser.HasChildren
}

func (langBlockParser) Close(ast.Node, text.Reader, parser.Context) {}
func (langBlockParser) CanInterruptParagraph() bool                 { return true }
func (langBlockParser) CanAcceptIndentedLine() bool                 { return false }

// ---------------------------------------------------------------------------
// Inline language passages: [texte]{lang=en}

// KindLangSpan is the node kind of an inline language passage.
var KindLangSpan = ast.NewNodeKind("DepecheLangSpan")

type langSpan struct {
	ast.BaseInline
	lang langInfo
}

func (n *langSpan) Kind() ast.NodeKind { return KindLangSpan }

func (n *langSpan) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Lang": n.lang.tag}, nil)
}

var (
	spanMarker = []byte("]{lang=")
	spanAttr   = regexp.MustCompile(`^\{lang=([A-Za-z0-9-]{1,64})\}`)
)

// buildLangSpans turns "[…]{lang=xx}" sequences left as literal text by the
// Markdown parser into langSpan nodes. Brackets are matched inside one
// inline container (paragraph, emphasis, link text…), innermost first, so
// the passage may hold emphasis, links or other passages.
func buildLangSpans(doc ast.Node, source []byte) {
	if !bytes.Contains(source, spanMarker) {
		return
	}
	var containers []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindCodeSpan, ast.KindCodeBlock, ast.KindFencedCodeBlock, ast.KindHTMLBlock, ast.KindRawHTML:
			return ast.WalkSkipChildren, nil
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok && !t.IsRaw() {
				containers = append(containers, n)
				break
			}
		}
		return ast.WalkContinue, nil
	})
	for _, c := range containers {
		spansIn(c, source)
	}
}

// bracketAt reports whether v[i] is an unescaped bracket.
func bracketAt(v []byte, i int) bool {
	if v[i] != '[' && v[i] != ']' {
		return false
	}
	bs := 0
	for j := i - 1; j >= 0 && v[j] == '\\'; j-- {
		bs++
	}
	return bs%2 == 0
}

// splitBrackets splits the text children of parent so that every unescaped
// bracket is a Text node of its own.
func splitBrackets(parent ast.Node, source []byte) {
	for c := parent.FirstChild(); c != nil; {
		next := c.NextSibling()
		t, ok := c.(*ast.Text)
		if !ok || t.IsRaw() || t.Segment.Padding != 0 {
			c = next
			continue
		}
		v := t.Segment.Value(source)
		start := 0
		var pieces []text.Segment
		for i := range v {
			if !bracketAt(v, i) {
				continue
			}
			if i > start {
				pieces = append(pieces, text.NewSegment(t.Segment.Start+start, t.Segment.Start+i))
			}
			pieces = append(pieces, text.NewSegment(t.Segment.Start+i, t.Segment.Start+i+1))
			start = i + 1
		}
		if len(pieces) == 0 || (len(pieces) == 1 && start == len(v)) {
			c = next
			continue
		}
		if start < len(v) {
			pieces = append(pieces, text.NewSegment(t.Segment.Start+start, t.Segment.Stop))
		}
		for i, s := range pieces {
			nt := ast.NewTextSegment(s)
			if i == len(pieces)-1 {
				nt.SetSoftLineBreak(t.SoftLineBreak())
				nt.SetHardLineBreak(t.HardLineBreak())
			}
			parent.InsertBefore(parent, t, nt)
		}
		parent.RemoveChild(parent, t)
		c = next
	}
}

func isBracket(n ast.Node, source []byte, b byte) bool {
	t, ok := n.(*ast.Text)
	if !ok || t.IsRaw() || t.Segment.Len() != 1 || t.Segment.Padding != 0 {
		return false
	}
	return source[t.Segment.Start] == b
}

func spansIn(parent ast.Node, source []byte) {
	splitBrackets(parent, source)
	var open []ast.Node
	for c := parent.FirstChild(); c != nil; {
		next := c.NextSibling()
		switch {
		case isBracket(c, source, '['):
			open = append(open, c)
		case isBracket(c, source, ']') && len(open) > 0:
			opener := open[len(open)-1]
			open = open[:len(open)-1]
			closer := c.(*ast.Text)
			if closer.SoftLineBreak() || closer.HardLineBreak() {
				break
			}
			attr, ok := next.(*ast.Text)
			if !ok || attr.IsRaw() || attr.Segment.Padding != 0 {
				break
			}
			m := spanAttr.FindSubmatch(attr.Segment.Value(source))
			if m == nil {
				break
			}
			l, valid := parseLang(string(m[1]))
			if !valid {
				break
			}
			span := &langSpan{lang: l}
			for n := opener.NextSibling(); n != nil && n != closer; {
				nn := n.NextSibling()
				span.AppendChild(span, n)
				n = nn
			}
			parent.InsertBefore(parent, opener, span)
			parent.RemoveChild(parent, opener)
			parent.RemoveChild(parent, closer)
			attr.Segment = attr.Segment.WithStart(attr.Segment.Start + len(m[0]))
			if attr.Segment.Len() == 0 && !attr.SoftLineBreak() && !attr.HardLineBreak() {
				next = attr.NextSibling()
				parent.RemoveChild(parent, attr)
			}
		}
		c = next
	}
}
