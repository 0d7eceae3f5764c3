package feed

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"time"
)

// ETag returns a strong entity tag for body, quoted: the first 128 bits of
// its SHA-256 in hex.
func ETag(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// NotModified reports whether a GET or HEAD request r can be answered 304
// Not Modified for a representation with the given entity tag and
// modification time; the caller then writes the 304 (with the ETag and
// Last-Modified headers) and no body.
//
// If-None-Match takes precedence (RFC 9110, 13.2.2): "*" matches, and a
// list matches when one of its tags equals etag by weak comparison (a
// "W/" prefix on either side is ignored). A malformed list matches only as
// far as it could be read. Without If-None-Match, If-Modified-Since
// matches when it is a valid HTTP date not before lastMod, compared to the
// second; a zero lastMod never matches. Other methods never match.
func NotModified(r *http.Request, etag string, lastMod time.Time) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	if inm := r.Header.Values("If-None-Match"); hasValue(inm) {
		return etagListMatch(inm, etag)
	}
	ims := strings.TrimSpace(r.Header.Get("If-Modified-Since"))
	if ims == "" || lastMod.IsZero() {
		return false
	}
	t, err := http.ParseTime(ims)
	if err != nil {
		return false
	}
	return !lastMod.Truncate(time.Second).After(t)
}

func hasValue(values []string) bool {
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			return true
		}
	}
	return false
}

// etagListMatch reads If-None-Match field lines: "*" or comma-separated
// entity tags, each an optional W/ then a quoted opaque tag (which may
// itself hold commas).
func etagListMatch(lines []string, etag string) bool {
	want, ok := opaqueTag(strings.TrimSpace(etag))
	for _, s := range lines {
		for {
			s = strings.TrimLeft(s, " \t,")
			if s == "" {
				break
			}
			if s[0] == '*' {
				return true
			}
			s = strings.TrimPrefix(s, "W/")
			if s == "" || s[0] != '"' {
				break // malformed: ignore the rest of this line
			}
			end := strings.IndexByte(s[1:], '"')
			if end < 0 {
				break
			}
			tag := s[:end+2]
			if ok && tag == want {
				return true
			}
			s = s[end+2:]
		}
	}
	return false
}

// opaqueTag strips a W/ prefix from an entity tag and checks its quotes.
func opaqueTag(etag string) (string, bool) {
	t := strings.TrimPrefix(etag, "W/")
	if len(t) < 2 || t[0] != '"' || t[len(t)-1] != '"' || strings.Contains(t[1:len(t)-1], `"`) {
		return "", false
	}
	return t, true
}
