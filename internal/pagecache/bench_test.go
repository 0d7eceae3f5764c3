package pagecache

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// discardWriter is a ResponseWriter that costs nothing, so that a
// benchmark measures Serve and not the recorder.
type discardWriter struct{ h http.Header }

func (w discardWriter) Header() http.Header         { return w.h }
func (w discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w discardWriter) WriteHeader(int)             {}

func benchRequest(acceptEncoding string) *http.Request {
	r := httptest.NewRequest("GET", "/fr/le-conseil-vote-le-budget-du-pont", nil)
	if acceptEncoding != "" {
		r.Header.Set("Accept-Encoding", acceptEncoding)
	}
	return r
}

const browserAE = "gzip, deflate, br, zstd"

// BenchmarkServeHit is a hit from lookup to the last byte handed to the
// writer, on every core:
//
//	go test ./internal/pagecache -run NONE -bench ServeHit -benchmem
func BenchmarkServeHit(b *testing.B) {
	c := New(Config{})
	const key = "1|/fr/le-conseil-vote-le-budget-du-pont|fr"
	c.Put(key, pageEntry())
	e, _ := c.Get(key)
	for _, bc := range []struct{ name, ae, inm string }{
		{"identity", "", ""},
		{"br", browserAE, ""},
		{"gzip", "gzip", ""},
		{"304", browserAE, `"` + e.bodyDigest + `-br"`},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				r := benchRequest(bc.ae)
				if bc.inm != "" {
					r.Header.Set("If-None-Match", bc.inm)
				}
				w := discardWriter{h: make(http.Header, 16)}
				for pb.Next() {
					e, ok := c.Get(key)
					if !ok {
						b.Error("miss")
						return
					}
					Serve(w, r, e)
					clear(w.h)
				}
			})
		})
	}
}

// BenchmarkServeLoopback serves a hit through net/http over loopback,
// client included, both on the same two cores: a floor for what the
// server alone can do, and proof the bytes go through a real server.
func BenchmarkServeLoopback(b *testing.B) {
	c := New(Config{})
	c.Put("page", pageEntry())
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e, ok := c.Get("page")
		if !ok {
			http.Error(w, "miss", 500)
			return
		}
		Serve(w, r, e)
	}))
	defer srv.Close()
	for _, ae := range []string{"identity", "br"} {
		b.Run(ae, func(b *testing.B) {
			tr := &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 64}
			defer tr.CloseIdleConnections()
			client := &http.Client{Transport: tr}
			b.SetParallelism(8)
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				req, _ := http.NewRequest("GET", srv.URL, nil)
				if ae != "identity" {
					req.Header.Set("Accept-Encoding", ae)
				}
				for pb.Next() {
					res, err := client.Do(req)
					if err != nil {
						b.Error(err)
						return
					}
					n, _ := io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if res.StatusCode != 200 || n == 0 {
						b.Errorf("status %d, %d bytes", res.StatusCode, n)
						return
					}
				}
			})
		})
	}
}

// BenchmarkPut is the cost of storing a 105 KB page: its three
// compressions, the ETag, the header values, the insertion.
func BenchmarkPut(b *testing.B) {
	c := New(Config{MaxBytes: 64 << 20})
	e := pageEntry()
	b.SetBytes(int64(len(testPage)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		body := append([]byte(nil), testPage...)
		c.Put(fmt.Sprint("k", i), NewEntry(200, pageHeader(), body, "article:12", "section:3"))
		i++
	}
	b.ReportMetric(float64(len(e.variants[gzipCoding].body)), "gzip-B")
	b.ReportMetric(float64(len(e.variants[brCoding].body)), "br-B")
	b.ReportMetric(float64(len(e.variants[zstdCoding].body)), "zstd-B")
}

// BenchmarkGetParallel compares one lock with sixteen, for one hot key
// and for traffic spread over a thousand pages.
func BenchmarkGetParallel(b *testing.B) {
	e := smallEntry("<p>x</p>", "t")
	for _, shards := range []int{1, 16} {
		for _, keys := range []int{1, 1000} {
			b.Run(fmt.Sprintf("shards=%d/keys=%d", shards, keys), func(b *testing.B) {
				c := New(Config{Shards: shards})
				names := make([]string, keys)
				for i := range names {
					names[i] = fmt.Sprintf("1|/fr/article-%d|fr", i)
					c.Put(names[i], e)
				}
				b.ReportAllocs()
				b.RunParallel(func(pb *testing.PB) {
					i := 0
					for pb.Next() {
						if _, ok := c.Get(names[i%keys]); !ok {
							b.Error("miss")
							return
						}
						i++
					}
				})
			})
		}
	}
}

// BenchmarkGetOrRenderHit is the path a handler takes on every request.
func BenchmarkGetOrRenderHit(b *testing.B) {
	c := New(Config{})
	c.Put("k", pageEntry())
	ctx := context.Background()
	render := func() (*Entry, error) { panic("hit expected") }
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c.GetOrRender(ctx, "k", render)
		}
	})
}
