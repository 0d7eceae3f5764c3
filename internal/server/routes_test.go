package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"depeche/internal/demo"
	"depeche/internal/server"
	"depeche/internal/site"
	"depeche/internal/store/storetest"
)

// TestRoutes checks who answers each kind of path now that reader pages
// skip the mux: the probes, the back office (with the mux's redirects of
// unclean paths), and the site for everything else.
func TestRoutes(t *testing.T) {
	st := storetest.Open(t, "sqlite", nil)
	named := func(name string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, name+" "+r.URL.Path) })
	}
	h := server.New(st, slog.New(slog.DiscardHandler), server.Routes{Site: named("site"), Admin: named("admin")}).Handler()
	for _, c := range []struct {
		path, body string
		status     int
		location   string
	}{
		{"/healthz", "ok\n", 200, ""},
		{"/admin/", "admin /admin/", 200, ""},
		{"/admin/articles", "admin /admin/articles", 200, ""},
		{"/admin", "", http.StatusMovedPermanently, "/admin/"},
		{"//admin/articles", "", http.StatusMovedPermanently, "/admin/articles"},
		{"/fr/../admin/articles", "", http.StatusMovedPermanently, "/admin/articles"},
		{"/fr/", "site /fr/", 200, ""},
		{"/fr/un-article", "site /fr/un-article", 200, ""},
		{"/administration-publique", "site /administration-publique", 200, ""},
		{"/sitemap.xml", "site /sitemap.xml", 200, ""},
		{"/", "site /", 200, ""},
	} {
		res := do(h, "GET", c.path)
		body, _ := io.ReadAll(res.Body)
		status := res.StatusCode
		if status == http.StatusTemporaryRedirect || status == http.StatusPermanentRedirect {
			status = http.StatusMovedPermanently // the mux's choice among redirects is its own
		}
		if status != c.status || (c.body != "" && string(body) != c.body) || res.Header.Get("Location") != c.location {
			t.Errorf("GET %s = %d %q Location %q, want %d %q Location %q", c.path, res.StatusCode, body, res.Header.Get("Location"), c.status, c.body, c.location)
		}
		if res.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("GET %s: no security headers", c.path)
		}
	}
}

// BenchmarkReaderHit serves a cached article through the whole
// application (recovery, security headers, cross-origin check, routing)
// and through the site handler alone, side by side: the difference is
// what the layers around the page cache cost.
//
//	go test ./internal/server -run NONE -bench ReaderHit -benchmem -count 6 | benchstat -col /via -
func BenchmarkReaderHit(b *testing.B) {
	st := storetest.Open(b, "sqlite", nil)
	if _, err := demo.Load(context.Background(), st, demo.Options{BaseURL: "https://diplomatie.example"}); err != nil {
		b.Fatal(err)
	}
	now := func() time.Time { return time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC) }
	s, err := site.New(site.Config{Store: st, Now: now})
	if err != nil {
		b.Fatal(err)
	}
	app := server.New(st, slog.New(slog.DiscardHandler), server.Routes{Site: s}).Handler()
	for _, via := range []struct {
		name string
		h    http.Handler
	}{{"site", s}, {"application", app}} {
		b.Run("via="+via.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", "/fr/moderer-sans-censurer", nil)
			req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0")
			w := &discardWriter{h: http.Header{}}
			via.h.ServeHTTP(w, req)
			if w.status != 200 || !strings.Contains(w.Header().Get("Content-Type"), "text/html") {
				b.Fatalf("status %d, %v", w.status, w.Header())
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				clear(w.h)
				w.status = 0
				via.h.ServeHTTP(w, req)
			}
			if w.status != 200 {
				b.Fatalf("status %d", w.status)
			}
		})
	}
}

// discardWriter is a ResponseWriter that keeps nothing but the status, so
// the benchmark measures the handlers, not a recorder's copies.
type discardWriter struct {
	h      http.Header
	status int
}

func (w *discardWriter) Header() http.Header { return w.h }
func (w *discardWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}
func (w *discardWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = 200
	}
	return len(p), nil
}
