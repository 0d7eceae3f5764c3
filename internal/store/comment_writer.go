package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"depeche/internal/comment"
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
	// waits for, must not queue behind them. stmts are prepared on it. Only
	// the writer's goroutine uses them.
	conn  *sql.Conn
	stmts map[string]*sql.Stmt
}

func startCommentWriter(s *Store) *commentWriter {
	w := &commentWriter{s: s, wake: make(chan struct{}, 1), stopped: make(chan struct{})}
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

// store checks and inserts jobs in order in one transaction. Once it is
// committed, it returns each job's verdict (nil: stored, and the job's
// comment has its id); otherwise an error, and nothing was stored.
func (w *commentWriter) store(ctx context.Context, jobs []*commentJob) ([]error, error) {
	tx, err := w.begin(ctx)
	if err != nil {
		// Nothing was sent yet: a connection the server dropped while
		// idle is worth one more try on a fresh one.
		w.dropConn()
		if tx, err = w.begin(ctx); err != nil {
			return nil, batchTxError{classify(err)}
		}
	}
	b := newCommentBatch(w, tx)
	placed, results, err := b.run(ctx, jobs)
	if err != nil {
		tx.Rollback()
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, batchTxError{classify(err)}
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

// begin starts a transaction on the writer's connection, taking one first
// if it has none.
func (w *commentWriter) begin(ctx context.Context) (*sql.Tx, error) {
	if w.conn == nil {
		conn, err := w.s.db.Conn(ctx)
		if err != nil {
			return nil, err
		}
		w.conn, w.stmts = conn, map[string]*sql.Stmt{}
	}
	return w.conn.BeginTx(ctx, nil)
}

// dropConn gives the writer's connection back; the next batch takes one.
func (w *commentWriter) dropConn() {
	if w.conn == nil {
		return
	}
	for _, st := range w.stmts {
		st.Close()
	}
	w.conn.Close()
	w.conn, w.stmts = nil, nil
}

// prepared returns query prepared on the writer's connection, made on first
// use. SQLite's driver would otherwise compile it anew for every batch.
func (w *commentWriter) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := w.stmts[query]; ok {
		return st, nil
	}
	st, err := w.conn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	w.stmts[query] = st
	return st, nil
}

// A batch's transaction reads what its checks need once for all its
// messages — the articles, the parents, the recent messages of each address,
// network and text — then decides on the messages one after the other in
// Go, each counting those accepted before it, and inserts the accepted ones
// with one statement. The verdicts are those of checking and inserting each
// message in turn, but a batch costs a handful of statements whatever its
// size: on PostgreSQL each is a round trip through a single writer, and a
// busy thread is compared with the batch's texts once, not per message.

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
	w        *commentWriter
	tx       *sql.Tx
	q        q
	articles map[[2]int64]articleThread // by (site, article); absent: not found
	parents  map[int64]parentMessage    // absent: not found
	// recent holds the creation times of the messages of each address and
	// network since the earliest window of the batch, then of those the
	// batch inserts; texts holds the newest creation time of each text.
	recent map[hashKey][]time.Time
	texts  map[threadText]time.Time
}

func newCommentBatch(w *commentWriter, tx *sql.Tx) *commentBatch {
	return &commentBatch{w: w, tx: tx, q: q{x: tx, d: w.s.d}, articles: map[[2]int64]articleThread{},
		parents: map[int64]parentMessage{}, recent: map[hashKey][]time.Time{}, texts: map[threadText]time.Time{}}
}

// run decides on the jobs in order and inserts those that pass. It returns
// the comments as stored and each job's verdict, or an error of the
// database, after which the transaction is unusable.
func (b *commentBatch) run(ctx context.Context, jobs []*commentJob) ([]comment.Comment, []error, error) {
	for _, load := range []func(context.Context, []*commentJob) error{b.loadArticles, b.loadParents, b.loadRecent, b.loadTexts} {
		if err := load(ctx, jobs); err != nil {
			return nil, nil, err
		}
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
	if err := b.insert(ctx, accepted); err != nil {
		return nil, nil, err
	}
	return placed, results, nil
}

// dbTime is a time as the database keeps it: both dialects store
// microseconds, truncated, so the checks compare what SQL would.
func dbTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// inList returns placeholders for n values from $from, and the values padded
// by repeating the last to a power of two: the statement's text then takes
// few forms, which PostgreSQL's driver keeps prepared.
func inList(from int, values []any) (string, []any) {
	n := 1
	for n < len(values) {
		n *= 2
	}
	for len(values) < n {
		values = append(values, values[len(values)-1])
	}
	return placeholders(from, n), values
}

// each runs a query and hands every row to scan.
func (b *commentBatch) each(ctx context.Context, query string, args []any, scan func(*sql.Rows) error) error {
	rows, err := b.q.query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// distinct appends v to vs unless seen has it.
func distinct[T comparable](seen map[T]bool, vs []any, v T) []any {
	if seen[v] {
		return vs
	}
	seen[v] = true
	return append(vs, v)
}

func (b *commentBatch) loadArticles(ctx context.Context, jobs []*commentJob) error {
	seen := map[int64]bool{}
	var ids []any
	for _, j := range jobs {
		ids = distinct(seen, ids, j.c.ArticleID)
	}
	in, args := inList(1, ids)
	return b.each(ctx, `SELECT a.id, a.site_id, a.group_id, g.shared_comments FROM articles a
		JOIN translation_groups g ON g.id = a.group_id WHERE a.id IN (`+in+`)`, args, func(rows *sql.Rows) error {
		var id, siteID int64
		var a articleThread
		if err := rows.Scan(&id, &siteID, &a.groupID, &a.shared); err != nil {
			return err
		}
		b.articles[[2]int64{siteID, id}] = a
		return nil
	})
}

func (b *commentBatch) loadParents(ctx context.Context, jobs []*commentJob) error {
	seen := map[int64]bool{}
	var ids []any
	for _, j := range jobs {
		if j.c.ParentID != 0 {
			ids = distinct(seen, ids, j.c.ParentID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	// A reply's parent is always stored before the batch: its id is known
	// only once it is committed.
	in, args := inList(1, ids)
	return b.each(ctx, `SELECT id, site_id, group_id, article_id, COALESCE(root_id, id) FROM comments WHERE id IN (`+in+`)`, args,
		func(rows *sql.Rows) error {
			var id int64
			var p parentMessage
			if err := rows.Scan(&id, &p.siteID, &p.groupID, &p.articleID, &p.rootID); err != nil {
				return err
			}
			b.parents[id] = p
			return nil
		})
}

// loadRecent reads the creation times of the recent messages of every
// address and network the batch's limits count, per site: an allowance is
// a handful of messages, so these are few rows.
func (b *commentBatch) loadRecent(ctx context.Context, jobs []*commentJob) error {
	type want struct {
		since time.Time
		seen  map[string]bool
		vals  []any
	}
	wants := map[[2]int64]*want{} // by (site, 0 address | 1 network)
	var order [][2]int64
	add := func(siteID int64, byNetwork bool, hash string, since time.Time) {
		k := [2]int64{siteID, 0}
		if byNetwork {
			k[1] = 1
		}
		w := wants[k]
		if w == nil {
			w = &want{since: since, seen: map[string]bool{}}
			wants[k] = w
			order = append(order, k)
		}
		if since.Before(w.since) {
			w.since = since
		}
		w.vals = distinct(w.seen, w.vals, hash)
	}
	for _, j := range jobs {
		if lim := j.lim; lim != nil {
			if lim.PerAddress > 0 && lim.AddressWindow > 0 && j.c.IPHash != "" {
				add(j.c.SiteID, false, j.c.IPHash, j.c.CreatedAt.Add(-lim.AddressWindow))
			}
			if lim.PerNetwork > 0 && lim.NetworkWindow > 0 && j.c.NetHash != "" {
				add(j.c.SiteID, true, j.c.NetHash, j.c.CreatedAt.Add(-lim.NetworkWindow))
			}
		}
	}
	for _, k := range order {
		w, col := wants[k], "ip_hash"
		if k[1] == 1 {
			col = "net_hash"
		}
		in, hashes := inList(3, w.vals)
		err := b.each(ctx, `SELECT `+col+`, created_at FROM comments WHERE site_id = $1 AND created_at >= $2 AND `+col+` IN (`+in+`)`,
			append([]any{k[0], w.since}, hashes...), func(rows *sql.Rows) error {
				var hash string
				var at time.Time
				if err := rows.Scan(&hash, timeScan{&at}); err != nil {
					return err
				}
				key := hashKey{k[0], k[1] == 1, hash}
				b.recent[key] = append(b.recent[key], at)
				return nil
			})
		if err != nil {
			return err
		}
	}
	return nil
}

// loadTexts reads when the texts the batch must not repeat were last posted
// in their threads, with one query per thread. Without an index on the
// text, this compares it with every recent message of the thread, which is
// why it is done once for the batch.
func (b *commentBatch) loadTexts(ctx context.Context, jobs []*commentJob) error {
	type want struct {
		since time.Time
		seen  map[string]bool
		vals  []any
	}
	wants := map[int64]*want{}
	var order []int64
	for _, j := range jobs {
		a, ok := b.articles[[2]int64{j.c.SiteID, j.c.ArticleID}]
		if j.lim == nil || j.lim.DuplicateWindow <= 0 || !ok {
			continue
		}
		since := j.c.CreatedAt.Add(-j.lim.DuplicateWindow)
		w := wants[a.groupID]
		if w == nil {
			w = &want{since: since, seen: map[string]bool{}}
			wants[a.groupID] = w
			order = append(order, a.groupID)
		}
		if since.Before(w.since) {
			w.since = since
		}
		w.vals = distinct(w.seen, w.vals, j.c.Body)
	}
	for _, groupID := range order {
		w := wants[groupID]
		in, bodies := inList(3, w.vals)
		err := b.each(ctx, `SELECT body, created_at FROM comments WHERE group_id = $1 AND created_at >= $2 AND body IN (`+in+`)`,
			append([]any{groupID, w.since}, bodies...), func(rows *sql.Rows) error {
				var body string
				var at time.Time
				if err := rows.Scan(&body, timeScan{&at}); err != nil {
					return err
				}
				b.posted(threadText{groupID, body}, at)
				return nil
			})
		if err != nil {
			return err
		}
	}
	return nil
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
	user_id, body, status, ip_hash, net_hash, spam_score, spam_reasons, created_at, updated_at,
	notify_published, notify_replies, moderators_notified, announced`

func commentRow(c *comment.Comment) []any {
	// Flags for the notification job: moderators hear of pending
	// messages, authors and those answered hear of publications.
	moderatorsNotified, announced := c.Status != comment.Pending, c.Status != comment.Published
	// A root keeps root_id NULL (readers use COALESCE(root_id, id)): its id
	// is only known after the insert, and a second statement to copy it
	// would cost every new thread a write.
	return []any{c.SiteID, c.ArticleID, c.GroupID, nullID(c.ParentID), nullID(c.RootID), c.Language, c.AuthorName,
		c.AuthorEmail, c.AuthorURL, nullID(c.UserID), c.Body, string(c.Status), c.IPHash, c.NetHash, c.SpamScore, c.SpamReasons,
		c.CreatedAt, c.UpdatedAt, c.NotifyPublished, c.NotifyReplies, moderatorsNotified, announced}
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

// insert stores the accepted messages and sets their ids, with one
// statement of many rows. Two messages alike in rowKey (the same author,
// address and microsecond) could not be told apart in its result, so the
// second goes into a further statement.
func (b *commentBatch) insert(ctx context.Context, cs []*comment.Comment) error {
	for len(cs) > 0 {
		round := map[rowKey]*comment.Comment{}
		var rest []*comment.Comment
		var args []any
		for _, c := range cs {
			k := keyOf(c)
			if round[k] != nil {
				rest = append(rest, c)
				continue
			}
			round[k] = c
			args = append(args, commentRow(c)...)
		}
		if err := b.insertRound(ctx, round, args); err != nil {
			return fmt.Errorf("comment: %w", err)
		}
		cs = rest
	}
	return nil
}

func (b *commentBatch) insertRound(ctx context.Context, round map[rowKey]*comment.Comment, args []any) error {
	const width = 22 // columns in insertColumns
	var values strings.Builder
	for i := range len(round) {
		if i > 0 {
			values.WriteString(", ")
		}
		values.WriteString("(" + placeholders(i*width+1, width) + ")")
	}
	st, err := b.w.prepared(ctx, `INSERT INTO comments (`+insertColumns+`) VALUES `+values.String()+
		` RETURNING id, created_at, ip_hash, net_hash, author_name, author_email`)
	if err != nil {
		return classify(err)
	}
	rows, err := b.tx.StmtContext(ctx, st).QueryContext(ctx, b.q.d.encode(args)...)
	if err != nil {
		return classify(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id int64
		var at time.Time
		var k rowKey
		if err := rows.Scan(&id, timeScan{&at}, &k.ipHash, &k.netHash, &k.name, &k.mail); err != nil {
			return err
		}
		k.at = at.UnixMicro()
		c := round[k]
		if c == nil || c.ID != 0 {
			return fmt.Errorf("insert returned an unexpected row (id %d)", id)
		}
		c.ID = id
		if c.RootID == 0 {
			c.RootID = id
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return classify(err)
	}
	if n != len(round) {
		return fmt.Errorf("insert returned %d rows for %d", n, len(round))
	}
	return nil
}
