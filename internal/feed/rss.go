package feed

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// RSS writes f as an RSS 2.0 document, with the Atom namespace for the
// self and alternate links, content:encoded for the HTML body and
// dc:creator for authors (RSS's own <author> wants an e-mail address).
func RSS(w io.Writer, f *Feed) error {
	d, err := prepare(f)
	if err != nil {
		return err
	}
	var x xmlWriter
	x.b.WriteString(xmlHeader)
	x.open("rss", "version", "2.0",
		"xmlns:atom", atomNS,
		"xmlns:content", "http://purl.org/rss/1.0/modules/content/",
		"xmlns:dc", "http://purl.org/dc/elements/1.1/")
	x.open("channel")
	x.text("title", d.title)
	x.text("link", d.site)
	desc := d.subtitle
	if desc == "" {
		desc = d.title
	}
	x.text("description", desc)
	x.text("language", d.lang)
	if d.rights != "" {
		x.text("copyright", d.rights)
	}
	if !d.updated.IsZero() {
		x.text("lastBuildDate", rfc1123z(d.updated))
	}
	x.empty("atom:link", "rel", "self", "type", "application/rss+xml", "href", d.self)
	for _, a := range d.alternates {
		x.empty("atom:link", "rel", "alternate", "type", a.Type, "hreflang", a.HrefLang, "title", a.Title, "href", a.Href)
	}
	for _, e := range d.entries {
		x.open("item")
		x.text("title", e.title)
		x.text("link", e.url)
		permalink := "false"
		if e.id == e.url {
			permalink = "true"
		}
		x.text("guid", e.id, "isPermaLink", permalink)
		date := e.published
		if date.IsZero() {
			date = e.updated
		}
		x.text("pubDate", rfc1123z(date))
		for _, a := range e.authors {
			x.text("dc:creator", a)
		}
		if e.lang != "" {
			x.text("dc:language", e.lang)
		}
		for _, c := range e.categories {
			x.text("category", c)
		}
		if e.summary != "" {
			// Readers render <description> as HTML: the plain-text summary
			// is escaped as HTML, then as XML.
			x.text("description", htmlText.Replace(e.summary))
		}
		if e.content != "" {
			x.text("content:encoded", e.content)
		}
		x.close("item")
	}
	x.close("channel")
	x.close("rss")
	if err := x.flush(w); err != nil {
		return fmt.Errorf("feed: rss: %w", err)
	}
	return nil
}

// htmlText escapes plain text for an HTML text node; quotes and
// apostrophes need no escaping there and are left readable.
var htmlText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func rfc1123z(t time.Time) string { return t.UTC().Format(time.RFC1123Z) }
