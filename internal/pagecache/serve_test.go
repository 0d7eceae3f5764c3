package pagecache

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"
)

var testPage = articlePage(105 << 10)

func pageHeader() http.Header {
	h := http.Header{}
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", "fr")
	h.Set("Cache-Control", "public, max-age=0, s-maxage=60, stale-while-revalidate=600")
	h.Add("Link", `</fr/feed.atom>; rel="alternate"`)
	return h
}

func pageEntry() *Entry {
	return NewEntry(200, pageHeader(), bytes.Clone(testPage), "article:12", "group:5", "section:3", "home:fr")
}

// do serves e to a request built from method and header lines.
func do(e *Entry, method string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "/fr/le-pont", nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Add(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	Serve(w, r, e)
	return w
}

func decode(t *testing.T, coding string, body []byte) []byte {
	t.Helper()
	var rd io.Reader
	switch coding {
	case "":
		return body
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		rd = zr
	case "br":
		rd = brotli.NewReader(bytes.NewReader(body))
	case "zstd":
		zr, err := zstd.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		rd = zr
	default:
		t.Fatalf("unexpected coding %q", coding)
	}
	out, err := io.ReadAll(rd)
	if err != nil {
		t.Fatalf("decoding %s: %v", coding, err)
	}
	return out
}

func TestServeEveryVariantDecodesToTheBody(t *testing.T) {
	e := pageEntry()
	if got := e.Encodings(); !slices.Equal(got, []string{"br", "zstd", "gzip"}) {
		t.Fatalf("Encodings() = %v", got)
	}
	etags := map[string]string{}
	for _, ae := range []string{"", "gzip", "br", "zstd", "identity"} {
		w := do(e, "GET", "Accept-Encoding", ae)
		res := w.Result()
		ce := res.Header.Get("Content-Encoding")
		want := ae
		if ae == "identity" {
			want = ""
		}
		if ce != want {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", ae, ce, want)
		}
		if cl := res.Header.Get("Content-Length"); cl != itoa(w.Body.Len()) {
			t.Errorf("%q: Content-Length %s for %d bytes", ae, cl, w.Body.Len())
		}
		if ce != "" && w.Body.Len() >= len(testPage)/3 {
			t.Errorf("%s: %d bytes from %d: hardly compressed", ce, w.Body.Len(), len(testPage))
		}
		if got := decode(t, ce, w.Body.Bytes()); !bytes.Equal(got, testPage) {
			t.Errorf("%q: decoded body differs from the page (%d bytes, want %d)", ae, len(got), len(testPage))
		}
		etag := res.Header.Get("ETag")
		if !strings.HasPrefix(etag, `"`) || !strings.HasSuffix(etag, `"`) || strings.HasPrefix(etag, "W/") {
			t.Errorf("%q: ETag %s is not a strong tag", ae, etag)
		}
		if other, dup := etags[etag]; dup && other != ce {
			t.Errorf("ETag %s given to both %q and %q", etag, other, ce)
		}
		etags[etag] = ce
	}
	if e.ETag() != `"`+e.bodyDigest+`"` {
		t.Errorf("ETag() = %s", e.ETag())
	}
	if got := do(e, "GET", "Accept-Encoding", "br").Header().Get("ETag"); got != strings.TrimSuffix(e.ETag(), `"`)+`-br"` {
		t.Errorf("brotli ETag %s is not derived from %s", got, e.ETag())
	}
}

func TestServeHeaders(t *testing.T) {
	e := pageEntry()
	w := do(e, "GET", "Accept-Encoding", "gzip, br")
	h := w.Header()
	if w.Code != 200 {
		t.Fatalf("status %d", w.Code)
	}
	if got := h.Values("Vary"); !slices.Equal(got, []string{"Accept-Encoding"}) {
		t.Errorf("Vary = %q, want exactly [Accept-Encoding]", got)
	}
	for k, want := range map[string]string{
		"Content-Type":     "text/html; charset=utf-8",
		"Content-Language": "fr",
		"Cache-Control":    "public, max-age=0, s-maxage=60, stale-while-revalidate=600",
		"Link":             `</fr/feed.atom>; rel="alternate"`,
		"Surrogate-Key":    "article:12 group:5 section:3 home:fr",
		"Content-Encoding": "br",
	} {
		if got := h.Values(k); len(got) != 1 || got[0] != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if h.Get("X-Cache") != "" {
		t.Errorf("fresh entry has X-Cache %q", h.Get("X-Cache"))
	}
}

func TestServeKeepsCallerFieldsAndMergesVary(t *testing.T) {
	h := pageHeader()
	h.Set("Vary", "Accept-Language")
	e := NewEntry(200, h, bytes.Clone(testPage))
	if got := do(e, "GET").Header().Values("Vary"); !slices.Equal(got, []string{"Accept-Language, Accept-Encoding"}) {
		t.Errorf("entry's own Vary: %q", got)
	}

	r := httptest.NewRequest("GET", "/", nil)
	w := httptest.NewRecorder()
	w.Header().Set("X-Frame-Options", "DENY")
	w.Header().Set("Vary", "Cookie, accept-encoding")
	w.Header().Set("Content-Language", "en") // the entry's replaces it
	Serve(w, r, pageEntry())
	if got := w.Header().Get("X-Frame-Options"); got != "DENY" {
		t.Errorf("caller's field lost: %q", got)
	}
	if got := w.Header().Values("Vary"); !slices.Equal(got, []string{"Cookie, accept-encoding"}) {
		t.Errorf("merged Vary = %q", got)
	}
	if got := w.Header().Get("Content-Language"); got != "fr" {
		t.Errorf("Content-Language = %q", got)
	}
}

// The values a hit writes are shared between responses; a middleware
// appending to one must not change what the next response gets.
func TestServeSharedValuesSurviveAdd(t *testing.T) {
	e := pageEntry()
	w := do(e, "GET", "Accept-Encoding", "br")
	w.Header().Add("Vary", "Cookie")
	w.Header().Add("Link", `</x>; rel="preload"`)
	w.Header().Add("Content-Encoding", "oops")
	w2 := do(e, "GET", "Accept-Encoding", "br")
	if got := w2.Header().Values("Vary"); !slices.Equal(got, []string{"Accept-Encoding"}) {
		t.Errorf("Vary after another response's Add: %q", got)
	}
	if got := w2.Header().Values("Link"); len(got) != 1 {
		t.Errorf("Link after another response's Add: %q", got)
	}
	if got := w2.Header().Values("Content-Encoding"); !slices.Equal(got, []string{"br"}) {
		t.Errorf("Content-Encoding after another response's Add: %q", got)
	}
}

func TestServeHEAD(t *testing.T) {
	e := pageEntry()
	get := do(e, "GET", "Accept-Encoding", "gzip")
	head := do(e, "HEAD", "Accept-Encoding", "gzip")
	if head.Code != 200 || head.Body.Len() != 0 {
		t.Fatalf("HEAD: %d with %d bytes", head.Code, head.Body.Len())
	}
	for _, k := range []string{"Content-Length", "Content-Encoding", "ETag", "Content-Type", "Vary", "Cache-Control"} {
		if head.Header().Get(k) != get.Header().Get(k) || get.Header().Get(k) == "" {
			t.Errorf("%s: HEAD %q, GET %q", k, head.Header().Get(k), get.Header().Get(k))
		}
	}
}

func TestServeNotModified(t *testing.T) {
	e := pageEntry()
	base := strings.Trim(e.ETag(), `"`)
	tests := []struct {
		name, ae, inm string
		want          int
	}{
		{"identity tag", "", `"` + base + `"`, 304},
		{"brotli tag", "br", `"` + base + `-br"`, 304},
		{"weak form of the tag", "br", `W/"` + base + `-br"`, 304},
		{"tag in a list", "gzip", `"nope", "` + base + `-gz"`, 304},
		{"star", "zstd", `*`, 304},
		{"identity tag while brotli is chosen", "br", `"` + base + `"`, 200},
		{"brotli tag while identity is chosen", "", `"` + base + `-br"`, 200},
		{"other tag", "", `"nope"`, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, method := range []string{"GET", "HEAD"} {
				w := do(e, method, "Accept-Encoding", tt.ae, "If-None-Match", tt.inm)
				if w.Code != tt.want {
					t.Fatalf("%s: status %d, want %d", method, w.Code, tt.want)
				}
				if tt.want != 304 {
					continue
				}
				if w.Body.Len() != 0 {
					t.Errorf("%s 304 has a body of %d bytes", method, w.Body.Len())
				}
				h := w.Header()
				if h.Get("ETag") == "" || h.Get("Vary") != "Accept-Encoding" || h.Get("Cache-Control") == "" {
					t.Errorf("%s 304 lacks ETag, Vary or Cache-Control: %v", method, h)
				}
				for _, k := range []string{"Content-Length", "Content-Encoding", "Content-Type"} {
					if h.Get(k) != "" {
						t.Errorf("%s 304 carries %s: %q", method, k, h.Get(k))
					}
				}
			}
		})
	}
	if w := do(e, "POST", "If-None-Match", "*"); w.Code != 200 {
		t.Errorf("POST with If-None-Match: %d, want the page", w.Code)
	}
	notFound := NewEntry(404, pageHeader(), []byte("gone fishing"))
	if w := do(notFound, "GET", "If-None-Match", "*"); w.Code != 404 {
		t.Errorf("404 entry with If-None-Match *: %d (conditionals apply to 2xx only)", w.Code)
	}
}

func TestServeNotAcceptable(t *testing.T) {
	small := NewEntry(200, pageHeader(), []byte("<p>short</p>"))
	w := do(small, "GET", "Accept-Encoding", "gzip, identity;q=0")
	if w.Code != http.StatusNotAcceptable {
		t.Fatalf("status %d, want 406", w.Code)
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("406 Content-Type %q", ct)
	}
	if w.Header().Get("Vary") != "Accept-Encoding" {
		t.Errorf("406 without Vary")
	}
	if w := do(pageEntry(), "GET", "Accept-Encoding", "gzip, identity;q=0"); w.Code != 200 || w.Header().Get("Content-Encoding") != "gzip" {
		t.Errorf("large page, identity refused: %d %q", w.Code, w.Header().Get("Content-Encoding"))
	}
}

func TestSmallBodiesAreNotCompressed(t *testing.T) {
	body := bytes.Repeat([]byte("a"), MinCompressSize-1)
	e := NewEntry(200, pageHeader(), body)
	if len(e.Encodings()) != 0 {
		t.Errorf("%d-byte body compressed: %v", len(body), e.Encodings())
	}
	w := do(e, "GET", "Accept-Encoding", "br, gzip")
	if w.Header().Get("Content-Encoding") != "" || !bytes.Equal(w.Body.Bytes(), body) {
		t.Errorf("small body served as %q", w.Header().Get("Content-Encoding"))
	}
	if e := NewEntry(200, pageHeader(), bytes.Repeat([]byte("a"), MinCompressSize)); len(e.Encodings()) != 3 {
		t.Errorf("%d-byte body: encodings %v", MinCompressSize, e.Encodings())
	}
}

func TestIncompressibleBodyKeepsIdentityOnly(t *testing.T) {
	// A fixed pseudo-random sequence compresses to more than itself.
	body := make([]byte, 4096)
	x := uint32(2463534242)
	for i := range body {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		body[i] = byte(x)
	}
	e := NewEntry(200, http.Header{"Content-Type": {"application/octet-stream"}}, body)
	if len(e.Encodings()) != 0 {
		t.Errorf("kept variants %v that are not smaller", e.Encodings())
	}
}

func TestEntryHeaderCleaning(t *testing.T) {
	h := http.Header{
		"Content-Type":   {"text/html; charset=utf-8"},
		"Content-Length": {"12"},
		"Etag":           {`"theirs"`},
		"Date":           {"Mon, 01 Jan 2024 00:00:00 GMT"},
		"Surrogate-Key":  {"feeds  sitemap", "article:1"},
		"x-custom":       {"kept"},
	}
	e := NewEntry(200, h, bytes.Clone(testPage), "article:1", "home:en")
	if got := e.Tags(); !slices.Equal(got, []string{"article:1", "home:en", "feeds", "sitemap"}) {
		t.Errorf("Tags() = %q", got)
	}
	got := e.Header()
	for _, k := range []string{"Content-Length", "Etag", "Date", "Surrogate-Key"} {
		if _, ok := got[k]; ok {
			t.Errorf("%s kept in replayed fields", k)
		}
	}
	if got.Get("X-Custom") != "kept" {
		t.Errorf("custom field lost: %v", got)
	}
	w := do(e, "GET")
	if w.Header().Get("ETag") == `"theirs"` || w.Header().Get("Content-Length") != itoa(len(testPage)) {
		t.Errorf("handler's ETag or Content-Length replayed: %v", w.Header())
	}
	if w.Header().Get("Surrogate-Key") != "article:1 home:en feeds sitemap" {
		t.Errorf("Surrogate-Key %q", w.Header().Get("Surrogate-Key"))
	}
	if sniffed := NewEntry(200, nil, []byte("<!DOCTYPE html><p>x")); sniffed.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("no Content-Type sniffed: %q", sniffed.Header().Get("Content-Type"))
	}
}

func TestPrivateEntries(t *testing.T) {
	for name, h := range map[string]http.Header{
		"cookie":         {"Set-Cookie": {"session=1"}},
		"private":        {"Cache-Control": {"private, max-age=60"}},
		"no-store":       {"Cache-Control": {"No-Store"}},
		"own coding":     {"Content-Encoding": {"gzip"}},
		"lower-case key": {"set-cookie": {"session=1"}},
	} {
		e := NewEntry(200, h, bytes.Clone(testPage))
		if e.Cacheable() || e.shareable {
			t.Errorf("%s: cacheable %v, shareable %v", name, e.Cacheable(), e.shareable)
		}
	}
	e := NewEntry(200, http.Header{"Set-Cookie": {"session=1"}}, bytes.Clone(testPage))
	if got := do(e, "GET").Header().Get("Set-Cookie"); got != "session=1" {
		t.Errorf("private entry served without its cookie: %q", got)
	}
	pre := NewEntry(200, http.Header{"Content-Encoding": {"gzip"}}, bytes.Clone(testPage))
	if w := do(pre, "GET", "Accept-Encoding", "br"); w.Header().Get("Content-Encoding") != "gzip" || !bytes.Equal(w.Body.Bytes(), testPage) {
		t.Errorf("pre-encoded body altered: %q", w.Header().Get("Content-Encoding"))
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
