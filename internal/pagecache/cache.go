package pagecache

import (
	"hash/maphash"
	"log/slog"
	"math/bits"
	"sync"
	"sync/atomic"
	"time"
)

// Config sizes a Cache.
type Config struct {
	// MaxBytes bounds the fresh entries, every variant counted (Entry.Size
	// plus the key). DefaultMaxBytes when zero.
	MaxBytes int64
	// StaleBytes bounds the invalidated and expired entries kept to answer
	// when rendering fails. MaxBytes/4 when zero; negative keeps none.
	StaleBytes int64
	// Shards splits the cache, each part with its own lock and an equal
	// share of the budgets. Rounded up to a power of two; when zero, 16,
	// halved until each shard has at least 1 MiB.
	Shards int
	// MaxAge, when positive, is how long an entry stays fresh: older, it
	// is a miss and becomes stale. Pages that embed something with a
	// lifetime of its own (a signed form token) need it.
	MaxAge time.Duration
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Log receives the render errors answered with a stale entry; nothing
	// is logged when nil.
	Log *slog.Logger
}

// Cache holds rendered pages by key. All its methods are safe for
// concurrent use.
type Cache struct {
	shards []*shard
	mask   uint64
	seed   maphash.Seed
	now    func() time.Time
	maxAge time.Duration
	log    *slog.Logger

	// genMu orders invalidations against the stores of renders that were
	// running when they happened; see begin and finish.
	genMu    sync.Mutex
	gen      uint64
	allGen   uint64            // generation of the last InvalidateAll
	tagGen   map[string]uint64 // tag → generation of its last invalidation, kept only while renders run
	inflight int

	flightMu sync.Mutex
	flights  map[string]*flight

	renders, discarded, staleServed atomic.Uint64
}

// Stats are counters since the cache was made, and its current contents.
type Stats struct {
	Hits        uint64 // Get or GetOrRender found a fresh entry
	Misses      uint64 // ... found none (including expired ones)
	Renders     uint64 // render functions called by GetOrRender
	Discarded   uint64 // renders not stored because an invalidation overtook them
	StaleServed uint64 // stale entries returned after a render failed
	Evictions   uint64 // entries pushed out by the byte budget
	Invalidated uint64 // entries removed by Invalidate, Purge or InvalidateAll
	Expired     uint64 // entries that outlived MaxAge
	Rejected    uint64 // entries larger than a shard's budget, never stored
	Entries     int    // fresh entries held
	Bytes       int64  // their size
	StaleItems  int    // stale entries held
	StaleBytes  int64  // their size
}

// DefaultMaxBytes holds some 550 article pages with their compressed
// forms: the pages most read on a news site, with room for a surge. It is
// sized for the process's memory target (150 MB resident on a small
// machine, a 100,000-article site): under a soak of renders a 48 MiB cache
// left the collector so little room below the memory limit that the
// process reached 164 MiB, and lowering the limit instead made every
// render cost half as much again in collections. A larger budget needs a
// larger memory limit, which serve raises with it.
const DefaultMaxBytes = 32 << 20

// New makes a cache.
func New(cfg Config) *Cache {
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = DefaultMaxBytes
	}
	switch {
	case cfg.StaleBytes == 0:
		cfg.StaleBytes = cfg.MaxBytes / 4
	case cfg.StaleBytes < 0:
		cfg.StaleBytes = 0
	}
	n := cfg.Shards
	if n <= 0 {
		n = 16
		for n > 1 && cfg.MaxBytes/int64(n) < 1<<20 {
			n /= 2
		}
	}
	n = 1 << bits.Len(uint(n-1))
	c := &Cache{
		shards:  make([]*shard, n),
		mask:    uint64(n - 1),
		seed:    maphash.MakeSeed(),
		now:     cfg.Now,
		maxAge:  cfg.MaxAge,
		log:     cfg.Log,
		tagGen:  map[string]uint64{},
		flights: map[string]*flight{},
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	for i := range c.shards {
		c.shards[i] = newShard(cfg.MaxBytes/int64(n), cfg.StaleBytes/int64(n))
	}
	return c
}

func (c *Cache) shardFor(key string) *shard {
	return c.shards[maphash.String(c.seed, key)&c.mask]
}

// Get returns the fresh entry stored under key.
func (c *Cache) Get(key string) (*Entry, bool) {
	s := c.shardFor(key)
	s.mu.RLock()
	it := s.items[key]
	if it != nil && !c.expired(it.e) {
		// Only bumped while below the cap, so a hot entry costs readers
		// no shared write at all.
		if it.freq.Load() < maxFreq {
			it.freq.Add(1)
		}
		e := it.e
		s.mu.RUnlock()
		s.hits.Add(1)
		return e, true
	}
	s.mu.RUnlock()
	if it != nil {
		s.mu.Lock()
		if s.items[key] == it {
			s.unlink(it)
			s.keepStale(it)
			s.expiredN.Add(1)
		}
		s.mu.Unlock()
	}
	s.misses.Add(1)
	return nil, false
}

func (c *Cache) expired(e *Entry) bool {
	return c.maxAge > 0 && c.now().Sub(e.stored) >= c.maxAge
}

// Put stores e under key, replacing what was there and any stale copy.
// An entry that is not Cacheable, or larger than a shard's budget, is not
// stored. Put does not guard against a concurrent invalidation: an entry
// rendered before one and put after it stays; GetOrRender guards.
func (c *Cache) Put(key string, e *Entry) {
	if e == nil || !e.storable {
		return
	}
	s := c.shardFor(key)
	s.mu.Lock()
	s.put(key, e.stamped(c.now()))
	s.mu.Unlock()
}

// Invalidate removes every entry carrying any of tags. The removed
// entries stay as stale copies, served only when a render fails; renders
// running now will not be stored if they carry one of tags.
func (c *Cache) Invalidate(tags ...string) { c.invalidate(tags, false, true) }

// Purge is Invalidate without stale copies: it also forgets the stale
// entries carrying any of tags, for content that must never be shown
// again (a withdrawn article), even when the database is down.
func (c *Cache) Purge(tags ...string) { c.invalidate(tags, false, false) }

// InvalidateAll removes every entry, keeping stale copies, and keeps
// every running render from being stored.
func (c *Cache) InvalidateAll() { c.invalidate(nil, true, true) }

func (c *Cache) invalidate(tags []string, all, keepStale bool) {
	c.genMu.Lock()
	c.gen++
	if all {
		c.allGen = c.gen
	} else if c.inflight > 0 {
		for _, t := range tags {
			c.tagGen[t] = c.gen
		}
	}
	c.genMu.Unlock()

	// Requests arriving from now on must not join a render that started
	// before: its page may predate the change. They start their own.
	c.flightMu.Lock()
	clear(c.flights)
	c.flightMu.Unlock()

	for _, s := range c.shards {
		s.mu.Lock()
		if all {
			for _, it := range s.items {
				s.unlink(it)
				s.keepStale(it)
				s.invalidated.Add(1)
			}
		}
		for _, t := range tags {
			for key := range s.tags[t] {
				it := s.items[key]
				s.unlink(it)
				if keepStale {
					s.keepStale(it)
				}
				s.invalidated.Add(1)
			}
		}
		if !keepStale {
			for _, st := range s.stale {
				if hasAnyTag(st.e, tags) {
					s.dropStale(st)
				}
			}
		}
		s.mu.Unlock()
	}
}

func hasAnyTag(e *Entry, tags []string) bool {
	for _, a := range e.tags {
		for _, b := range tags {
			if a == b {
				return true
			}
		}
	}
	return false
}

// Stats returns the counters and the current contents.
func (c *Cache) Stats() Stats {
	st := Stats{Renders: c.renders.Load(), Discarded: c.discarded.Load(), StaleServed: c.staleServed.Load()}
	for _, s := range c.shards {
		st.Hits += s.hits.Load()
		st.Misses += s.misses.Load()
		st.Evictions += s.evictions.Load()
		st.Invalidated += s.invalidated.Load()
		st.Expired += s.expiredN.Load()
		st.Rejected += s.rejected.Load()
		s.mu.RLock()
		st.Entries += len(s.items)
		st.Bytes += s.bytes
		st.StaleItems += len(s.stale)
		st.StaleBytes += s.staleQ.bytes
		s.mu.RUnlock()
	}
	return st
}

// staleEntry returns the stale copy kept for key, if any.
func (c *Cache) staleEntry(key string) *Entry {
	s := c.shardFor(key)
	s.mu.RLock()
	defer s.mu.RUnlock()
	if st := s.stale[key]; st != nil {
		return st.e
	}
	return nil
}
