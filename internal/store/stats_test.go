package store_test

import (
	"fmt"
	"sync"
	"testing"

	"depeche/internal/content"
	"depeche/internal/stats"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
)

// TestConcurrentStatsFlushes has two "processes" (two stores on one
// database) flush increments for the same rows at once: nothing is lost.
func TestConcurrentStatsFlushes(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			var cfg store.Config
			if kind == "sqlite" {
				cfg.DataDir = t.TempDir()
			} else {
				cfg.DatabaseURL = storetest.PostgresSchema(t)
			}
			var nodes []*store.Store
			for range 2 {
				s, err := store.Open(ctx, cfg)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { s.Close() })
				if _, err := s.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				nodes = append(nodes, s)
			}
			f := newFixture(t, nodes[0])
			a := f.article(t, nodes[0], 0, "fr", "lu", content.Published, t0)
			batch := stats.Batch{
				Pages:     []stats.PageCount{{Day: "2026-11-29", SiteID: f.site.ID, Path: "/fr/lu", Language: "fr", ArticleID: a.ID, GroupID: a.GroupID, Views: 3}},
				Visitors:  []stats.VisitorCount{{Day: "2026-11-29", SiteID: f.site.ID, Visitors: 2}},
				Referrers: []stats.KeyCount{{Day: "2026-11-29", SiteID: f.site.ID, Key: "example.org", Count: 1}},
				Devices:   []stats.KeyCount{{Day: "2026-11-29", SiteID: f.site.ID, Key: "mobile", Count: 1}},
			}
			var wg sync.WaitGroup
			for i := range 20 {
				node := nodes[i%2]
				wg.Go(func() {
					if err := node.AddStats(ctx, batch); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			views, err := nodes[1].DailyViews(ctx, f.site.ID, "2026-11-01", "2026-11-30")
			must(t, err)
			visitors, err := nodes[1].DailyVisitors(ctx, f.site.ID, "2026-11-01", "2026-11-30")
			must(t, err)
			if fmt.Sprint(views) != "[{2026-11-29 60}]" || fmt.Sprint(visitors) != "[{2026-11-29 40}]" {
				t.Fatalf("views %v visitors %v, want 60 and 40", views, visitors)
			}
			got, err := nodes[0].ArticleByID(ctx, f.site.ID, a.ID)
			must(t, err)
			if got.ViewCount != 60 {
				t.Errorf("article view count %d, want 60", got.ViewCount)
			}
			must(t, nodes[0].DeleteStatsBefore(ctx, "2026-11-30"))
			if views, _ := nodes[0].DailyViews(ctx, f.site.ID, "2026-01-01", "2026-12-31"); len(views) != 0 {
				t.Errorf("retention left %v", views)
			}
		})
	}
}
