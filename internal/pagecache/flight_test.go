package pagecache

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// waitFor polls cond; the herd tests need goroutines parked on a render.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestSingleFlight(t *testing.T) {
	c := New(Config{})
	release := make(chan struct{})
	var calls atomic.Int32
	render := func() (*Entry, error) {
		calls.Add(1)
		<-release
		return pageEntry(), nil
	}
	const n = 100
	entries := make([]*Entry, n)
	outcomes := make([]Outcome, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			e, out, err := c.GetOrRender(context.Background(), "k", render)
			if err != nil {
				t.Error(err)
			}
			entries[i], outcomes[i] = e, out
		})
	}
	waitFor(t, "the herd", func() bool { return calls.Load() == 1 && c.waiting("k") == n-1 })
	close(release)
	wg.Wait()
	if calls.Load() != 1 {
		t.Errorf("%d renders for %d concurrent requests", calls.Load(), n)
	}
	count := map[Outcome]int{}
	for i := range n {
		count[outcomes[i]]++
		if entries[i] != entries[0] {
			t.Fatalf("request %d got another entry", i)
		}
	}
	if count[Miss] != 1 || count[Shared] != n-1 {
		t.Errorf("outcomes %v", count)
	}
	if got, ok := c.Get("k"); !ok || got != entries[0] {
		t.Error("the shared entry is not the stored one")
	}
	if _, out, _ := c.GetOrRender(context.Background(), "k", render); out != Hit || calls.Load() != 1 {
		t.Errorf("after the herd: %v, %d renders", out, calls.Load())
	}
}

func TestInvalidationDuringRender(t *testing.T) {
	tests := []struct {
		name       string
		invalidate func(c *Cache)
		stored     bool
	}{
		{"one of its tags", func(c *Cache) { c.Invalidate("section:3") }, false},
		{"all", func(c *Cache) { c.InvalidateAll() }, false},
		{"purge of one of its tags", func(c *Cache) { c.Purge("article:12") }, false},
		{"unrelated tag", func(c *Cache) { c.Invalidate("section:4") }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New(Config{})
			e, out, err := c.GetOrRender(context.Background(), "k", func() (*Entry, error) {
				e := pageEntry() // read from the database before the edit
				tt.invalidate(c) // the edit commits and invalidates
				return e, nil
			})
			if err != nil || out != Miss || e == nil {
				t.Fatalf("GetOrRender = %v, %v, %v", e, out, err)
			}
			if _, ok := c.Get("k"); ok != tt.stored {
				t.Errorf("stored = %v, want %v", ok, tt.stored)
			}
			if d := c.Stats().Discarded; d != map[bool]uint64{true: 0, false: 1}[tt.stored] {
				t.Errorf("Discarded = %d", d)
			}
			// Once no render is running, the invalidation is forgotten
			// and the next render is stored.
			c.GetOrRender(context.Background(), "k", func() (*Entry, error) { return pageEntry(), nil })
			if _, ok := c.Get("k"); !ok {
				t.Error("a render started after the invalidation was not stored")
			}
		})
	}
}

// A request arriving after an invalidation must not get the page of a
// render that began before it, even unstored.
func TestRequestsAfterAnInvalidationDoNotJoinAnOlderRender(t *testing.T) {
	c := New(Config{})
	started, release := make(chan struct{}), make(chan struct{})
	old := smallEntry("<p>old</p>", "article:1")
	var first *Entry
	done := make(chan struct{})
	go func() {
		defer close(done)
		first, _, _ = c.GetOrRender(context.Background(), "k", func() (*Entry, error) {
			close(started)
			<-release
			return old, nil
		})
	}()
	<-started
	c.Invalidate("article:1")
	fresh := smallEntry("<p>new</p>", "article:1")
	e, out, err := c.GetOrRender(context.Background(), "k", func() (*Entry, error) { return fresh, nil })
	if err != nil || out != Miss || e.ETag() != fresh.ETag() {
		t.Errorf("after the invalidation: %v %v, body %q", out, err, e.Body())
	}
	close(release)
	<-done
	if first.ETag() != old.ETag() {
		t.Error("the first request did not get its own render")
	}
	if got, _ := c.Get("k"); got == nil || got.ETag() != fresh.ETag() {
		t.Error("the older render overwrote the newer one")
	}
}

func TestStaleFallback(t *testing.T) {
	clk := newClock()
	c := New(Config{Now: clk.Now})
	dbDown := errors.New("database down")
	failing := func() (*Entry, error) { return nil, dbDown }

	if e, out, err := c.GetOrRender(context.Background(), "k", failing); !errors.Is(err, dbDown) || e != nil || out != Miss {
		t.Fatalf("no stale copy: %v, %v, %v", e, out, err)
	}

	c.Put("k", pageEntry())
	clk.Advance(time.Hour)
	c.Invalidate("article:12")
	e, out, err := c.GetOrRender(context.Background(), "k", failing)
	if err != nil || out != Stale || e == nil || !e.Stale() {
		t.Fatalf("GetOrRender = %v, %v, %v; want the stale copy", e, out, err)
	}
	if !e.Stored().Equal(clk.Now().Add(-time.Hour)) {
		t.Errorf("stale copy stored at %v", e.Stored())
	}
	w := do(e, "GET", "Accept-Encoding", "br")
	if w.Code != 200 || w.Header().Get("X-Cache") != "stale" || w.Header().Get("Content-Encoding") != "br" {
		t.Errorf("stale response: %d %v", w.Code, w.Header())
	}
	if c.Stats().StaleServed != 1 {
		t.Errorf("StaleServed = %d", c.Stats().StaleServed)
	}
	if _, ok := c.Get("k"); ok {
		t.Error("serving a stale copy made it fresh again")
	}

	// The database is back: the next request renders and stores.
	e, out, err = c.GetOrRender(context.Background(), "k", func() (*Entry, error) { return pageEntry(), nil })
	if err != nil || out != Miss || e.Stale() {
		t.Fatalf("after recovery: %v %v stale=%v", out, err, e.Stale())
	}
	if c.staleEntry("k") != nil {
		t.Error("a fresh store left the stale copy behind")
	}
}

func TestHandlerErrorFallsBackToStale(t *testing.T) {
	c := New(Config{})
	c.Put("k", pageEntry())
	c.Invalidate("home:fr")
	broken := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no database", http.StatusServiceUnavailable)
	})
	r := benchRequest("")
	if e, out, err := c.GetOrRender(r.Context(), "k", func() (*Entry, error) { return Capture(broken, r) }); err != nil || out != Stale || !e.Stale() {
		t.Errorf("5xx from the handler: %v, %v", out, err)
	}
	_, _, err := c.GetOrRender(r.Context(), "other", func() (*Entry, error) { return Capture(broken, r) })
	var he *HandlerError
	if !errors.As(err, &he) || he.Response.Status() != 503 {
		t.Fatalf("without a stale copy: %v", err)
	}
	if w := do(he.Response, "GET"); w.Code != 503 {
		t.Errorf("the handler's own error response: %d", w.Code)
	}
}

func TestWaitersAndContext(t *testing.T) {
	c := New(Config{})
	release := make(chan struct{})
	slow := func() (*Entry, error) {
		<-release
		return pageEntry(), nil
	}
	go c.GetOrRender(context.Background(), "k", slow)
	waitFor(t, "the render", func() bool {
		c.flightMu.Lock()
		defer c.flightMu.Unlock()
		return c.flights["k"] != nil
	})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := c.GetOrRender(ctx, "k", slow); !errors.Is(err, context.Canceled) {
		t.Errorf("waiter with a cancelled context: %v", err)
	}
	close(release)
	waitFor(t, "the store", func() bool { _, ok := c.Get("k"); return ok })

	// Same, with a stale copy to fall back on.
	c.Invalidate("article:12")
	release2 := make(chan struct{})
	defer close(release2)
	go c.GetOrRender(context.Background(), "k", func() (*Entry, error) { <-release2; return pageEntry(), nil })
	waitFor(t, "the second render", func() bool {
		c.flightMu.Lock()
		defer c.flightMu.Unlock()
		return c.flights["k"] != nil
	})
	ctx2, cancel2 := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel2()
	if e, out, err := c.GetOrRender(ctx2, "k", slow); err != nil || out != Stale || !e.Stale() {
		t.Errorf("slow render, stale copy available: %v, %v", out, err)
	}
}

func TestRenderPanic(t *testing.T) {
	c := New(Config{})
	release := make(chan struct{})
	recovered := make(chan any, 1)
	go func() {
		defer func() { recovered <- recover() }()
		c.GetOrRender(context.Background(), "k", func() (*Entry, error) {
			<-release
			panic("template exploded")
		})
	}()
	waitFor(t, "the render", func() bool {
		c.flightMu.Lock()
		defer c.flightMu.Unlock()
		return c.flights["k"] != nil
	})
	waiterErr := make(chan error, 1)
	go func() {
		_, _, err := c.GetOrRender(context.Background(), "k", func() (*Entry, error) { return pageEntry(), nil })
		waiterErr <- err
	}()
	waitFor(t, "the waiter", func() bool { return c.waiting("k") == 1 })
	close(release)
	if p := <-recovered; p != "template exploded" {
		t.Errorf("the rendering goroutine recovered %v", p)
	}
	if err := <-waiterErr; !errors.Is(err, ErrRenderPanicked) {
		t.Errorf("waiter got %v", err)
	}
	c.genMu.Lock()
	if c.inflight != 0 {
		t.Errorf("inflight %d after a panic", c.inflight)
	}
	c.genMu.Unlock()
	if _, _, err := c.GetOrRender(context.Background(), "k", func() (*Entry, error) { return nil, nil }); err == nil {
		t.Error("a render returning neither entry nor error passed")
	}
}

// A response that sets a cookie belongs to the request that rendered it:
// the others waiting on that render make their own.
func TestPrivateRenderIsNotShared(t *testing.T) {
	c := New(Config{})
	release := make(chan struct{})
	var calls atomic.Int32
	render := func() (*Entry, error) {
		n := calls.Add(1)
		if n == 1 {
			<-release
		}
		return NewEntry(200, http.Header{"Set-Cookie": {"session=" + itoa(int(n))}}, []byte("<p>mine</p>")), nil
	}
	const n = 5
	cookies := make(chan string, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			e, _, err := c.GetOrRender(context.Background(), "k", render)
			if err != nil {
				t.Error(err)
				return
			}
			cookies <- e.Header().Get("Set-Cookie")
		})
	}
	waitFor(t, "the herd", func() bool { return c.waiting("k") == n-1 })
	close(release)
	wg.Wait()
	close(cookies)
	seen := map[string]bool{}
	for ck := range cookies {
		if seen[ck] {
			t.Errorf("cookie %q handed to two requests", ck)
		}
		seen[ck] = true
	}
	if calls.Load() != n {
		t.Errorf("%d renders for %d requests of a private page", calls.Load(), n)
	}
	if _, ok := c.Get("k"); ok {
		t.Error("private page stored")
	}
}

func TestOutcomeString(t *testing.T) {
	for o, want := range map[Outcome]string{Hit: "hit", Miss: "miss", Shared: "shared", Stale: "stale", 9: "Outcome(9)"} {
		if o.String() != want {
			t.Errorf("%d: %q", o, o.String())
		}
	}
}
