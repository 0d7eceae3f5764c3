package render

import (
	"errors"
	"html/template"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Options configures Article.
type Options struct {
	// Lang is the BCP 47 tag of the text ("fr", "en", "es", "ar"…). It
	// selects the typography rules and is the reference for lang/dir
	// attributes of language passages. It should match the lang attribute
	// of the page element that receives the HTML.
	Lang string
	// Media resolves image sources to media library entries. May be nil.
	Media MediaResolver
	// Labels holds the localized strings the output needs. Empty fields
	// fall back to English defaults.
	Labels Labels
}

// Labels are the localized strings inserted in the output. "{1}" is
// replaced by a value (provider name, credit, heading text). They are
// written as given: the caller's catalogs own their typography.
type Labels struct {
	Source         string // credit line, e.g. "Source : {1}"
	VideoPlay      string // button, e.g. "Play the video"
	VideoNotice    string // e.g. "This video is hosted by {1}. Playing it loads content from {1}."
	VideoOpen      string // link to the provider's page, e.g. "Watch on {1}"
	VideoTitle     string // iframe title when the writer gave no link text, e.g. "{1} video"
	ExternalLink   string // visually hidden, appended inside external links, e.g. "(external link)"
	FootnotesTitle string // heading of the notes section, e.g. "Notes"
	FootnoteBack   string // accessible name of back-links, e.g. "Back to the text"
	HeadingAnchor  string // accessible name of heading self-links, e.g. "Link to this section" ({1} = heading text)
}

// DefaultLabels are the English strings used for empty Labels fields.
var DefaultLabels = Labels{
	Source:         "Source: {1}",
	VideoPlay:      "Play the video",
	VideoNotice:    "This video is hosted by {1}. Playing it loads content from {1}.",
	VideoOpen:      "Watch on {1}",
	VideoTitle:     "{1} video",
	ExternalLink:   "(external link)",
	FootnotesTitle: "Notes",
	FootnoteBack:   "Back to the text",
	HeadingAnchor:  "Link to this section",
}

func (l Labels) withDefaults() Labels {
	def := func(v *string, d string) {
		if strings.TrimSpace(*v) == "" {
			*v = d
		}
	}
	def(&l.Source, DefaultLabels.Source)
	def(&l.VideoPlay, DefaultLabels.VideoPlay)
	def(&l.VideoNotice, DefaultLabels.VideoNotice)
	def(&l.VideoOpen, DefaultLabels.VideoOpen)
	def(&l.VideoTitle, DefaultLabels.VideoTitle)
	def(&l.ExternalLink, DefaultLabels.ExternalLink)
	def(&l.FootnotesTitle, DefaultLabels.FootnotesTitle)
	def(&l.FootnoteBack, DefaultLabels.FootnoteBack)
	def(&l.HeadingAnchor, DefaultLabels.HeadingAnchor)
	return l
}

// format replaces every "{1}" in label by value.
func format(label, value string) string {
	return strings.ReplaceAll(label, "{1}", value)
}

// MediaResolver maps image sources found in Markdown to media library
// entries.
type MediaResolver interface {
	// Resolve maps an image src found in Markdown (e.g.
	// "/media/demo/forum.jpg") to the media library entry, in the language
	// of the text around the image.
	Resolve(src, lang string) (Image, bool)
}

// Image is a media library entry.
type Image struct {
	Src                  string    // URL of the default rendition
	Variants             []Variant // renditions for srcset
	Width, Height        int       // intrinsic size of Src, in pixels
	Alt, Caption, Credit string
}

// Variant is one rendition of an image.
type Variant struct {
	URL   string
	Width int // in pixels
}

// Heading is an entry of the article's outline.
type Heading struct {
	Level int    // rendered level: 2 to 6 (Markdown "#" is h2)
	ID    string // id attribute, unique in the article
	Text  string // plain text, typography applied
	Lang  string // language of the heading when it differs from Options.Lang, else ""
}

// Result is the output of Article.
type Result struct {
	HTML     template.HTML // sanitized HTML fragment
	Headings []Heading     // in document order, for a table of contents
	Warnings []string      // non-fatal problems for the writer (missing alt text…)
}

// MaxSourceSize is the largest Markdown source Article accepts, in bytes.
const MaxSourceSize = 4 << 20

// ErrTooLarge is returned by Article for sources over MaxSourceSize.
var ErrTooLarge = errors.New("render: article source too large")

var mdParser = sync.OnceValue(func() parser.Parser {
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.Table,
			extension.Strikethrough,
			extension.NewLinkify(extension.WithLinkifyAllowedProtocols([]string{"http:", "https:"})),
			extension.Footnote,
		),
		goldmark.WithParserOptions(
			parser.WithBlockParsers(util.Prioritized(langBlockParser{}, 90)),
		),
	)
	return md.Parser()
})

// Article renders the Markdown body of an article to sanitized HTML.
// See the package documentation and SYNTAX.md for the supported syntax.
func Article(src string, opt Options) (Result, error) {
	if len(src) > MaxSourceSize {
		return Result{}, ErrTooLarge
	}
	source := []byte(cleanText(src))
	doc := mdParser().Parse(text.NewReader(source))
	buildLangSpans(doc, source)

	r := newRenderer(source, opt)
	r.reserveFootnoteIDs(doc)
	r.block(doc)
	return Result{
		HTML:     template.HTML(articlePolicy().Sanitize(r.w.String())),
		Headings: r.headings,
		Warnings: r.warnings,
	}, nil
}

// renderer holds the state of one Article call.
type renderer struct {
	src      []byte
	opt      Options
	labels   Labels
	page     langInfo
	langs    []langInfo // stack of language contexts; the last is current
	w        *strings.Builder
	capture  *strings.Builder // plain text of the heading being rendered
	prev     rune             // last character of text written in the current block
	inLink   int
	depth    int               // nesting of container elements, see maxDepth
	flat     map[ast.Node]bool // containers flattened for depth
	ids      map[string]bool
	outline  []outlineEntry // open headings, see headingLevel
	headings []Heading
	warnings []string
}

func newRenderer(src []byte, opt Options) *renderer {
	page := pageLang(opt.Lang)
	w := &strings.Builder{}
	w.Grow(len(src) * 2)
	return &renderer{
		src:    src,
		opt:    opt,
		labels: opt.Labels.withDefaults(),
		page:   page,
		langs:  []langInfo{page},
		w:      w,
		ids:    map[string]bool{footnotesTitleID: true},
	}
}

func (r *renderer) lang() langInfo { return r.langs[len(r.langs)-1] }

func (r *renderer) pushLang(l langInfo) { r.langs = append(r.langs, l) }

func (r *renderer) popLang() { r.langs = r.langs[:len(r.langs)-1] }

func (r *renderer) warn(msg string) { r.warnings = append(r.warnings, msg) }

// raw writes markup.
func (r *renderer) raw(s string) { r.w.WriteString(s) }

// esc writes escaped text without typography and without updating the
// typographic context.
func (r *renderer) esc(s string) { writeEscaped(r.w, s) }

// attr writes ` name="value"`.
func (r *renderer) attr(name, value string) {
	r.w.WriteByte(' ')
	r.w.WriteString(name)
	r.w.WriteString(`="`)
	writeEscaped(r.w, value)
	r.w.WriteByte('"')
}

// textOut writes text content (typography already applied), records it
// for heading capture and remembers its last character.
func (r *renderer) textOut(s string) {
	if s == "" {
		return
	}
	writeEscaped(r.w, s)
	if r.capture != nil {
		r.capture.WriteString(s)
	}
	r.prev = lastRune(s)
}

func lastRune(s string) rune {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] < 0x80 || s[i] >= 0xc0 {
			return []rune(s[i:])[0]
		}
	}
	return 0
}

func firstRuneOf(s string) rune {
	for _, c := range s {
		return c
	}
	return 0
}

// labelAttrs returns lang/dir attributes for an element holding a label
// (written in the page language) when the current context is another
// language, so that assistive technologies pronounce it correctly.
func (r *renderer) labelAttrs() string {
	cur := r.lang()
	if cur.tag == r.page.tag || r.page.tag == "" {
		return ""
	}
	return langAttrs(r.page, cur)
}

// hiddenLabel writes a visually hidden label.
func (r *renderer) hiddenLabel(s string) {
	r.raw(`<span class="visually-hidden"` + r.labelAttrs() + `>`)
	r.esc(s)
	r.raw(`</span>`)
}

// children renders the children of n.
func (r *renderer) children(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Type() == ast.TypeInline {
			c = r.inline(c)
		} else {
			r.block(c)
		}
	}
}
