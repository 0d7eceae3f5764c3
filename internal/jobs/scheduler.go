// Package jobs runs the background work of a server process. Each job is
// safe to run in every process of a cluster: work is claimed in the
// database, so it happens once.
package jobs

import (
	"context"
	"log/slog"
	"time"

	"depeche/internal/content"
	"depeche/internal/store"
)

// Scheduler handles scheduled publications when their time comes: readers
// see an article from its publication date on (visibility is decided by the
// date itself), and the scheduler does what must happen once at that
// moment: it records the event, and later invalidates caches and notifies.
type Scheduler struct {
	Store    *store.Store
	Log      *slog.Logger
	Now      func() time.Time
	Interval time.Duration
	// Published runs once per article that went live, cluster-wide.
	Published func(ctx context.Context, a *content.Article)
}

// Tick handles every due publication once and returns how many this
// process handled.
func (s *Scheduler) Tick(ctx context.Context) (int, error) {
	now := s.Now()
	due, err := s.Store.DueScheduled(ctx, now)
	if err != nil {
		return 0, err
	}
	handled := 0
	for _, a := range due {
		claimed, err := s.Store.ClaimScheduled(ctx, a.ID, now)
		if err != nil {
			return handled, err
		}
		if !claimed {
			continue // another process got it
		}
		handled++
		if err := s.Store.AddArticleEvent(ctx, a.ID, 0, "went-live", ""); err != nil {
			return handled, err
		}
		if s.Published != nil {
			s.Published(ctx, a)
		}
	}
	return handled, nil
}

// Run ticks every Interval until ctx ends.
func (s *Scheduler) Run(ctx context.Context) {
	interval := s.Interval
	if interval <= 0 {
		interval = 15 * time.Second
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := s.Tick(ctx); err != nil && ctx.Err() == nil {
			s.Log.Error("scheduler", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
