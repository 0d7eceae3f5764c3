package pagecache

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
)

// Outcome tells how GetOrRender answered.
type Outcome uint8

const (
	Hit    Outcome = iota // a fresh entry was in the cache
	Miss                  // this call rendered the entry
	Shared                // another call's render, waited for
	Stale                 // rendering failed; a stale copy answers instead
)

func (o Outcome) String() string {
	switch o {
	case Hit:
		return "hit"
	case Miss:
		return "miss"
	case Shared:
		return "shared"
	case Stale:
		return "stale"
	}
	return fmt.Sprintf("Outcome(%d)", uint8(o))
}

// ErrRenderPanicked is what the requests waiting on a render get when it
// panicked; the panic itself goes on in the goroutine that rendered.
var ErrRenderPanicked = errors.New("pagecache: render panicked")

var errNilEntry = errors.New("pagecache: render returned no entry and no error")

type flight struct {
	done    chan struct{}
	e       *Entry
	err     error
	waiters atomic.Int32 // for tests that need the herd assembled
}

// GetOrRender returns the fresh entry for key, or renders it: concurrent
// calls for a key that is not cached wait for one render and share its
// entry (Outcome Shared), which is stored when Cacheable.
//
// A render that started before an invalidation of one of its entry's tags
// (or InvalidateAll) is served to the calls that waited for it but not
// stored, so it cannot bring back what the invalidation removed; calls
// arriving after the invalidation start a new render instead of joining.
//
// When the render fails, or ctx ends while waiting for another call's
// render, a stale copy of the key's entry, if one is kept, is returned
// with Outcome Stale and a nil error (the failure goes to Config.Log);
// otherwise the error is returned. The render runs on the caller's
// goroutine and is not interrupted by ctx: give it its own deadline, and
// keep one reader's disconnection from failing the render others wait on
// (context.WithoutCancel).
//
// An entry that is not shareable (it sets a cookie, or is private) goes
// only to the call that rendered it; the calls that waited render their
// own.
func (c *Cache) GetOrRender(ctx context.Context, key string, render func() (*Entry, error)) (*Entry, Outcome, error) {
	if e, ok := c.Get(key); ok {
		return e, Hit, nil
	}
	c.flightMu.Lock()
	if f := c.flights[key]; f != nil {
		f.waiters.Add(1)
		c.flightMu.Unlock()
		return c.wait(ctx, key, f, render)
	}
	// A render may have been stored between the miss and the lock.
	if e := c.peek(key); e != nil {
		c.flightMu.Unlock()
		return e, Hit, nil
	}
	f := &flight{done: make(chan struct{})}
	c.flights[key] = f
	c.flightMu.Unlock()

	e, panicked, err := c.render(key, render)
	c.flightMu.Lock()
	if c.flights[key] == f {
		delete(c.flights, key)
	}
	c.flightMu.Unlock()
	f.e, f.err = e, err
	if panicked != nil {
		f.err = ErrRenderPanicked
	}
	close(f.done)
	if panicked != nil {
		panic(panicked)
	}
	if err != nil {
		return c.fallback(key, err)
	}
	return e, Miss, nil
}

func (c *Cache) wait(ctx context.Context, key string, f *flight, render func() (*Entry, error)) (*Entry, Outcome, error) {
	select {
	case <-f.done:
	case <-ctx.Done():
		return c.fallback(key, ctx.Err())
	}
	if f.err != nil {
		return c.fallback(key, f.err)
	}
	if f.e.shareable {
		return f.e, Shared, nil
	}
	e, panicked, err := c.render(key, render)
	if panicked != nil {
		panic(panicked)
	}
	if err != nil {
		return c.fallback(key, err)
	}
	return e, Miss, nil
}

// render calls fn and stores its entry unless an invalidation overtook it.
// It returns the stored copy (with its time) when stored.
func (c *Cache) render(key string, fn func() (*Entry, error)) (e *Entry, panicked any, err error) {
	c.genMu.Lock()
	c.inflight++
	start := c.gen
	c.genMu.Unlock()
	c.renders.Add(1)

	func() {
		defer func() {
			if p := recover(); p != nil {
				panicked = p
				e, err = nil, ErrRenderPanicked
			}
		}()
		e, err = fn()
		if err == nil && e == nil {
			err = errNilEntry
		}
	}()

	// The check and the store happen under genMu, and an invalidation
	// records its generation under genMu before it sweeps the shards: so
	// either it sees this entry in its shard, or this check sees it.
	c.genMu.Lock()
	defer c.genMu.Unlock()
	if err == nil && e.storable {
		if c.overtaken(e, start) {
			c.discarded.Add(1)
		} else {
			stamped := e.stamped(c.now())
			s := c.shardFor(key)
			s.mu.Lock()
			if s.put(key, stamped) {
				e = stamped
			}
			s.mu.Unlock()
		}
	}
	c.inflight--
	if c.inflight == 0 {
		// No render older than the invalidations recorded is left.
		clear(c.tagGen)
	}
	return e, panicked, err
}

// overtaken reports whether an invalidation of one of e's tags happened
// after generation start. The caller holds genMu.
func (c *Cache) overtaken(e *Entry, start uint64) bool {
	if c.allGen > start {
		return true
	}
	for _, t := range e.tags {
		if c.tagGen[t] > start {
			return true
		}
	}
	return false
}

// fallback answers a failed render with the stale copy, if any.
func (c *Cache) fallback(key string, err error) (*Entry, Outcome, error) {
	if st := c.staleEntry(key); st != nil {
		c.staleServed.Add(1)
		c.log.Warn("page render failed, serving stale copy", "key", key, "stored", st.stored, "err", err)
		return st, Stale, nil
	}
	return nil, Miss, err
}

// peek looks for a fresh entry without counting a hit or a miss.
func (c *Cache) peek(key string) *Entry {
	s := c.shardFor(key)
	s.mu.RLock()
	defer s.mu.RUnlock()
	if it := s.items[key]; it != nil && !c.expired(it.e) {
		return it.e
	}
	return nil
}

// waiting reports how many calls wait on the render of key.
func (c *Cache) waiting(key string) int {
	c.flightMu.Lock()
	defer c.flightMu.Unlock()
	if f := c.flights[key]; f != nil {
		return int(f.waiters.Load())
	}
	return 0
}
