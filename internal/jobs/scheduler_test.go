package jobs_test

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"depeche/internal/content"
	"depeche/internal/jobs"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
)

// TestSchedulerRunsOnceAcrossProcesses runs two schedulers, each with its
// own connection pool as two server processes would have, against one
// database: every scheduled publication is handled exactly once.
func TestSchedulerRunsOnceAcrossProcesses(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			start := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
			var cfg store.Config
			if kind == "sqlite" {
				cfg.DataDir = t.TempDir()
			} else {
				cfg.DatabaseURL = storetest.PostgresSchema(t)
			}
			var nodes []*store.Store
			for range 2 {
				c := cfg
				c.Now = func() time.Time { return start }
				s, err := store.Open(ctx, c)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { s.Close() })
				if _, err := s.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				nodes = append(nodes, s)
			}
			st := nodes[0]
			site := &content.Site{BaseURL: "http://x.test", DefaultLanguage: "fr", TimeZone: "UTC", CommentPolicy: content.ModerateBefore,
				Languages: []content.Language{{Code: "fr", Name: "Français", Direction: content.LTR}}, Texts: map[string]content.SiteText{"fr": {Name: "X"}}}
			if err := st.CreateSite(ctx, site); err != nil {
				t.Fatal(err)
			}
			sec := &content.Section{SiteID: site.ID, Texts: map[string]content.SectionText{"fr": {Slug: "s", Title: "S"}}}
			if err := st.CreateSection(ctx, sec); err != nil {
				t.Fatal(err)
			}
			const n = 20
			var ids []int64
			for i := range n {
				g := &content.TranslationGroup{SiteID: site.ID, SourceLanguage: "fr"}
				st.CreateGroup(ctx, g)
				a := &content.Article{SiteID: site.ID, GroupID: g.ID, SectionID: sec.ID, Language: "fr", Slug: fmt.Sprintf("a%d", i), Title: "T", Status: content.Draft}
				if err := st.CreateArticle(ctx, a, 0); err != nil {
					t.Fatal(err)
				}
				if err := st.Publish(ctx, site.ID, a.ID, start.Add(time.Duration(i+1)*time.Minute)); err != nil {
					t.Fatal(err)
				}
				ids = append(ids, a.ID)
			}
			var calls atomic.Int64
			later := start.Add(time.Hour)
			var wg sync.WaitGroup
			for _, node := range nodes {
				s := &jobs.Scheduler{Store: node, Log: slog.New(slog.DiscardHandler), Now: func() time.Time { return later },
					Published: func(context.Context, *content.Article) { calls.Add(1) }}
				for range 3 {
					wg.Go(func() {
						if _, err := s.Tick(ctx); err != nil {
							t.Error(err)
						}
					})
				}
			}
			wg.Wait()
			if calls.Load() != n {
				t.Fatalf("%d publications handled, want exactly %d", calls.Load(), n)
			}
			for _, id := range ids {
				events, err := st.ArticleEvents(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				live := 0
				for _, e := range events {
					if e.Action == "went-live" {
						live++
					}
				}
				if live != 1 {
					t.Errorf("article %d went live %d times", id, live)
				}
			}
			// Before their time, nothing is handled.
			s := &jobs.Scheduler{Store: st, Now: func() time.Time { return start }}
			if handled, err := s.Tick(ctx); err != nil || handled != 0 {
				t.Errorf("early tick handled %d (%v)", handled, err)
			}
		})
	}
}
