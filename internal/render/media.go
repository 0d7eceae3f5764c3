package render

import (
	"slices"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// figureSizes is the sizes attribute of figure images: the article column
// is 46rem wide from 48rem viewports up, full width below.
const figureSizes = "(min-width: 48rem) 46rem, 100vw"

// image is an image ready to be written.
type image struct {
	src, alt       string
	width, height  int
	srcset         string
	caption        string // plain text
	credit         string
	title          string // Markdown title
	external       string // set when the image is hosted elsewhere and becomes a link
	mdSrc          string
	resolved, safe bool
}

// altText returns the plain text of an image's description.
func (r *renderer) altText(n ast.Node) string {
	var b strings.Builder
	var walk func(ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				if c.IsRaw() {
					b.Write(c.Segment.Value(r.src))
				} else {
					b.WriteString(unescapeMarkdown(c.Segment.Value(r.src)))
				}
				if c.SoftLineBreak() || c.HardLineBreak() {
					b.WriteByte(' ')
				}
			case *ast.String:
				b.Write(c.Value)
			case *ast.AutoLink:
				b.Write(c.Label(r.src))
			case *ast.RawHTML:
				for i := 0; i < c.Segments.Len(); i++ {
					seg := c.Segments.At(i)
					b.Write(seg.Value(r.src))
				}
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return collapseSpace(b.String())
}

// resolveImage gathers everything known about an image: Markdown first,
// then the media library.
func (r *renderer) resolveImage(n *ast.Image, figure bool) image {
	img := image{mdSrc: unescapeMarkdown(n.Destination)}
	img.alt = r.altText(n)
	if n.Title != nil {
		img.title = strings.TrimSpace(unescapeMarkdown(n.Title))
	}
	img.caption = img.title
	src := img.mdSrc
	if r.opt.Media != nil {
		if m, ok := r.opt.Media.Resolve(img.mdSrc, r.lang().tag); ok {
			img.resolved = true
			if m.Src != "" {
				src = m.Src
			}
			if img.alt == "" {
				img.alt = strings.TrimSpace(cleanText(m.Alt))
			}
			if img.caption == "" {
				img.caption = strings.TrimSpace(cleanText(m.Caption))
			}
			img.credit = strings.TrimSpace(cleanText(m.Credit))
			if m.Width > 0 && m.Height > 0 {
				img.width, img.height = m.Width, m.Height
			}
			if figure {
				img.srcset = srcset(m, img.width)
			}
		}
	}
	u, kind, ok := safeURL(src, useImage)
	if !ok {
		r.warn("image " + strconv.Quote(img.mdSrc) + " was removed: only http, https and relative URLs are allowed")
		return img
	}
	img.safe = true
	img.src = u
	if kind == urlAbsolute && !img.resolved {
		// Loading it would send the reader's IP address to a third party
		// before they asked for anything: link to it instead.
		img.external = u
		r.warn("image " + strconv.Quote(img.mdSrc) + " is hosted on another site: it is shown as a link, add it to the media library to display it")
		return img
	}
	if img.alt == "" {
		r.warn("image " + strconv.Quote(img.mdSrc) + " has no alternative text")
	}
	return img
}

// srcset builds the srcset attribute from the media library renditions.
func srcset(m Image, width int) string {
	type cand struct {
		url string
		w   int
	}
	var cs []cand
	add := func(raw string, w int) {
		if w <= 0 || raw == "" {
			return
		}
		u, _, ok := safeURL(raw, useImage)
		if !ok {
			return
		}
		// Commas and spaces separate candidates: keep them out of URLs.
		u = strings.ReplaceAll(u, ",", "%2C")
		for _, c := range cs {
			if c.w == w {
				return
			}
		}
		cs = append(cs, cand{u, w})
	}
	for _, v := range m.Variants {
		add(v.URL, v.Width)
	}
	if len(cs) == 0 {
		return ""
	}
	add(m.Src, width)
	slices.SortFunc(cs, func(a, b cand) int { return a.w - b.w })
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.url + " " + strconv.Itoa(c.w) + "w"
	}
	return strings.Join(parts, ", ")
}

// imgTag writes an <img> element.
func (r *renderer) imgTag(img image, figure bool) {
	r.raw("<img")
	r.attr("src", img.src)
	r.attr("alt", img.alt)
	if !figure && img.title != "" {
		r.attr("title", img.title)
	}
	if img.width > 0 {
		r.attr("width", strconv.Itoa(img.width))
		r.attr("height", strconv.Itoa(img.height))
	}
	if img.srcset != "" {
		r.attr("srcset", img.srcset)
		r.attr("sizes", figureSizes)
	}
	r.raw(` loading="lazy" decoding="async">`)
}

// externalImage writes the link that replaces an image hosted elsewhere.
func (r *renderer) externalImage(img image) {
	text := img.alt
	if text == "" {
		text = img.caption
	}
	if text == "" {
		text = img.mdSrc
	}
	if r.inLink > 0 {
		r.textOut(text)
		return
	}
	r.raw("<a")
	r.attr("href", img.external)
	r.raw(` rel="noopener">`)
	r.textOut(text)
	r.hiddenLabel(" " + r.labels.ExternalLink)
	r.raw("</a>")
}

func (r *renderer) inlineImage(n *ast.Image) {
	img := r.resolveImage(n, false)
	switch {
	case !img.safe:
		r.textOut(img.alt)
	case img.external != "":
		r.externalImage(img)
	default:
		r.imgTag(img, false)
		r.prev = 0
	}
}

// figure renders an image alone in its paragraph: a <figure>, or a
// paragraph when the image cannot be shown.
func (r *renderer) figure(n *ast.Image) {
	img := r.resolveImage(n, true)
	switch {
	case !img.safe:
		if img.alt != "" {
			r.raw("<p>")
			r.textOut(img.alt)
			r.raw("</p>\n")
		}
		return
	case img.external != "":
		r.raw("<p>")
		r.externalImage(img)
		r.raw("</p>\n")
		return
	}
	r.raw("<figure>\n")
	r.imgTag(img, true)
	r.raw("\n")
	if img.caption != "" || img.credit != "" {
		r.prev = 0
		r.raw("<figcaption>")
		if img.caption != "" {
			r.textOut(typo(r.lang().base, img.caption, 0, 0))
		}
		if img.credit != "" {
			if img.caption != "" {
				r.raw(" ")
			}
			r.raw(`<span class="credit"` + r.labelAttrs() + `>`)
			r.esc(format(r.labels.Source, typo(r.page.base, img.credit, 0, 0)))
			r.raw("</span>")
		}
		r.raw("</figcaption>\n")
	}
	r.raw("</figure>\n")
}
