package site

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"depeche/internal/auth"
	"depeche/internal/pagecache"
	"depeche/internal/stats"
	"depeche/internal/store"
)

// Reader pages are kept rendered and compressed in memory: a hit costs a
// map lookup and a write of prepared bytes. Writes announce the tags of
// what they changed (store/changes.go) and the pages built from it go; an
// entry also expires after pageMaxAge, which bounds how stale the few
// figures written without an announcement (view counts) can be.
const (
	pageMaxAge = 10 * time.Minute
	// pageCacheControl lets a CDN keep a page briefly and serve it while it
	// fetches a fresh one; browsers revalidate every time (cheap: a 304).
	pageCacheControl = "public, max-age=0, s-maxage=60, stale-while-revalidate=600"
	// renderTimeout bounds a render that readers are waiting on; past it
	// they get the stale copy if there is one, else 503. It also bounds
	// the uncached work of one request (shedding.go).
	renderTimeout        = 10 * time.Second
	sitemapRenderTimeout = time.Minute
)

// pageMeta is what a served copy of a page must still do: count a view.
type pageMeta struct {
	counted            bool
	siteID             int64
	lang               string
	articleID, groupID int64
}

type captureKey struct{}

// capturing returns the note a render fills when its output goes to the
// cache, or nil when it is served directly.
func capturing(ctx context.Context) *pageMeta {
	m, _ := ctx.Value(captureKey{}).(*pageMeta)
	return m
}

// pageQuery is the only query string a cached page may carry: a page number.
var pageQuery = regexp.MustCompile(`^page=[0-9]{1,6}$`)

// cacheable tells whether a request may be answered from the cache: a
// reader's GET or HEAD of a page every reader sees the same way. Staff and
// members (with a session cookie) get fresh pages; the root and paths
// outside a language depend on Accept-Language and are not kept.
func cacheable(r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	if r.URL.RawQuery != "" && !pageQuery.MatchString(r.URL.RawQuery) {
		return false
	}
	if _, err := r.Cookie(auth.CookieName); err == nil {
		return false
	}
	p := r.URL.Path
	if p == "/sitemap.xml" || p == "/robots.txt" || strings.HasPrefix(p, "/sitemaps/") {
		return true
	}
	// Everything under /{lang}/, the language's home page "/fr/" included:
	// it is the page most read, and its render is tagged "home" for that.
	lang, _, ok := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	return ok && len(lang) >= 2 && len(lang) <= 3 && !strings.HasPrefix(p, "/assets/") && !strings.HasPrefix(p, "/media/")
}

func (s *Site) serveCached(w http.ResponseWriter, r *http.Request) {
	host := strings.ToLower(r.Host)
	if h, _, ok := strings.Cut(host, ":"); ok {
		host = h
	}
	key := host + "|" + r.URL.Path
	if r.URL.RawQuery != "" {
		key += "?" + r.URL.RawQuery
	}
	e, _, err := s.cache.GetOrRender(r.Context(), key, func() (*pagecache.Entry, error) {
		// One reader leaving must not fail a render others wait for.
		timeout := s.shed.timeout
		if strings.HasPrefix(r.URL.Path, "/sitemap") {
			// A sitemap lists every public page: on a site of several
			// hundred thousand articles it takes longer than a page to
			// build, once, and crawlers that ask meanwhile wait for it.
			timeout = max(timeout, sitemapRenderTimeout)
		}
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), timeout)
		defer cancel()
		// The gate is taken inside the single flight: a herd on one page
		// holds one slot, and a refusal (errBusy) is answered like any
		// failed render, with the stale copy when the cache keeps one.
		if !s.shed.renders.enter(ctx) {
			return nil, errBusy
		}
		defer s.shed.renders.leave()
		meta := &pageMeta{}
		e, err := pagecache.Capture(s.mux, r.WithContext(context.WithValue(ctx, captureKey{}, meta)))
		if err != nil && ctx.Err() != nil {
			// The handler answered 5xx because its database calls ran
			// out of time: a slow database, which Retry-After describes
			// better than the handler's 500.
			return nil, errRenderTimeout
		}
		if e != nil {
			e.Meta = *meta
		}
		return e, err
	})
	var failed *pagecache.HandlerError
	switch {
	case errors.Is(err, errBusy), errors.Is(err, errRenderTimeout), errors.Is(err, context.DeadlineExceeded):
		// No stale copy to answer with (GetOrRender would have): refuse
		// for now rather than report a fault of the page. A deadline here
		// is this reader's own, ended while another request rendered.
		s.unavailable(w, r)
		return
	case errors.As(err, &failed):
		pagecache.Serve(w, r, failed.Response)
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	pagecache.Serve(w, r, e)
	if m, ok := e.Meta.(pageMeta); ok && m.counted && e.Status() == http.StatusOK && r.Method == http.MethodGet && s.stats != nil {
		s.stats.Record(stats.View{SiteID: m.siteID, Path: r.URL.Path, Language: m.lang, ArticleID: m.articleID, GroupID: m.groupID,
			Referrer: r.Referer(), UserAgent: r.UserAgent(), IP: s.clientIP(r), AcceptLanguage: r.Header.Get("Accept-Language"), At: s.now()})
	}
}

// dropPages forgets the pages built from what changed.
func (s *Site) dropPages(tags []string) {
	if slices.Contains(tags, store.AllTag) {
		s.cache.InvalidateAll()
		return
	}
	s.cache.Invalidate(tags...)
}

// dependsOn names what a response was built from, for the page cache and
// for a CDN that purges by key: the site, and the objects given.
func dependsOn(w http.ResponseWriter, siteID int64, tags ...string) {
	w.Header().Set("Surrogate-Key", strings.Join(append([]string{store.SiteTag(siteID)}, tags...), " "))
}

// CacheStats reports the page cache's counters (zero when it is off).
func (s *Site) CacheStats() pagecache.Stats {
	if s.cache == nil {
		return pagecache.Stats{}
	}
	return s.cache.Stats()
}
