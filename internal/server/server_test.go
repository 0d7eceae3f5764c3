package server_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"depeche/internal/server"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
)

func TestHealthAndReadiness(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		srv := server.New(st, slog.New(slog.DiscardHandler), server.Routes{})
		for path, want := range map[string]int{"/healthz": 200, "/readyz": 200} {
			rec := do(srv.Handler(), "GET", path)
			if rec.StatusCode != want {
				t.Errorf("%s = %d", path, rec.StatusCode)
			}
			if rec.Header.Get("Content-Security-Policy") == "" || rec.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("%s lacks security headers: %v", path, rec.Header)
			}
		}
		st.Close()
		if rec := do(srv.Handler(), "GET", "/readyz"); rec.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("readyz with a closed database = %d, want 503", rec.StatusCode)
		}
		if rec := do(srv.Handler(), "GET", "/healthz"); rec.StatusCode != http.StatusOK {
			t.Errorf("healthz must not depend on the database: %d", rec.StatusCode)
		}
	})
}

func TestReadinessNeedsMigrations(t *testing.T) {
	st, err := store.Open(context.Background(), store.Config{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv := server.New(st, slog.New(slog.DiscardHandler), server.Routes{})
	if rec := do(srv.Handler(), "GET", "/readyz"); rec.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("readyz before migrations = %d, want 503", rec.StatusCode)
	}
}

func TestPanicBecomes500(t *testing.T) {
	st := storetest.Open(t, "sqlite", nil)
	srv := server.New(st, slog.New(slog.DiscardHandler), server.Routes{Site: http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })})
	if rec := do(srv.Handler(), "GET", "/fr/"); rec.StatusCode != http.StatusInternalServerError {
		t.Errorf("panic answered %d", rec.StatusCode)
	}
}

// TestGracefulShutdown cancels the server while a request is in flight: the
// request completes, then background work is flushed, then Serve returns.
func TestGracefulShutdown(t *testing.T) {
	st := storetest.Open(t, "sqlite", nil)
	started := make(chan struct{})
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		time.Sleep(300 * time.Millisecond)
		io.WriteString(w, "finished")
	})
	srv := server.New(st, slog.New(slog.DiscardHandler), server.Routes{Site: slow})
	var flushed atomic.Bool
	srv.OnShutdown(func(context.Context) error { flushed.Store(true); return nil })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()

	got := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/slow")
		if err != nil {
			got <- "error: " + err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		got <- string(b)
	}()
	<-started
	cancel()
	if body := <-got; body != "finished" {
		t.Errorf("in-flight request got %q", body)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve = %v", err)
	}
	if !flushed.Load() {
		t.Error("background work was not flushed")
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		t.Error("the server still accepts connections after shutdown")
	}
}

func do(h http.Handler, method, path string) *http.Response {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec.Result()
}
