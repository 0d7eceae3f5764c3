package site

import (
	"encoding/json"
	"html/template"
	"regexp"
	"strings"

	"depeche/internal/content"
)

// firstImage finds the first library image of an article's Markdown, the
// one shared links show.
var firstImage = regexp.MustCompile(`!\[[^\]]*\]\(/media/([^)\s]+)`)

// articleSocial fills Open Graph and JSON-LD for an article page.
func (s *Site) articleSocial(r *request, lo *layout, v *articleView) {
	a := v.article
	base := r.site.BaseURL
	lo.Social.Type = "article"
	lo.Social.Published = a.PublishedAt.UTC().Format("2006-01-02T15:04:05Z")
	// An article's text may predate its publication (a scheduled draft).
	modified := a.UpdatedAt
	if modified.Before(a.PublishedAt) {
		modified = a.PublishedAt
	}
	lo.Social.Modified = modified.UTC().Format("2006-01-02T15:04:05Z")
	if m := firstImage.FindStringSubmatch(a.Body); m != nil {
		if med, err := s.store.MediaByPath(r.ctx(), r.site.ID, m[1]); err == nil {
			lo.Social.Image = base + "/media/" + med.Path
			lo.Social.ImageAlt = med.Texts[r.lang].Alt
		}
	}
	type ref struct {
		Type       string `json:"@type,omitempty"`
		ID         string `json:"@id,omitempty"`
		Name       string `json:"name,omitempty"`
		URL        string `json:"url,omitempty"`
		InLanguage string `json:"inLanguage,omitempty"`
	}
	doc := map[string]any{
		"@context":         "https://schema.org",
		"@type":            "BlogPosting",
		"@id":              base + articlePath(a.Language, a.Slug),
		"url":              base + articlePath(a.Language, a.Slug),
		"mainEntityOfPage": base + articlePath(a.Language, a.Slug),
		"headline":         v.Title,
		"description":      v.Lead,
		"inLanguage":       a.Language,
		"datePublished":    lo.Social.Published,
		"dateModified":     lo.Social.Modified,
		"publisher":        ref{Type: "Organization", Name: r.site.Texts[r.lang].Name, URL: base + homePath(r.lang)},
	}
	if lo.Social.Image != "" {
		doc["image"] = lo.Social.Image
	}
	var authors []ref
	for _, au := range v.Authors {
		authors = append(authors, ref{Type: "Person", Name: au.Text, URL: base + au.Href})
	}
	if len(authors) > 0 {
		doc["author"] = authors
	}
	var keywords []string
	for _, k := range v.Keywords {
		keywords = append(keywords, k.Text)
	}
	if len(keywords) > 0 {
		doc["keywords"] = strings.Join(keywords, ", ")
	}
	// The source version lists its translations; each translation names its source.
	var source *content.Article
	for _, ver := range v.group {
		if ver.Language == v.sourceLanguage {
			source = ver
		}
	}
	if source != nil && source.ID == a.ID {
		var tr []ref
		for _, ver := range v.group {
			if ver.ID != a.ID {
				tr = append(tr, ref{Type: "BlogPosting", ID: base + articlePath(ver.Language, ver.Slug), InLanguage: ver.Language})
			}
		}
		if len(tr) > 0 {
			doc["workTranslation"] = tr
		}
	} else if source != nil {
		doc["translationOfWork"] = ref{Type: "BlogPosting", ID: base + articlePath(source.Language, source.Slug), InLanguage: source.Language}
	}
	// json.Marshal escapes <, > and & so the data can never close the script element.
	if b, err := json.Marshal(doc); err == nil {
		lo.Social.JSONLD = template.JS(b)
	}
}
