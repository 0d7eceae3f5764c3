package stats

import (
	"crypto/rand"
	"io"
	"math/bits"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// View is one page view, as the HTTP layer saw it.
type View struct {
	SiteID    int64
	Path      string // the page path, e.g. "/fr/moderer-sans-censurer" (no query string)
	Language  string // the page's language
	ArticleID int64  // 0 for pages that are not articles
	GroupID   int64  // the article's translation group; 0 for pages that are not articles

	Referrer       string // raw Referer header
	UserAgent      string
	IP             string // remote address, host only
	AcceptLanguage string // raw header; only the preferred primary subtag is counted
	At             time.Time
}

// Options configure a Recorder. The zero value is usable: real clock,
// crypto/rand, no own host, UTC days.
type Options struct {
	// Now is the clock (time.Now if nil). It dates views whose At is zero and
	// decides when day keys are forgotten.
	Now func() time.Time
	// Random is where day keys come from (crypto/rand.Reader if nil).
	Random io.Reader
	// OwnHosts are the hosts of the site(s): a referrer from one of them is
	// internal navigation and is not counted as a referrer.
	OwnHosts []string
	// Location sets where days begin and end: the site's time zone (UTC if
	// nil).
	Location *time.Location
}

// Batch is what accumulated between two calls to Take. Rows are unique by
// their key fields (all but the count) and sorted by them, so that
// concurrent flushes of several processes lock rows in the same order. Day
// is a civil date in the recorder's Location, "2006-01-02".
type Batch struct {
	Pages     []PageCount
	Visitors  []VisitorCount
	Referrers []KeyCount // referrer hosts
	Languages []KeyCount // primary subtag of the reader's preferred language
	Devices   []KeyCount // DeviceMobile, DeviceTablet, DeviceDesktop, DeviceOther
}

// PageCount is the views of one page in one language on one day. Rows are
// unique by (Day, SiteID, Path, Language); ArticleID and GroupID are those
// of the views (a path shows one article; should it come to show another
// within the day, the row carries one of them).
type PageCount struct {
	Day       string
	SiteID    int64
	Path      string
	Language  string
	ArticleID int64
	GroupID   int64
	Views     int64
}

// VisitorCount is the number of unique visitors of a site first seen on Day
// since the previous Take: successive batches of one process add up to the
// day's figure.
type VisitorCount struct {
	Day      string
	SiteID   int64
	Visitors int64
}

// KeyCount is how many counted views had Key on Day for a site.
type KeyCount struct {
	Day    string
	SiteID int64
	Key    string
	Count  int64
}

// OtherReferrers is the Key under which referrer hosts are counted once a
// shard has met maxReferrersPerShard distinct hosts since the last Take: the
// Referer header is the reader's to write, and junk hosts must not grow
// memory or the database without bound. It cannot be a host name.
const OtherReferrers = "(other)"

// maxReferrersPerShard bounds the distinct referrer hosts a shard keeps
// between two Takes.
const maxReferrersPerShard = 512

// Empty reports whether the batch has nothing to write.
func (b Batch) Empty() bool {
	return len(b.Pages) == 0 && len(b.Visitors) == 0 && len(b.Referrers) == 0 &&
		len(b.Languages) == 0 && len(b.Devices) == 0
}

// Recorder accumulates views in memory. It is safe for concurrent use.
type Recorder struct {
	now    func() time.Time
	random io.Reader
	loc    *time.Location
	own    []string // normalized

	shards []*shard
	mask   uint64

	keys  atomic.Pointer[keyring] // read without lock by Record
	keyMu sync.Mutex              // serializes changes to keys
}

type pageKey struct {
	day        civil
	site       int64
	path, lang string
}

type pageVal struct{ views, article, group int64 }

type siteDay struct {
	day  civil
	site int64
}

type keyKey struct {
	day  civil
	site int64
	key  string
}

// counts are the increments since the last Take. Maps are made on first use.
type counts struct {
	pages     map[pageKey]pageVal
	visitors  map[siteDay]int64
	referrers map[keyKey]int64
	languages map[keyKey]int64
	devices   map[keyKey]int64
}

type shard struct {
	mu sync.Mutex
	c  counts
	// sets are the visitor hashes seen per day whose key is alive; they
	// survive Take (they dedupe the whole day) and go with the key.
	sets map[civil]map[uint64]struct{}
	_    [64]byte // keeps the next shard's lock off this cache line
}

// NewRecorder returns an empty Recorder.
func NewRecorder(opt Options) *Recorder {
	r := &Recorder{now: opt.Now, random: opt.Random, loc: opt.Location}
	if r.now == nil {
		r.now = time.Now
	}
	if r.random == nil {
		r.random = rand.Reader
	}
	if r.loc == nil {
		r.loc = time.UTC
	}
	for _, h := range opt.OwnHosts {
		if h = ownHost(h); h != "" {
			r.own = append(r.own, h)
		}
	}
	// Enough shards that concurrent requests rarely meet on a lock.
	n := 1 << bits.Len(uint(4*runtime.GOMAXPROCS(0)-1))
	n = min(max(n, 8), 256)
	r.shards = make([]*shard, n)
	for i := range r.shards {
		r.shards[i] = &shard{sets: make(map[civil]map[uint64]struct{})}
	}
	r.mask = uint64(n - 1)
	r.keys.Store(&keyring{newest: minCivil})
	return r
}

// Record counts a view, unless its user agent is empty or a known bot: then
// it returns false and nothing is counted. It does no I/O; it draws 32
// random bytes once per day.
func (r *Recorder) Record(v View) (counted bool) {
	ua := v.UserAgent
	if strings.TrimSpace(ua) == "" {
		return false
	}
	bot, cats := bots.Load().scan(ua, true)
	if bot {
		return false
	}
	device := deviceOf(cats)
	at := v.At
	if at.IsZero() {
		at = r.now()
	}
	day := civilOf(at, r.loc)
	ref := referrerHost(v.Referrer)
	if ref != "" && r.isOwn(ref) {
		ref = ""
	}
	lang := PrimaryLanguage(v.AcceptLanguage)

	var hash uint64
	dk := r.dayKey(day, at)
	if dk != nil {
		hash = dk.sum(v.SiteID, v.IP, ua)
	}
	sh := r.shards[hash&r.mask] // without a key, shard 0: rare

	sh.mu.Lock()
	c := &sh.c
	if c.pages == nil {
		c.pages = make(map[pageKey]pageVal)
	}
	pk := pageKey{day, v.SiteID, v.Path, v.Language}
	if pv, ok := c.pages[pk]; ok {
		pv.views++
		pv.article, pv.group = v.ArticleID, v.GroupID
		c.pages[pk] = pv
	} else {
		pk.path, pk.lang = strings.Clone(pk.path), strings.Clone(pk.lang)
		c.pages[pk] = pageVal{1, v.ArticleID, v.GroupID}
	}
	if dk != nil && !dk.dropped.Load() {
		set := sh.sets[day]
		if set == nil {
			set = make(map[uint64]struct{})
			sh.sets[day] = set
		}
		if _, seen := set[hash]; !seen {
			set[hash] = struct{}{}
			if c.visitors == nil {
				c.visitors = make(map[siteDay]int64)
			}
			c.visitors[siteDay{day, v.SiteID}]++
		}
	}
	if ref != "" {
		if c.referrers == nil {
			c.referrers = make(map[keyKey]int64)
		}
		k := keyKey{day, v.SiteID, ref}
		if n, ok := c.referrers[k]; ok {
			c.referrers[k] = n + 1
		} else if len(c.referrers) < maxReferrersPerShard {
			k.key = strings.Clone(ref)
			c.referrers[k] = 1
		} else {
			c.referrers[keyKey{day, v.SiteID, OtherReferrers}]++
		}
	}
	if lang != "" {
		if c.languages == nil {
			c.languages = make(map[keyKey]int64)
		}
		k := keyKey{day, v.SiteID, lang}
		if n, ok := c.languages[k]; ok {
			c.languages[k] = n + 1
		} else {
			k.key = strings.Clone(lang)
			c.languages[k] = 1
		}
	}
	if c.devices == nil {
		c.devices = make(map[keyKey]int64)
	}
	c.devices[keyKey{day, v.SiteID, device}]++ // device is a constant
	sh.mu.Unlock()
	return true
}

func (r *Recorder) isOwn(host string) bool {
	for _, h := range r.own {
		if h == host {
			return true
		}
	}
	return false
}

// Take returns everything counted since the previous Take and starts
// afresh. Visitors already seen today stay remembered, so a later Take does
// not count them again. Take also forgets the day keys whose time is over,
// even when no view comes to do it.
func (r *Recorder) Take() Batch {
	r.expire()
	var all counts
	for _, sh := range r.shards {
		sh.mu.Lock()
		c := sh.c
		sh.c = counts{}
		sh.mu.Unlock()
		all.merge(&c)
	}
	return all.batch()
}

// Restore puts back a Batch that could not be written, so that the next
// Take returns it again, added to what was counted meanwhile. It does not
// touch the visitor sets: visitors in b stay counted once. Rows whose Day is
// not a date (they do not come from Take) are ignored.
func (r *Recorder) Restore(b Batch) {
	if b.Empty() {
		return
	}
	var c counts
	c.pages = make(map[pageKey]pageVal, len(b.Pages))
	for _, p := range b.Pages {
		if d, ok := parseCivil(p.Day); ok {
			k := pageKey{d, p.SiteID, p.Path, p.Language}
			pv := c.pages[k]
			c.pages[k] = pageVal{pv.views + p.Views, p.ArticleID, p.GroupID}
		}
	}
	c.visitors = make(map[siteDay]int64, len(b.Visitors))
	for _, v := range b.Visitors {
		if d, ok := parseCivil(v.Day); ok {
			c.visitors[siteDay{d, v.SiteID}] += v.Visitors
		}
	}
	c.referrers = keyCounts(b.Referrers)
	c.languages = keyCounts(b.Languages)
	c.devices = keyCounts(b.Devices)

	sh := r.shards[0]
	sh.mu.Lock()
	sh.c.merge(&c)
	sh.mu.Unlock()
}

func keyCounts(rows []KeyCount) map[keyKey]int64 {
	m := make(map[keyKey]int64, len(rows))
	for _, k := range rows {
		if d, ok := parseCivil(k.Day); ok {
			m[keyKey{d, k.SiteID, k.Key}] += k.Count
		}
	}
	return m
}

// merge adds o to c. It may adopt o's maps: o must not be used afterwards.
func (c *counts) merge(o *counts) {
	if c.pages == nil {
		c.pages = o.pages
	} else {
		for k, v := range o.pages {
			pv := c.pages[k]
			c.pages[k] = pageVal{pv.views + v.views, v.article, v.group}
		}
	}
	c.visitors = mergeInto(c.visitors, o.visitors)
	c.referrers = mergeInto(c.referrers, o.referrers)
	c.languages = mergeInto(c.languages, o.languages)
	c.devices = mergeInto(c.devices, o.devices)
}

func mergeInto[K comparable](dst, src map[K]int64) map[K]int64 {
	if dst == nil {
		return src
	}
	for k, n := range src {
		dst[k] += n
	}
	return dst
}

func (c *counts) batch() Batch {
	days := make(map[civil]string)
	day := func(d civil) string {
		s, ok := days[d]
		if !ok {
			s = d.String()
			days[d] = s
		}
		return s
	}
	var b Batch
	if len(c.pages) > 0 {
		keys := make([]pageKey, 0, len(c.pages))
		for k := range c.pages {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			a, b := keys[i], keys[j]
			if a.day != b.day {
				return a.day < b.day
			}
			if a.site != b.site {
				return a.site < b.site
			}
			if a.path != b.path {
				return a.path < b.path
			}
			return a.lang < b.lang
		})
		b.Pages = make([]PageCount, len(keys))
		for i, k := range keys {
			v := c.pages[k]
			b.Pages[i] = PageCount{day(k.day), k.site, k.path, k.lang, v.article, v.group, v.views}
		}
	}
	if len(c.visitors) > 0 {
		keys := make([]siteDay, 0, len(c.visitors))
		for k := range c.visitors {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			if keys[i].day != keys[j].day {
				return keys[i].day < keys[j].day
			}
			return keys[i].site < keys[j].site
		})
		b.Visitors = make([]VisitorCount, len(keys))
		for i, k := range keys {
			b.Visitors[i] = VisitorCount{day(k.day), k.site, c.visitors[k]}
		}
	}
	b.Referrers = keyBatch(c.referrers, day)
	b.Languages = keyBatch(c.languages, day)
	b.Devices = keyBatch(c.devices, day)
	return b
}

func keyBatch(m map[keyKey]int64, day func(civil) string) []KeyCount {
	if len(m) == 0 {
		return nil
	}
	keys := make([]keyKey, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.day != b.day {
			return a.day < b.day
		}
		if a.site != b.site {
			return a.site < b.site
		}
		return a.key < b.key
	})
	rows := make([]KeyCount, len(keys))
	for i, k := range keys {
		rows[i] = KeyCount{day(k.day), k.site, k.key, m[k]}
	}
	return rows
}
