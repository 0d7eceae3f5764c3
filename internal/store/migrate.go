package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Migrations are numbered files, NNNN_name.sql, shared by both databases;
// a file named NNNN_name.sqlite.sql or NNNN_name.postgres.sql applies to one
// database only, for the rare step whose SQL cannot be written once.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

type migration struct {
	Version int
	Name    string
	SQL     string
}

// MigrationState is a known migration and when it was applied (zero if not).
type MigrationState struct {
	Version   int
	Name      string
	AppliedAt time.Time
}

// ErrSchemaTooNew means the database was migrated by a newer Dépêche.
type ErrSchemaTooNew struct{ Database, Binary int }

func (e *ErrSchemaTooNew) Error() string {
	return fmt.Sprintf("the database schema is at version %d but this depeche knows versions up to %d: "+
		"run a newer depeche (nothing was changed)", e.Database, e.Binary)
}

func (d *dialect) migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var out []migration
	seen := map[int]string{}
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".sql")
		if base, only, ok := strings.Cut(name, "."); ok {
			if only != d.name {
				continue
			}
			name = base
		}
		num, label, ok := strings.Cut(name, "_")
		version, err := strconv.Atoi(num)
		if !ok || err != nil || version <= 0 {
			return nil, fmt.Errorf("migration file %s: expected NNNN_name.sql", e.Name())
		}
		if other, dup := seen[version]; dup {
			return nil, fmt.Errorf("migrations %s and %s share version %d", other, e.Name(), version)
		}
		seen[version] = e.Name()
		body, err := migrationFiles.ReadFile(path.Join("migrations", e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, migration{Version: version, Name: label, SQL: d.macros.Replace(string(body))})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i, m := range out {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration %04d is missing", i+1)
		}
	}
	return out, nil
}

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
)`

// Migrate applies every pending migration, each in its own transaction, and
// returns the versions it applied. It refuses to touch a database that a
// newer binary has migrated. Several processes may call it at once.
func (s *Store) Migrate(ctx context.Context) ([]int, error) {
	all, err := s.d.migrations()
	if err != nil {
		return nil, err
	}
	var applied []int
	err = s.withLockedConn(ctx, func(conn *sql.Conn, cq q) error {
		applied, err = s.migrate(ctx, conn, cq, all)
		return err
	})
	return applied, err
}

// WithMigrationLock runs fn while holding the lock that Migrate takes, so
// that what several processes starting at once do to the database (create
// the first site) is done by one of them, then seen by the others.
func (s *Store) WithMigrationLock(ctx context.Context, fn func() error) error {
	return s.withLockedConn(ctx, func(*sql.Conn, q) error { return fn() })
}

// withLockedConn holds a connection and, on PostgreSQL, the migration
// advisory lock on it, while fn runs. SQLite needs no lock: one process
// owns the file.
func (s *Store) withLockedConn(ctx context.Context, fn func(conn *sql.Conn, cq q) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return classify(err)
	}
	defer conn.Close()
	cq := q{x: conn, d: s.d}
	if s.d.lockMigrations != "" {
		if _, err := cq.exec(ctx, s.d.lockMigrations); err != nil {
			return fmt.Errorf("migration lock: %w", err)
		}
		defer cq.exec(context.WithoutCancel(ctx), s.d.unlockMigrations)
	}
	return fn(conn, cq)
}

func (s *Store) migrate(ctx context.Context, conn *sql.Conn, cq q, all []migration) ([]int, error) {
	if _, err := cq.exec(ctx, createMigrationsTable); err != nil {
		return nil, fmt.Errorf("migrations table: %w", err)
	}
	if err := checkNotNewer(ctx, cq, len(all)); err != nil {
		return nil, err
	}
	var applied []int
	for _, m := range all {
		did := false
		// A SQLite table rebuild runs with foreign keys off, as SQLite's
		// documentation prescribes (the pragma is ignored inside a
		// transaction), and is checked before its commit.
		rebuild := s.d.name == "sqlite" && strings.HasPrefix(m.SQL, "-- depeche:foreign-keys-off")
		if rebuild {
			if _, err := cq.exec(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
				return applied, err
			}
		}
		err := inTx(ctx, conn, s.d, func(q q) error {
			var n int
			if err := q.queryRow(ctx, `SELECT count(*) FROM schema_migrations WHERE version = $1`, m.Version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil // another process applied it meanwhile
			}
			if _, err := q.exec(ctx, m.SQL); err != nil {
				return err
			}
			if rebuild {
				var broken int
				if err := q.queryRow(ctx, `SELECT count(*) FROM pragma_foreign_key_check`).Scan(&broken); err != nil {
					return err
				}
				if broken > 0 {
					return fmt.Errorf("%d rows would lose their foreign key", broken)
				}
			}
			_, err := q.exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
				m.Version, m.Name, s.now().UTC().Format(time.RFC3339))
			did = true
			return err
		})
		if rebuild {
			if _, ferr := cq.exec(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`); ferr != nil && err == nil {
				err = ferr
			}
		}
		if err != nil {
			return applied, fmt.Errorf("migration %04d %s: %w", m.Version, m.Name, err)
		}
		if did {
			applied = append(applied, m.Version)
		}
	}
	if _, err := s.indexMissing(ctx); err != nil {
		return applied, fmt.Errorf("search index: %w", err)
	}
	if s.d.name == "sqlite" {
		// SQLite plans queries without statistics until ANALYZE has run:
		// on a large site a thread query then scans every comment. optimize
		// gathers them where they are missing or stale, sampling at most a
		// thousand rows per index so it takes milliseconds, not minutes.
		if _, err := cq.exec(ctx, `PRAGMA analysis_limit = 1000`); err != nil {
			return applied, err
		}
		if _, err := cq.exec(ctx, `PRAGMA optimize = 0x10002`); err != nil {
			return applied, fmt.Errorf("optimize: %w", err)
		}
	}
	return applied, nil
}

func checkNotNewer(ctx context.Context, q q, known int) error {
	var newest int
	if err := q.queryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&newest); err != nil {
		return err
	}
	if newest > known {
		return &ErrSchemaTooNew{Database: newest, Binary: known}
	}
	return nil
}

// MigrationStatus lists every migration this binary knows and when each was
// applied. A database migrated by a newer binary is an error.
func (s *Store) MigrationStatus(ctx context.Context) ([]MigrationState, error) {
	all, err := s.d.migrations()
	if err != nil {
		return nil, err
	}
	applied := map[int]time.Time{}
	rows, err := s.q().query(ctx, `SELECT version, applied_at FROM schema_migrations`)
	if err != nil {
		if s.tableMissing(ctx, "schema_migrations") {
			rows = nil
		} else {
			return nil, err
		}
	}
	if rows != nil {
		defer rows.Close()
		for rows.Next() {
			var v int
			var at string
			if err := rows.Scan(&v, &at); err != nil {
				return nil, err
			}
			t, _ := time.Parse(time.RFC3339, at)
			applied[v] = t
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	for v := range applied {
		if v > len(all) {
			return nil, &ErrSchemaTooNew{Database: v, Binary: len(all)}
		}
	}
	out := make([]MigrationState, len(all))
	for i, m := range all {
		out[i] = MigrationState{Version: m.Version, Name: m.Name, AppliedAt: applied[m.Version]}
	}
	return out, nil
}

func (s *Store) tableMissing(ctx context.Context, table string) bool {
	var n int
	if err := s.q().queryRow(ctx, s.d.countTables, table).Scan(&n); err != nil {
		return false
	}
	return n == 0
}
