package store

import (
	"context"
	"crypto/rand"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Changes tell caches what became stale. A change is a list of tags naming
// the objects it touched ("group:12", "section:3", "site:1"); whoever keeps
// a copy of something built from those objects drops it. On one process the
// listeners are called at once; on PostgreSQL every process behind the load
// balancer hears of it through LISTEN/NOTIFY within milliseconds.

// channel is the PostgreSQL notification channel. Channels are shared by a
// whole database, so the schema is part of the name: two installs (or two
// tests) in one database do not hear each other.
func (s *Store) channel(ctx context.Context) (string, error) {
	h := s.hub()
	h.channelMu.Lock()
	defer h.channelMu.Unlock()
	if h.channel == "" {
		var schema string
		if err := s.db.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
			return "", err
		}
		h.channel = pgx.Identifier{"depeche_changes_" + schema}.Sanitize()
	}
	return h.channel, nil
}

// AllTag is announced when changes may have been missed (a lost connection
// to PostgreSQL): listeners drop everything.
const AllTag = "*"

type changeHub struct {
	mu        sync.RWMutex
	listeners []func(tags []string)
	// origin marks this process's notifications, which it has already
	// dispatched when it announced them.
	origin     string
	originOnce sync.Once
	channelMu  sync.Mutex
	channel    string // quoted, for LISTEN
}

func (s *Store) hub() *changeHub {
	s.changes.originOnce.Do(func() {
		b := make([]byte, 8)
		rand.Read(b)
		s.changes.origin = "@" + hex.EncodeToString(b)
	})
	return &s.changes
}

// OnChange registers a listener for announced changes, from this process
// and (on PostgreSQL, with ListenChanges running) from the others.
func (s *Store) OnChange(fn func(tags []string)) {
	h := s.hub()
	h.mu.Lock()
	h.listeners = append(h.listeners, fn)
	h.mu.Unlock()
}

func (s *Store) dispatch(tags []string) {
	h := s.hub()
	h.mu.RLock()
	defer h.mu.RUnlock()
	for _, fn := range h.listeners {
		fn(tags)
	}
}

// Announce tells every listener that the tagged objects changed. Call it
// after the change is committed: this process's listeners run before it
// returns, so the next request here sees the change; other processes hear
// of it through PostgreSQL.
func (s *Store) Announce(ctx context.Context, tags ...string) error {
	if len(tags) == 0 {
		return nil
	}
	s.dispatch(tags)
	if s.d.name != "postgres" {
		return nil
	}
	channel, err := s.channel(ctx)
	if err != nil {
		return fmt.Errorf("announce change: %w", err)
	}
	channel = strings.Trim(channel, `"`)
	// A notification payload is limited to 8000 bytes: long lists go in
	// several notifications.
	for len(tags) > 0 {
		n, size := 0, 0
		for n < len(tags) && size+len(tags[n])+1 < 7000 {
			size += len(tags[n]) + 1
			n++
		}
		n = max(n, 1)
		payload := s.hub().origin + " " + strings.Join(tags[:n], " ")
		if _, err := s.db.ExecContext(ctx, `SELECT pg_notify($1, $2)`, channel, payload); err != nil {
			return fmt.Errorf("announce change: %w", err)
		}
		tags = tags[n:]
	}
	return nil
}

// ListenChanges relays other processes' announcements to this process's
// listeners until ctx ends. It holds one connection; when that connection
// is lost it announces AllTag locally (something may have been missed) and
// reconnects. On SQLite, where one process owns the database, it returns
// at once.
func (s *Store) ListenChanges(ctx context.Context, ready func()) error {
	if s.d.name != "postgres" {
		if ready != nil {
			ready()
		}
		return nil
	}
	wait := 100 * time.Millisecond
	first := true
	for ctx.Err() == nil {
		err := s.listenOnce(ctx, func() {
			wait = 100 * time.Millisecond
			if first && ready != nil {
				ready()
			}
			if !first {
				s.dispatch([]string{AllTag})
			}
			first = false
		})
		if ctx.Err() != nil {
			return nil
		}
		_ = err // a dropped connection is expected in a cluster's life; retry
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		wait = min(wait*2, 5*time.Second)
	}
	return nil
}

func (s *Store) listenOnce(ctx context.Context, connected func()) error {
	channel, err := s.channel(ctx)
	if err != nil {
		return err
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return errors.New("listen: not a pgx connection")
		}
		pc := c.Conn()
		if _, err := pc.Exec(ctx, "LISTEN "+channel); err != nil {
			return err
		}
		connected()
		for {
			n, err := pc.WaitForNotification(ctx)
			if err != nil {
				if ctx.Err() == nil {
					// The connection is unusable now; make database/sql drop it.
					return driver.ErrBadConn
				}
				// Leave the pooled connection clean for whoever takes it next.
				pc.Exec(context.Background(), "UNLISTEN "+channel)
				return err
			}
			tags := strings.Fields(n.Payload)
			if len(tags) > 1 && tags[0] != s.hub().origin {
				s.dispatch(tags[1:])
			}
		}
	})
}
