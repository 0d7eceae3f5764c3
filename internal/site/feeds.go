package site

import (
	"bytes"
	"context"
	"errors"
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

// The limits of one sitemap part (a test lowers them to cut a small site).
// The protocol allows 50,000 URLs and 50 MB; parts here stop at 1 MiB, so
// that each fits the page cache (a shard holds 2 MiB by default) and is
// rendered once per change rather than per crawler. A 34 MB part was
// compressed three ways for every request and then refused by the cache,
// lifting the process past 140 MB each time. 1 MiB is about 1,500 URLs
// with their alternates in three languages: a 100,000-article site has
// some 180 parts.
var (
	sitemapPartURLs  = feed.MaxSitemapURLs
	sitemapPartBytes = 1 << 20
)

// sitemapXML lists every public page with its translations: the home pages,
// sections and articles. Past the protocol's limits it becomes an index of
// numbered parts. Neither the index nor a part holds the whole list: the
// store walks the site's translation groups in id order and cuts them into
// parts as they come (store.SitemapParts); a part is written as its groups
// stream by. The home pages and sections come first: in part 1, on any
// site with fewer sections than a part holds URLs.
func (s *Site) sitemapXML(w http.ResponseWriter, r *http.Request) {
	site, err := s.siteFor(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	n := 0 // the index, or the one sitemap of a small site
	if part := r.PathValue("part"); part != "" {
		num, ok := strings.CutSuffix(part, ".xml")
		n, err = strconv.Atoi(num)
		// One spelling per part: "01.xml" would be a second copy in caches.
		if !ok || err != nil || n < 1 || strconv.Itoa(n) != num {
			s.notFound(w, r)
			return
		}
	}
	ctx, now := r.Context(), s.now()
	sections, err := s.lookups.sectionTree(ctx, s.store, site.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	sm := &sitemapBuilder{site: site}
	sm.addFixed(sections, now)
	dependsOn(w, site.ID, "sitemap")
	parts, err := s.sitemapCuts.parts(ctx, s.store, site.ID, now, sm.limits())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var newest time.Time
	for _, p := range parts {
		newest = maxTime(newest, p.LastMod)
	}
	sm.setNewest(newest)
	if n > 0 {
		body, lastMod, err := s.sitemapPart(ctx, sm, now, parts, n)
		switch {
		case errors.Is(err, store.ErrNotFound):
			s.notFound(w, r)
		case err != nil:
			s.serverError(w, r, err)
		default:
			serveDocument(w, r, feed.SitemapType, body, lastMod)
		}
		return
	}
	runs := sm.fixedRuns
	// The last run of fixed pages shares the store's first part.
	if len(runs) == 1 && len(parts) <= 1 {
		// One part: the sitemap itself.
		part := store.SitemapPart{}
		if len(parts) == 1 {
			part = parts[0]
		}
		body, err := s.writeSitemapPart(ctx, sm, now, runs[0], part)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		serveDocument(w, r, feed.SitemapType, body, newest)
		return
	}
	var index []feed.IndexEntry
	add := func(lastMod time.Time) {
		index = append(index, feed.IndexEntry{Loc: fmt.Sprintf("%s/sitemaps/%d.xml", site.BaseURL, len(index)+1), LastMod: lastMod})
	}
	for _, run := range runs[:len(runs)-1] {
		add(run.lastMod)
	}
	for i, p := range parts {
		if i == 0 {
			p.LastMod = maxTime(p.LastMod, runs[len(runs)-1].lastMod)
		}
		add(p.LastMod)
	}
	var buf bytes.Buffer
	if err := feed.SitemapIndex(&buf, index); err != nil {
		s.serverError(w, r, err)
		return
	}
	serveDocument(w, r, feed.SitemapType, buf.Bytes(), newest)
}

// sitemapPart writes part n of the cut parts and returns its last
// modification; store.ErrNotFound past the last part, and for part 1 of a
// site of one part, which has /sitemap.xml alone. The parts that hold
// fixed pages alone come first; the next holds the last of them, then
// groups.
func (s *Site) sitemapPart(ctx context.Context, sm *sitemapBuilder, now time.Time, parts []store.SitemapPart, n int) ([]byte, time.Time, error) {
	runs := sm.fixedRuns
	if n > len(runs)+len(parts)-1 || (n == 1 && len(runs) == 1 && len(parts) <= 1) {
		return nil, time.Time{}, store.ErrNotFound
	}
	var part store.SitemapPart
	if n >= len(runs) {
		// The part's number among the store's, whose first holds the
		// last run.
		part = parts[n-len(runs)]
	}
	var run fixedRun
	if n <= len(runs) {
		run = runs[n-1]
	}
	body, err := s.writeSitemapPart(ctx, sm, now, run, part)
	return body, maxTime(run.lastMod, part.LastMod), err
}

// writeSitemapPart writes a run of fixed pages, then the groups of part,
// if it has any, into a buffer of the size found when the part was cut:
// grown by doubling, it would take up to twice the part's size. (A store
// part counts the fixed pages it shares, so the larger size is the part's.)
func (s *Site) writeSitemapPart(ctx context.Context, sm *sitemapBuilder, now time.Time, run fixedRun, part store.SitemapPart) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(feed.SitemapOverhead + max(run.bytes, part.Bytes))
	sw := feed.NewSitemapWriter(&buf)
	add := func(urls []feed.URL) error {
		for _, u := range urls {
			if err := sw.Add(u); err != nil {
				return err
			}
		}
		return nil
	}
	if err := add(sm.fixed[run.from:run.to]); err != nil {
		return nil, err
	}
	// Between the cut and this read, a publication can change the part by
	// a version or two: the writer refuses to pass the protocol's limits,
	// and the publication's announcement has the part written again.
	err := s.store.EachSitemapGroup(ctx, sm.site.ID, now, part.After, part.Last, func(g *store.SitemapGroup) error {
		return add(sm.groupEntries(g))
	})
	if err != nil {
		return nil, err
	}
	if err := sw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// sitemapBuilder makes the entries of a site's sitemap and measures them.
type sitemapBuilder struct {
	site *content.Site
	// fixed are the home pages and sections, which open the sitemap. They
	// are cut like groups, in runs of whole pages: one run on any real
	// site, but a part's limits hold whatever the number of sections.
	fixed     []feed.URL
	homes     int // the first entries of fixed
	fixedRuns []fixedRun
	meter     feed.SitemapMeter
	// paths and urls are reused from one page to the next.
	paths []langPath
	urls  []feed.URL
}

// fixedRun is a part's share of the fixed pages: fixed[from:to].
type fixedRun struct {
	from, to    int
	urls, bytes int
	lastMod     time.Time
}

type langPath struct{ lang, path string }

// addFixed lists the home pages and the sections, and cuts them into runs.
// The home pages are dated now until setNewest: any date takes the same
// room, and the newest change is not known before a walk.
func (sm *sitemapBuilder) addFixed(sections []*content.Section, now time.Time) {
	run := fixedRun{}
	page := func(mod time.Time) {
		urls := sm.entries(mod)
		size := 0
		for _, u := range urls {
			size += sm.meter.Size(u)
		}
		if len(urls) > 0 && run.urls > 0 && (run.urls+len(urls) > sitemapPartURLs || run.bytes+size > sitemapPartBytes-feed.SitemapOverhead) {
			sm.fixedRuns = append(sm.fixedRuns, run)
			run = fixedRun{from: run.to, to: run.to}
		}
		sm.fixed = append(sm.fixed, urls...)
		run.to += len(urls)
		run.urls += len(urls)
		run.bytes += size
		run.lastMod = maxTime(run.lastMod, mod)
	}
	sm.paths = sm.paths[:0]
	for _, l := range sm.site.Languages {
		sm.paths = append(sm.paths, langPath{l.Code, homePath(l.Code)})
	}
	page(now)
	sm.homes = len(sm.fixed)
	for _, sec := range sections {
		sm.paths = sm.paths[:0]
		for lang, t := range sec.Texts {
			sm.paths = append(sm.paths, langPath{lang, objectPath(lang, kindSection, t.Slug)})
		}
		page(time.Time{})
	}
	sm.fixedRuns = append(sm.fixedRuns, run)
}

// setNewest dates the home pages, which list every article, with the
// newest change of one: none when no article is public, which only
// shortens them.
func (sm *sitemapBuilder) setNewest(newest time.Time) {
	for i := range sm.fixed[:sm.homes] {
		sm.fixed[i].LastMod = newest
	}
	// Sections have no date: the home pages date the first run.
	sm.fixedRuns[0].lastMod = newest
}

// limits are the store's limits for this site's parts: the first of its
// parts holds the last run of fixed pages.
func (sm *sitemapBuilder) limits() store.SitemapLimits {
	last := sm.fixedRuns[len(sm.fixedRuns)-1]
	return store.SitemapLimits{
		URLs: sitemapPartURLs, Bytes: sitemapPartBytes - feed.SitemapOverhead,
		FirstURLs: last.urls, FirstBytes: last.bytes,
		Measure: func(g *store.SitemapGroup) (int, int) {
			size := 0
			urls := sm.groupEntries(g)
			for _, u := range urls {
				size += sm.meter.Size(u)
			}
			return len(urls), size
		},
	}
}

// groupEntries returns the entries of a group's versions. The slice is
// reused by the next call.
func (sm *sitemapBuilder) groupEntries(g *store.SitemapGroup) []feed.URL {
	sm.paths = sm.paths[:0]
	for _, v := range g.Versions {
		sm.paths = append(sm.paths, langPath{v.Language, articlePath(v.Language, v.Slug)})
	}
	return sm.entries(g.Modified)
}

// entries lists one page in every language of the site it exists in
// (sm.paths), each entry naming all the versions, plus x-default. A
// version in a language the site no longer has is left out. The slice is
// reused by the next call.
func (sm *sitemapBuilder) entries(mod time.Time) []feed.URL {
	site, base := sm.site, sm.site.BaseURL
	path := func(lang string) (string, bool) {
		for _, p := range sm.paths {
			if p.lang == lang {
				return p.path, true
			}
		}
		return "", false
	}
	var alts []feed.Alternate
	for _, l := range site.Languages {
		if p, ok := path(l.Code); ok {
			alts = append(alts, feed.Alternate{HrefLang: l.Code, Href: base + p})
		}
	}
	locs := len(alts)
	if def, ok := path(site.DefaultLanguage); ok && locs > 1 {
		alts = append(alts, feed.Alternate{HrefLang: "x-default", Href: base + def})
	}
	sm.urls = sm.urls[:0]
	for _, a := range alts[:locs] {
		sm.urls = append(sm.urls, feed.URL{Loc: a.Href, LastMod: mod, Alternates: alts})
	}
	if locs == 1 {
		sm.urls[0].Alternates = nil
	}
	return sm.urls
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
