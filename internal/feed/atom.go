package feed

import (
	"fmt"
	"io"
)

const atomNS = "http://www.w3.org/2005/Atom"

// Atom writes f as an Atom 1.0 document (RFC 4287).
func Atom(w io.Writer, f *Feed) error {
	d, err := prepare(f)
	if err != nil {
		return err
	}
	if d.updated.IsZero() {
		return invalidf("atom: the feed has no entries and no Updated date")
	}
	if d.author == "" {
		for i, e := range d.entries {
			if len(e.authors) == 0 {
				return invalidf("atom: entry %d has no author and the feed has no Author", i)
			}
		}
	}

	var x xmlWriter
	x.b.WriteString(xmlHeader)
	x.open("feed", "xmlns", atomNS, "xml:lang", d.lang)
	x.text("id", d.id)
	x.text("title", d.title)
	if d.subtitle != "" {
		x.text("subtitle", d.subtitle)
	}
	x.text("updated", rfc3339(d.updated))
	if d.author != "" {
		atomAuthor(&x, d.author)
	}
	if d.rights != "" {
		x.text("rights", d.rights)
	}
	x.empty("link", "rel", "self", "type", "application/atom+xml", "href", d.self)
	x.empty("link", "rel", "alternate", "type", "text/html", "hreflang", d.lang, "href", d.site)
	for _, a := range d.alternates {
		x.empty("link", "rel", "alternate", "type", a.Type, "hreflang", a.HrefLang, "title", a.Title, "href", a.Href)
	}
	for _, e := range d.entries {
		x.open("entry", "xml:lang", e.lang)
		x.text("id", e.id)
		x.text("title", e.title)
		x.text("updated", rfc3339(e.updated))
		if !e.published.IsZero() {
			x.text("published", rfc3339(e.published))
		}
		for _, a := range e.authors {
			atomAuthor(&x, a)
		}
		x.empty("link", "rel", "alternate", "type", "text/html", "hreflang", e.lang, "href", e.url)
		for _, c := range e.categories {
			x.empty("category", "term", c)
		}
		if e.summary != "" {
			x.text("summary", e.summary)
		}
		if e.content != "" {
			x.text("content", e.content, "type", "html")
		}
		x.close("entry")
	}
	x.close("feed")
	if err := x.flush(w); err != nil {
		return fmt.Errorf("feed: atom: %w", err)
	}
	return nil
}

func atomAuthor(x *xmlWriter, name string) {
	x.open("author")
	x.text("name", name)
	x.close("author")
}
