package main

import (
	"context"
	"errors"
	"time"

	"depeche/internal/store"
)

// listenTimeout bounds the wait for the first LISTEN at start: past it the
// database is not answering as it should, and serving pages that could
// not hear other processes' changes would serve stale ones for minutes.
const listenTimeout = 30 * time.Second

// listenForChanges starts relaying other processes' announcements to this
// one (store.ListenChanges, PostgreSQL LISTEN; nothing to do on SQLite)
// and returns once it listens. stop ends it and waits for it to end.
func listenForChanges(ctx context.Context, st *store.Store) (stop func(), err error) {
	lctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	ready, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		st.ListenChanges(lctx, func() { close(ready) })
	}()
	stop = func() { cancel(); <-done }
	timer := time.NewTimer(listenTimeout)
	defer timer.Stop()
	select {
	case <-ready:
		return stop, nil
	case <-done:
		select {
		case <-ready: // SQLite: ready, then returned at once
			return stop, nil
		default:
			return nil, errors.New("cannot listen for other processes' changes")
		}
	case <-timer.C:
		stop()
		return nil, errors.New("cannot listen for other processes' changes (LISTEN): no answer in 30 s")
	case <-ctx.Done():
		stop()
		return nil, ctx.Err()
	}
}
