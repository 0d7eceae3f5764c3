// Package storetest gives tests a fresh, migrated database of each kind:
// SQLite in a temporary folder, and PostgreSQL in a schema of its own that
// is dropped afterwards, so parallel runs never collide.
//
// PostgreSQL is found through DEPECHE_TEST_POSTGRES, else at
// 127.0.0.1:5432, database test. When it cannot be reached the PostgreSQL
// half is skipped with the reason — except under CI=true, where it fails.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"depeche/internal/store"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// DefaultPostgres is where the project's machines run PostgreSQL.
const DefaultPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// Kinds are the databases every store test runs on.
var Kinds = []string{"sqlite", "postgres"}

// Each runs fn once per database kind, as subtests named after the kind.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, kind := range Kinds {
		t.Run(kind, func(t *testing.T) {
			fn(t, Open(t, kind, nil))
		})
	}
}

// Open returns a migrated store of one kind, closed when the test ends.
// now, when not nil, is the store's clock.
func Open(t testing.TB, kind string, now func() time.Time) *store.Store {
	t.Helper()
	ctx := context.Background()
	cfg := store.Config{Now: now}
	switch kind {
	case "sqlite":
		cfg.DataDir = t.TempDir()
	case "postgres":
		cfg.DatabaseURL = PostgresSchema(t)
	default:
		t.Fatalf("storetest: unknown database kind %q", kind)
	}
	s, err := store.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("open %s: %v", kind, err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrate %s: %v", kind, err)
	}
	return s
}

var (
	probeOnce sync.Once
	probeErr  error
)

// PostgresURL returns the test server's URL, or skips (fails under CI) when
// none answers.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv("DEPECHE_TEST_POSTGRES")
	if base == "" {
		base = DefaultPostgres
	}
	probeOnce.Do(func() {
		db, err := sql.Open("pgx", base)
		if err != nil {
			probeErr = err
			return
		}
		defer db.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		probeErr = db.PingContext(ctx)
	})
	if probeErr != nil {
		msg := "PostgreSQL not reachable at " + redact(base) + " (set DEPECHE_TEST_POSTGRES to a server's URL): " + probeErr.Error()
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return base
}

// PostgresSchema creates an empty schema for one test, drops it when the
// test ends, and returns a URL whose connections use it.
func PostgresSchema(t testing.TB) string {
	t.Helper()
	base := PostgresURL(t)
	var b [6]byte
	rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		db.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		db.Exec("DROP SCHEMA " + schema + " CASCADE")
		db.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	qs := u.Query()
	qs.Set("search_path", schema)
	u.RawQuery = qs.Encode()
	return u.String()
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
