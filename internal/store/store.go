// Package store is the one place that speaks SQL. It persists the types of
// the content, comment and user packages in SQLite (the embedded default) or
// PostgreSQL (for several processes behind a load balancer), with the same
// queries and the same behaviour on both.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"depeche/internal/content"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // registers the cgo-free "sqlite" driver
)

// ErrNotFound is returned by every lookup that finds no row. It is the
// content package's sentinel, so domain code can test for it without
// importing the store.
var ErrNotFound = content.ErrNotFound

// ErrConflict is returned when a write would break a uniqueness rule, such as
// two articles with one slug in one language.
var ErrConflict = errors.New("already exists")

// Config says which database to open.
type Config struct {
	// DatabaseURL selects PostgreSQL when set ("postgres://…").
	DatabaseURL string
	// DataDir holds the SQLite file when DatabaseURL is empty.
	DataDir string
	// Now is the clock used for the timestamps the store writes itself.
	Now func() time.Time
	// BulkLoad gives each SQLite connection a 256 MiB page cache and
	// in-memory temporary storage, for a process that writes a whole site
	// at once (demo generate). With SQLite's default 2 MiB, inserts into a
	// table with eight indexes and a full-text index read the same index
	// pages from the file again and again once they outgrow it: generating
	// 100,000 articles slowed down twentyfold past the first 10,000. A
	// server keeps the default, for its memory.
	BulkLoad bool
}

// Store is a handle on the database. It is safe for concurrent use.
type Store struct {
	db  *sql.DB
	d   *dialect
	now func() time.Time
	// where names the database for error messages, without credentials.
	where string
	// comments group-commits new comments (comment_writer.go).
	comments *commentWriter
	// changes relays announced changes to caches (changes.go).
	changes changeHub
}

// SQLiteFile is the database file's name inside the data directory.
const SQLiteFile = "depeche.db"

// Open connects to the configured database and checks that it answers. It
// does not migrate: call Migrate.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	var s *Store
	var err error
	if cfg.DatabaseURL != "" {
		s, err = openPostgres(ctx, cfg.DatabaseURL)
	} else {
		s, err = openSQLite(ctx, cfg.DataDir, cfg.BulkLoad)
	}
	if err != nil {
		return nil, err
	}
	s.now = now
	s.comments = startCommentWriter(s)
	return s, nil
}

func openSQLite(ctx context.Context, dir string, bulk bool) (*Store, error) {
	if dir == "" {
		return nil, errors.New("data directory: empty path")
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("data directory %s: cannot create it: %w", dir, unwrapPath(err))
	}
	probe, err := os.CreateTemp(dir, ".write-check-*")
	if err != nil {
		return nil, fmt.Errorf("data directory %s is not writable: %w", dir, unwrapPath(err))
	}
	probe.Close()
	os.Remove(probe.Name())

	path := filepath.Join(dir, SQLiteFile)
	// WAL lets readers work while one writer commits; synchronous(FULL)
	// makes every acknowledged commit survive a power cut, not only a crash;
	// immediate transactions take the write lock up front so two writers
	// wait for each other instead of failing halfway.
	dsn := "file:" + path + "?_txlock=immediate" +
		"&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)"
	if bulk {
		dsn += "&_pragma=cache_size(-262144)&_pragma=temp_store(2)"
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	// Idle connections are kept (database/sql keeps 2 by default): each new
	// one runs the pragmas above, and a burst would open and close them.
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(5 * time.Minute)
	s := &Store{db: db, d: sqlite, where: path}
	// Reading the schema fails at once on a file that is not a database,
	// before anything could be written to it.
	var n int
	err = db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n)
	// A new connection switches the file to WAL, which needs it alone for
	// a moment: processes or stores opening a new file at once may be told
	// it is busy without SQLite's busy timeout applying. That passes.
	for wait := 20 * time.Millisecond; err != nil && strings.Contains(err.Error(), "SQLITE_BUSY") && wait < 3*time.Second; wait *= 2 {
		time.Sleep(wait)
		err = db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite %s cannot be read (%v): is it a Dépêche database? Nothing was changed", path, err)
	}
	return s, nil
}

func openPostgres(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("database URL: expected postgres://user@host:port/dbname (%v)", redactErr(err))
	}
	where := net.JoinHostPort(cfg.Host, fmt.Sprint(cfg.Port)) + "/" + cfg.Database
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("postgresql %s: %w", where, err)
	}
	// database/sql keeps 2 idle connections by default: under a burst of
	// comments the pool opened and closed 808 PostgreSQL connections in
	// one 3,000-post run, and accepted a third of what it does with them
	// kept (650 → 1,800–2,200 comments/s through the whole handler).
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(20)
	db.SetConnMaxIdleTime(5 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("cannot reach PostgreSQL at %s: %s", where, shortPGError(err))
	}
	return &Store{db: db, d: postgres, where: where}, nil
}

// Close releases the database. Every write acknowledged before it is durable;
// comments already submitted are committed (and their callers answered)
// before the database closes, and later ones are refused.
func (s *Store) Close() error {
	s.comments.close()
	return s.db.Close()
}

// Dialect names the database engine: "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.d.name }

// Where names the database for logs, without credentials.
func (s *Store) Where() string { return s.where }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// Ready reports an error unless the database answers and every migration
// this binary knows has been applied.
func (s *Store) Ready(ctx context.Context) error {
	status, err := s.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	for _, m := range status {
		if m.AppliedAt.IsZero() {
			return fmt.Errorf("migration %04d %s is not applied", m.Version, m.Name)
		}
	}
	return nil
}

// q runs statements on the database or inside a transaction, encoding the
// arguments for the dialect. Every query of the store goes through it.
type q struct {
	x interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}
	d *dialect
}

func (s *Store) q() q { return q{x: s.db, d: s.d} }

func (q q) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := q.x.ExecContext(ctx, query, q.d.encode(args)...)
	return res, classify(err)
}

func (q q) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := q.x.QueryContext(ctx, query, q.d.encode(args)...)
	return rows, classify(err)
}

func (q q) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return q.x.QueryRowContext(ctx, query, q.d.encode(args)...)
}

// insert runs an INSERT … RETURNING id and returns the new id.
func (q q) insert(ctx context.Context, query string, args ...any) (int64, error) {
	var id int64
	err := q.queryRow(ctx, query+" RETURNING id", args...).Scan(&id)
	return id, classify(err)
}

// tx runs fn in one transaction: all of it is committed, or none.
func (s *Store) tx(ctx context.Context, fn func(q) error) error {
	return inTx(ctx, s.db, s.d, fn)
}

func inTx(ctx context.Context, db interface {
	BeginTx(context.Context, *sql.TxOptions) (*sql.Tx, error)
}, d *dialect, fn func(q) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return classify(err)
	}
	if err := fn(q{x: tx, d: d}); err != nil {
		tx.Rollback()
		return err
	}
	return classify(tx.Commit())
}

// classify maps driver errors to the store's sentinels.
func classify(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return ErrNotFound
	}
	msg := err.Error()
	// SQLite: "UNIQUE constraint failed"; PostgreSQL: SQLSTATE 23505.
	if strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505") {
		return fmt.Errorf("%w: %v", ErrConflict, err)
	}
	return err
}

// nullID stores 0 as NULL for optional references.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// timeScan reads a timestamp column from either driver: PostgreSQL gives a
// time.Time, SQLite gives a time.Time or the text it stored. NULL is zero.
type timeScan struct{ t *time.Time }

func (ts timeScan) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*ts.t = time.Time{}
	case time.Time:
		*ts.t = x.UTC()
	case string:
		return ts.parse(x)
	case []byte:
		return ts.parse(string(x))
	default:
		return fmt.Errorf("timestamp: unexpected %T", v)
	}
	return nil
}

func (ts timeScan) parse(s string) error {
	for _, layout := range []string{sqliteTimeLayout, time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			*ts.t = t.UTC()
			return nil
		}
	}
	return fmt.Errorf("timestamp: cannot parse %q", s)
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// redactErr keeps a password out of error messages about a URL.
func redactErr(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, "://"); i >= 0 {
		if j := strings.Index(msg[i:], "@"); j >= 0 {
			msg = msg[:i+3] + "…" + msg[i+j:]
		}
	}
	return msg
}

// shortPGError keeps the useful last part of pgx's connection errors.
func shortPGError(err error) string {
	msg := redactErr(err)
	if i := strings.LastIndex(msg, ": "); i >= 0 && i+2 < len(msg) {
		msg = msg[i+2:]
	}
	return msg
}
