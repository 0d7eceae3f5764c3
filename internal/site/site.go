// Package site serves the reader pages: home, sections, articles, keywords,
// authors, the site map and the statement pages, in every language of the
// site, with their assets and media.
package site

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path"
	"strings"
	"sync"
	"time"

	"depeche/internal/comment"
	"depeche/internal/content"
	"depeche/internal/i18n"
	"depeche/internal/media"
	"depeche/internal/pagecache"
	"depeche/internal/stats"
	"depeche/internal/store"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// Config is what the reader site needs.
type Config struct {
	Store    *store.Store
	Log      *slog.Logger
	MediaDir string           // uploaded and generated media
	Now      func() time.Time // the clock; time.Now when nil
	// Stats counts page views; nil counts nothing.
	Stats *stats.Recorder
	// StatsRetentionMonths is how long aggregates are kept, for the privacy page.
	StatsRetentionMonths int
	// CommentRetentionMonths is how long commenters' addresses are kept
	// (0: for good), for the privacy page.
	CommentRetentionMonths int
	// TrustedProxies are the networks of the load balancers in front of the
	// server: from them, the reader's address is read from X-Forwarded-For.
	TrustedProxies []netip.Prefix
	// CommentMinFill is the least time between serving a comment form and
	// its post (comment.MinFillTime when zero; negative disables the check,
	// for tests on a frozen clock).
	CommentMinFill time.Duration
	// CacheBytes bounds the rendered-page cache (pagecache.DefaultMaxBytes
	// when zero; negative turns the cache off).
	CacheBytes int64
	// MaxRenders bounds the pages rendered at once on a cache miss
	// (2×GOMAXPROCS+2 when zero; negative: no bound). Cache hits are
	// never bounded.
	MaxRenders int
	// MaxDynamic bounds the requests no cache answers that use the
	// database at once: comment posts, search, pages for a session
	// (4×GOMAXPROCS+4 when zero; negative: no bound).
	MaxDynamic int
	// ShedWait is how long a request waits for one of those slots before
	// it gets the page's stale copy, or 503 (200 ms when zero).
	ShedWait time.Duration
}

// Site is the reader-facing HTTP handler.
type Site struct {
	store *store.Store
	stats *stats.Recorder
	// statsRetention is shown on the privacy page.
	statsRetention   int
	commentRetention int
	commentMinFill   time.Duration
	trusted          []netip.Prefix
	secretMu         sync.Mutex
	secret           []byte
	log              *slog.Logger
	now              func() time.Time
	bundle           *i18n.Bundle
	pages            map[string]*template.Template
	assets           map[string]asset // by file name
	media            http.Handler
	mux              *http.ServeMux
	reserved         map[string]bool
	cache            *pagecache.Cache // rendered pages; nil when off
	lookups          lookups          // sites and section trees (lookups.go)
	sitemapCuts      sitemapCuts      // how each site's sitemap is cut into parts (sitemap_cuts.go)
	shed             *shedder         // bounds on uncached work (shedding.go)
}

type asset struct {
	url         string
	contentType string
	body        []byte
}

// New loads templates, catalogs and assets, and builds the handler.
func New(cfg Config) (*Site, error) {
	bundle, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	s := &Site{store: cfg.Store, stats: cfg.Stats, statsRetention: cfg.StatsRetentionMonths, commentRetention: cfg.CommentRetentionMonths, log: cfg.Log, now: cfg.Now, bundle: bundle, reserved: ReservedSlugs()}
	if s.now == nil {
		s.now = time.Now
	}
	s.trusted = cfg.TrustedProxies
	s.commentMinFill = cfg.CommentMinFill
	if s.commentMinFill == 0 {
		s.commentMinFill = comment.MinFillTime
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if err := s.loadAssets(); err != nil {
		return nil, err
	}
	if err := s.loadTemplates(); err != nil {
		return nil, err
	}
	s.shed = newShedder(cfg)
	cfg.Store.OnChange(s.lookups.forget)
	cfg.Store.OnChange(s.sitemapCuts.forget)
	if cfg.CacheBytes >= 0 {
		s.cache = pagecache.New(pagecache.Config{MaxBytes: cfg.CacheBytes, MaxAge: pageMaxAge, Now: s.now, Log: s.log})
		cfg.Store.OnChange(s.dropPages)
	}
	s.media = mediaHandler(cfg.MediaDir)
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("GET /{$}", s.root)
	s.mux.HandleFunc("GET /assets/", s.serveAsset)
	s.mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, s.assets["favicon.svg"].url, http.StatusMovedPermanently)
	})
	s.mux.Handle("GET /media/", http.StripPrefix("/media", s.media))
	s.mux.HandleFunc("GET /sitemap.xml", s.sitemapXML)
	s.mux.HandleFunc("GET /sitemaps/{part}", s.sitemapXML)
	s.mux.HandleFunc("GET /robots.txt", s.robots)
	s.mux.HandleFunc(unsubscribePath, s.unsubscribe)
	s.mux.HandleFunc("/", s.reader)
	return s, nil
}

func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.cache != nil && cacheable(r) {
		s.serveCached(w, r)
		return
	}
	s.serveUncached(w, r)
}

// loadAssets reads the embedded CSS and JS and gives each a URL that
// changes with its content, so browsers may cache it for a year.
func (s *Site) loadAssets() error {
	s.assets = map[string]asset{}
	return fs.WalkDir(staticFiles, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFiles.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		name := path.Base(p)
		ct := "application/octet-stream"
		switch path.Ext(name) {
		case ".css":
			ct = "text/css; charset=utf-8"
		case ".js":
			ct = "text/javascript; charset=utf-8"
		case ".svg":
			ct = "image/svg+xml"
		}
		s.assets[name] = asset{url: "/assets/" + hex.EncodeToString(sum[:5]) + "/" + name, contentType: ct, body: body}
		return nil
	})
}

func (s *Site) assetURL(name string) (string, error) {
	a, ok := s.assets[name]
	if !ok {
		return "", fmt.Errorf("no asset %q", name)
	}
	return a.url, nil
}

func (s *Site) serveAsset(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, "/assets/")
	hash, name, ok := strings.Cut(rest, "/")
	a, found := s.assets[name]
	if !ok || !found {
		s.notFound(w, r)
		return
	}
	w.Header().Set("Content-Type", a.contentType)
	if a.url == "/assets/"+hash+"/"+name {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		// An old hash after a deploy: serve the current file, briefly.
		w.Header().Set("Cache-Control", "public, max-age=300")
	}
	w.Write(a.body)
}

// mediaHandler serves uploaded files with headers that keep a hostile
// upload from acting as a page of the site: only image types are served,
// with their type set by the server, never sniffed, and sandboxed.
func mediaHandler(dir string) http.Handler {
	if dir == "" {
		return http.NotFoundHandler()
	}
	files := http.FileServerFS(noDirs{os.DirFS(dir)})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ct := media.ContentType(r.URL.Path)
		if ct == "" {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", ct)
		h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
		h.Set("Cache-Control", "public, max-age=86400")
		files.ServeHTTP(w, r)
	})
}

// noDirs hides directories, so the media folder cannot be listed.
type noDirs struct{ fs.FS }

func (n noDirs) Open(name string) (fs.File, error) {
	f, err := n.FS.Open(name)
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err != nil || st.IsDir() {
		f.Close()
		return nil, fs.ErrNotExist
	}
	return f, nil
}

// root sends a reader to the home page in their best language.
func (s *Site) root(w http.ResponseWriter, r *http.Request) {
	site, err := s.siteFor(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Add("Vary", "Accept-Language")
	lang := s.negotiate(site, r)
	http.Redirect(w, r, homePath(lang), http.StatusFound)
}

func (s *Site) negotiate(site *content.Site, r *http.Request) string {
	codes := make([]string, len(site.Languages))
	for i, l := range site.Languages {
		codes[i] = l.Code
	}
	return i18n.Negotiate(r.Header.Get("Accept-Language"), codes, site.DefaultLanguage)
}

func (s *Site) siteFor(r *http.Request) (*content.Site, error) {
	host := r.Host
	if h, _, ok := strings.Cut(host, ":"); ok {
		host = h
	}
	return s.lookups.site(r.Context(), s.store, host)
}

// reader dispatches everything under /{lang}/.
func (s *Site) reader(w http.ResponseWriter, r *http.Request) {
	site, err := s.siteFor(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")
	lang := parts[0]
	if _, ok := site.Language(lang); !ok {
		if (r.Method == http.MethodGet || r.Method == http.MethodHead) && s.redirectLegacy(w, r, site) {
			return
		}
		s.notFound(w, r)
		return
	}
	if len(parts) == 1 {
		http.Redirect(w, r, homePath(lang), http.StatusMovedPermanently)
		return
	}
	rest := parts[1:]
	if len(rest) > 1 && rest[len(rest)-1] == "" {
		// "/fr/slug/" → "/fr/slug": one URL per page.
		http.Redirect(w, r, "/"+lang+"/"+strings.Join(rest[:len(rest)-1], "/"), http.StatusMovedPermanently)
		return
	}
	req := &request{Request: r, site: site, lang: lang, L: s.bundle.For(lang)}
	if r.Method == http.MethodPost {
		if len(rest) == 1 && !s.reserved[rest[0]] {
			s.postComment(w, req, rest[0])
			return
		}
		w.Header().Set("Allow", "GET, HEAD")
		s.errorPage(w, req, http.StatusMethodNotAllowed)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD, POST")
		s.errorPage(w, req, http.StatusMethodNotAllowed)
		return
	}
	switch {
	case len(rest) == 1 && rest[0] == "":
		s.home(w, req)
	case len(rest) == 1:
		if format, ok := feedFormat(rest[0], "feed"); ok {
			s.articlesFeed(w, req, format, "", site.Texts[lang].Name, store.ArticleQuery{})
			return
		}
		if kind, ok := kindOf(lang, rest[0]); ok {
			s.fixedPage(w, req, kind)
			return
		}
		s.article(w, req, rest[0])
	case len(rest) == 2 && rest[0] == "share" && rest[1] == "mastodon":
		s.shareMastodon(w, req)
	case len(rest) == 3:
		s.objectFeed(w, req, rest[0], rest[1], rest[2])
	case len(rest) == 2:
		kind, ok := kindOf(lang, rest[0])
		switch {
		case !ok:
			if format, isFeed := feedFormat(rest[1], "comments"); isFeed && format != "json" {
				s.commentsFeed(w, req, rest[0], format)
				return
			}
			s.errorPage(w, req, http.StatusNotFound)
		case kind == kindSection:
			s.section(w, req, rest[1])
		case kind == kindKeyword:
			s.keyword(w, req, rest[1])
		case kind == kindAuthor:
			s.author(w, req, rest[1])
		default:
			s.errorPage(w, req, http.StatusNotFound)
		}
	default:
		s.errorPage(w, req, http.StatusNotFound)
	}
}

// request is one reader request with its site and language resolved.
type request struct {
	*http.Request
	site *content.Site
	lang string
	L    *i18n.Localizer
	// sectionList is the site's section tree, read once per request: the
	// navigation, the breadcrumb and the listings all need it.
	sectionList []*content.Section
}

func (s *Site) sections(r *request) ([]*content.Section, error) {
	if r.sectionList == nil {
		list, err := s.lookups.sectionTree(r.ctx(), s.store, r.site.ID)
		if err != nil {
			return nil, err
		}
		r.sectionList = list
	}
	return r.sectionList, nil
}

func (r *request) ctx() context.Context { return r.Context() }

// page returns ?page=N as a positive number; anything else is page 1, as a
// reader who mistyped it would expect.
func (r *request) page() int {
	var n int
	if _, err := fmt.Sscanf(r.URL.Query().Get("page"), "%d", &n); err != nil || n < 1 || n > 100000 {
		return 1
	}
	return n
}

// clientIP is the reader's address: the connection's peer, or, when the
// peer is a trusted proxy, the nearest address in X-Forwarded-For that is
// not one of them (the ones before it could be forged by the client).
func (s *Site) clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if !s.isTrusted(host) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if _, err := netip.ParseAddr(hop); err != nil {
			break
		}
		if !s.isTrusted(hop) {
			return hop
		}
	}
	return host
}

func (s *Site) isTrusted(ip string) bool {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	for _, p := range s.trusted {
		if p.Contains(addr.Unmap()) {
			return true
		}
	}
	return false
}
