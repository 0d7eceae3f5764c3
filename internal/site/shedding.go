package site

import (
	"context"
	"errors"
	"io"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"depeche/internal/i18n"
)

// Load shedding. A cache hit costs a map lookup and is never limited; what
// costs CPU and database connections is a render on a cache miss and the
// work no cache can answer (comment posts, search, pages for a session).
// Each has its own gate, so a flood of searches cannot starve the renders
// that refill the cache, nor the reverse. A request that finds its gate
// full waits briefly, then gets the page's stale copy if the cache keeps
// one, else 503 with Retry-After: a fast, cheap refusal keeps the process
// answering the readers it can serve, where an unbounded queue would make
// every one of them wait, and hold memory and connections while they do.

const (
	// defaultShedWait is how long a request waits for a free slot: long
	// enough to absorb a burst (a render takes a few milliseconds), short
	// enough that a reader refused gets the answer at once.
	defaultShedWait = 200 * time.Millisecond
	// shedRetryAfter is the Retry-After of a refusal, in seconds: an
	// overload is usually over by then, and a client that honours it
	// spreads its retries instead of hammering.
	shedRetryAfter = "1"
)

var (
	// errBusy is a render refused for want of a slot; GetOrRender turns it
	// into the stale copy when there is one.
	errBusy = errors.New("site: too many pages rendering at once")
	// errRenderTimeout is a render that ran out of time: the database is
	// slow or stuck, which is an outage, not a bug of the page.
	errRenderTimeout = errors.New("site: page render timed out")
)

// gate bounds how many requests do one kind of work at once.
type gate struct {
	slots chan struct{} // nil: no bound
	wait  time.Duration
	shed  atomic.Uint64 // requests refused
}

// newGate makes a gate of n slots: def when n is zero, none when n is
// negative.
func newGate(n, def int, wait time.Duration) *gate {
	if n == 0 {
		n = def
	}
	g := &gate{wait: wait}
	if n > 0 {
		g.slots = make(chan struct{}, n)
	}
	return g
}

// enter takes a slot, waiting at most g.wait or until ctx ends; false means
// none came free and the caller must refuse the work. A true must be
// matched by a leave.
func (g *gate) enter(ctx context.Context) bool {
	if g.slots == nil {
		return true
	}
	// The common case takes a free slot without arming a timer.
	select {
	case g.slots <- struct{}{}:
		return true
	default:
	}
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	g.shed.Add(1)
	return false
}

func (g *gate) leave() {
	if g.slots != nil {
		<-g.slots
	}
}

// inUse is how many slots are taken.
func (g *gate) inUse() int { return len(g.slots) }

// shedder is the site's admission control; see the top of this file.
type shedder struct {
	renders *gate // page renders on a cache miss (every page when the cache is off)
	dynamic *gate // requests no cache answers that may use the database
	// timeout bounds a render, and the work of a dynamic request: a
	// database that has stopped answering must free the slot, not hold it
	// until the database comes back.
	timeout time.Duration
}

func newShedder(cfg Config) *shedder {
	wait := cfg.ShedWait
	if wait <= 0 {
		wait = defaultShedWait
	}
	procs := runtime.GOMAXPROCS(0)
	return &shedder{
		// A render is mostly CPU (templates, Markdown, compressing three
		// variants) with short database reads in between: a little more
		// than one per core keeps the cores busy while some wait on I/O.
		renders: newGate(cfg.MaxRenders, 2*procs+2, wait),
		// Dynamic requests spend more of their time waiting, a comment
		// post on the group commit's fsync in particular, where more
		// concurrent posts make bigger batches: a wider gate.
		dynamic: newGate(cfg.MaxDynamic, 4*procs+4, wait),
		timeout: renderTimeout,
	}
}

// LoadStats tells how busy the site's gates are.
type LoadStats struct {
	Rendering, Dynamic        int    // slots in use now
	RendersShed, DynamicShed  uint64 // requests refused since start (a stale copy may have answered them)
	RenderSlots, DynamicSlots int    // the bounds; 0 means none
}

// LoadStats reports the gates' use and refusals.
func (s *Site) LoadStats() LoadStats {
	g := s.shed
	return LoadStats{
		Rendering: g.renders.inUse(), Dynamic: g.dynamic.inUse(),
		RendersShed: g.renders.shed.Load(), DynamicShed: g.dynamic.shed.Load(),
		RenderSlots: cap(g.renders.slots), DynamicSlots: cap(g.dynamic.slots),
	}
}

// serveUncached answers a request the page cache does not: through the
// dynamic gate when it may use the database, through the render gate when
// it is a page the cache would have kept (the cache is off).
func (s *Site) serveUncached(w http.ResponseWriter, r *http.Request) {
	if noDatabase(r.URL.Path) {
		s.mux.ServeHTTP(w, r)
		return
	}
	// A comment post carries what the reader typed: refusing it would lose
	// their text. Posts are bounded by the rate limits and the writer's
	// batches instead, and by the deadline below.
	if r.Method != http.MethodPost {
		g := s.shed.dynamic
		if cacheable(r) {
			g = s.shed.renders
		}
		if !g.enter(r.Context()) {
			s.unavailable(w, r)
			return
		}
		defer g.leave()
	}
	// Unlike a cached render, this work is the reader's own: their leaving
	// may cancel it, and the deadline only adds a bound.
	ctx, cancel := context.WithTimeout(r.Context(), s.shed.timeout)
	defer cancel()
	s.mux.ServeHTTP(w, r.WithContext(ctx))
}

// noDatabase tells the paths answered from memory or files alone, which
// no gate needs to hold back: assets, uploaded media, the favicon.
func noDatabase(p string) bool {
	return strings.HasPrefix(p, "/assets/") || strings.HasPrefix(p, "/media/") || p == "/favicon.ico"
}

// unavailable refuses a request for now: 503, Retry-After, and a short
// plain page in the language of the path (else the reader's), found
// without the database, which may be what is overloaded.
func (s *Site) unavailable(w http.ResponseWriter, r *http.Request) {
	langs := s.bundle.Languages()
	lang, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if !slices.Contains(langs, lang) {
		lang = i18n.Negotiate(r.Header.Get("Accept-Language"), langs, "en")
	}
	L := s.bundle.For(lang)
	title, text := L.T("error.503.title"), L.T("error.503.text")
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Content-Language", L.Lang())
	// A shared cache must not keep the refusal in place of the page.
	h.Set("Cache-Control", "no-store")
	h.Set("Retry-After", shedRetryAfter)
	w.WriteHeader(http.StatusServiceUnavailable)
	if r.Method != http.MethodHead {
		io.WriteString(w, title+"\n\n"+text+"\n")
	}
}
