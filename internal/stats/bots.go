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
var bots atomic.Pointer[uaMatcher]

func init() {
	m, err := parseBotPatterns(strings.NewReader(defaultBotList))
	if err != nil {
		panic("stats: embedded bots.txt: " + err.Error())
	}
	bots.Store(m)
}

// IsBot reports whether the user agent matches the list of known robots,
// crawlers, link previewers, monitors and HTTP libraries (bots.txt, or the
// list last given to LoadBotPatterns). Matching is one pass over the header
// whatever the number of patterns (a second one only when an exception
// occurs next to a match). An empty user agent is not a known bot;
// Recorder.Record refuses it separately.
func IsBot(userAgent string) bool {
	bot, _ := bots.Load().classify(userAgent)
	return bot
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

func parseBotPatterns(r io.Reader) (*uaMatcher, error) {
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
	return buildMatcher(pats)
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
