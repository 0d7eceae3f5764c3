package pagecache

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"testing"
	"time"
)

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 14, 18, 30, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// smallEntry is under MinCompressSize, so its size is easy to predict.
func smallEntry(body string, tags ...string) *Entry {
	return NewEntry(200, http.Header{"Content-Type": {"text/html; charset=utf-8"}}, []byte(body), tags...)
}

// checkInvariants verifies what every operation must preserve: byte counts
// match the entries held, queues and maps agree, the tag index names
// exactly the entries' tags, and the budgets hold.
func checkInvariants(t *testing.T, c *Cache) {
	t.Helper()
	for i, s := range c.shards {
		s.mu.RLock()
		var sum int64
		n := 0
		for _, q := range []*queue{&s.small, &s.main} {
			var qb int64
			qn := 0
			for it := q.head; it != nil; it = it.next {
				if s.items[it.key] != it {
					t.Errorf("shard %d: queued item %q is not the map's", i, it.key)
				}
				if it.main != (q == &s.main) {
					t.Errorf("shard %d: item %q in the wrong queue", i, it.key)
				}
				qb += it.size
				qn++
			}
			if qb != q.bytes || qn != q.n {
				t.Errorf("shard %d: queue counts %d items %d bytes, holds %d items %d bytes", i, q.n, q.bytes, qn, qb)
			}
			sum += qb
			n += qn
		}
		if n != len(s.items) || sum != s.bytes {
			t.Errorf("shard %d: %d items %d bytes queued, map %d items, counted %d bytes", i, n, sum, len(s.items), s.bytes)
		}
		if s.bytes > s.budget {
			t.Errorf("shard %d: %d bytes over a budget of %d", i, s.bytes, s.budget)
		}
		indexed := 0
		for tag, keys := range s.tags {
			if len(keys) == 0 {
				t.Errorf("shard %d: empty key set for tag %q", i, tag)
			}
			for key := range keys {
				it := s.items[key]
				if it == nil || !hasAnyTag(it.e, []string{tag}) {
					t.Errorf("shard %d: tag %q indexes %q, which does not carry it", i, tag, key)
				}
				indexed++
			}
		}
		want := 0
		for _, it := range s.items {
			want += len(it.e.tags)
		}
		if indexed != want {
			t.Errorf("shard %d: tag index has %d pairs, entries carry %d", i, indexed, want)
		}
		var staleSum int64
		staleN := 0
		for it := s.staleQ.head; it != nil; it = it.next {
			if s.stale[it.key] != it || !it.e.stale {
				t.Errorf("shard %d: stale queue and map disagree on %q", i, it.key)
			}
			staleSum += it.size
			staleN++
		}
		if staleN != len(s.stale) || staleSum != s.staleQ.bytes || staleSum > s.staleBudget {
			t.Errorf("shard %d: stale %d items %d bytes, map %d, counted %d, budget %d", i, staleN, staleSum, len(s.stale), s.staleQ.bytes, s.staleBudget)
		}
		s.mu.RUnlock()
	}
}

func TestGetPut(t *testing.T) {
	clk := newClock()
	c := New(Config{Now: clk.Now})
	e := smallEntry("<p>hello</p>", "article:1")
	c.Put("a", e)
	got, ok := c.Get("a")
	if !ok {
		t.Fatal("miss after Put")
	}
	if got == e {
		t.Error("the cache kept the caller's entry rather than its own stamped copy")
	}
	if !got.Stored().Equal(clk.Now()) || !e.Stored().IsZero() {
		t.Errorf("Stored() = %v on the cached entry, %v on the original", got.Stored(), e.Stored())
	}
	if !bytes.Equal(got.Body(), e.Body()) || got.ETag() != e.ETag() {
		t.Error("cached entry differs")
	}
	if _, ok := c.Get("b"); ok {
		t.Error("hit on a key never stored")
	}
	replacement := smallEntry("<p>bonjour</p>", "article:2")
	c.Put("a", replacement)
	if got, _ := c.Get("a"); got.ETag() != replacement.ETag() {
		t.Error("Put did not replace")
	}
	c.Invalidate("article:1")
	if _, ok := c.Get("a"); !ok {
		t.Error("invalidating the replaced entry's old tag removed the new one")
	}
	c.Put("private", NewEntry(200, http.Header{"Set-Cookie": {"s=1"}}, []byte("x")))
	if _, ok := c.Get("private"); ok {
		t.Error("an entry that sets a cookie was stored")
	}
	st := c.Stats()
	if st.Hits != 3 || st.Misses != 2 || st.Entries != 1 || st.Bytes != replacement.Size()+1 {
		t.Errorf("stats %+v", st)
	}
	checkInvariants(t, c)
}

func TestEvictionKeepsTheByteBudget(t *testing.T) {
	unit := smallEntry(fmt.Sprintf("%0900d", 0)).Size() + 3 // keys are 3 bytes
	c := New(Config{MaxBytes: 10 * unit, Shards: 1})
	for i := range 100 {
		c.Put(fmt.Sprintf("%03d", i), smallEntry(fmt.Sprintf("%0900d", i)))
		if st := c.Stats(); st.Bytes > 10*unit {
			t.Fatalf("after %d puts: %d bytes over %d", i+1, st.Bytes, 10*unit)
		}
	}
	st := c.Stats()
	if st.Entries != 10 || st.Evictions != 90 || st.Bytes != 10*unit {
		t.Errorf("stats %+v, want 10 entries, 90 evictions, %d bytes", st, 10*unit)
	}
	checkInvariants(t, c)

	c.Put("big", NewEntry(200, nil, bytes.Repeat([]byte{0}, int(11*unit))))
	if _, ok := c.Get("big"); ok || c.Stats().Rejected != 1 {
		t.Error("an entry over the budget was stored")
	}
}

func TestVariantsCountAgainstTheBudget(t *testing.T) {
	e := pageEntry()
	var sum int64
	for _, v := range e.variants {
		sum += int64(len(v.body))
	}
	if e.Size() < sum || sum <= int64(len(testPage)) {
		t.Errorf("Size() = %d, bodies %d", e.Size(), sum)
	}
	c := New(Config{MaxBytes: 3 * e.Size(), Shards: 1})
	for i := range 5 {
		c.Put(fmt.Sprint(i), e)
	}
	if st := c.Stats(); st.Entries != 2 {
		t.Errorf("%d entries of %d bytes in a budget of %d", st.Entries, e.Size(), 3*e.Size())
	}
}

// A crawler reading every page once must not push out the pages readers
// come back to; LRU would lose them all here.
func TestScanResistance(t *testing.T) {
	body := fmt.Sprintf("%0900d", 0)
	unit := smallEntry(body).Size() + 8
	c := New(Config{MaxBytes: 20 * unit, Shards: 1})
	for i := range 10 {
		c.Put(fmt.Sprintf("hot-%04d", i), smallEntry(body))
	}
	for range 2 {
		for i := range 10 {
			if _, ok := c.Get(fmt.Sprintf("hot-%04d", i)); !ok {
				t.Fatalf("hot-%d missing before the scan", i)
			}
		}
	}
	for i := range 500 {
		c.Put(fmt.Sprintf("bot-%04d", i), smallEntry(body))
	}
	for i := range 10 {
		if _, ok := c.Get(fmt.Sprintf("hot-%04d", i)); !ok {
			t.Errorf("hot-%d evicted by a scan of one-time pages", i)
		}
	}
	checkInvariants(t, c)
}

// Main gives each entry read since its last pass another round, so the
// one read more than the others outlives them.
func TestMainQueueSecondChance(t *testing.T) {
	body := fmt.Sprintf("%0900d", 0)
	unit := smallEntry(body).Size() + 1
	c := New(Config{MaxBytes: 10 * unit, Shards: 1})
	keys := "ABCDEFGHIJ"
	for _, k := range keys {
		c.Put(string(k), smallEntry(body))
	}
	for _, k := range keys {
		c.Get(string(k))
	}
	c.Get("A")
	// K overflows the budget: every read entry moves to main, and with
	// the small queue down to K alone, main must give one up.
	c.Put("K", smallEntry(body))
	present := ""
	for _, k := range keys + "K" {
		if _, ok := c.Get(string(k)); ok {
			present += string(k)
		}
	}
	if present != "ACDEFGHIJK" {
		t.Errorf("present after the overflow: %s, want all but B", present)
	}
	if ev := c.Stats().Evictions; ev != 1 {
		t.Errorf("%d evictions", ev)
	}
	checkInvariants(t, c)
}

// A key evicted from the small queue and stored again soon after goes
// straight to main: it has shown it is wanted.
func TestGhostSendsReturningKeysToMain(t *testing.T) {
	body := fmt.Sprintf("%0900d", 0)
	unit := smallEntry(body).Size() + 4
	c := New(Config{MaxBytes: 20 * unit, Shards: 1})
	for i := range 40 {
		c.Put(fmt.Sprintf("k%03d", i), smallEntry(body))
	}
	if _, ok := c.Get("k000"); ok {
		t.Fatal("k000 should have been evicted")
	}
	c.Put("k000", smallEntry(body))
	s := c.shards[0]
	s.mu.RLock()
	inMain := s.items["k000"].main
	s.mu.RUnlock()
	if !inMain {
		t.Error("a key remembered by the ghost queue went to the small queue")
	}
	checkInvariants(t, c)
}

func TestInvalidateRemovesExactlyTheTaggedEntries(t *testing.T) {
	c := New(Config{MaxBytes: 256 << 20})
	type page struct {
		key  string
		tags []string
	}
	var pages []page
	for i := range 300 {
		p := page{key: fmt.Sprintf("site1|/fr/a%d|fr", i), tags: []string{
			fmt.Sprintf("article:%d", i), fmt.Sprintf("group:%d", i/3), fmt.Sprintf("section:%d", i%7), "home:fr",
		}}
		pages = append(pages, p)
		c.Put(p.key, smallEntry(fmt.Sprintf("<p>%d</p>", i), p.tags...))
	}
	c.Put("feed", smallEntry("<feed/>", "feeds"))
	c.Invalidate("section:3", "article:10", "group:50", "no-such-tag")

	gone := func(p page) bool {
		for _, tag := range p.tags {
			if tag == "section:3" || tag == "article:10" || tag == "group:50" {
				return true
			}
		}
		return false
	}
	removed := 0
	for _, p := range pages {
		_, ok := c.Get(p.key)
		if ok == gone(p) {
			t.Errorf("%s with %v: present=%v after invalidation", p.key, p.tags, ok)
		}
		if gone(p) {
			removed++
			if c.staleEntry(p.key) == nil {
				t.Errorf("%s: no stale copy kept", p.key)
			}
		}
	}
	if _, ok := c.Get("feed"); !ok {
		t.Error("unrelated entry removed")
	}
	if st := c.Stats(); st.Invalidated != uint64(removed) || st.Entries != 301-removed || st.StaleItems != removed {
		t.Errorf("stats %+v, removed %d", st, removed)
	}
	checkInvariants(t, c)

	c.Purge("article:10", "section:3")
	for _, p := range pages {
		st := c.staleEntry(p.key)
		purged := hasAnyTag(&Entry{tags: p.tags}, []string{"article:10", "section:3"})
		if gone(p) && purged == (st != nil) {
			t.Errorf("%s: stale copy present=%v after Purge", p.key, st != nil)
		}
	}

	c.InvalidateAll()
	if st := c.Stats(); st.Entries != 0 || st.Bytes != 0 {
		t.Errorf("after InvalidateAll: %+v", st)
	}
	if c.staleEntry("feed") == nil {
		t.Error("InvalidateAll kept no stale copy")
	}
	checkInvariants(t, c)
}

func TestStaleCopiesAreBounded(t *testing.T) {
	unit := smallEntry(fmt.Sprintf("%0900d", 0), "n00").Size() + 3
	c := New(Config{MaxBytes: 100 * unit, StaleBytes: 5 * unit, Shards: 1})
	for i := range 20 {
		c.Put(fmt.Sprintf("%03d", i), smallEntry(fmt.Sprintf("%0900d", i), fmt.Sprintf("n%02d", i)))
	}
	for i := range 20 {
		c.Invalidate(fmt.Sprintf("n%02d", i))
	}
	if st := c.Stats(); st.StaleItems != 5 || st.StaleBytes != 5*unit {
		t.Errorf("stale: %d items, %d bytes; want 5, %d", st.StaleItems, st.StaleBytes, 5*unit)
	}
	for i := range 20 {
		if kept := c.staleEntry(fmt.Sprintf("%03d", i)) != nil; kept != (i >= 15) {
			t.Errorf("stale copy of %03d kept=%v; the five last invalidated should be", i, kept)
		}
	}
	c.Put("019", smallEntry("<p>new</p>", "n19"))
	if c.staleEntry("019") != nil {
		t.Error("a fresh Put left the stale copy")
	}
	none := New(Config{StaleBytes: -1})
	none.Put("a", smallEntry("x", "t"))
	none.Invalidate("t")
	if none.Stats().StaleItems != 0 {
		t.Error("StaleBytes < 0 still keeps stale copies")
	}
	checkInvariants(t, c)
}

func TestMaxAge(t *testing.T) {
	clk := newClock()
	c := New(Config{MaxAge: time.Minute, Now: clk.Now})
	c.Put("a", smallEntry("<p>a</p>", "article:1"))
	clk.Advance(59 * time.Second)
	if _, ok := c.Get("a"); !ok {
		t.Fatal("expired before MaxAge")
	}
	clk.Advance(time.Second)
	if _, ok := c.Get("a"); ok {
		t.Fatal("still fresh at MaxAge")
	}
	if st := c.Stats(); st.Expired != 1 || st.Entries != 0 || st.StaleItems != 1 {
		t.Errorf("stats after expiry %+v", st)
	}
	// Expired, it still answers when the database is down.
	e, out, err := c.GetOrRender(context.Background(), "a", func() (*Entry, error) { return nil, errors.New("db down") })
	if err != nil || out != Stale || !e.Stale() {
		t.Errorf("GetOrRender = %v, %v, %v; want the stale copy", e, out, err)
	}
	checkInvariants(t, c)
}

func TestShardCount(t *testing.T) {
	for _, tt := range []struct {
		cfg  Config
		want int
	}{
		{Config{}, 16},
		{Config{MaxBytes: 4 << 20}, 4},
		{Config{MaxBytes: 100}, 1},
		{Config{Shards: 5}, 8},
		{Config{Shards: 1}, 1},
	} {
		if got := len(New(tt.cfg).shards); got != tt.want {
			t.Errorf("%+v: %d shards, want %d", tt.cfg, got, tt.want)
		}
	}
}

// Run with -race: readers, writers, renders and invalidations at once.
func TestConcurrentUse(t *testing.T) {
	unit := smallEntry(fmt.Sprintf("%0900d", 0), "a", "b").Size()
	c := New(Config{MaxBytes: 64 * unit, Shards: 4})
	ctx := context.Background()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(g), 1))
			for i := range 2000 {
				key := fmt.Sprintf("k%d", rng.IntN(100))
				tags := []string{fmt.Sprintf("section:%d", rng.IntN(5)), "home"}
				switch op := rng.IntN(100); {
				case op < 60:
					if e, ok := c.Get(key); ok {
						Serve(discardWriter{http.Header{}}, benchRequest("br"), e)
					}
				case op < 85:
					_, _, err := c.GetOrRender(ctx, key, func() (*Entry, error) {
						if i%50 == 0 {
							return nil, errors.New("db down")
						}
						return smallEntry(fmt.Sprintf("%0900d", i), tags...), nil
					})
					_ = err // a failure without a stale copy is fine here
				case op < 95:
					c.Put(key, smallEntry(fmt.Sprintf("%0900d", i), tags...))
				case op < 99:
					c.Invalidate(tags[0])
				default:
					c.InvalidateAll()
				}
				if i%500 == 0 {
					c.Stats()
				}
			}
		})
	}
	wg.Wait()
	checkInvariants(t, c)
	c.genMu.Lock()
	if c.inflight != 0 || len(c.tagGen) != 0 {
		t.Errorf("after all renders: inflight %d, %d tag generations kept", c.inflight, len(c.tagGen))
	}
	c.genMu.Unlock()
}
