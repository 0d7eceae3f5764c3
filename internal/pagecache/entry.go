package pagecache

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// coding indexes the stored forms of a body.
type coding uint8

const (
	identity coding = iota
	gzipCoding
	brCoding
	zstdCoding
	numCodings
)

// codingNames are the Content-Encoding tokens; etagSuffixes make each
// variant's strong ETag distinct, since a strong validator promises
// byte-identical bodies and the variants are not.
var (
	codingNames  = [numCodings]string{"identity", "gzip", "br", "zstd"}
	etagSuffixes = [numCodings]string{"", "-gz", "-br", "-zst"}
)

// MinCompressSize is the smallest body that gets compressed variants:
// below it the framing overhead eats most of the gain.
const MinCompressSize = 1024

// entryOverhead approximates the bytes an entry costs beyond its bodies
// and header values (structs, slices, map slots), so that a budget filled
// with small entries still bounds memory.
const entryOverhead = 512

// Entry is a rendered response ready to be replayed. It is immutable once
// built, so any number of goroutines may Serve it at once.
type Entry struct {
	// Meta is the caller's own note about the page (what to count when it
	// is served, say). Set it in the render function, before GetOrRender
	// shares the entry; never after.
	Meta any

	status int
	header http.Header // the replayed fields, for Header()
	tags   []string

	// Pre-built header values, assigned straight into the response's map
	// on a hit: no formatting, no allocation. Every slice has len == cap,
	// so a later Header().Add by a middleware copies instead of writing
	// into memory other responses share.
	full       []field // fields of a 200 (or other full) response
	notMod     []field // fields a 304 keeps (RFC 9110, 15.4.5)
	vary       []string
	surrogate  []string
	variants   [numCodings]variant
	available  [numCodings]bool
	storable   bool // may go into a Cache
	shareable  bool // may be handed to other requests waiting on the same render
	precoded   bool // the handler set its own Content-Encoding
	size       int64
	stored     time.Time
	stale      bool
	bodyDigest string // hex, shared by every variant's ETag
}

type field struct {
	key   string
	value []string
}

type variant struct {
	body     []byte
	etag     string // quoted
	etagHdr  []string
	lenHdr   []string
	codedHdr []string // Content-Encoding value; nil for identity
}

// NewEntry builds an entry from a response: status, the header fields to
// replay, the identity body (owned by the entry from now on: the caller
// must not modify it) and the dependency tags that Cache.Invalidate
// matches. Tags found in a Surrogate-Key field of header are added.
//
// The compressed variants are computed here, once: gzip, brotli and zstd,
// each kept only when smaller than the body. Bodies under MinCompressSize
// are stored as they are.
//
// An entry whose header carries Set-Cookie, Cache-Control private or
// no-store, or a Content-Encoding of its own can still be served but is
// never stored nor handed to another request.
func NewEntry(status int, header http.Header, body []byte, tags ...string) *Entry {
	return newEntry(status, header, body, tags, true)
}

// newEntry takes storable=false for responses meant for the requests at
// hand only (a 404 shared by a burst of identical requests): those get a
// cheap gzip instead of the slow, once-per-store compressions.
func newEntry(status int, header http.Header, body []byte, tags []string, storable bool) *Entry {
	e := &Entry{status: status, header: make(http.Header, len(header)), storable: storable, shareable: true}
	var varyTokens []string
	for k, vs := range header {
		if len(vs) == 0 {
			continue
		}
		key := http.CanonicalHeaderKey(k)
		switch key {
		case "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Trailer", "Upgrade",
			"Date", "Age", "Etag", "X-Cache":
			// Ours to compute per response, or meaningless when replayed.
			continue
		case "Vary":
			varyTokens = appendTokens(varyTokens, vs, ",")
			continue
		case "Surrogate-Key":
			tags = appendTokens(append([]string(nil), tags...), vs, " ")
			continue
		case "Set-Cookie":
			e.storable, e.shareable = false, false
		case "Cache-Control":
			for _, d := range appendTokens(nil, vs, ",") {
				d, _, _ = strings.Cut(d, "=")
				if strings.EqualFold(d, "private") || strings.EqualFold(d, "no-store") {
					e.storable, e.shareable = false, false
				}
			}
		case "Content-Encoding":
			if !(len(vs) == 1 && strings.EqualFold(strings.TrimSpace(vs[0]), "identity")) {
				e.precoded = true
				e.storable, e.shareable = false, false
			}
		}
		// Two spellings of one name in a hand-built map are one field.
		e.header[key] = exact(append(e.header[key], vs...))
	}
	if _, ok := e.header["Content-Type"]; !ok && len(body) > 0 {
		// What net/http would do on every write; done once here.
		e.header["Content-Type"] = []string{http.DetectContentType(body)}
	}
	e.tags = dedupe(tags)
	if len(e.tags) > 0 {
		e.surrogate = []string{strings.Join(e.tags, " ")}
	}
	e.vary = []string{varyValue(varyTokens)}

	if storable && cap(body)-len(body) > len(body)/8 {
		// A render's buffer grows by doubling: kept as it is, a page
		// would hold up to twice its size, unseen by the byte budget.
		body = bytes.Clone(body)
	}
	sum := sha256.Sum256(body)
	e.bodyDigest = hex.EncodeToString(sum[:16])
	e.setVariant(identity, body)
	if len(body) >= MinCompressSize && !e.precoded {
		if e.storable {
			gz, br, zs := compressAll(body)
			e.setVariant(gzipCoding, gz)
			e.setVariant(brCoding, br)
			e.setVariant(zstdCoding, zs)
		} else {
			e.setVariant(gzipCoding, gzipFast(body))
		}
	}

	for key, vs := range e.header {
		e.full = append(e.full, field{key, vs})
		switch key {
		case "Cache-Control", "Expires", "Content-Location":
			e.notMod = append(e.notMod, field{key, vs})
		}
		for _, v := range vs {
			e.size += int64(len(key) + len(v))
		}
	}
	e.size += entryOverhead
	for _, t := range e.tags {
		e.size += int64(len(t)) + 16
	}
	return e
}

// setVariant records a stored form, unless compression did not pay.
func (e *Entry) setVariant(c coding, body []byte) {
	if body == nil || (c != identity && len(body) >= len(e.variants[identity].body)) {
		return
	}
	etag := `"` + e.bodyDigest + etagSuffixes[c] + `"`
	v := variant{body: body, etag: etag, etagHdr: []string{etag}, lenHdr: []string{strconv.Itoa(len(body))}}
	if c != identity {
		v.codedHdr = []string{codingNames[c]}
	}
	e.variants[c] = v
	e.available[c] = true
	e.size += int64(len(body))
}

// Status is the response status code.
func (e *Entry) Status() int { return e.status }

// Header returns a copy of the header fields the entry replays. Serve adds
// the ones it computes: ETag, Vary, Content-Length, Content-Encoding and
// Surrogate-Key.
func (e *Entry) Header() http.Header { return e.header.Clone() }

// Body is the identity body. It is shared: do not modify it.
func (e *Entry) Body() []byte { return e.variants[identity].body }

// Tags returns the dependency tags, in the order first given.
func (e *Entry) Tags() []string { return append([]string(nil), e.tags...) }

// ETag is the strong entity tag of the identity body, quoted; a
// compressed variant's tag is the same with a suffix inside the quotes.
func (e *Entry) ETag() string { return e.variants[identity].etag }

// Encodings lists the content codings stored besides identity, in the
// order Serve prefers them.
func (e *Entry) Encodings() []string {
	var out []string
	for _, c := range preference {
		if c != identity && e.available[c] {
			out = append(out, codingNames[c])
		}
	}
	return out
}

// Size is what the entry counts against a cache's byte budget: every
// stored body, the header values, and a fixed overhead.
func (e *Entry) Size() int64 { return e.size }

// Stored is when a Cache stored the entry; zero for one never stored.
func (e *Entry) Stored() time.Time { return e.stored }

// Stale reports whether the entry was invalidated or expired and is being
// served only because rendering a fresh one failed. Serve then adds
// "X-Cache: stale".
func (e *Entry) Stale() bool { return e.stale }

// Cacheable reports whether a Cache would store the entry.
func (e *Entry) Cacheable() bool { return e.storable }

// stamped returns the copy a cache keeps: entries are immutable, so the
// time is set on a copy that shares every body and header slice.
func (e *Entry) stamped(t time.Time) *Entry {
	c := *e
	c.stored = t
	return &c
}

func (e *Entry) staleCopy() *Entry {
	c := *e
	c.stale = true
	return &c
}

// exact copies vs into a slice whose capacity is its length.
func exact(vs []string) []string {
	out := make([]string, len(vs))
	copy(out, vs)
	return out
}

// appendTokens splits field lines on sep and appends the non-empty,
// trimmed pieces.
func appendTokens(dst []string, lines []string, sep string) []string {
	for _, line := range lines {
		for tok := range strings.SplitSeq(line, sep) {
			if tok = strings.TrimSpace(tok); tok != "" {
				dst = append(dst, tok)
			}
		}
	}
	return dst
}

func dedupe(tags []string) []string {
	seen := make(map[string]bool, len(tags))
	var out []string
	for _, t := range tags {
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, t)
	}
	return out
}

// varyValue joins the handler's own Vary tokens with Accept-Encoding, once.
func varyValue(tokens []string) string {
	var out []string
	hasAE := false
	for _, t := range tokens {
		if t == "*" {
			return "*"
		}
		dup := false
		for _, o := range out {
			dup = dup || strings.EqualFold(o, t)
		}
		if dup {
			continue
		}
		hasAE = hasAE || strings.EqualFold(t, "Accept-Encoding")
		out = append(out, t)
	}
	if !hasAE {
		out = append(out, "Accept-Encoding")
	}
	return strings.Join(out, ", ")
}
