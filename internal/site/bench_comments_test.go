package site_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"depeche/internal/demo"
	"depeche/internal/site"
	"depeche/internal/store/storetest"
)

// BenchmarkCommentPost accepts comments through the real handler — form
// parsing, validation, token, limits, duplicate check, commit — from many
// readers at once, on each database, and reports latency percentiles:
//
//	go test ./internal/site -run NONE -bench CommentPost -benchtime 3000x
func BenchmarkCommentPost(b *testing.B) {
	for _, kind := range storetest.Kinds {
		b.Run(kind, func(b *testing.B) {
			st := storetest.Open(b, kind, nil)
			if _, err := demo.Load(context.Background(), st, demo.Options{BaseURL: testBaseURL}); err != nil {
				b.Fatal(err)
			}
			h, err := site.New(site.Config{Store: st, CommentMinFill: -1})
			if err != nil {
				b.Fatal(err)
			}
			a := &app{h: h, st: st}
			path := "/fr/moderer-sans-censurer"
			_, page := a.do(httptest.NewRequest("GET", path, nil))
			token := url.Values{}
			for _, m := range tokenRE.FindAllStringSubmatch(page, -1) {
				token.Set(m[1], m[2])
			}
			var n atomic.Int64
			var failed atomic.Bool
			lat := make(chan time.Duration, b.N)
			// Many readers post at once, as when a page draws a crowd; with
			// only GOMAXPROCS posters, group commit has nothing to group.
			b.SetParallelism(32)
			b.ResetTimer()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := n.Add(1)
					v := url.Values{"name": {"Lecteur"}, "email": {"l@example.net"}, "t": token["t"], "sig": token["sig"],
						"message": {fmt.Sprintf("Message numéro %d, écrit pour mesurer le débit.", i)}}
					req := httptest.NewRequest("POST", path, strings.NewReader(v.Encode()))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					// Every post from its own reader and network, as in real
					// traffic (one network posting this much is a flood).
					req.RemoteAddr = fmt.Sprintf("10.%d.%d.1:1234", i>>8&255, i&255)
					t0 := time.Now()
					resp, _ := a.do(req)
					lat <- time.Since(t0)
					if resp.StatusCode != 303 && failed.CompareAndSwap(false, true) {
						b.Errorf("status %d", resp.StatusCode)
					}
				}
			})
			elapsed := time.Since(start)
			b.StopTimer()
			close(lat)
			var all []time.Duration
			for d := range lat {
				all = append(all, d)
			}
			slices.Sort(all)
			b.ReportMetric(float64(len(all))/elapsed.Seconds(), "comments/s")
			b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}
