package store

import (
	"context"
	"fmt"

	"depeche/internal/comment"

	"github.com/jackc/pgx/v5/stdlib"
)

// SubmitBatchForTest queues cs as one batch — one transaction, unless a
// statement fails and the writer falls back to one per message — and
// returns each message's outcome. A message uses the context of the same
// index in ctxs, when given, else ctx; lim nil means CreateComment's path.
func (s *Store) SubmitBatchForTest(ctx context.Context, ctxs []context.Context, cs []*comment.Comment, lim *SubmitLimits) []error {
	w := s.comments
	jobs := make([]*commentJob, len(cs))
	for i, c := range cs {
		if c.CreatedAt.IsZero() {
			c.CreatedAt = s.now()
		}
		c.UpdatedAt = c.CreatedAt
		jctx := ctx
		if i < len(ctxs) && ctxs[i] != nil {
			jctx = ctxs[i]
		}
		jobs[i] = &commentJob{ctx: jctx, c: *c, lim: lim, done: make(chan struct{})}
	}
	// Queued under one lock, the jobs are taken together by the writer.
	w.mu.Lock()
	w.pending = append(w.pending, jobs...)
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
	errs := make([]error, len(cs))
	for i, j := range jobs {
		<-j.done
		errs[i] = j.err
		if j.err == nil {
			cs[i].ID, cs[i].GroupID, cs[i].RootID = j.c.ID, j.c.GroupID, j.c.RootID
		}
	}
	return errs
}

// LegacyCreateCommentForTest stores a new thread's first message as
// CreateComment did before group commit — one transaction per message, plus
// an UPDATE giving the root its own id — kept only as the benchmark's point
// of comparison (it posts no replies).
func (s *Store) LegacyCreateCommentForTest(ctx context.Context, c *comment.Comment) error {
	if c.CreatedAt.IsZero() {
		c.CreatedAt = s.now()
	}
	c.UpdatedAt = c.CreatedAt
	return s.tx(ctx, func(q q) error {
		var shared bool
		if err := q.queryRow(ctx, `SELECT a.group_id, g.shared_comments FROM articles a JOIN translation_groups g ON g.id = a.group_id
			WHERE a.id = $1 AND a.site_id = $2`, c.ArticleID, c.SiteID).Scan(&c.GroupID, &shared); err != nil {
			return fmt.Errorf("comment: article %d: %w", c.ArticleID, classify(err))
		}
		moderatorsNotified, announced := c.Status != comment.Pending, c.Status != comment.Published
		id, err := q.insert(ctx, `INSERT INTO comments (site_id, article_id, group_id, parent_id, root_id, language, author_name,
			author_email, author_url, user_id, body, status, ip_hash, net_hash, spam_score, spam_reasons, created_at, updated_at,
			notify_published, notify_replies, moderators_notified, announced)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)`,
			c.SiteID, c.ArticleID, c.GroupID, nullID(c.ParentID), nullID(c.RootID), c.Language, c.AuthorName,
			c.AuthorEmail, c.AuthorURL, nullID(c.UserID), c.Body, string(c.Status), c.IPHash, c.NetHash, c.SpamScore, c.SpamReasons,
			c.CreatedAt, c.UpdatedAt, c.NotifyPublished, c.NotifyReplies, moderatorsNotified, announced)
		if err != nil {
			return err
		}
		c.ID = id
		_, err = q.exec(ctx, `UPDATE comments SET root_id = $1 WHERE id = $1`, id)
		return err
	})
}

// BodyHashForTest is the hash the store keeps of a text.
func BodyHashForTest(body string) string { return bodyHash(body) }

// CommentBodyHashForTest reads the hash stored with a comment.
func (s *Store) CommentBodyHashForTest(ctx context.Context, id int64) (string, error) {
	var h string
	err := s.q().queryRow(ctx, `SELECT body_hash FROM comments WHERE id = $1`, id).Scan(&h)
	return h, classify(err)
}

// WriterBackendForTest is the PostgreSQL process serving the comment
// writer's connection, 0 when it has none. Call it only while no comment is
// being submitted: the connection belongs to the writer's goroutine.
func (s *Store) WriterBackendForTest() uint32 {
	var pid uint32
	if w := s.comments; w.conn != nil && s.d == postgres {
		w.conn.Raw(func(dc any) error {
			pid = dc.(*stdlib.Conn).Conn().PgConn().PID()
			return nil
		})
	}
	return pid
}

// QueryIntForTest reads one integer.
func (s *Store) QueryIntForTest(ctx context.Context, query string, args ...any) (int64, error) {
	var n int64
	err := s.q().queryRow(ctx, query, args...).Scan(&n)
	return n, classify(err)
}
