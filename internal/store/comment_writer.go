package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"depeche/internal/comment"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// Group commit for comments.
//
// With synchronous FULL every commit waits for the disk, so one transaction
// per message caps a comment form at a few hundred messages a second. Instead,
// one writer per Store takes every message waiting when it becomes free and
// stores them all in one transaction: one disk wait for the lot. Each caller
// still returns only after the commit that holds its row, with its own
// result. The writer never waits for company: an idle writer commits a lone
// message at once, and batches grow by themselves while a commit is under
// way, because that is when messages queue up.
//
// The checks of SubmitComment (the parent's thread, limits per address and
// per network, repeated text) are decided inside that transaction, one
// message after the other, so each sees every message committed or accepted
// before it: twenty simultaneous posts from one address with a limit of
// three store exactly three. SQLite has one writer at a time, so this holds
// across processes too; on PostgreSQL the writers of several processes run
// side by side, and there the limits are as exact as read-committed
// isolation makes them.

// SubmitLimits are the checks a reader's message must pass against the
// messages stored before it. A zero count or window turns its check off.
type SubmitLimits struct {
	// PerAddress messages from one address hash within AddressWindow.
	PerAddress    int
	AddressWindow time.Duration
	// PerNetwork messages from one network hash within NetworkWindow.
	PerNetwork    int
	NetworkWindow time.Duration
	// DuplicateWindow refuses a text already posted in the thread
	// (translation group) within this long.
	DuplicateWindow time.Duration
}

// ErrRateLimited is returned by SubmitComment when the address or the
// network has posted its allowance for the window.
var ErrRateLimited = errors.New("too many messages from this address or network")

// ErrDuplicate is returned by SubmitComment for a text already posted in the
// thread within the duplicate window.
var ErrDuplicate = errors.New("the same message is already in this thread")

// ErrClosed answers comments submitted after Close.
var ErrClosed = errors.New("the store is closed")

const (
	// maxCommentBatch bounds one transaction, so that it holds SQLite's
	// write lock for tens of milliseconds at most and other writers (the
	// back office, the jobs) keep their turn.
	maxCommentBatch = 128
	// commentTxTimeout bounds one batch: a database that stops answering
	// fails the waiting messages instead of holding them for ever.
	commentTxTimeout = 30 * time.Second
)

// SubmitComment stores a reader's message after the checks that must see
// every earlier message: lim's rate limits and duplicate window, and that a
// reply's parent is in the same thread. It returns nil only once the row is
// committed. A refused message stores nothing and gets, by order of
// precedence, ErrNotFound (no such article on the site), ErrParentMismatch,
// ErrRateLimited or ErrDuplicate; it never causes another message of the
// same batch to fail.
//
// If ctx ends while the message waits for its commit, SubmitComment returns
// ctx's error at once, and the message may still be committed: a caller that
// gave up cannot tell, so it must not claim either outcome. What never
// happens is a nil error for a message that is not committed.
//
// The address and network limits count the site's messages with the same
// IPHash or NetHash, whatever their status; an empty hash is not counted.
// The windows end at c.CreatedAt, which is the store's clock when zero.
func (s *Store) SubmitComment(ctx context.Context, c *comment.Comment, lim SubmitLimits) error {
	return s.comments.submit(ctx, c, &lim)
}

// commentJob is one message waiting for the writer. The writer works on its
// own copy of the comment, so a caller that gave up may reuse its struct
// without racing the writer.
type commentJob struct {
	ctx  context.Context
	c    comment.Comment
	lim  *SubmitLimits // nil: no limits, as for CreateComment
	done chan struct{} // closed once err (and c on success) are final
	err  error
}

// commentWriter gathers comments into shared transactions. Its zero value
// is not usable: see startCommentWriter.
type commentWriter struct {
	s       *Store
	mu      sync.Mutex
	pending []*commentJob
	closed  bool
	wake    chan struct{} // one pending wake-up is enough
	stopped chan struct{} // closed when run has drained the queue and ended
	// conn is the writer's own connection, taken on first use: under load
	// every reader wants one of the pool's, and the writer, which everyone
	// waits for, must not queue behind them. Only the writer's goroutine
	// uses conn and stmts (SQLite's prepared inserts).
	conn  *sql.Conn
	stmts map[string]*sql.Stmt
}

func startCommentWriter(s *Store) *commentWriter {
	w := &commentWriter{s: s, wake: make(chan struct{}, 1), stopped: make(chan struct{}), stmts: map[string]*sql.Stmt{}}
	go w.run()
	return w
}

// submit queues a message and waits for its outcome or for ctx.
func (w *commentWriter) submit(ctx context.Context, c *comment.Comment, lim *SubmitLimits) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !c.Status.Valid() {
		return fmt.Errorf("comment: unknown status %q", c.Status)
	}
	if c.CreatedAt.IsZero() {
		c.CreatedAt = w.s.now()
	}
	c.UpdatedAt = c.CreatedAt
	j := &commentJob{ctx: ctx, c: *c, lim: lim, done: make(chan struct{})}
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return ErrClosed
	}
	w.pending = append(w.pending, j)
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default: // a wake-up is already pending; it will see this job too
	}
	select {
	case <-j.done:
	case <-ctx.Done():
		select {
		case <-j.done: // finished meanwhile: the real outcome beats the cancellation
		default:
			return ctx.Err()
		}
	}
	if j.err == nil {
		c.ID, c.GroupID, c.RootID = j.c.ID, j.c.GroupID, j.c.RootID
	}
	return j.err
}

// close refuses new messages, lets the writer commit every queued one, and
// waits for it to end. Calling it again only waits.
func (w *commentWriter) close() {
	w.mu.Lock()
	w.closed = true
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
	<-w.stopped
}

func (w *commentWriter) run() {
	defer close(w.stopped)
	for {
		batch := w.take()
		if batch == nil {
			w.dropConn()
			for _, st := range w.stmts {
				st.Close()
			}
			return
		}
		w.flush(batch)
	}
}

// take waits for queued messages and returns up to maxCommentBatch of them,
// or nil once the writer is closed and nothing is left.
func (w *commentWriter) take() []*commentJob {
	for {
		w.mu.Lock()
		if n := len(w.pending); n > 0 {
			n = min(n, maxCommentBatch)
			batch := w.pending[:n:n]
			if n == len(w.pending) {
				w.pending = nil
			} else {
				w.pending = w.pending[n:]
			}
			w.mu.Unlock()
			return batch
		}
		closed := w.closed
		w.mu.Unlock()
		if closed {
			return nil
		}
		<-w.wake
	}
}

// flush stores a batch and answers every job in it.
func (w *commentWriter) flush(batch []*commentJob) {
	// Messages whose callers already gave up are not stored: nobody waits
	// for them, and the reader was not told they were received.
	live := batch[:0]
	for _, j := range batch {
		if err := j.ctx.Err(); err != nil {
			j.finish(err)
			continue
		}
		live = append(live, j)
	}
	if len(live) == 0 {
		return
	}
	// The batch belongs to no single caller: one caller's cancelled context
	// must not abort everybody's transaction.
	ctx, cancel := context.WithTimeout(context.Background(), commentTxTimeout)
	defer cancel()
	results, err := w.store(ctx, live)
	if err != nil {
		// Whatever failed, the next transaction starts on a fresh
		// connection, in case this one is broken.
		w.dropConn()
	}
	var txErr batchTxError
	switch {
	case err == nil:
		for i, j := range live {
			j.finish(results[i])
		}
	case errors.As(err, &txErr):
		// Begin or commit failed: no message may be reported stored. A
		// commit that failed with a lost connection may still have
		// happened, which is why it is not retried: that could store the
		// messages twice.
		for _, j := range live {
			j.finish(txErr.err)
		}
	case len(live) == 1:
		live[0].finish(err)
	default:
		// A statement failed mid-batch (an insert breaking a constraint, or
		// any error, which aborts a PostgreSQL transaction) and nothing was
		// committed. Storing the messages one per transaction confines the
		// failure to the message that causes it.
		for _, j := range live {
			results, err := w.store(ctx, []*commentJob{j})
			if err != nil {
				w.dropConn()
			}
			if errors.As(err, &txErr) {
				err = txErr.err
			} else if err == nil {
				err = results[0]
			}
			j.finish(err)
		}
	}
}

func (j *commentJob) finish(err error) {
	j.err = err
	close(j.done)
}

// batchTxError is a failure to begin or commit a batch, as opposed to one of
// a statement inside it.
type batchTxError struct{ err error }

func (e batchTxError) Error() string { return e.err.Error() }
func (e batchTxError) Unwrap() error { return e.err }

// beginError is a failure of a batch before anything was written — to take
// a connection, to begin, or to read on a connection that broke — which a
// fresh connection may not meet.
type beginError struct{ err error }

func (e beginError) Error() string { return e.err.Error() }
func (e beginError) Unwrap() error { return e.err }

// store checks and inserts jobs in order in one transaction. Once it is
// committed, it returns each job's verdict (nil: stored, and the job's
// comment has its id); otherwise an error, and nothing was stored.
func (w *commentWriter) store(ctx context.Context, jobs []*commentJob) ([]error, error) {
	placed, results, err := w.attempt(ctx, jobs)
	var begin beginError
	if errors.As(err, &begin) {
		// Nothing was written: a connection the server dropped while idle
		// is worth one more try on a fresh one.
		w.dropConn()
		placed, results, err = w.attempt(ctx, jobs)
		if errors.As(err, &begin) {
			return nil, batchTxError{classify(begin.err)}
		}
	}
	if err != nil {
		return nil, err
	}
	// The jobs' comments change only now, so a rolled-back batch leaves no
	// id behind.
	var threads []string
	for i, j := range jobs {
		if results[i] == nil {
			j.c = placed[i]
			if j.c.Status == comment.Published {
				threads = append(threads, GroupTag(j.c.GroupID))
			}
		}
	}
	// Cached pages of threads that gained a public message go before any
	// poster is answered, so each sees their message on the next page.
	w.s.announce(ctx, threads...)
	return results, nil
}

// attempt runs one batch's transaction on the writer's connection, taking
// one first if it has none, and rolls it back unless it committed.
func (w *commentWriter) attempt(ctx context.Context, jobs []*commentJob) ([]comment.Comment, []error, error) {
	if w.conn == nil {
		conn, err := w.s.db.Conn(ctx)
		if err != nil {
			return nil, nil, beginError{err}
		}
		w.conn = conn
	}
	var placed []comment.Comment
	var results []error
	run := func(tx batchTx) error {
		var err error
		placed, results, err = newCommentBatch(tx, w.s.d).run(ctx, jobs)
		if err != nil {
			tx.rollback()
		}
		return err
	}
	var err error
	if w.s.d == postgres {
		// pgx's own connection, under database/sql's, is what can send
		// several statements without waiting for each answer.
		err = w.conn.Raw(func(dc any) error {
			c, ok := dc.(*stdlib.Conn)
			if !ok {
				return beginError{fmt.Errorf("comment writer: unexpected PostgreSQL connection %T", dc)}
			}
			return run(&pgBatchTx{conn: c.Conn()})
		})
	} else {
		err = run(&sqlBatchTx{w: w})
	}
	return placed, results, err
}

// dropConn gives the writer's connection back; the next batch takes one.
func (w *commentWriter) dropConn() {
	if w.conn != nil {
		w.conn.Close()
		w.conn = nil
	}
}

// prepared returns query prepared on first use, to be bound to a batch's
// SQLite transaction; the driver would otherwise compile it anew for every
// batch. It is prepared on the database, not on the writer's connection:
// database/sql compiles a connection's statement again each time a
// transaction takes it, but keeps a database's statement compiled on every
// connection that ran it. (pgx keeps the statements it has run prepared by
// itself.)
func (w *commentWriter) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := w.stmts[query]; ok {
		return st, nil
	}
	st, err := w.s.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	w.stmts[query] = st
	return st, nil
}

// A batch's transaction has two steps: one statement reads what the checks
// need for all its messages — the articles, the parents, the recent
// messages of each address and network, and those of each text — then the
// messages are decided on one after the other in Go, each counting those
// accepted before it, and the accepted ones are inserted with one or two
// statements of many rows, before the commit. The verdicts are those of
// checking and inserting each message in turn, whatever the batch's size.

// batchTx is a batch's transaction as each database is best spoken to.
// SQLite runs in the process: a statement is a function call, and the
// transaction goes statement by statement through database/sql. On
// PostgreSQL every exchange is a round trip to the server, and under load
// each costs milliseconds of waiting for the two processes to be scheduled,
// while every poster waits for the single writer: there read sends the
// begin and the read in one message, and write the inserts and the commit
// in another: two round trips a batch instead of four or five.
type batchTx interface {
	// read begins the transaction and runs the statement that reads what
	// the checks need, giving each row to row. A beginError means the
	// transaction did not start or the connection broke: nothing to keep.
	read(ctx context.Context, query string, args []any, row rowFunc) error
	// write runs the inserts, giving each the rows it returns, then
	// commits. A batchTxError means the commit failed or its outcome is
	// unknown; any other error, that nothing was committed.
	write(ctx context.Context, inserts []rowsStatement) error
	// rollback ends a transaction that write did not commit.
	rollback()
}

// rowFunc takes one row of a result, given what scans it.
type rowFunc func(scan func(dest ...any) error) error

// rowsStatement is a statement of a batch and what takes its result: row
// for each row, then end.
type rowsStatement struct {
	query string
	args  []any
	row   rowFunc
	end   func() error
}

// sqlBatchTx is a batch's transaction through database/sql, statement after
// statement.
type sqlBatchTx struct {
	w  *commentWriter
	tx *sql.Tx
}

func (t *sqlBatchTx) read(ctx context.Context, query string, args []any, row rowFunc) error {
	tx, err := t.w.conn.BeginTx(ctx, nil)
	if err != nil {
		return beginError{err}
	}
	t.tx = tx
	rows, err := tx.QueryContext(ctx, query, args...)
	return scanRows(rows, err, row)
}

func (t *sqlBatchTx) write(ctx context.Context, inserts []rowsStatement) error {
	for _, st := range inserts {
		prep, err := t.w.prepared(ctx, st.query)
		if err != nil {
			return classify(err)
		}
		rows, err := t.tx.StmtContext(ctx, prep).QueryContext(ctx, st.args...)
		if err := scanRows(rows, err, st.row); err != nil {
			return err
		}
		if err := st.end(); err != nil {
			return err
		}
	}
	if err := t.tx.Commit(); err != nil {
		return batchTxError{classify(err)}
	}
	return nil
}

func (t *sqlBatchTx) rollback() {
	if t.tx != nil {
		t.tx.Rollback()
	}
}

// scanRows gives each row of a database/sql result to row.
func scanRows(rows *sql.Rows, err error, row rowFunc) error {
	if err != nil {
		return classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows.Scan); err != nil {
			return err
		}
	}
	return classify(rows.Err())
}

// pgBatchTx is a batch's transaction on pgx's connection, each step's
// statements sent together (a pipeline) and their answers read together.
// BEGIN and COMMIT are statements of the pipelines, not pgx transactions,
// since a pgx transaction would spend a round trip on each.
type pgBatchTx struct {
	conn *pgx.Conn
}

func (t *pgBatchTx) read(ctx context.Context, query string, args []any, row rowFunc) error {
	var b pgx.Batch
	b.Queue("BEGIN")
	b.Queue(query, args...)
	br := t.conn.SendBatch(ctx, &b)
	_, err := br.Exec()
	if err == nil {
		err = scanPgRows(br, row)
	}
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil && t.conn.IsClosed() {
		// The statements sent only begin and read, whatever became of
		// them, so a fresh connection may try again.
		return beginError{err}
	}
	return classify(err)
}

func (t *pgBatchTx) write(ctx context.Context, inserts []rowsStatement) error {
	var b pgx.Batch
	for _, st := range inserts {
		b.Queue(st.query, st.args...)
	}
	b.Queue("COMMIT")
	br := t.conn.SendBatch(ctx, &b)
	committing := false
	err := func() error {
		for _, st := range inserts {
			if err := scanPgRows(br, st.row); err != nil {
				return err
			}
			if err := st.end(); err != nil {
				return err
			}
		}
		committing = true
		_, err := br.Exec()
		return err
	}()
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		return nil
	}
	// The commit was sent with the inserts: once it is on its way, only
	// the server's refusal of an insert — after which it skips the rest —
	// or a batch that was never sent proves that nothing was committed.
	// Anything else, even a row this end cannot make sense of, leaves the
	// outcome unknown, and storing the messages again could store them
	// twice.
	var pgErr *pgconn.PgError
	var notSent pgx.ErrPreprocessingBatch
	if !committing && (errors.As(err, &pgErr) || errors.As(err, &notSent)) {
		return classify(err)
	}
	return batchTxError{classify(err)}
}

func (t *pgBatchTx) rollback() {
	if t.conn.IsClosed() || t.conn.PgConn().TxStatus() == 'I' {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := t.conn.Exec(ctx, "ROLLBACK"); err != nil {
		// Closed, the connection is discarded by database/sql rather
		// than lent to a reader inside a transaction.
		t.conn.Close(ctx)
	}
}

// scanPgRows gives each row of the batch's next result to row.
func scanPgRows(br pgx.BatchResults, row rowFunc) error {
	rows, err := br.Query()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows.Scan); err != nil {
			return err
		}
	}
	rows.Close()
	return rows.Err()
}

// articleThread is what a batch knows of an article.
type articleThread struct {
	groupID int64
	shared  bool // one thread for every language version
}

// parentMessage is what a batch knows of a message replied to.
type parentMessage struct {
	siteID, groupID, articleID, rootID int64
}

// hashKey is an address or a network of a site, whose recent messages a
// batch counts.
type hashKey struct {
	siteID    int64
	byNetwork bool
	hash      string
}

// threadText is a message's text in a thread (translation group).
type threadText struct {
	groupID int64
	body    string
}

// commentBatch is one transaction of the writer.
type commentBatch struct {
	tx       batchTx
	d        *dialect
	articles map[[2]int64]articleThread // by (site, article); absent: not found
	parents  map[int64]parentMessage    // absent: not found
	// recent holds the creation times of the messages of each address and
	// network since the earliest window of the batch, then of those the
	// batch inserts; texts holds the newest creation time of each text.
	recent map[hashKey][]time.Time
	texts  map[threadText]time.Time
}

func newCommentBatch(tx batchTx, d *dialect) *commentBatch {
	return &commentBatch{tx: tx, d: d, articles: map[[2]int64]articleThread{},
		parents: map[int64]parentMessage{}, recent: map[hashKey][]time.Time{}, texts: map[threadText]time.Time{}}
}

// run decides on the jobs in order, inserts those that pass and commits. It
// returns the comments as stored and each job's verdict, or an error, after
// which the transaction is unusable.
func (b *commentBatch) run(ctx context.Context, jobs []*commentJob) ([]comment.Comment, []error, error) {
	if err := b.load(ctx, jobs); err != nil {
		return nil, nil, err
	}
	placed := make([]comment.Comment, len(jobs))
	results := make([]error, len(jobs))
	var accepted []*comment.Comment
	for i, j := range jobs {
		placed[i] = j.c
		c := &placed[i]
		if results[i] = b.verdict(c, j.lim); results[i] == nil {
			b.count(c)
			accepted = append(accepted, c)
		}
	}
	if err := b.tx.write(ctx, b.inserts(accepted)); err != nil {
		return nil, nil, err
	}
	return placed, results, nil
}

// dbTime is a time as the database keeps it: both dialects store
// microseconds, truncated, so the checks compare what SQL would.
func dbTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// distinct appends v to vs unless seen has it.
func distinct[T comparable](seen map[T]bool, vs []T, v T) []T {
	if seen[v] {
		return vs
	}
	seen[v] = true
	return append(vs, v)
}

// loadQuery builds the one statement that reads what a batch's checks need.
// Its parts, joined by UNION ALL, share one row shape:
//
//	kind, n1, n2, n3, n4, n5 (integers), text, time
//
// so that the whole read costs a single round trip. Rows that need no time
// carry one anyway: PostgreSQL cannot type a column of NULLs and timestamps,
// and a cast would name a type that differs between dialects. A batch makes
// at most 2 + 3×maxCommentBatch parts (articles, parents, then per site and
// per article), within SQLite's limit of 500 terms in a compound SELECT.
type loadQuery struct {
	// arrays passes each list of values as one array (PostgreSQL): the
	// statement's text is then the same whatever the batch's size, and pgx
	// keeps it prepared. SQLite has no arrays: each value is an argument.
	arrays bool
	parts  []string
	args   []any
}

// Kinds of rows of the load statement.
const (
	loadArticle = iota // n1 id, n2 site, n3 group, n4 shared (1 or 0)
	loadParent         // n1 id, n2 site, n3 group, n4 article, n5 root
	loadAddress        // n2 site, text ip_hash, time created_at
	loadNetwork        // n2 site, text net_hash, time created_at
	loadText           // n3 group, text body, time created_at
)

// addPart appends a part to l; in it, {1}, {2}… stand for args and {in} for
// the condition that a column is one of list (at least one value).
func addPart[T int64 | string](l *loadQuery, part string, list []T, args ...any) {
	for i, a := range args {
		l.args = append(l.args, a)
		part = strings.ReplaceAll(part, "{"+strconv.Itoa(i+1)+"}", "$"+strconv.Itoa(len(l.args)))
	}
	var in string
	if l.arrays {
		l.args = append(l.args, list)
		in = "= ANY($" + strconv.Itoa(len(l.args)) + ")"
	} else {
		in = "IN (" + placeholders(len(l.args)+1, len(list)) + ")"
		for _, v := range list {
			l.args = append(l.args, v)
		}
	}
	l.parts = append(l.parts, strings.ReplaceAll(part, "{in}", in))
}

// wanted gathers the values of one part and the earliest time it covers.
type wanted struct {
	since time.Time
	seen  map[string]bool
	vals  []string
}

func want(m map[int64]*wanted, order *[]int64, key int64, since time.Time, v string) {
	w := m[key]
	if w == nil {
		w = &wanted{since: since, seen: map[string]bool{}}
		m[key] = w
		*order = append(*order, key)
	}
	if since.Before(w.since) {
		w.since = since
	}
	w.vals = distinct(w.seen, w.vals, v)
}

// load reads, in one statement, the articles and parents of the batch's
// messages, the recent messages of every address and network its limits
// count (an allowance is a handful of rows), and the recent messages of
// each thread with one of the batch's texts. Texts are looked up by their
// hash (see bodyHash), an index lookup whatever the thread's size; rows
// whose hash is unknown (empty) are read too and compared by text. Every
// row found comes with its text, which the verdicts compare, so a hash
// that matches by chance never refuses a message.
func (b *commentBatch) load(ctx context.Context, jobs []*commentJob) error {
	l := loadQuery{arrays: b.d == postgres}
	var articles, parents []int64
	seenArticles, seenParents := map[int64]bool{}, map[int64]bool{}
	addresses, networks, texts := map[int64]*wanted{}, map[int64]*wanted{}, map[int64]*wanted{}
	var addressOrder, networkOrder, textOrder []int64
	// A text is looked for in the thread of the message's article, which
	// this same statement reads: texts are gathered by article, and a row
	// found says which thread it is in.
	for _, j := range jobs {
		c, lim := &j.c, j.lim
		articles = distinct(seenArticles, articles, c.ArticleID)
		if c.ParentID != 0 {
			// A reply's parent is always stored before the batch: its id
			// is known only once it is committed.
			parents = distinct(seenParents, parents, c.ParentID)
		}
		if lim == nil {
			continue
		}
		if lim.PerAddress > 0 && lim.AddressWindow > 0 && c.IPHash != "" {
			want(addresses, &addressOrder, c.SiteID, c.CreatedAt.Add(-lim.AddressWindow), c.IPHash)
		}
		if lim.PerNetwork > 0 && lim.NetworkWindow > 0 && c.NetHash != "" {
			want(networks, &networkOrder, c.SiteID, c.CreatedAt.Add(-lim.NetworkWindow), c.NetHash)
		}
		if lim.DuplicateWindow > 0 {
			if texts[c.ArticleID] == nil {
				want(texts, &textOrder, c.ArticleID, c.CreatedAt.Add(-lim.DuplicateWindow), "")
			}
			want(texts, &textOrder, c.ArticleID, c.CreatedAt.Add(-lim.DuplicateWindow), bodyHash(c.Body))
		}
	}
	addPart(&l, `SELECT `+strconv.Itoa(loadArticle)+`, a.id, a.site_id, a.group_id, CASE WHEN g.shared_comments THEN 1 ELSE 0 END, 0, '', a.created_at
		FROM articles a JOIN translation_groups g ON g.id = a.group_id WHERE a.id {in}`, articles)
	if len(parents) > 0 {
		addPart(&l, `SELECT `+strconv.Itoa(loadParent)+`, id, site_id, group_id, article_id, COALESCE(root_id, id), '', created_at
			FROM comments WHERE id {in}`, parents)
	}
	for _, site := range addressOrder {
		w := addresses[site]
		addPart(&l, `SELECT `+strconv.Itoa(loadAddress)+`, 0, site_id, 0, 0, 0, ip_hash, created_at
			FROM comments WHERE site_id = {1} AND created_at >= {2} AND ip_hash {in}`, w.vals, site, w.since)
	}
	for _, site := range networkOrder {
		w := networks[site]
		addPart(&l, `SELECT `+strconv.Itoa(loadNetwork)+`, 0, site_id, 0, 0, 0, net_hash, created_at
			FROM comments WHERE site_id = {1} AND created_at >= {2} AND net_hash {in}`, w.vals, site, w.since)
	}
	for _, article := range textOrder {
		w := texts[article]
		addPart(&l, `SELECT `+strconv.Itoa(loadText)+`, 0, 0, group_id, 0, 0, body, created_at
			FROM comments WHERE group_id = (SELECT group_id FROM articles WHERE id = {1}) AND body_hash {in} AND created_at >= {2}`,
			w.vals, article, w.since)
	}
	return b.tx.read(ctx, strings.Join(l.parts, " UNION ALL "), b.d.encode(l.args), func(scan func(...any) error) error {
		var kind int
		var n [5]int64
		var text string
		var at time.Time
		if err := scan(&kind, &n[0], &n[1], &n[2], &n[3], &n[4], &text, timeScan{&at}); err != nil {
			return err
		}
		switch kind {
		case loadArticle:
			b.articles[[2]int64{n[1], n[0]}] = articleThread{groupID: n[2], shared: n[3] == 1}
		case loadParent:
			b.parents[n[0]] = parentMessage{siteID: n[1], groupID: n[2], articleID: n[3], rootID: n[4]}
		case loadAddress, loadNetwork:
			k := hashKey{n[1], kind == loadNetwork, text}
			b.recent[k] = append(b.recent[k], at)
		case loadText:
			b.posted(threadText{n[2], text}, at)
		}
		return nil
	})
}

// posted records that a text was in a thread at a time.
func (b *commentBatch) posted(k threadText, at time.Time) {
	if last, ok := b.texts[k]; !ok || at.After(last) {
		b.texts[k] = at
	}
}

// since returns how many messages of an address or network the batch knows
// of since a time.
func (b *commentBatch) since(k hashKey, at time.Time) int {
	n := 0
	for _, t := range b.recent[k] {
		if !t.Before(at) {
			n++
		}
	}
	return n
}

// verdict checks c against what the batch read and what it inserted before
// c, and fills in its thread. nil means it may be stored.
func (b *commentBatch) verdict(c *comment.Comment, lim *SubmitLimits) error {
	art, ok := b.articles[[2]int64{c.SiteID, c.ArticleID}]
	if !ok {
		return fmt.Errorf("comment: article %d: %w", c.ArticleID, ErrNotFound)
	}
	c.GroupID, c.RootID = art.groupID, 0
	if c.ParentID != 0 {
		p, ok := b.parents[c.ParentID]
		if !ok || p.siteID != c.SiteID || p.groupID != c.GroupID || (!art.shared && p.articleID != c.ArticleID) {
			return ErrParentMismatch
		}
		c.RootID = p.rootID
	}
	if lim == nil {
		return nil
	}
	if lim.PerAddress > 0 && lim.AddressWindow > 0 && c.IPHash != "" &&
		b.since(hashKey{c.SiteID, false, c.IPHash}, dbTime(c.CreatedAt.Add(-lim.AddressWindow))) >= lim.PerAddress {
		return ErrRateLimited
	}
	if lim.PerNetwork > 0 && lim.NetworkWindow > 0 && c.NetHash != "" &&
		b.since(hashKey{c.SiteID, true, c.NetHash}, dbTime(c.CreatedAt.Add(-lim.NetworkWindow))) >= lim.PerNetwork {
		return ErrRateLimited
	}
	if lim.DuplicateWindow > 0 {
		last, ok := b.texts[threadText{c.GroupID, c.Body}]
		if ok && !last.Before(dbTime(c.CreatedAt.Add(-lim.DuplicateWindow))) {
			return ErrDuplicate
		}
	}
	return nil
}

// count records an accepted message for the checks of the messages after it.
func (b *commentBatch) count(c *comment.Comment) {
	at := dbTime(c.CreatedAt)
	b.posted(threadText{c.GroupID, c.Body}, at)
	for _, k := range []hashKey{{c.SiteID, false, c.IPHash}, {c.SiteID, true, c.NetHash}} {
		if k.hash != "" {
			b.recent[k] = append(b.recent[k], at)
		}
	}
}

// insertColumns are those of a new comment, in the order of commentRow.
const insertColumns = `site_id, article_id, group_id, parent_id, root_id, language, author_name, author_email, author_url,
	user_id, body, body_hash, status, ip_hash, net_hash, spam_score, spam_reasons, created_at, updated_at,
	notify_published, notify_replies, moderators_notified, announced`

// insertWidth is the number of insertColumns.
const insertWidth = 23

func commentRow(c *comment.Comment) []any {
	// Flags for the notification job: moderators hear of pending
	// messages, authors and those answered hear of publications.
	moderatorsNotified, announced := c.Status != comment.Pending, c.Status != comment.Published
	// A root keeps root_id NULL (readers use COALESCE(root_id, id)): its id
	// is only known after the insert, and a second statement to copy it
	// would cost every new thread a write.
	return []any{c.SiteID, c.ArticleID, c.GroupID, nullID(c.ParentID), nullID(c.RootID), c.Language, c.AuthorName,
		c.AuthorEmail, c.AuthorURL, nullID(c.UserID), c.Body, bodyHash(c.Body), string(c.Status), c.IPHash, c.NetHash,
		c.SpamScore, c.SpamReasons, c.CreatedAt, c.UpdatedAt, c.NotifyPublished, c.NotifyReplies, moderatorsNotified, announced}
}

// rowKey tells the rows of one insert apart in what it returns, since
// neither database promises to return them in the order given.
type rowKey struct {
	at                          int64 // created_at, in microseconds
	ipHash, netHash, name, mail string
}

func keyOf(c *comment.Comment) rowKey {
	return rowKey{dbTime(c.CreatedAt).UnixMicro(), c.IPHash, c.NetHash, c.AuthorName, c.AuthorEmail}
}

// insertChunk is the granularity of the insert statements: a batch of n
// messages takes a statement of n - n%insertChunk rows and one of the rest,
// so that the writer keeps some twenty statements prepared, not one per
// batch size (each holds its compiled program and a slot per value).
const insertChunk = 16

// inserts returns the statements that store the accepted messages with
// many rows each, and set their ids from what they return. Two messages
// alike in rowKey (the same author, address and microsecond) could not be
// told apart in a statement's result, so the second goes into a further
// statement.
func (b *commentBatch) inserts(cs []*comment.Comment) []rowsStatement {
	var out []rowsStatement
	for len(cs) > 0 {
		round := map[rowKey]*comment.Comment{}
		var unique, rest []*comment.Comment
		for _, c := range cs {
			if k := keyOf(c); round[k] == nil {
				round[k] = c
				unique = append(unique, c)
			} else {
				rest = append(rest, c)
			}
		}
		for len(unique) > 0 {
			n := len(unique) - len(unique)%insertChunk
			if n == 0 {
				n = len(unique)
			}
			out = append(out, b.insertRows(unique[:n]))
			unique = unique[n:]
		}
		cs = rest
	}
	return out
}

// insertRows is the statement that inserts messages that differ in rowKey.
func (b *commentBatch) insertRows(cs []*comment.Comment) rowsStatement {
	var values strings.Builder
	args := make([]any, 0, insertWidth*len(cs))
	byKey := make(map[rowKey]*comment.Comment, len(cs))
	for i, c := range cs {
		if i > 0 {
			values.WriteString(", ")
		}
		values.WriteString("(" + placeholders(i*insertWidth+1, insertWidth) + ")")
		args = append(args, commentRow(c)...)
		byKey[keyOf(c)] = c
	}
	n := 0
	return rowsStatement{
		query: `INSERT INTO comments (` + insertColumns + `) VALUES ` + values.String() +
			` RETURNING id, created_at, ip_hash, net_hash, author_name, author_email`,
		args: b.d.encode(args),
		row: func(scan func(...any) error) error {
			var id int64
			var at time.Time
			var k rowKey
			if err := scan(&id, timeScan{&at}, &k.ipHash, &k.netHash, &k.name, &k.mail); err != nil {
				return err
			}
			k.at = at.UnixMicro()
			c := byKey[k]
			if c == nil || c.ID != 0 {
				return fmt.Errorf("comment: insert returned an unexpected row (id %d)", id)
			}
			c.ID = id
			if c.RootID == 0 {
				c.RootID = id
			}
			n++
			return nil
		},
		end: func() error {
			if n != len(cs) {
				return fmt.Errorf("comment: insert returned %d rows for %d", n, len(cs))
			}
			return nil
		},
	}
}
