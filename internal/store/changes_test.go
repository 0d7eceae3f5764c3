package store_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"depeche/internal/store"
	"depeche/internal/store/storetest"
)

// TestChangesReachEveryProcess: an announcement reaches this process's
// listeners before Announce returns, and (on PostgreSQL) another process's
// within a second, once each.
func TestChangesReachEveryProcess(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			var cfg store.Config
			if kind == "sqlite" {
				cfg.DataDir = t.TempDir()
			} else {
				cfg.DatabaseURL = storetest.PostgresSchema(t)
			}
			type heard struct {
				mu   sync.Mutex
				tags [][]string
				got  chan struct{}
			}
			var nodes []*store.Store
			var ears []*heard
			for range 2 {
				s, err := store.Open(ctx, cfg)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { s.Close() })
				h := &heard{got: make(chan struct{}, 16)}
				s.OnChange(func(tags []string) {
					h.mu.Lock()
					h.tags = append(h.tags, tags)
					h.mu.Unlock()
					h.got <- struct{}{}
				})
				lctx, cancel := context.WithCancel(ctx)
				ready := make(chan struct{})
				done := make(chan struct{})
				go func() { s.ListenChanges(lctx, func() { close(ready) }); close(done) }()
				t.Cleanup(func() { cancel(); <-done })
				<-ready
				nodes, ears = append(nodes, s), append(ears, h)
			}
			if err := nodes[0].Announce(ctx, "group:12", "section:3"); err != nil {
				t.Fatal(err)
			}
			// The announcing process knows at once.
			ears[0].mu.Lock()
			if len(ears[0].tags) != 1 || !slices.Equal(ears[0].tags[0], []string{"group:12", "section:3"}) {
				t.Errorf("own listener heard %v", ears[0].tags)
			}
			ears[0].mu.Unlock()
			if kind == "sqlite" {
				return // one process owns an SQLite database
			}
			select {
			case <-ears[1].got:
			case <-time.After(time.Second):
				t.Fatal("the other process did not hear the change within a second")
			}
			ears[1].mu.Lock()
			if len(ears[1].tags) != 1 || !slices.Equal(ears[1].tags[0], []string{"group:12", "section:3"}) {
				t.Errorf("other process heard %v", ears[1].tags)
			}
			ears[1].mu.Unlock()
			// Its own notification coming back is not dispatched twice.
			time.Sleep(200 * time.Millisecond)
			ears[0].mu.Lock()
			if len(ears[0].tags) != 1 {
				t.Errorf("own listener heard the change %d times", len(ears[0].tags))
			}
			ears[0].mu.Unlock()
		})
	}
}
