package site_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"depeche/internal/demo"
	"depeche/internal/site"
	"depeche/internal/store/storetest"
)

// BenchmarkSitemap renders, with the page cache off, the sitemap index
// and a part of a generated site of 3,000 translation groups in three
// languages (about 8,000 articles), cut into parts of 2,000 URLs so that
// it has an index. The index's allocations stay a few per group read
// (none held); a part's grow with its own URLs only:
//
//	go test ./internal/site -run NONE -bench Sitemap -benchmem
func BenchmarkSitemap(b *testing.B) {
	st := storetest.Open(b, "sqlite", nil)
	until := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	_, err := demo.Generate(context.Background(), st, demo.GenerateOptions{Groups: 3000, Languages: []string{"fr", "en", "es"},
		Seed: 1, Sections: 40, Keywords: 50, Until: until, BaseURL: testBaseURL, AdminEmail: "admin@example.org", AdminPasswordHash: "x"})
	if err != nil {
		b.Fatal(err)
	}
	site.SetSitemapLimitsForTest(b, 2000, 0)
	h, err := site.New(site.Config{Store: st, Now: func() time.Time { return until }, CacheBytes: -1})
	if err != nil {
		b.Fatal(err)
	}
	for _, path := range []string{"/sitemap.xml", "/sitemaps/1.xml", "/sitemaps/3.xml"} {
		b.Run(path, func(b *testing.B) {
			size := 0
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
				if rec.Code != 200 {
					b.Fatalf("%s: %d", path, rec.Code)
				}
				size = rec.Body.Len()
			}
			b.ReportMetric(float64(size), "bytes/doc")
		})
	}
}
