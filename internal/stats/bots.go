package stats

import (
	"bufio"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
)

// defaultBotList is the list of user-agent patterns the binary ships with.
//
//go:embed bots.txt
var defaultBotList string

// Limits on an operator-supplied list, so that a wrong file (a log, a binary)
// is refused instead of building a huge automaton.
const (
	maxBotListBytes    = 1 << 20 // the file
	maxBotPatternLen   = 200     // one pattern
	maxBotTableEntries = 1 << 22 // states × byte classes of the automaton (16 MiB)
)

// bots is the list in use; LoadBotPatterns swaps it atomically, so IsBot
// never takes a lock.
var bots atomic.Pointer[botMatcher]

func init() {
	m, err := parseBotPatterns(strings.NewReader(defaultBotList))
	if err != nil {
		panic("stats: embedded bots.txt: " + err.Error())
	}
	bots.Store(m)
}

// IsBot reports whether the user agent matches the list of known robots,
// crawlers, link previewers, monitors and HTTP libraries (bots.txt, or the
// list last given to LoadBotPatterns). Matching is a single pass over the
// header, whatever the number of patterns. An empty user agent is not a
// known bot; Recorder.Record refuses it separately.
func IsBot(userAgent string) bool {
	return bots.Load().match(userAgent)
}

// LoadBotPatterns replaces the list IsBot uses with the one read from r, in
// the format of the embedded bots.txt: one case-insensitive substring per
// line, "#" comments, "!" exceptions. On error the list in use is kept. A
// list without any pattern is an error.
func LoadBotPatterns(r io.Reader) error {
	m, err := parseBotPatterns(r)
	if err != nil {
		return err
	}
	bots.Store(m)
	return nil
}

// resetBotPatterns puts the embedded list back (tests).
func resetBotPatterns() {
	m, err := parseBotPatterns(strings.NewReader(defaultBotList))
	if err != nil {
		panic(err)
	}
	bots.Store(m)
}

type botPattern struct {
	text      string // lowercased
	exception bool
}

func parseBotPatterns(r io.Reader) (*botMatcher, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxBotListBytes+1))
	if err != nil {
		return nil, fmt.Errorf("stats: reading bot patterns: %w", err)
	}
	if len(data) > maxBotListBytes {
		return nil, fmt.Errorf("stats: bot pattern list larger than %d bytes", maxBotListBytes)
	}
	var pats []botPattern
	seen := make(map[string]bool)
	normal := 0
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	sc.Buffer(make([]byte, 0, 4096), maxBotListBytes+1)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		exception := false
		if line[0] == '!' {
			exception = true
			line = strings.TrimSpace(line[1:])
			if line == "" {
				return nil, fmt.Errorf("stats: bot patterns line %d: empty exception", n)
			}
		}
		if len(line) > maxBotPatternLen {
			return nil, fmt.Errorf("stats: bot patterns line %d: pattern longer than %d bytes", n, maxBotPatternLen)
		}
		text := lowerASCII(line)
		if seen[text] {
			continue // the first occurrence decides
		}
		seen[text] = true
		pats = append(pats, botPattern{text: text, exception: exception})
		if !exception {
			normal++
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("stats: reading bot patterns: %w", err)
	}
	if normal == 0 {
		return nil, errors.New("stats: bot pattern list has no pattern")
	}
	return buildBotMatcher(pats)
}

// botMatcher is an Aho–Corasick automaton compiled to a dense transition
// table over byte classes: bytes that occur in no pattern share one class,
// and ASCII letters are folded to their lowercase class.
type botMatcher struct {
	nclass int32
	class  [256]uint8
	next   []int32 // state*nclass + class → state
	out    []int32 // state → pattern whose text is this state's path, or -1
	link   []int32 // state → nearest proper suffix state with out >= 0, or -1
	term   []bool  // some pattern ends in this state (out >= 0 or link >= 0)
	pats   []botPattern
	// exceptions is whether any "!" pattern exists; without one, the first
	// match decides and the scan stops there.
	exceptions bool
}

func buildBotMatcher(pats []botPattern) (*botMatcher, error) {
	m := &botMatcher{pats: pats}
	// Byte classes: 0 is "no pattern uses this byte".
	m.nclass = 1
	for _, p := range pats {
		for i := 0; i < len(p.text); i++ {
			b := p.text[i]
			if m.class[b] == 0 {
				m.class[b] = uint8(m.nclass)
				m.nclass++
			}
		}
		m.exceptions = m.exceptions || p.exception
	}
	for b := 'A'; b <= 'Z'; b++ {
		m.class[b] = m.class[b+'a'-'A']
	}
	nc := m.nclass

	// The trie; -1 is "no edge yet".
	newState := func() int32 {
		s := int32(len(m.out))
		for range nc {
			m.next = append(m.next, -1)
		}
		m.out = append(m.out, -1)
		return s
	}
	newState()
	for i, p := range pats {
		s := int32(0)
		for j := 0; j < len(p.text); j++ {
			c := int32(m.class[p.text[j]])
			if m.next[s*nc+c] < 0 {
				if int64(len(m.out)+1)*int64(nc) > maxBotTableEntries {
					return nil, errors.New("stats: bot pattern list too large")
				}
				t := newState()
				m.next[s*nc+c] = t
			}
			s = m.next[s*nc+c]
		}
		m.out[s] = int32(i)
	}

	// Breadth-first: failure links, then the missing edges of each state are
	// those of its failure state, which is already complete.
	n := int32(len(m.out))
	fail := make([]int32, n)
	m.link = make([]int32, n)
	m.term = make([]bool, n)
	m.link[0] = -1
	queue := make([]int32, 0, n)
	for c := range nc {
		t := m.next[c]
		if t < 0 {
			m.next[c] = 0
			continue
		}
		fail[t] = 0
		m.link[t] = -1
		m.term[t] = m.out[t] >= 0
		queue = append(queue, t)
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for c := range nc {
			t := m.next[s*nc+c]
			if t < 0 {
				m.next[s*nc+c] = m.next[fail[s]*nc+c]
				continue
			}
			f := m.next[fail[s]*nc+c]
			fail[t] = f
			if m.out[f] >= 0 {
				m.link[t] = f
			} else {
				m.link[t] = m.link[f]
			}
			m.term[t] = m.out[t] >= 0 || m.link[t] >= 0
			queue = append(queue, t)
		}
	}
	return m, nil
}

type span struct{ start, end int }

func (m *botMatcher) match(ua string) bool {
	nc := m.nclass
	s := int32(0)
	if !m.exceptions {
		for i := 0; i < len(ua); i++ {
			s = m.next[s*nc+int32(m.class[ua[i]])]
			if m.term[s] {
				return true
			}
		}
		return false
	}
	// With exceptions: a first pass notes where exceptions occur, in the
	// order of their ends, and whether anything else matched at all (most
	// user agents stop here). A second pass then checks each match against
	// the exceptions that end with it or later, through the smallest start
	// among them.
	var buf [8]span
	excs := buf[:0]
	hit := false
	for i := 0; i < len(ua); i++ {
		s = m.next[s*nc+int32(m.class[ua[i]])]
		if !m.term[s] {
			continue
		}
		for o := s; o >= 0; o = m.link[o] {
			if pi := m.out[o]; pi >= 0 {
				p := m.pats[pi]
				if p.exception {
					excs = append(excs, span{i + 1 - len(p.text), i + 1})
				} else {
					hit = true
				}
			}
		}
	}
	if !hit {
		return false
	}
	if len(excs) == 0 {
		return true
	}
	for j := len(excs) - 2; j >= 0; j-- {
		excs[j].start = min(excs[j].start, excs[j+1].start) // now: smallest start from j on
	}
	s, j := 0, 0
	for i := 0; i < len(ua); i++ {
		s = m.next[s*nc+int32(m.class[ua[i]])]
		if !m.term[s] {
			continue
		}
		for j < len(excs) && excs[j].end < i+1 {
			j++
		}
		for o := s; o >= 0; o = m.link[o] {
			if pi := m.out[o]; pi >= 0 && !m.pats[pi].exception {
				if j == len(excs) || excs[j].start > i+1-len(m.pats[pi].text) {
					return true
				}
			}
		}
	}
	return false
}

// lowerASCII lowercases ASCII letters only, allocating only when needed.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; 'A' <= c && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
