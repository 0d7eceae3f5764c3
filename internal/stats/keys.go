package stats

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"io"
	"math"
	"sync"
	"sync/atomic"
	"time"
)

// previousDayGrace is how long after midnight the previous day's key and
// visitor set are kept, for requests that began before midnight and are
// recorded after it. Then they are dropped.
const previousDayGrace = 10 * time.Minute

const minCivil = civil(math.MinInt32)

// keyring is the immutable set of live day keys; changes publish a new one.
type keyring struct {
	// newest is the latest day a key was made for or dropped after: no key
	// is ever made for an earlier day, so a forgotten day cannot come back
	// with a new key and count its visitors twice.
	newest  civil
	keys    []*dayKey // at most two, consecutive days, oldest first
	expires time.Time // earliest expiry among keys; zero without keys
}

func (k *keyring) find(d civil) *dayKey {
	for _, dk := range k.keys {
		if dk.day == d {
			return dk
		}
	}
	return nil
}

// dayKey is the secret of one day. Visitors are hashed with it; once it is
// dropped, nothing links that day's hashes to anything.
type dayKey struct {
	day     civil
	expires time.Time // the next day's start + previousDayGrace
	key     [32]byte
	// dropped is set before the day's visitor sets are removed from the
	// shards; Record checks it under the shard lock, so no set is made
	// again for a dropped day.
	dropped atomic.Bool
	pool    sync.Pool // of *hasher keyed with key
}

type hasher struct {
	mac hash.Hash
	buf []byte
	sum [sha256.Size]byte
}

func newDayKey(day civil, key [32]byte, expires time.Time) *dayKey {
	dk := &dayKey{day: day, key: key, expires: expires}
	dk.pool.New = func() any {
		return &hasher{mac: hmac.New(sha256.New, dk.key[:]), buf: make([]byte, 0, 256)}
	}
	return dk
}

// sum is the visitor's keyed hash: the first 8 bytes of
// HMAC-SHA256(key, site ‖ len(ip) ‖ ip ‖ user agent).
func (dk *dayKey) sum(site int64, ip, ua string) uint64 {
	h := dk.pool.Get().(*hasher)
	b := binary.BigEndian.AppendUint64(h.buf[:0], uint64(site))
	b = binary.AppendUvarint(b, uint64(len(ip)))
	b = append(b, ip...)
	b = append(b, ua...)
	h.mac.Reset()
	h.mac.Write(b)
	v := binary.BigEndian.Uint64(h.mac.Sum(h.sum[:0]))
	clear(b) // no copy of the address or user agent left in the pool
	if cap(b) <= 4096 {
		h.buf = b[:0]
	} else {
		h.buf = make([]byte, 0, 256)
	}
	dk.pool.Put(h)
	return v
}

// dayKey returns the key for day, making it if day is new, or nil when the
// day's visitors cannot be counted: its key was dropped (the view is late),
// it lies in the future of the clock, or no randomness was available.
func (r *Recorder) dayKey(day civil, at time.Time) *dayKey {
	kr := r.keys.Load()
	if kr.expires.IsZero() || at.Before(kr.expires) {
		if dk := kr.find(day); dk != nil {
			return dk
		}
		if day < kr.newest {
			return nil
		}
	}

	// Keys come and go by the clock, not by the views' dates, so that a
	// wrongly dated view can neither forget today's key nor make a key far
	// ahead.
	r.keyMu.Lock()
	defer r.keyMu.Unlock()
	now := r.now()
	kr = r.expireLocked(now)
	if dk := kr.find(day); dk != nil {
		return dk
	}
	if day < kr.newest || day > civilOf(now, r.loc)+1 {
		return nil
	}
	expires := (day + 1).start(r.loc).Add(previousDayGrace)
	if !now.Before(expires) {
		return nil // over already
	}
	var key [32]byte
	if _, err := io.ReadFull(r.random, key[:]); err != nil {
		return nil
	}
	dk := newDayKey(day, key, expires)
	next := &keyring{newest: day}
	var drop []*dayKey
	for _, old := range kr.keys {
		if old.day >= day-1 {
			next.keys = append(next.keys, old)
		} else {
			drop = append(drop, old)
		}
	}
	next.keys = append(next.keys, dk)
	next.setExpiry()
	r.drop(drop)
	r.keys.Store(next)
	return dk
}

// expire drops the keys whose time is over by the clock.
func (r *Recorder) expire() {
	r.keyMu.Lock()
	r.expireLocked(r.now())
	r.keyMu.Unlock()
}

// expireLocked drops the keys that expire at or before t and returns the
// keyring in force. keyMu must be held.
func (r *Recorder) expireLocked(t time.Time) *keyring {
	kr := r.keys.Load()
	if kr.expires.IsZero() || t.Before(kr.expires) {
		return kr
	}
	next := &keyring{newest: kr.newest}
	var drop []*dayKey
	for _, dk := range kr.keys {
		if t.Before(dk.expires) {
			next.keys = append(next.keys, dk)
		} else {
			drop = append(drop, dk)
			next.newest = max(next.newest, dk.day+1)
		}
	}
	next.setExpiry()
	r.drop(drop)
	r.keys.Store(next)
	return next
}

func (k *keyring) setExpiry() {
	k.expires = time.Time{}
	for _, dk := range k.keys {
		if k.expires.IsZero() || dk.expires.Before(k.expires) {
			k.expires = dk.expires
		}
	}
}

// drop forgets days: their keys go with the keyring, their visitor sets
// are deleted from every shard. keyMu must be held.
func (r *Recorder) drop(days []*dayKey) {
	if len(days) == 0 {
		return
	}
	for _, dk := range days {
		dk.dropped.Store(true)
	}
	for _, sh := range r.shards {
		sh.mu.Lock()
		for _, dk := range days {
			delete(sh.sets, dk.day)
		}
		sh.mu.Unlock()
	}
}

// dayInfo describes a live day for tests.
type dayInfo struct {
	key      [32]byte
	visitors int  // hashes remembered
	orphan   bool // a visitor set without a key: must never happen
}

// days reports the live days, for tests: their key and the size of their
// visitor set. Dropped days are absent.
func (r *Recorder) days() map[string]dayInfo {
	r.keyMu.Lock()
	defer r.keyMu.Unlock()
	out := make(map[string]dayInfo)
	for _, dk := range r.keys.Load().keys {
		out[dk.day.String()] = dayInfo{key: dk.key}
	}
	for _, sh := range r.shards {
		sh.mu.Lock()
		for d, set := range sh.sets {
			info, ok := out[d.String()]
			info.orphan = info.orphan || !ok
			info.visitors += len(set)
			out[d.String()] = info
		}
		sh.mu.Unlock()
	}
	return out
}

// visitorHash is the hash a view would get now, for tests; ok is false if
// its day has no key.
func (r *Recorder) visitorHash(site int64, ip, ua string, at time.Time) (h uint64, ok bool) {
	dk := r.keys.Load().find(civilOf(at, r.loc))
	if dk == nil {
		return 0, false
	}
	return dk.sum(site, ip, ua), true
}
