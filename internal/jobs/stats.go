package jobs

import (
	"context"
	"log/slog"
	"time"

	"depeche/internal/stats"
	"depeche/internal/store"
)

// StatsFlusher writes the counts gathered in memory every Interval, and a
// last time at shutdown. A failed write is put back and tried again; a
// crash loses at most one interval.
type StatsFlusher struct {
	Store    *store.Store
	Recorder *stats.Recorder
	Log      *slog.Logger
	Interval time.Duration
	// RetentionMonths deletes aggregates older than that (checked hourly);
	// 0 keeps everything.
	RetentionMonths int
	Now             func() time.Time
}

// Flush writes what was counted since the last flush.
func (f *StatsFlusher) Flush(ctx context.Context) error {
	b := f.Recorder.Take()
	if b.Empty() {
		return nil
	}
	if err := f.Store.AddStats(ctx, b); err != nil {
		f.Recorder.Restore(b)
		return err
	}
	return nil
}

// Run flushes until ctx ends, then flushes once more.
func (f *StatsFlusher) Run(ctx context.Context) {
	interval := f.Interval
	if interval <= 0 {
		interval = 5 * time.Second
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	lastPrune := time.Time{}
	for {
		select {
		case <-ctx.Done():
			if err := f.Flush(context.WithoutCancel(ctx)); err != nil {
				f.Log.Error("stats: final flush", "err", err)
			}
			return
		case <-t.C:
		}
		if err := f.Flush(ctx); err != nil {
			f.Log.Warn("stats: flush failed, will retry", "err", err)
		}
		if now := f.Now(); f.RetentionMonths > 0 && now.Sub(lastPrune) > time.Hour {
			lastPrune = now
			cutoff := now.AddDate(0, -f.RetentionMonths, 0).Format("2006-01-02")
			if err := f.Store.DeleteStatsBefore(ctx, cutoff); err != nil {
				f.Log.Warn("stats: retention", "err", err)
			}
		}
	}
}
