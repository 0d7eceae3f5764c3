package stats

import (
	"errors"
	"hash/maphash"
	"slices"
	"sync/atomic"
)

// Device classes, as they appear in Batch.Devices.
const (
	DeviceMobile  = "mobile"
	DeviceTablet  = "tablet"
	DeviceDesktop = "desktop"
	DeviceOther   = "other"
)

// DeviceClass sorts a user agent into a coarse class: "mobile", "tablet",
// "desktop" or "other" (televisions, game consoles, anything unrecognized).
// It looks for the platform tokens browsers send ("iPhone", "Android" with
// or without "Mobile", "Windows", "CrOS"…); nothing finer than the class is
// derived or kept.
//
// iPadOS Safari presents itself as a Macintosh by default, so those iPads
// count as desktops: the user agent does not tell them apart.
func DeviceClass(userAgent string) string {
	_, device := bots.Load().classify(userAgent)
	return deviceClasses[device]
}

// Token categories, a bit each, in the order of precedence deviceOf applies.
const (
	catTV       = 1 << iota // televisions, consoles: they also name Android, Linux or Windows
	catIPad                 // before "Mobile", which iPad Safari sends too
	catPhone                // iPhone, iPod, Windows Phone (which also names Android)
	catAndroid              // a phone with "Mobile", a tablet without
	catMobi                 // "Mobi", "Mobile"
	catKindle               // Kindle, Silk
	catMobileOS             // other phone systems and browsers
	catDesktop              // Windows, Macintosh, X11, Linux, CrOS
	catTablet               // "Tablet" without a phone token
)

type deviceToken struct {
	text  string // lowercase: matched case-insensitively…
	exact string // …unless exact is set: then with this capitalization only
	cat   uint16
}

var deviceTokens = []deviceToken{
	{"smarttv", "", catTV}, {"smart-tv", "", catTV}, {"googletv", "", catTV}, {"appletv", "", catTV},
	{"crkey", "", catTV}, {"web0s", "", catTV}, {"webos.tv", "", catTV}, {"hbbtv", "", catTV},
	{"bravia", "", catTV}, {"playstation", "", catTV}, {"xbox", "", catTV}, {"nintendo", "", catTV},
	{"ipad", "", catIPad},
	{"iphone", "", catPhone}, {"ipod", "", catPhone}, {"windows phone", "", catPhone},
	{"android", "", catAndroid},
	{"mobi", "", catMobi},
	{"kindle", "", catKindle}, {"silk/", "", catKindle},
	{"opera mini", "", catMobileOS}, {"blackberry", "", catMobileOS}, {"bb10", "", catMobileOS}, {"kaios", "", catMobileOS},
	{"windows", "", catDesktop}, {"macintosh", "", catDesktop}, {"x11", "", catDesktop}, {"linux", "", catDesktop},
	{"cros", "CrOS", catDesktop}, // "cros" is in "Microsoft" and "MicroMessenger"
	{"tablet", "", catTablet},
}

// deviceOf decides the class from the categories found, as an index into
// deviceClasses.
func deviceOf(cats uint16) int {
	return slices.Index(deviceClasses[:], deviceName(cats))
}

func deviceName(cats uint16) string {
	switch {
	case cats == 0:
		return DeviceOther
	case cats&catTV != 0:
		return DeviceOther
	case cats&catIPad != 0:
		return DeviceTablet
	case cats&catPhone != 0:
		return DeviceMobile
	case cats&catAndroid != 0:
		if cats&catMobi != 0 {
			return DeviceMobile
		}
		return DeviceTablet // Android without "Mobile" is a tablet by convention
	case cats&catKindle != 0:
		return DeviceTablet
	case cats&(catMobi|catMobileOS) != 0:
		return DeviceMobile
	case cats&catDesktop != 0:
		return DeviceDesktop
	case cats&catTablet != 0:
		return DeviceTablet
	}
	return DeviceOther
}

// uaMatcher finds the bot patterns and the device tokens of a user agent in
// one pass: an Aho–Corasick automaton compiled to a dense transition table
// over byte classes (bytes that occur in no pattern share class 0; ASCII
// letters are folded to their lowercase class).
type uaMatcher struct {
	nclass uint32
	class  [256]uint8
	// next maps row offset (state × nclass) + class to the next state's row
	// offset, with the interesting bit set when some pattern or token ends
	// in that state: most steps are one load and one test.
	next []uint32
	// Per state:
	bot  []int32 // the bot pattern (or exception) spelled by the state, or -1
	dev  []int8  // the device token spelled by the state, or -1
	link []int32 // the nearest proper suffix state with bot or dev, or -1
	pats []botPattern
	// cache remembers the verdicts on recent user agents (see classify).
	seed  maphash.Seed
	cache [uaCacheSize]atomic.Uint64
}

// uaCacheSize is the number of user agents whose verdict is remembered.
// A site's traffic comes from a few thousand distinct user agents a day,
// and the same few dozen make most of it.
const (
	uaCacheBits = 12
	uaCacheSize = 1 << uaCacheBits
)

// Cache entries: the top bits are the user agent's hash, the low bits the
// verdict.
const (
	cacheValid    = 1 << 0
	cacheBot      = 1 << 1
	cacheDevShift = 2
	cacheDevMask  = 3 << cacheDevShift
	cacheTagMask  = ^uint64(63)
)

// classify is scan with a cache, for Record, IsBot and DeviceClass: whether
// ua is a bot, and its device class as an index into deviceClasses. The
// cache is a fixed table of 64-bit words, read and written atomically,
// holding for a recently seen user agent its hash (seeded per process) and
// the verdict: no user agent, and nothing about who sent it or when. Two
// user agents would have to share 58 bits of hash to get each other's
// verdict.
func (m *uaMatcher) classify(ua string) (bot bool, device int) {
	h := maphash.String(m.seed, ua)
	slot := &m.cache[h>>(64-uaCacheBits)]
	if e := slot.Load(); e&cacheValid != 0 && e&cacheTagMask == h&cacheTagMask {
		return e&cacheBot != 0, int(e&cacheDevMask) >> cacheDevShift
	}
	bot, cats := m.scan(ua)
	device = deviceOf(cats)
	e := h&cacheTagMask | cacheValid | uint64(device)<<cacheDevShift
	if bot {
		e |= cacheBot
	}
	slot.Store(e)
	return bot, device
}

const interesting = 1 << 31

func buildMatcher(pats []botPattern) (*uaMatcher, error) {
	m := &uaMatcher{pats: pats, seed: maphash.MakeSeed()}
	texts := make([]string, 0, len(pats)+len(deviceTokens))
	for _, p := range pats {
		texts = append(texts, p.text)
	}
	for _, d := range deviceTokens {
		texts = append(texts, d.text)
	}
	m.nclass = 1
	for _, t := range texts {
		for i := 0; i < len(t); i++ {
			if b := t[i]; m.class[b] == 0 {
				m.class[b] = uint8(m.nclass)
				m.nclass++
			}
		}
	}
	for b := 'A'; b <= 'Z'; b++ {
		m.class[b] = m.class[b+'a'-'A']
	}
	nc := m.nclass

	// The trie, with states as indexes for now; -1 is "no edge yet".
	var edge []int32
	newState := func() int32 {
		s := int32(len(m.bot))
		for range nc {
			edge = append(edge, -1)
		}
		m.bot = append(m.bot, -1)
		m.dev = append(m.dev, -1)
		return s
	}
	newState()
	for i, t := range texts {
		s := int32(0)
		for j := 0; j < len(t); j++ {
			e := uint32(s)*nc + uint32(m.class[t[j]])
			if edge[e] < 0 {
				if uint64(len(m.bot)+1)*uint64(nc) > maxBotTableEntries {
					return nil, errors.New("stats: bot pattern list too large")
				}
				edge[e] = newState()
			}
			s = edge[e]
		}
		if i < len(pats) {
			m.bot[s] = int32(i)
		} else {
			m.dev[s] = int8(i - len(pats))
		}
	}

	// Breadth-first: failure links, then each state's missing edges are
	// those of its failure state, which is complete by then.
	n := int32(len(m.bot))
	fail := make([]int32, n)
	m.link = make([]int32, n)
	m.link[0] = -1
	queue := make([]int32, 0, n)
	for c := range nc {
		if t := edge[c]; t < 0 {
			edge[c] = 0
		} else {
			m.link[t] = -1
			queue = append(queue, t)
		}
	}
	hasOut := func(s int32) bool { return m.bot[s] >= 0 || m.dev[s] >= 0 }
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for c := range nc {
			e := uint32(s)*nc + c
			t := edge[e]
			if t < 0 {
				edge[e] = edge[uint32(fail[s])*nc+c]
				continue
			}
			f := edge[uint32(fail[s])*nc+c]
			fail[t] = f
			if hasOut(f) {
				m.link[t] = f
			} else {
				m.link[t] = m.link[f]
			}
			queue = append(queue, t)
		}
	}
	m.next = make([]uint32, len(edge))
	for e, t := range edge {
		m.next[e] = uint32(t) * nc
		if hasOut(t) || m.link[t] >= 0 {
			m.next[e] |= interesting
		}
	}
	return m, nil
}

type span struct{ start, end int }

// scan reports whether ua is a bot and which device token categories it
// names.
func (m *uaMatcher) scan(ua string) (bot bool, cats uint16) {
	nc := m.nclass
	next := m.next
	// Where exceptions occur, in the order of their ends.
	var buf [8]span
	excs := buf[:0]
	off := uint32(0)
	for i := 0; i < len(ua); i++ {
		v := next[off+uint32(m.class[ua[i]])]
		off = v &^ interesting
		if v&interesting == 0 {
			continue
		}
		for s := int32(off / nc); s >= 0; s = m.link[s] {
			if d := m.dev[s]; d >= 0 {
				tok := &deviceTokens[d]
				if tok.exact == "" || ua[i+1-len(tok.exact):i+1] == tok.exact {
					cats |= tok.cat
				}
			}
			if p := m.bot[s]; p >= 0 {
				if m.pats[p].exception {
					excs = append(excs, span{i + 1 - len(m.pats[p].text), i + 1})
				} else {
					bot = true
				}
			}
		}
	}
	if !bot || len(excs) == 0 {
		return bot, cats
	}
	// A match counts unless an exception contains it. Second pass: for each
	// match, the exceptions ending with it or later are a suffix of excs;
	// it is covered if the smallest start among them is not after its own.
	for j := len(excs) - 2; j >= 0; j-- {
		excs[j].start = min(excs[j].start, excs[j+1].start)
	}
	off, j := 0, 0
	for i := 0; i < len(ua); i++ {
		v := next[off+uint32(m.class[ua[i]])]
		off = v &^ interesting
		if v&interesting == 0 {
			continue
		}
		for j < len(excs) && excs[j].end < i+1 {
			j++
		}
		for s := int32(off / nc); s >= 0; s = m.link[s] {
			if p := m.bot[s]; p >= 0 && !m.pats[p].exception {
				if j == len(excs) || excs[j].start > i+1-len(m.pats[p].text) {
					return true, cats
				}
			}
		}
	}
	return false, cats
}
