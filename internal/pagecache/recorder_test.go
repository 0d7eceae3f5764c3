package pagecache

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
)

// pageHandler stands for a reader page handler: it writes its fields,
// names its dependencies in Surrogate-Key, and skips the body on HEAD as
// the site's handlers do.
func pageHandler(status int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") != "" || r.Header.Get("Range") != "" {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Language", "fr")
		h.Set("Surrogate-Key", "article:12 section:3")
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			w.Write(testPage)
		}
		h.Set("X-Too-Late", "ignored by a real writer")
	})
}

func TestCapture(t *testing.T) {
	tests := []struct {
		name      string
		method    string
		status    int
		header    [2]string
		cacheable bool
		shareable bool
	}{
		{"GET 200", "GET", 200, [2]string{}, true, true},
		{"HEAD runs as GET", "HEAD", 200, [2]string{}, true, true},
		{"conditional GET still renders in full", "GET", 200, [2]string{"If-None-Match", `"x"`}, true, true},
		{"range GET still renders in full", "GET", 200, [2]string{"Range", "bytes=0-10"}, true, true},
		{"404 is shared, not stored", "GET", 404, [2]string{}, false, true},
		{"301 is shared, not stored", "GET", 301, [2]string{}, false, true},
		{"POST is neither", "POST", 200, [2]string{}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, "/fr/le-pont", nil)
			if tt.header[0] != "" {
				r.Header.Set(tt.header[0], tt.header[1])
			}
			e, err := Capture(pageHandler(tt.status), r, "home:fr")
			if err != nil {
				t.Fatal(err)
			}
			if e.Cacheable() != tt.cacheable || e.shareable != tt.shareable {
				t.Errorf("cacheable %v shareable %v, want %v %v", e.Cacheable(), e.shareable, tt.cacheable, tt.shareable)
			}
			if e.Status() != tt.status || !bytes.Equal(e.Body(), testPage) {
				t.Errorf("status %d, %d bytes", e.Status(), len(e.Body()))
			}
			if got := e.Tags(); !slices.Equal(got, []string{"home:fr", "article:12", "section:3"}) {
				t.Errorf("tags %q", got)
			}
			if e.Header().Get("X-Too-Late") != "" {
				t.Error("a field set after WriteHeader was recorded")
			}
			if r.Method != tt.method || (tt.header[0] != "" && r.Header.Get(tt.header[0]) == "") {
				t.Error("Capture changed the caller's request")
			}
			if tt.cacheable != (len(e.Encodings()) == 3) {
				t.Errorf("encodings %v", e.Encodings())
			}
		})
	}
}

func TestCaptureRefusesCookies(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "seen", Value: "1"})
		w.Write(testPage)
	})
	e, err := Capture(h, httptest.NewRequest("GET", "/", nil))
	if err != nil {
		t.Fatal(err)
	}
	if e.Cacheable() || e.shareable {
		t.Error("a response setting a cookie is cacheable or shareable")
	}
	c := New(Config{})
	c.Put("k", e)
	if _, ok := c.Get("k"); ok {
		t.Error("stored")
	}
}

func TestCaptureServerError(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "database unavailable", http.StatusInternalServerError)
	})
	e, err := Capture(h, httptest.NewRequest("GET", "/", nil))
	he, ok := err.(*HandlerError)
	if e != nil || !ok || he.Response.Status() != 500 || he.Error() != "pagecache: handler answered 500" {
		t.Errorf("Capture = %v, %v", e, err)
	}
}

func TestRecorder(t *testing.T) {
	rec := NewRecorder()
	if rec.Status() != 200 {
		t.Errorf("empty recorder status %d", rec.Status())
	}
	rec.Header().Set("Link", "</a>; rel=preload")
	rec.WriteHeader(http.StatusEarlyHints)
	rec.Header().Set("Content-Type", "text/plain")
	rec.WriteHeader(201)
	rec.WriteHeader(500)
	rec.Write([]byte("made"))
	e := rec.Entry("x")
	if e.Status() != 201 || string(e.Body()) != "made" || e.Header().Get("Content-Type") != "text/plain" {
		t.Errorf("entry %d %q %v", e.Status(), e.Body(), e.Header())
	}
	if e.Cacheable() {
		t.Error("a 201 is cacheable")
	}

	implicit := NewRecorder()
	implicit.Write([]byte("<!DOCTYPE html><title>x</title>"))
	if e := implicit.Entry(); e.Status() != 200 || !e.Cacheable() || e.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("implicit 200: %d cacheable=%v type %q", e.Status(), e.Cacheable(), e.Header().Get("Content-Type"))
	}
}
