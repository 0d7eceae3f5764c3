package pagecache

import (
	"sync"
	"sync/atomic"
)

// Eviction is S3-FIFO (Yang et al., SOSP 2023), weighted by bytes. New
// entries enter a small FIFO holding about a tenth of the budget; those
// read again before they reach its end move to the main FIFO, the others
// leave and their keys are remembered in a ghost FIFO, so that one coming
// back soon goes straight to main. Main gives each entry read since its
// last pass another round (up to maxFreq).
//
// Why not LRU: a hit would move the entry to the front of a list, a write
// under the shard's exclusive lock on every read; here a hit only bumps a
// small counter under the read lock, and not at all once it is at
// maxFreq. Why not plain CLOCK: crawlers walk every page of a site once,
// and S3-FIFO lets those one-time reads pass through the small queue
// without pushing the pages readers come back to out of main.
const (
	maxFreq       = 3
	smallFraction = 10 // small queue's share of the budget: 1/smallFraction
	ghostMinKeys  = 64
	ghostKeyBytes = 16 << 10 // one remembered key per this much budget
)

type shard struct {
	mu    sync.RWMutex
	items map[string]*item
	tags  map[string]map[string]struct{} // tag → keys of this shard's fresh entries
	small queue
	main  queue
	ghost ghost
	// Stale copies, oldest out first when over their budget.
	stale       map[string]*item
	staleQ      queue
	budget      int64
	bytes       int64
	staleBudget int64

	hits, misses, evictions, invalidated, expiredN, rejected atomic.Uint64
}

type item struct {
	key        string
	e          *Entry
	size       int64
	freq       atomic.Int32
	main       bool
	prev, next *item
}

func newShard(budget, staleBudget int64) *shard {
	return &shard{
		items:       map[string]*item{},
		tags:        map[string]map[string]struct{}{},
		stale:       map[string]*item{},
		budget:      budget,
		staleBudget: staleBudget,
		ghost:       newGhost(max(ghostMinKeys, int(budget/ghostKeyBytes))),
	}
}

// put stores a stamped entry. The caller holds s.mu for writing.
func (s *shard) put(key string, e *Entry) bool {
	size := e.size + int64(len(key))
	if size > s.budget {
		s.rejected.Add(1)
		return false
	}
	if old := s.items[key]; old != nil {
		s.unlink(old)
	}
	if st := s.stale[key]; st != nil {
		s.dropStale(st)
	}
	it := &item{key: key, e: e, size: size}
	if s.ghost.take(key) {
		it.main = true
		s.main.pushHead(it)
	} else {
		s.small.pushHead(it)
	}
	s.items[key] = it
	s.bytes += size
	for _, t := range e.tags {
		keys := s.tags[t]
		if keys == nil {
			keys = map[string]struct{}{}
			s.tags[t] = keys
		}
		keys[key] = struct{}{}
	}
	for s.bytes > s.budget {
		s.evict()
	}
	return true
}

// evict removes one entry, moving readers' favourites along the way.
func (s *shard) evict() {
	for {
		if s.small.n > 0 && (s.small.bytes > s.budget/smallFraction || s.main.n == 0) {
			it := s.small.tail
			if it.freq.Load() > 0 {
				s.small.remove(it)
				it.main = true
				s.main.pushHead(it)
				continue
			}
			s.unlink(it)
			s.ghost.add(it.key)
			s.evictions.Add(1)
			return
		}
		it := s.main.tail
		if it == nil {
			return
		}
		if f := it.freq.Load(); f > 0 {
			it.freq.Store(min(f, maxFreq) - 1)
			s.main.remove(it)
			s.main.pushHead(it)
			continue
		}
		s.unlink(it)
		s.evictions.Add(1)
		return
	}
}

// unlink forgets a fresh entry: queue, map, tag index, bytes.
func (s *shard) unlink(it *item) {
	if it.main {
		s.main.remove(it)
	} else {
		s.small.remove(it)
	}
	delete(s.items, it.key)
	for _, t := range it.e.tags {
		if keys := s.tags[t]; keys != nil {
			delete(keys, it.key)
			if len(keys) == 0 {
				delete(s.tags, t)
			}
		}
	}
	s.bytes -= it.size
}

// keepStale keeps an unlinked entry's stale copy, within the stale budget.
func (s *shard) keepStale(it *item) {
	if it.size > s.staleBudget {
		return
	}
	if old := s.stale[it.key]; old != nil {
		s.dropStale(old)
	}
	st := &item{key: it.key, e: it.e.staleCopy(), size: it.size}
	s.stale[it.key] = st
	s.staleQ.pushHead(st)
	for s.staleQ.bytes > s.staleBudget {
		s.dropStale(s.staleQ.tail)
	}
}

func (s *shard) dropStale(st *item) {
	s.staleQ.remove(st)
	delete(s.stale, st.key)
}

// queue is an intrusive doubly linked FIFO: in at the head, out at the tail.
type queue struct {
	head, tail *item
	n          int
	bytes      int64
}

func (q *queue) pushHead(it *item) {
	it.prev, it.next = nil, q.head
	if q.head != nil {
		q.head.prev = it
	} else {
		q.tail = it
	}
	q.head = it
	q.n++
	q.bytes += it.size
}

func (q *queue) remove(it *item) {
	if it.prev != nil {
		it.prev.next = it.next
	} else {
		q.head = it.next
	}
	if it.next != nil {
		it.next.prev = it.prev
	} else {
		q.tail = it.prev
	}
	it.prev, it.next = nil, nil
	q.n--
	q.bytes -= it.size
}

// ghost remembers recently evicted keys, a bounded FIFO of them.
type ghost struct {
	ring []ghostSlot
	next int
	seq  uint64
	keys map[string]uint64 // key → seq of its slot
}

type ghostSlot struct {
	key string
	seq uint64
}

func newGhost(n int) ghost {
	return ghost{ring: make([]ghostSlot, n), keys: make(map[string]uint64, n)}
}

func (g *ghost) add(key string) {
	g.seq++
	slot := &g.ring[g.next]
	// The slot's old key may have been taken or added again since: only
	// forget it if it still points here.
	if slot.seq != 0 && g.keys[slot.key] == slot.seq {
		delete(g.keys, slot.key)
	}
	*slot = ghostSlot{key, g.seq}
	g.keys[key] = g.seq
	g.next = (g.next + 1) % len(g.ring)
}

func (g *ghost) take(key string) bool {
	if _, ok := g.keys[key]; ok {
		delete(g.keys, key)
		return true
	}
	return false
}
