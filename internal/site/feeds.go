package site

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"depeche/internal/comment"
	"depeche/internal/content"
	"depeche/internal/feed"
	"depeche/internal/render"
	"depeche/internal/store"
)

const feedEntries = 20

// feedFormats maps a feed file's extension to its writer and media type.
var feedFormats = map[string]struct {
	write       func(io.Writer, *feed.Feed) error
	contentType string
	linkType    string
}{
	"atom": {feed.Atom, feed.AtomType, "application/atom+xml"},
	"rss":  {feed.RSS, feed.RSSType, "application/rss+xml"},
	"json": {feed.JSONFeed, feed.JSONFeedType, "application/feed+json"},
}

// feedFormat recognizes "feed.atom" and the like.
func feedFormat(name, prefix string) (string, bool) {
	ext, ok := strings.CutPrefix(name, prefix+".")
	if !ok {
		return "", false
	}
	_, known := feedFormats[ext]
	return ext, known
}

// articlesFeed serves the latest articles of a language, or of a section or
// keyword (base is that page's path, "" for the whole language).
func (s *Site) articlesFeed(w http.ResponseWriter, r *request, format, base, title string, q store.ArticleQuery) {
	q.SiteID, q.Language, q.Now, q.Limit = r.site.ID, r.lang, s.now(), feedEntries
	list, _, err := s.store.PublicArticles(r.ctx(), q)
	if err != nil {
		s.serverError(w, r.Request, err)
		return
	}
	site := r.site
	name := site.Texts[r.lang].Name
	f := &feed.Feed{Title: title, Subtitle: site.Texts[r.lang].Tagline, Language: r.lang, Author: name, Rights: site.Texts[r.lang].Copyright,
		SelfURL: site.BaseURL + feedPath(r.lang, base, format), SiteURL: site.BaseURL + homePath(r.lang), Updated: site.CreatedAt}
	if base != "" {
		f.SiteURL = site.BaseURL + base
	} else {
		for _, l := range site.Languages {
			if l.Code != r.lang {
				f.Alternates = append(f.Alternates, feed.Link{Href: site.BaseURL + feedPath(l.Code, "", format), HrefLang: l.Code,
					Title: site.Texts[l.Code].Name, Type: feedFormats[format].linkType})
			}
		}
	}
	users := map[int64]string{}
	keywords, err := s.store.Keywords(r.ctx(), site.ID)
	if err != nil {
		s.serverError(w, r.Request, err)
		return
	}
	for _, a := range list {
		e := feed.Entry{URL: site.BaseURL + articlePath(a.Language, a.Slug), Title: typo(r, a.Title), Summary: typo(r, a.Lead),
			Published: a.PublishedAt, Updated: maxTime(a.UpdatedAt, a.PublishedAt)}
		if site.FeedFullContent {
			e.ContentHTML = absolutize(site.BaseURL, string(s.markdown(r, a.Body)))
		}
		for _, uid := range a.AuthorIDs {
			if _, ok := users[uid]; !ok {
				if u, err := s.store.UserByID(r.ctx(), uid); err == nil {
					users[uid] = u.DisplayName
				}
			}
			if n := users[uid]; n != "" {
				e.Authors = append(e.Authors, n)
			}
		}
		for _, kid := range a.KeywordIDs {
			if k, ok := keywords[kid]; ok && k.Texts[r.lang].Title != "" {
				e.Categories = append(e.Categories, k.Texts[r.lang].Title)
			}
		}
		f.Entries = append(f.Entries, e)
	}
	s.writeFeed(w, r, format, f)
}

// commentsFeed serves the published comments of one article's thread.
func (s *Site) commentsFeed(w http.ResponseWriter, r *request, slug, format string) {
	a, err := s.store.ArticleBySlug(r.ctx(), r.site.ID, r.lang, slug)
	if err != nil || !a.IsPublicAt(s.now()) {
		s.lookupFailed(w, r, store.ErrNotFound)
		return
	}
	g, err := s.store.GroupByID(r.ctx(), r.site.ID, a.GroupID)
	if err != nil {
		s.serverError(w, r.Request, err)
		return
	}
	tq := store.ThreadQuery{SiteID: r.site.ID, GroupID: a.GroupID, Statuses: []comment.Status{comment.Published}}
	if !g.SharedComments {
		tq.ArticleID = a.ID
	}
	list, err := s.store.Thread(r.ctx(), tq)
	if err != nil {
		s.serverError(w, r.Request, err)
		return
	}
	page := r.site.BaseURL + articlePath(a.Language, a.Slug)
	dependsOn(w, r.site.ID, store.GroupTag(a.GroupID))
	f := &feed.Feed{Title: r.L.T("comments.title") + " — " + typo(r, a.Title), Language: r.lang, Author: r.site.Texts[r.lang].Name,
		SelfURL: page + "/comments." + format, SiteURL: page, Updated: a.PublishedAt}
	// Newest first, as feed readers expect.
	for i := len(list) - 1; i >= 0 && len(f.Entries) < 50; i-- {
		c := list[i]
		f.Entries = append(f.Entries, feed.Entry{ID: page + "#comment-" + strconv.FormatInt(c.ID, 10), URL: page + "#comment-" + strconv.FormatInt(c.ID, 10),
			Title: r.L.T("comments.by", r.L.DateTime(c.CreatedAt.In(r.site.Location())), c.AuthorName), ContentHTML: string(render.Comment(c.Body)),
			Published: c.CreatedAt, Updated: c.UpdatedAt, Authors: []string{c.AuthorName}, Language: c.Language})
	}
	s.writeFeed(w, r, format, f)
}

func (s *Site) writeFeed(w http.ResponseWriter, r *request, format string, f *feed.Feed) {
	if w.Header().Get("Surrogate-Key") == "" {
		dependsOn(w, r.site.ID, "feeds")
	}
	var buf bytes.Buffer
	if err := feedFormats[format].write(&buf, f); err != nil {
		s.serverError(w, r.Request, err)
		return
	}
	lastMod := f.Updated
	for _, e := range f.Entries {
		lastMod = maxTime(lastMod, maxTime(e.Updated, e.Published))
	}
	serveDocument(w, r.Request, feedFormats[format].contentType, buf.Bytes(), lastMod)
}

// serveDocument answers a generated document with validators, and 304 when
// the client's copy is current.
func serveDocument(w http.ResponseWriter, r *http.Request, contentType string, body []byte, lastMod time.Time) {
	etag := feed.ETag(body)
	h := w.Header()
	h.Set("ETag", etag)
	if !lastMod.IsZero() {
		h.Set("Last-Modified", lastMod.UTC().Format(http.TimeFormat))
	}
	h.Set("Cache-Control", "public, max-age=300")
	if feed.NotModified(r, etag, lastMod) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

var rootRelative = regexp.MustCompile(`(href|src)="/|, /|srcset="/`)

// absolutize makes the site-relative links of rendered HTML absolute, since
// feed readers show it far from the site.
func absolutize(base, html string) string {
	return rootRelative.ReplaceAllStringFunc(html, func(m string) string {
		return strings.TrimSuffix(m, "/") + base + "/"
	})
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// sitemapXML lists every public page with its translations: the home pages,
// sections, keywords and articles. Past the protocol's limits it becomes an
// index of numbered parts.
func (s *Site) sitemapXML(w http.ResponseWriter, r *http.Request) {
	site, err := s.siteFor(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	urls, lastMod, err := s.sitemapURLs(r, site)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	dependsOn(w, site.ID, "sitemap")
	parts := feed.Split(urls, feed.MaxSitemapURLs)
	part := r.PathValue("part")
	var buf bytes.Buffer
	switch {
	case part == "" && len(parts) <= 1:
		err = feed.Sitemap(&buf, urls)
	case part == "":
		var index []feed.IndexEntry
		for i := range parts {
			index = append(index, feed.IndexEntry{Loc: fmt.Sprintf("%s/sitemaps/%d.xml", site.BaseURL, i+1), LastMod: lastMod})
		}
		err = feed.SitemapIndex(&buf, index)
	default:
		n, convErr := strconv.Atoi(strings.TrimSuffix(part, ".xml"))
		if convErr != nil || n < 1 || n > len(parts) || !strings.HasSuffix(part, ".xml") || len(parts) <= 1 {
			s.notFound(w, r)
			return
		}
		err = feed.Sitemap(&buf, parts[n-1])
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	serveDocument(w, r, feed.SitemapType, buf.Bytes(), lastMod)
}

func (s *Site) sitemapURLs(r *http.Request, site *content.Site) ([]feed.URL, time.Time, error) {
	base := site.BaseURL
	var urls []feed.URL
	// add lists one page in every language it exists in, each entry naming
	// all the others, plus x-default.
	add := func(paths map[string]string, mod time.Time) {
		var alts []feed.Alternate
		for _, l := range site.Languages {
			if p, ok := paths[l.Code]; ok {
				alts = append(alts, feed.Alternate{HrefLang: l.Code, Href: base + p})
			}
		}
		if def, ok := paths[site.DefaultLanguage]; ok && len(alts) > 1 {
			alts = append(alts, feed.Alternate{HrefLang: "x-default", Href: base + def})
		}
		if len(alts) == 1 {
			alts = nil
		}
		for _, l := range site.Languages {
			if p, ok := paths[l.Code]; ok {
				urls = append(urls, feed.URL{Loc: base + p, LastMod: mod, Alternates: alts})
			}
		}
	}
	homes := map[string]string{}
	for _, l := range site.Languages {
		homes[l.Code] = homePath(l.Code)
	}
	refs, err := s.store.PublicArticleRefs(r.Context(), site.ID, s.now())
	if err != nil {
		return nil, time.Time{}, err
	}
	var newest time.Time
	for _, ref := range refs {
		newest = maxTime(newest, ref.Modified)
	}
	add(homes, newest)
	sections, err := s.store.Sections(r.Context(), site.ID)
	if err != nil {
		return nil, time.Time{}, err
	}
	for _, sec := range sections {
		paths := map[string]string{}
		for lang, t := range sec.Texts {
			paths[lang] = objectPath(lang, kindSection, t.Slug)
		}
		add(paths, time.Time{})
	}
	for i := 0; i < len(refs); {
		j := i
		paths := map[string]string{}
		var mod time.Time
		for ; j < len(refs) && refs[j].GroupID == refs[i].GroupID; j++ {
			paths[refs[j].Language] = articlePath(refs[j].Language, refs[j].Slug)
			mod = maxTime(mod, refs[j].Modified)
		}
		add(paths, mod)
		i = j
	}
	return urls, newest, nil
}

func (s *Site) robots(w http.ResponseWriter, r *http.Request) {
	site, err := s.siteFor(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var buf bytes.Buffer
	dependsOn(w, site.ID)
	if err := feed.Robots(&buf, site.BaseURL+"/sitemap.xml", []string{"/admin/"}); err != nil {
		s.serverError(w, r, err)
		return
	}
	serveDocument(w, r, feed.RobotsType, buf.Bytes(), time.Time{})
}

// objectFeed serves /{lang}/{section or keyword word}/{slug}/feed.{format}.
func (s *Site) objectFeed(w http.ResponseWriter, r *request, word, slug, file string) {
	format, ok := feedFormat(file, "feed")
	kind, known := kindOf(r.lang, word)
	if !ok || !known {
		s.errorPage(w, r, http.StatusNotFound)
		return
	}
	name := r.site.Texts[r.lang].Name
	switch kind {
	case kindSection:
		sec, err := s.store.SectionBySlug(r.ctx(), r.site.ID, r.lang, slug)
		if err != nil {
			s.lookupFailed(w, r, err)
			return
		}
		s.articlesFeed(w, r, format, objectPath(r.lang, kind, slug), sec.Texts[r.lang].Title+" — "+name, store.ArticleQuery{SectionID: sec.ID})
	case kindKeyword:
		k, err := s.store.KeywordBySlug(r.ctx(), r.site.ID, r.lang, slug)
		if err != nil {
			s.lookupFailed(w, r, err)
			return
		}
		s.articlesFeed(w, r, format, objectPath(r.lang, kind, slug), k.Texts[r.lang].Title+" — "+name, store.ArticleQuery{KeywordID: k.ID})
	default:
		s.errorPage(w, r, http.StatusNotFound)
	}
}
