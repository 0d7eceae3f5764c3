// Package server assembles the HTTP application — the route table and the
// middleware around it — and runs it with a graceful shutdown.
package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"depeche/internal/store"
	"depeche/internal/web"
)

// Server is the running application.
type Server struct {
	// Limits bound what one client may hold; change them before Serve. A
	// zero field takes its value from DefaultLimits.
	Limits Limits

	store   *store.Store
	log     *slog.Logger
	handler http.Handler

	mu         sync.Mutex
	onShutdown []func(context.Context) error
}

// Routes are the handlers of each part of the application. A nil part is
// simply not mounted.
type Routes struct {
	Site  http.Handler // reader pages: everything under /{lang}/, assets, media
	Admin http.Handler // the back office, under /admin/
}

// Limits are the connection-level bounds of http.Server. They protect
// against slow clients, whatever the handler: a client that sends
// its headers a byte at a time (slowloris), trickles a body, reads the
// response slowly or keeps an idle connection open is cut off, so a few
// sockets cannot hold the server's connections and goroutines.
//
// The work a request does is bounded where it is done: reader pages bound
// their renders and their database work (site: render timeout, admission
// gates); the back office gets no deadline, on purpose, so that a save or
// an upload is never cut off midway.
type Limits struct {
	ReadHeader     time.Duration // request line and headers
	Read           time.Duration // the whole request, body included
	Write          time.Duration // from the end of the headers to the end of the response
	Idle           time.Duration // a kept-alive connection between requests
	MaxHeaderBytes int           // request line and headers; 431 past it
}

// DefaultLimits fit pages and forms: headers come in one packet, a comment
// or an article in a second or two; Read and Write leave room for an
// image upload or a media download on a slow line.
var DefaultLimits = Limits{
	ReadHeader:     10 * time.Second,
	Read:           30 * time.Second,
	Write:          60 * time.Second,
	Idle:           120 * time.Second,
	MaxHeaderBytes: 64 << 10,
}

// orDefaults fills the zero fields from DefaultLimits: to http.Server a
// zero means no bound at all, never what a caller setting one field means.
func (l Limits) orDefaults() Limits {
	d := DefaultLimits
	if l.ReadHeader <= 0 {
		l.ReadHeader = d.ReadHeader
	}
	if l.Read <= 0 {
		l.Read = d.Read
	}
	if l.Write <= 0 {
		l.Write = d.Write
	}
	if l.Idle <= 0 {
		l.Idle = d.Idle
	}
	if l.MaxHeaderBytes <= 0 {
		l.MaxHeaderBytes = d.MaxHeaderBytes
	}
	return l
}

// New builds the application on an open, migrated store.
func New(st *store.Store, log *slog.Logger, r Routes) *Server {
	s := &Server{Limits: DefaultLimits, store: st, log: log}
	// Cross-origin writes (forged forms) are refused before any handler runs.
	s.handler = web.Recover(log, web.SecurityHeaders(http.NewCrossOriginProtection().Handler(s.routes(r))))
	return s
}

// routes is the whole route table of Dépêche: probes and the back office
// by pattern, reader pages everywhere else.
func (s *Server) routes(r Routes) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	if r.Admin != nil {
		// No admission gate nor deadline here: staff are few and signed
		// in, and a refusal or a deadline would fall on a save or an
		// upload halfway. The back office bounds its heavy work itself
		// (image ingestion); the connection limits still apply.
		mux.Handle("/admin/", r.Admin)
	}
	if r.Site == nil {
		return mux
	}
	mux.Handle("/", r.Site)
	// Reader pages are nearly all the traffic and most are served from
	// the page cache in microseconds, where the mux's pattern matching
	// was a quarter of a hit's allocations: they skip it. The site has
	// its own mux, which cleans paths and redirects as this one would.
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if ownRoute(req.URL.Path) {
			mux.ServeHTTP(w, req)
			return
		}
		r.Site.ServeHTTP(w, req)
	})
}

// ownRoute tells the paths the mux above serves other than the site: the
// probes and the back office, with the unclean forms the mux redirects
// ("/admin", "//admin/").
func ownRoute(p string) bool {
	return p == "/healthz" || p == "/readyz" || strings.HasPrefix(p, "/admin") || strings.HasPrefix(p, "//") || strings.Contains(p, "/.")
}

// Handler is the full application, middleware included.
func (s *Server) Handler() http.Handler { return s.handler }

// OnShutdown registers background work to flush after the last request.
func (s *Server) OnShutdown(fn func(context.Context) error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onShutdown = append(s.onShutdown, fn)
}

// healthz says the process is alive; it touches nothing else so a slow
// database never gets a live process restarted.
func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

// readyz says the process can serve: the database answers and its schema
// is the one this binary expects.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.store.Ping(ctx); err != nil {
		s.log.Warn("readyz: database unreachable", "err", err)
		http.Error(w, "database unreachable", http.StatusServiceUnavailable)
		return
	}
	if err := s.store.Ready(ctx); err != nil {
		http.Error(w, "not ready: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	w.Write([]byte("ready\n"))
}

// ShutdownTimeout bounds how long in-flight requests may take to finish.
const ShutdownTimeout = 20 * time.Second

// Serve answers on ln until ctx is cancelled, then stops accepting, lets
// in-flight requests finish, and flushes background work.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	lim := s.Limits.orDefaults()
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: lim.ReadHeader,
		ReadTimeout:       lim.Read,
		WriteTimeout:      lim.Write,
		IdleTimeout:       lim.Idle,
		MaxHeaderBytes:    lim.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down: finishing in-flight requests")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), ShutdownTimeout)
	defer cancel()
	err := srv.Shutdown(shutdownCtx)
	s.mu.Lock()
	flush := append([]func(context.Context) error(nil), s.onShutdown...)
	s.mu.Unlock()
	for _, fn := range flush {
		err = errors.Join(err, fn(shutdownCtx))
	}
	if e := <-errc; !errors.Is(e, http.ErrServerClosed) {
		err = errors.Join(err, e)
	}
	return err
}
