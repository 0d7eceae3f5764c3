package pagecache

import (
	"net/http"
	"strconv"
)

// Header values shared by every response. net/http only reads them, and
// each has len == cap, so an Add elsewhere copies before appending.
var (
	staleValue    = []string{"stale"}
	plainText     = []string{"text/plain; charset=utf-8"}
	notAcceptable = []byte("406 Not Acceptable: no content coding you accept is available.\n")
	notAcceptLen  = []string{strconv.Itoa(len(notAcceptable))}
)

// Serve writes e as the response to r.
//
// It picks the stored variant that the request's Accept-Encoding accepts
// best (br, then zstd, then gzip, then identity on equal weights) and
// writes Content-Encoding, Content-Length, the variant's strong ETag,
// Vary: Accept-Encoding (after the entry's own Vary tokens), Surrogate-Key
// with the entry's tags, and the entry's header fields, which replace
// fields of the same name already set on w; other fields already set on w
// (security headers, a caller's X-Cache) are kept.
//
// A 2xx entry answers an If-None-Match that matches the variant's ETag
// (weak comparison, lists, "*"), or without one an If-Modified-Since not
// older than its Last-Modified, with 304 and no body. HEAD gets the
// headers without the body. When the request refuses identity and accepts
// no stored coding, the answer is 406. A stale entry adds X-Cache: stale.
// Serve writes the body for any other method as for GET: choosing which
// requests a cached page answers is the caller's job.
//
// On a hit Serve allocates nothing of its own: every value it writes was
// built when the entry was.
func Serve(w http.ResponseWriter, r *http.Request, e *Entry) {
	h := w.Header()
	setVary(h, e.vary)
	c, ok := negotiate(r.Header["Accept-Encoding"], &e.available)
	if !ok {
		h["Content-Type"] = plainText
		h["Content-Length"] = notAcceptLen
		w.WriteHeader(http.StatusNotAcceptable)
		if r.Method != http.MethodHead {
			w.Write(notAcceptable)
		}
		return
	}
	v := &e.variants[c]
	h["Etag"] = v.etagHdr
	if e.surrogate != nil {
		h["Surrogate-Key"] = e.surrogate
	}
	if e.stale {
		h["X-Cache"] = staleValue
	}
	if e.status/100 == 2 && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		if inm := r.Header["If-None-Match"]; (len(inm) > 0 && noneMatch(inm, v.etag)) || (len(inm) == 0 && notModifiedSince(r, e)) {
			for _, f := range e.notMod {
				h[f.key] = f.value
			}
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	for _, f := range e.full {
		h[f.key] = f.value
	}
	h["Content-Length"] = v.lenHdr
	if v.codedHdr != nil {
		h["Content-Encoding"] = v.codedHdr
	} else if !e.precoded {
		delete(h, "Content-Encoding")
	}
	w.WriteHeader(e.status)
	if r.Method != http.MethodHead {
		w.Write(v.body)
	}
}

// setVary puts the entry's Vary on h, keeping tokens a caller set before.
func setVary(h http.Header, vary []string) {
	old := h["Vary"]
	if len(old) == 0 {
		h["Vary"] = vary
		return
	}
	h["Vary"] = []string{varyValue(appendTokens(appendTokens(nil, old, ","), vary, ","))}
}

// notModifiedSince evaluates If-Modified-Since against the entry's
// Last-Modified, for clients that send only the date (RFC 9110, 13.1.3:
// it is ignored when If-None-Match is present).
func notModifiedSince(r *http.Request, e *Entry) bool {
	ims := r.Header.Get("If-Modified-Since")
	if ims == "" {
		return false
	}
	lm := e.header.Get("Last-Modified")
	if lm == "" {
		return false
	}
	since, err := http.ParseTime(ims)
	if err != nil {
		return false
	}
	modified, err := http.ParseTime(lm)
	return err == nil && !modified.After(since)
}
