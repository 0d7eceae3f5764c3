package site

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"depeche/internal/auth"
	"depeche/internal/demo"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
)

// These tests are inside the package: they add routes that block to the
// site's own mux, so the gates fill deterministically, and shorten the
// render timeout without a knob the application does not need.

var shedNow = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

// newShedSite builds the demo site on a fresh SQLite store.
func newShedSite(t *testing.T, cfg Config) (*Site, *store.Store) {
	t.Helper()
	st := storetest.Open(t, "sqlite", func() time.Time { return shedNow })
	if _, err := demo.Load(context.Background(), st, demo.Options{BaseURL: "https://diplomatie.example"}); err != nil {
		t.Fatal(err)
	}
	cfg.Store, cfg.Now, cfg.CommentMinFill = st, func() time.Time { return shedNow }, -1
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s, st
}

// blocker is a page whose render waits until the test releases it, as a
// render stuck on a slow query would.
type blocker struct {
	entered chan string // the path of every request that reached the handler
	release chan struct{}
}

func newBlocker(s *Site, pattern string) *blocker {
	b := &blocker{entered: make(chan string, 64), release: make(chan struct{})}
	s.mux.Handle(pattern, b)
	return b
}

func (b *blocker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.entered <- r.URL.Path
	select {
	case <-b.release:
	case <-r.Context().Done():
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	io.WriteString(w, "rendered "+r.URL.Path)
}

// noneEntered fails when a request the gates should have refused reached
// the handler.
func (b *blocker) noneEntered(t *testing.T) {
	t.Helper()
	select {
	case p := <-b.entered:
		t.Errorf("%s reached the handler past a full gate", p)
	default:
	}
}

type result struct {
	resp *http.Response
	body string
}

// serve runs one request; a panic is a test failure, not a crash.
func serve(t *testing.T, h http.Handler, req *http.Request) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	func() {
		defer func() {
			if p := recover(); p != nil {
				t.Errorf("%s %s panicked: %v", req.Method, req.URL, p)
			}
		}()
		h.ServeHTTP(rec, req)
	}()
	resp := rec.Result()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func get(t *testing.T, h http.Handler, path string, header ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return serve(t, h, req)
}

// inBackground starts a request and returns where its answer will come.
func inBackground(t *testing.T, h http.Handler, req *http.Request) <-chan result {
	done := make(chan result, 1)
	go func() {
		resp, body := serve(t, h, req)
		done <- result{resp, body}
	}()
	return done
}

// wantShed checks a refusal: 503, Retry-After, not cached downstream, a
// page in the path's language, after waiting for a slot but not longer
// than the wait allows (plus a margin for a loaded test machine).
func wantShed(t *testing.T, what string, resp *http.Response, body string, took, wait time.Duration) {
	t.Helper()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("%s: %d, want 503", what, resp.StatusCode)
		return
	}
	if ra := resp.Header.Get("Retry-After"); ra != "1" {
		t.Errorf("%s: Retry-After %q", what, ra)
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("%s: Cache-Control %q", what, cc)
	}
	if resp.Header.Get("Content-Language") != "fr" || !strings.Contains(body, "indisponible") {
		t.Errorf("%s: the refusal is not in French: %q", what, body)
	}
	if took < wait || took > wait+2*time.Second {
		t.Errorf("%s: refused after %v; the wait is %v", what, took, wait)
	}
}

// surrogateKeys returns the tags of resp that other does not carry.
func surrogateKeys(resp, other *http.Response) []string {
	var own []string
	theirs := strings.Fields(other.Header.Get("Surrogate-Key"))
	for _, k := range strings.Fields(resp.Header.Get("Surrogate-Key")) {
		if !slices.Contains(theirs, k) {
			own = append(own, k)
		}
	}
	return own
}

// TestSaturatedRendersShed fills the render gate with renders that block:
// the next page to render is refused within the wait, or answered by its
// stale copy; cached pages and the dynamic gate are untouched.
func TestSaturatedRendersShed(t *testing.T) {
	const wait = 50 * time.Millisecond
	s, _ := newShedSite(t, Config{MaxRenders: 2, ShedWait: wait})
	b := newBlocker(s, "/fr/bloque/{n}")

	cached, cachedBody := get(t, s, "/fr/moderer-sans-censurer")
	stale, staleBody := get(t, s, "/fr/mesurer-l-audience-sans-pister-personne")
	if cached.StatusCode != 200 || stale.StatusCode != 200 {
		t.Fatalf("pages: %d, %d", cached.StatusCode, stale.StatusCode)
	}
	// Drop the second page only: it keeps a stale copy, the first stays fresh.
	own := surrogateKeys(stale, cached)
	if len(own) == 0 {
		t.Fatal("the two articles share every tag")
	}
	s.cache.Invalidate(own...)

	var blocked []<-chan result
	for _, p := range []string{"/fr/bloque/1", "/fr/bloque/2"} {
		blocked = append(blocked, inBackground(t, s, httptest.NewRequest("GET", p, nil)))
	}
	<-b.entered
	<-b.entered
	if got := s.LoadStats(); got.Rendering != 2 || got.RenderSlots != 2 {
		t.Fatalf("gate not full: %+v", got)
	}

	start := time.Now()
	resp, body := get(t, s, "/fr/bloque/3")
	wantShed(t, "a third render", resp, body, time.Since(start), wait)
	b.noneEntered(t)

	// A hit never waits for a slot: immediate, and the same bytes.
	if resp, body := get(t, s, "/fr/moderer-sans-censurer"); resp.StatusCode != 200 || body != cachedBody || resp.Header.Get("X-Cache") != "" {
		t.Errorf("cached page while saturated: %d, X-Cache %q", resp.StatusCode, resp.Header.Get("X-Cache"))
	}
	head, _ := serve(t, s, httptest.NewRequest("HEAD", "/fr/moderer-sans-censurer", nil))
	if head.StatusCode != 200 {
		t.Errorf("HEAD of a cached page while saturated: %d", head.StatusCode)
	}
	// A page to render that has a stale copy gets it rather than 503.
	if resp, body := get(t, s, "/fr/mesurer-l-audience-sans-pister-personne"); resp.StatusCode != 200 || resp.Header.Get("X-Cache") != "stale" || body != staleBody {
		t.Errorf("invalidated page while saturated: %d, X-Cache %q, same body %v", resp.StatusCode, resp.Header.Get("X-Cache"), body == staleBody)
	}
	// Renders and dynamic work have separate gates.
	if resp, _ := get(t, s, "/fr/search?q=donn%C3%A9es"); resp.StatusCode != 200 {
		t.Errorf("search while renders are saturated: %d", resp.StatusCode)
	}
	if got := s.LoadStats().RendersShed; got != 2 {
		t.Errorf("renders shed: %d, want 2", got)
	}

	close(b.release)
	for _, c := range blocked {
		if r := <-c; r.resp.StatusCode != 200 {
			t.Errorf("a blocked render ended with %d", r.resp.StatusCode)
		}
	}
	// Once the slots are free, the refused page renders.
	if resp, body := get(t, s, "/fr/bloque/3"); resp.StatusCode != 200 || body != "rendered /fr/bloque/3" {
		t.Errorf("after the burst: %d %q", resp.StatusCode, body)
	}
	if got := s.LoadStats().Rendering; got != 0 {
		t.Errorf("%d render slots still taken", got)
	}
}

// TestSaturatedDynamicShed fills the gate of uncacheable work: search,
// comment posts and session pages are refused, while cached pages, pages
// to render and assets are served.
func TestSaturatedDynamicShed(t *testing.T) {
	const wait = 30 * time.Millisecond
	s, _ := newShedSite(t, Config{MaxDynamic: 1, ShedWait: wait})
	b := newBlocker(s, "/fr/bloque/{n}")
	if resp, _ := get(t, s, "/fr/moderer-sans-censurer"); resp.StatusCode != 200 {
		t.Fatalf("article: %d", resp.StatusCode)
	}
	session := auth.CookieName + "=staff"
	blocked := inBackground(t, s, func() *http.Request {
		req := httptest.NewRequest("GET", "/fr/bloque/1", nil)
		req.Header.Set("Cookie", session)
		return req
	}())
	<-b.entered

	start := time.Now()
	resp, body := get(t, s, "/fr/search?q=donn%C3%A9es")
	wantShed(t, "search", resp, body, time.Since(start), wait)

	form := url.Values{"name": {"Lecteur"}, "email": {"l@example.net"}, "message": {"Un message qui attendra."}}
	post := httptest.NewRequest("POST", "/fr/moderer-sans-censurer", strings.NewReader(form.Encode()))
	post.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	// A comment post is never shed: it carries what the reader typed. This
	// one (without its form token) comes back with the text kept.
	resp, body = serve(t, s, post)
	if resp.StatusCode == http.StatusServiceUnavailable || !strings.Contains(body, "Un message qui attendra.") {
		t.Errorf("comment post while saturated: %d, text kept: %v", resp.StatusCode, strings.Contains(body, "Un message qui attendra."))
	}

	start = time.Now()
	resp, body = get(t, s, "/fr/bloque/2", "Cookie", session)
	wantShed(t, "page for a session", resp, body, time.Since(start), wait)
	b.noneEntered(t)

	for _, p := range []string{"/fr/moderer-sans-censurer", "/fr/rubrique/pole-web", s.assets["site.css"].url} {
		if resp, _ := get(t, s, p); resp.StatusCode != 200 {
			t.Errorf("%s while dynamic work is saturated: %d", p, resp.StatusCode)
		}
	}
	if got := s.LoadStats(); got.DynamicShed != 2 || got.RendersShed != 0 {
		t.Errorf("shed counts: %+v", got)
	}
	close(b.release)
	if r := <-blocked; r.resp.StatusCode != 200 {
		t.Errorf("the blocked request ended with %d", r.resp.StatusCode)
	}
}

// TestShedWithCacheOff: without a cache every page is a render, and the
// render gate bounds them.
func TestShedWithCacheOff(t *testing.T) {
	const wait = 20 * time.Millisecond
	s, _ := newShedSite(t, Config{CacheBytes: -1, MaxRenders: 1, ShedWait: wait})
	b := newBlocker(s, "/fr/bloque/{n}")
	blocked := inBackground(t, s, httptest.NewRequest("GET", "/fr/bloque/1", nil))
	<-b.entered
	start := time.Now()
	resp, body := get(t, s, "/fr/moderer-sans-censurer")
	wantShed(t, "page with the cache off", resp, body, time.Since(start), wait)
	if resp, _ := get(t, s, "/fr/search?q=donn%C3%A9es"); resp.StatusCode != 200 {
		t.Errorf("search with the render gate full: %d", resp.StatusCode)
	}
	close(b.release)
	<-blocked
}

// TestShedPageLanguage: the refusal speaks the path's language, else the
// reader's, without asking the database.
func TestShedPageLanguage(t *testing.T) {
	s, st := newShedSite(t, Config{})
	st.Close()
	for _, tt := range []struct{ path, accept, lang, text string }{
		{"/es/seccion/unidad-web", "", "es", "no disponible"},
		{"/ar/", "fr", "ar", "غير متاحة"},
		{"/robots.txt", "fr-CA,fr;q=0.9", "fr", "indisponible"},
		{"/xx/yy", "de", "en", "unavailable"},
	} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", tt.path, nil)
		req.Header.Set("Accept-Language", tt.accept)
		s.unavailable(rec, req)
		if rec.Code != 503 || rec.Header().Get("Content-Language") != tt.lang || !strings.Contains(rec.Body.String(), tt.text) {
			t.Errorf("%s (%s): %d %s %q", tt.path, tt.accept, rec.Code, rec.Header().Get("Content-Language"), rec.Body.String())
		}
	}
	head := httptest.NewRecorder()
	s.unavailable(head, httptest.NewRequest("HEAD", "/fr/", nil))
	if head.Code != 503 || head.Body.Len() != 0 {
		t.Errorf("HEAD refusal: %d with %d bytes", head.Code, head.Body.Len())
	}
}

// TestStaleWhenDatabaseDown reads pages, invalidates them, closes the
// database: readers of a page that was cached get its last copy marked
// stale; the rest get an error page, never a panic.
func TestStaleWhenDatabaseDown(t *testing.T) {
	s, st := newShedSite(t, Config{})
	ctx := context.Background()
	article := "/fr/moderer-sans-censurer"
	first, before := get(t, s, article)
	if first.StatusCode != 200 || first.Header.Get("X-Cache") != "" {
		t.Fatalf("article: %d", first.StatusCode)
	}
	if err := st.Announce(ctx, store.AllTag); err != nil {
		t.Fatal(err)
	}
	// A page cached after the invalidation is still fresh when the
	// database goes: an ordinary hit.
	home, homeBody := get(t, s, "/fr/")
	if home.StatusCode != 200 {
		t.Fatalf("home: %d", home.StatusCode)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	resp, body := get(t, s, article)
	if resp.StatusCode != 200 || resp.Header.Get("X-Cache") != "stale" || body != before {
		t.Errorf("invalidated article with the database down: %d, X-Cache %q, same body %v", resp.StatusCode, resp.Header.Get("X-Cache"), body == before)
	}
	if resp, _ := get(t, s, article, "If-None-Match", first.Header.Get("ETag")); resp.StatusCode != http.StatusNotModified {
		t.Errorf("revalidating the stale copy: %d", resp.StatusCode)
	}
	if resp, body := get(t, s, "/fr/"); resp.StatusCode != 200 || body != homeBody || resp.Header.Get("X-Cache") != "" {
		t.Errorf("fresh home page with the database down: %d, X-Cache %q", resp.StatusCode, resp.Header.Get("X-Cache"))
	}

	form := url.Values{"name": {"Lecteur"}, "email": {"l@example.net"}, "message": {"Écrit pendant la panne."}}
	post := httptest.NewRequest("POST", article, strings.NewReader(form.Encode()))
	post.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	requests := []*http.Request{
		httptest.NewRequest("GET", "/fr/rubrique/pole-web", nil), // never cached
		httptest.NewRequest("HEAD", "/fr/mot/moderation", nil),
		httptest.NewRequest("GET", "/fr/search?q=donn%C3%A9es", nil),
		httptest.NewRequest("GET", "/sitemap.xml", nil),
		post,
	}
	session := httptest.NewRequest("GET", article, nil)
	session.Header.Set("Cookie", auth.CookieName+"=staff")
	requests = append(requests, session)
	for _, req := range requests {
		resp, _ := serve(t, s, req)
		if resp.StatusCode != http.StatusInternalServerError && resp.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("%s %s with the database down: %d", req.Method, req.URL, resp.StatusCode)
		}
	}
	// The root needs only the site, which may still be known in memory:
	// its redirect, or an error, but no panic.
	if resp, _ := get(t, s, "/"); resp.StatusCode != http.StatusFound && resp.StatusCode/100 != 5 {
		t.Errorf("GET / with the database down: %d", resp.StatusCode)
	}
}

// TestStaleWhenRenderTimesOut: a database that stops answering holds a
// render only until the render timeout; then the stale copy, or 503.
func TestStaleWhenRenderTimesOut(t *testing.T) {
	s, _ := newShedSite(t, Config{})
	s.shed.timeout = 100 * time.Millisecond
	var slow atomic.Bool
	var deadlines atomic.Int32
	s.mux.HandleFunc("/fr/lent/{n}", func(w http.ResponseWriter, r *http.Request) {
		if _, ok := r.Context().Deadline(); ok {
			deadlines.Add(1)
		}
		if !slow.Load() {
			io.WriteString(w, "v1 "+r.URL.Path)
			return
		}
		// What a query does on a stuck database: wait for its context.
		<-r.Context().Done()
		s.serverError(w, r, r.Context().Err())
	})
	if resp, _ := get(t, s, "/fr/lent/a"); resp.StatusCode != 200 {
		t.Fatalf("first render: %d", resp.StatusCode)
	}
	slow.Store(true)
	s.cache.InvalidateAll()

	resp, body := get(t, s, "/fr/lent/a")
	if resp.StatusCode != 200 || resp.Header.Get("X-Cache") != "stale" || body != "v1 /fr/lent/a" {
		t.Errorf("slow render with a stale copy: %d, X-Cache %q, %q", resp.StatusCode, resp.Header.Get("X-Cache"), body)
	}
	resp, _ = get(t, s, "/fr/lent/b")
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "1" {
		t.Errorf("slow render without a stale copy: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	// Uncached work has the same bound: the handler's own error page.
	resp, _ = get(t, s, "/fr/lent/c", "Cookie", auth.CookieName+"=staff")
	if resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("slow session page: %d", resp.StatusCode)
	}
	if got := deadlines.Load(); got != 4 {
		t.Errorf("%d of 4 renders had a deadline", got)
	}
	if got := s.LoadStats(); got.Rendering != 0 || got.Dynamic != 0 {
		t.Errorf("slots still taken: %+v", got)
	}
}
