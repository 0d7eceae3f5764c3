package feed

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// JSONFeedVersion is the version URL written in every JSON feed.
const JSONFeedVersion = "https://jsonfeed.org/version/1.1"

type jsonFeed struct {
	Version     string       `json:"version"`
	Title       string       `json:"title"`
	HomePageURL string       `json:"home_page_url"`
	FeedURL     string       `json:"feed_url"`
	Description string       `json:"description,omitempty"`
	Language    string       `json:"language"`
	Authors     []jsonAuthor `json:"authors,omitempty"`
	Items       []jsonItem   `json:"items"`
}

type jsonAuthor struct {
	Name string `json:"name"`
}

type jsonItem struct {
	ID            string       `json:"id"`
	URL           string       `json:"url"`
	Title         string       `json:"title"`
	Summary       string       `json:"summary,omitempty"`
	ContentHTML   string       `json:"content_html,omitempty"`
	ContentText   *string      `json:"content_text,omitempty"`
	DatePublished string       `json:"date_published,omitempty"`
	DateModified  string       `json:"date_modified,omitempty"`
	Authors       []jsonAuthor `json:"authors,omitempty"`
	Tags          []string     `json:"tags,omitempty"`
	Language      string       `json:"language,omitempty"`
}

// JSONFeed writes f as a JSON Feed 1.1 document.
func JSONFeed(w io.Writer, f *Feed) error {
	d, err := prepare(f)
	if err != nil {
		return err
	}
	jf := jsonFeed{
		Version:     JSONFeedVersion,
		Title:       d.title,
		HomePageURL: d.site,
		FeedURL:     d.self,
		Description: d.subtitle,
		Language:    d.lang,
		Items:       make([]jsonItem, 0, len(d.entries)),
	}
	if d.author != "" {
		jf.Authors = []jsonAuthor{{Name: d.author}}
	}
	for _, e := range d.entries {
		it := jsonItem{
			ID:           e.id,
			URL:          e.url,
			Title:        e.title,
			Summary:      e.summary,
			ContentHTML:  e.content,
			DateModified: rfc3339(e.updated),
			Tags:         e.categories,
			Language:     e.lang,
		}
		if e.content == "" {
			// One of content_html and content_text is required.
			text := e.summary
			it.ContentText = &text
		}
		if !e.published.IsZero() {
			it.DatePublished = rfc3339(e.published)
		}
		for _, a := range e.authors {
			it.Authors = append(it.Authors, jsonAuthor{Name: a})
		}
		jf.Items = append(jf.Items, it)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(jf); err != nil {
		return fmt.Errorf("feed: json: %w", err)
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("feed: json: %w", err)
	}
	return nil
}
