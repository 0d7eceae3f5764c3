package site_test

import (
	"context"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"depeche/internal/demo"
	"depeche/internal/site"
	"depeche/internal/stats"
	"depeche/internal/store/storetest"
)

// BenchmarkArticlePage serves the demo's most commented article rendered
// each time (cache=off) and from the page cache (cache=on), with and
// without audience counting, side by side in one run, so each cost reads as
// a ratio:
//
//	go test ./internal/site -run NONE -bench ArticlePage -count 6 | benchstat -col /counting -
func BenchmarkArticlePage(b *testing.B) {
	st := storetest.Open(b, "sqlite", nil)
	if _, err := demo.Load(context.Background(), st, demo.Options{BaseURL: testBaseURL}); err != nil {
		b.Fatal(err)
	}
	for _, bench := range []struct{ cache, counting string }{{"off", "off"}, {"off", "on"}, {"on", "off"}, {"on", "on"}} {
		cache, counting := bench.cache, bench.counting
		b.Run("cache="+cache+"/counting="+counting, func(b *testing.B) {
			cfg := site.Config{Store: st, Now: func() time.Time { return fixedNow }}
			if cache == "off" {
				cfg.CacheBytes = -1
			}
			if counting == "on" {
				cfg.Stats = stats.NewRecorder(stats.Options{Now: func() time.Time { return fixedNow }, Random: strings.NewReader(strings.Repeat("r", 4096))})
			}
			h, err := site.New(cfg)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					req := httptest.NewRequest("GET", "/fr/moderer-sans-censurer", nil)
					req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0")
					// Different readers, so the visitor set grows as in real traffic.
					req.RemoteAddr = "198.51." + itoa(int64(i%250)) + "." + itoa(int64(i/250%250)) + ":1234"
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, req)
					if rec.Code != 200 {
						b.Fatalf("status %d", rec.Code)
					}
					io.Discard.Write(rec.Body.Bytes())
					i++
				}
			})
		})
	}
}
