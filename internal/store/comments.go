package store

import (
	"context"
	"errors"
	"fmt"

	"depeche/internal/comment"
)

// ErrParentMismatch is returned for a reply whose parent belongs to another
// thread: a forged form must not graft a message onto someone else's page.
var ErrParentMismatch = errors.New("the message replied to is not in this thread")

// CreateComment stores a comment. It returns only once the row is committed,
// so an acknowledged message is never lost. The thread (group, root) is
// derived from the article and the parent, never trusted from the caller.
// It goes through the same group-committing writer as SubmitComment, without
// its limits, and shares its contract on a cancelled ctx.
func (s *Store) CreateComment(ctx context.Context, c *comment.Comment) error {
	return s.comments.submit(ctx, c, nil)
}

// SetCommentStatus moderates one comment.
func (s *Store) SetCommentStatus(ctx context.Context, siteID, id int64, st comment.Status) error {
	if !st.Valid() {
		return fmt.Errorf("comment: unknown status %q", st)
	}
	res, err := s.q().exec(ctx, `UPDATE comments SET status = $1, updated_at = $2 WHERE id = $3 AND site_id = $4`,
		string(st), s.now(), id, siteID)
	return mustAffect(res, err)
}

// ThreadQuery selects the comments of one thread.
type ThreadQuery struct {
	SiteID    int64
	GroupID   int64 // the whole translation group's thread…
	ArticleID int64 // …or, when set, one language version's own thread
	Statuses  []comment.Status
}

// Thread returns the comments of a thread with the given statuses, oldest
// first.
func (s *Store) Thread(ctx context.Context, tq ThreadQuery) ([]*comment.Comment, error) {
	if len(tq.Statuses) == 0 {
		return nil, nil
	}
	args := []any{tq.SiteID, tq.GroupID}
	cond := "site_id = $1 AND group_id = $2"
	if tq.ArticleID != 0 {
		args = append(args, tq.ArticleID)
		cond += " AND article_id = $3"
	}
	for _, st := range tq.Statuses {
		args = append(args, string(st))
	}
	cond += " AND status IN (" + placeholders(len(args)-len(tq.Statuses)+1, len(tq.Statuses)) + ")"
	// A root's root_id is NULL: it is its own root.
	rows, err := s.q().query(ctx, `SELECT id, site_id, article_id, group_id, COALESCE(parent_id, 0), COALESCE(root_id, id), language,
		author_name, author_email, author_url, COALESCE(user_id, 0), body, status, ip_hash, spam_score, spam_reasons, created_at, updated_at,
		notify_published, notify_replies, edited_at
		FROM comments WHERE `+cond+` ORDER BY created_at, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*comment.Comment
	for rows.Next() {
		c := &comment.Comment{}
		var st string
		if err := rows.Scan(&c.ID, &c.SiteID, &c.ArticleID, &c.GroupID, &c.ParentID, &c.RootID, &c.Language,
			&c.AuthorName, &c.AuthorEmail, &c.AuthorURL, &c.UserID, &c.Body, &st, &c.IPHash, &c.SpamScore, &c.SpamReasons,
			timeScan{&c.CreatedAt}, timeScan{&c.UpdatedAt}, &c.NotifyPublished, &c.NotifyReplies, timeScan{&c.EditedAt}); err != nil {
			return nil, err
		}
		c.Status = comment.Status(st)
		out = append(out, c)
	}
	return out, rows.Err()
}
