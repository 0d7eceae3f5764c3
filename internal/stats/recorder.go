package stats

import (
	"cmp"
	"crypto/rand"
	"io"
	"math/bits"
	"runtime"
	"slices"
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

// OtherReferrers is the Key under which referrer hosts are counted once
// maxReferrersPerShard distinct hosts of a site and day have met in a shard
// since the last Take: the Referer header is the reader's to write, and
// junk hosts must not grow memory or the database without bound. It cannot
// be a host name.
const OtherReferrers = "(other)"

// maxReferrersPerShard bounds the distinct referrer hosts of a site and day
// a shard keeps between two Takes.
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

// siteCounts are the increments of one site on one day, other than pages.
type siteCounts struct {
	visitors  int64
	devices   [len(deviceClasses)]int64
	referrers map[string]int64
	languages map[string]int64
}

// deviceClasses are the device classes in the order of their names, which
// is the order of Batch rows; classify returns an index into it.
var deviceClasses = [...]string{DeviceDesktop, DeviceMobile, DeviceOther, DeviceTablet}

// counts are the increments since the last Take. Maps are made on first use.
type counts struct {
	pages map[pageKey]pageVal
	sites map[siteDay]*siteCounts
}

func (c *counts) site(k siteDay) *siteCounts {
	if c.sites == nil {
		c.sites = make(map[siteDay]*siteCounts)
	}
	sc := c.sites[k]
	if sc == nil {
		sc = &siteCounts{}
		c.sites[k] = sc
	}
	return sc
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
	bot, device := bots.Load().classify(ua)
	if bot {
		return false
	}
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
		// Keys are cloned: a substring would keep the caller's whole
		// string (a request's buffers) alive.
		pk.path, pk.lang = strings.Clone(pk.path), strings.Clone(pk.lang)
		c.pages[pk] = pageVal{1, v.ArticleID, v.GroupID}
	}
	sc := c.site(siteDay{day, v.SiteID})
	sc.devices[device]++
	if dk != nil && !dk.dropped.Load() {
		set := sh.sets[day]
		if set == nil {
			set = make(map[uint64]struct{})
			sh.sets[day] = set
		}
		if _, seen := set[hash]; !seen {
			set[hash] = struct{}{}
			sc.visitors++
		}
	}
	if ref != "" {
		if sc.referrers == nil {
			sc.referrers = make(map[string]int64)
		}
		if n, ok := sc.referrers[ref]; ok {
			sc.referrers[ref] = n + 1
		} else if len(sc.referrers) < maxReferrersPerShard {
			sc.referrers[strings.Clone(ref)] = 1
		} else {
			sc.referrers[OtherReferrers]++
		}
	}
	if lang != "" {
		if sc.languages == nil {
			sc.languages = make(map[string]int64)
		}
		if n, ok := sc.languages[lang]; ok {
			sc.languages[lang] = n + 1
		} else {
			sc.languages[strings.Clone(lang)] = 1
		}
	}
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
// touch the visitor sets: visitors in b stay counted once. Rows that do not
// come from Take (a Day that is not a date, an unknown device class) are
// ignored.
func (r *Recorder) Restore(b Batch) {
	if b.Empty() {
		return
	}
	var c counts
	for _, p := range b.Pages {
		if d, ok := parseCivil(p.Day); ok {
			if c.pages == nil {
				c.pages = make(map[pageKey]pageVal, len(b.Pages))
			}
			k := pageKey{d, p.SiteID, p.Path, p.Language}
			pv := c.pages[k]
			c.pages[k] = pageVal{pv.views + p.Views, p.ArticleID, p.GroupID}
		}
	}
	for _, v := range b.Visitors {
		if d, ok := parseCivil(v.Day); ok {
			c.site(siteDay{d, v.SiteID}).visitors += v.Visitors
		}
	}
	keyCounts(&c, b.Referrers, func(sc *siteCounts) *map[string]int64 { return &sc.referrers })
	keyCounts(&c, b.Languages, func(sc *siteCounts) *map[string]int64 { return &sc.languages })
	for _, k := range b.Devices {
		d, ok := parseCivil(k.Day)
		i := slices.Index(deviceClasses[:], k.Key)
		if ok && i >= 0 {
			c.site(siteDay{d, k.SiteID}).devices[i] += k.Count
		}
	}

	sh := r.shards[0]
	sh.mu.Lock()
	sh.c.merge(&c)
	sh.mu.Unlock()
}

func keyCounts(c *counts, rows []KeyCount, field func(*siteCounts) *map[string]int64) {
	for _, k := range rows {
		if d, ok := parseCivil(k.Day); ok {
			m := field(c.site(siteDay{d, k.SiteID}))
			if *m == nil {
				*m = make(map[string]int64)
			}
			(*m)[k.Key] += k.Count
		}
	}
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
	if c.sites == nil {
		c.sites = o.sites
		return
	}
	for k, osc := range o.sites {
		sc := c.sites[k]
		if sc == nil {
			c.sites[k] = osc
			continue
		}
		sc.visitors += osc.visitors
		for i, n := range osc.devices {
			sc.devices[i] += n
		}
		sc.referrers = mergeInto(sc.referrers, osc.referrers)
		sc.languages = mergeInto(sc.languages, osc.languages)
	}
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
		slices.SortFunc(keys, func(a, b pageKey) int {
			return cmp.Or(cmp.Compare(a.day, b.day), cmp.Compare(a.site, b.site),
				strings.Compare(a.path, b.path), strings.Compare(a.lang, b.lang))
		})
		b.Pages = make([]PageCount, len(keys))
		for i, k := range keys {
			v := c.pages[k]
			b.Pages[i] = PageCount{day(k.day), k.site, k.path, k.lang, v.article, v.group, v.views}
		}
	}
	sites := make([]siteDay, 0, len(c.sites))
	for k := range c.sites {
		sites = append(sites, k)
	}
	slices.SortFunc(sites, func(a, b siteDay) int {
		return cmp.Or(cmp.Compare(a.day, b.day), cmp.Compare(a.site, b.site))
	})
	for _, k := range sites {
		sc, d := c.sites[k], day(k.day)
		if sc.visitors != 0 {
			b.Visitors = append(b.Visitors, VisitorCount{d, k.site, sc.visitors})
		}
		b.Referrers = appendKeys(b.Referrers, d, k.site, sc.referrers)
		b.Languages = appendKeys(b.Languages, d, k.site, sc.languages)
		for i, n := range sc.devices {
			if n != 0 {
				b.Devices = append(b.Devices, KeyCount{d, k.site, deviceClasses[i], n})
			}
		}
	}
	return b
}

func appendKeys(rows []KeyCount, day string, site int64, m map[string]int64) []KeyCount {
	start := len(rows)
	for k, n := range m {
		if n != 0 {
			rows = append(rows, KeyCount{day, site, k, n})
		}
	}
	slices.SortFunc(rows[start:], func(a, b KeyCount) int { return strings.Compare(a.Key, b.Key) })
	return rows
}
