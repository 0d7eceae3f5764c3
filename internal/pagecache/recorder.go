package pagecache

import (
	"bytes"
	"fmt"
	"net/http"
)

// Recorder is an http.ResponseWriter that keeps the response in memory,
// so that an existing handler's output can become an Entry.
type Recorder struct {
	header http.Header
	sent   http.Header // the header as it was at WriteHeader, as a real writer would send it
	status int
	body   bytes.Buffer
}

// NewRecorder returns an empty recorder.
func NewRecorder() *Recorder { return &Recorder{header: http.Header{}} }

// Header is the header map the handler fills.
func (rec *Recorder) Header() http.Header { return rec.header }

// WriteHeader records the status; later calls are ignored, as are
// informational (1xx) statuses, which a real writer sends ahead of the
// final one.
func (rec *Recorder) WriteHeader(code int) {
	if rec.status != 0 || code < 200 || code > 999 {
		return
	}
	rec.status = code
	rec.sent = rec.header.Clone()
}

// Write appends to the body, sending a 200 first if nothing was sent.
func (rec *Recorder) Write(p []byte) (int, error) {
	if rec.status == 0 {
		rec.WriteHeader(http.StatusOK)
	}
	return rec.body.Write(p)
}

// Status is the recorded status: 200 if the handler wrote nothing.
func (rec *Recorder) Status() int {
	if rec.status == 0 {
		return http.StatusOK
	}
	return rec.status
}

// Entry builds an entry from the recorded response, which the entry then
// owns: the recorder must not be used again. Only a 200 is Cacheable (and
// none that sets a cookie or is marked private or no-store); another
// status can be shared by the requests waiting on the same render, but is
// not stored. The recorder does not know the request: a response to
// anything but GET must not be passed to Cache.Put (Capture sees to it).
func (rec *Recorder) Entry(tags ...string) *Entry {
	return rec.entry(tags, true)
}

func (rec *Recorder) entry(tags []string, safeMethod bool) *Entry {
	h := rec.sent
	if h == nil {
		h = rec.header
	}
	status := rec.Status()
	e := newEntry(status, h, rec.body.Bytes(), tags, safeMethod && status == http.StatusOK)
	if !safeMethod {
		e.storable, e.shareable = false, false
	}
	return e
}

// HandlerError is what Capture returns when the handler answered with a
// server error (5xx): GetOrRender then answers with a stale copy if it
// has one; if not, the caller can still send Response.
type HandlerError struct {
	Response *Entry
}

func (e *HandlerError) Error() string {
	return fmt.Sprintf("pagecache: handler answered %d", e.Response.status)
}

// Capture runs h for r and returns its response as an entry, ready for
// GetOrRender's render function. A HEAD is run as a GET, so the entry has
// the body later GETs need; conditional and range fields are removed, so
// the handler answers in full rather than 304 or 206. Any other method
// runs as it is and gives an entry that is neither stored nor shared.
//
// The handler runs with r's context: for a render others may wait on,
// pass a request whose context one reader's disconnection cannot cancel.
func Capture(h http.Handler, r *http.Request, tags ...string) (*Entry, error) {
	safe := r.Method == http.MethodGet || r.Method == http.MethodHead
	req := r
	if safe {
		req = r.Clone(r.Context())
		req.Method = http.MethodGet
		for _, k := range []string{"If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since", "If-Range", "Range"} {
			req.Header.Del(k)
		}
	}
	rec := NewRecorder()
	h.ServeHTTP(rec, req)
	e := rec.entry(tags, safe)
	if e.status >= 500 {
		return nil, &HandlerError{Response: e}
	}
	return e, nil
}
