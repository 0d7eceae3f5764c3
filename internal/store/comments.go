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
func (s *Store) CreateComment(ctx context.Context, c *comment.Comment) error {
	if !c.Status.Valid() {
		return fmt.Errorf("comment: unknown status %q", c.Status)
	}
	now := s.now()
	if c.CreatedAt.IsZero() {
		c.CreatedAt = now
	}
	c.UpdatedAt = c.CreatedAt
	return s.tx(ctx, func(q q) error {
		var shared bool
		if err := q.queryRow(ctx, `SELECT a.group_id, g.shared_comments FROM articles a JOIN translation_groups g ON g.id = a.group_id
			WHERE a.id = $1 AND a.site_id = $2`, c.ArticleID, c.SiteID).Scan(&c.GroupID, &shared); err != nil {
			return fmt.Errorf("comment: article %d: %w", c.ArticleID, classify(err))
		}
		c.RootID = 0
		if c.ParentID != 0 {
			var parentGroup, parentArticle, parentRoot int64
			if err := q.queryRow(ctx, `SELECT group_id, article_id, COALESCE(root_id, id) FROM comments WHERE id = $1 AND site_id = $2`,
				c.ParentID, c.SiteID).Scan(&parentGroup, &parentArticle, &parentRoot); err != nil {
				if classify(err) == ErrNotFound {
					return ErrParentMismatch
				}
				return err
			}
			if parentGroup != c.GroupID || (!shared && parentArticle != c.ArticleID) {
				return ErrParentMismatch
			}
			c.RootID = parentRoot
		}
		// Flags for the notification job: moderators hear of pending
		// messages, authors and those answered hear of publications.
		moderatorsNotified, announced := c.Status != comment.Pending, c.Status != comment.Published
		id, err := q.insert(ctx, `INSERT INTO comments (site_id, article_id, group_id, parent_id, root_id, language, author_name,
			author_email, author_url, user_id, body, status, ip_hash, net_hash, spam_score, spam_reasons, created_at, updated_at,
			notify_published, notify_replies, moderators_notified, announced)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)`,
			c.SiteID, c.ArticleID, c.GroupID, nullID(c.ParentID), nullID(c.RootID), c.Language, c.AuthorName,
			c.AuthorEmail, c.AuthorURL, nullID(c.UserID), c.Body, string(c.Status), c.IPHash, c.NetHash, c.SpamScore, c.SpamReasons,
			c.CreatedAt, c.UpdatedAt, c.NotifyPublished, c.NotifyReplies, moderatorsNotified, announced)
		if err != nil {
			return fmt.Errorf("comment: %w", err)
		}
		c.ID = id
		if c.RootID == 0 {
			c.RootID = id
			_, err = q.exec(ctx, `UPDATE comments SET root_id = $1 WHERE id = $1`, id)
		}
		return err
	})
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
	rows, err := s.q().query(ctx, `SELECT id, site_id, article_id, group_id, COALESCE(parent_id, 0), COALESCE(root_id, 0), language,
		author_name, author_email, author_url, COALESCE(user_id, 0), body, status, ip_hash, spam_score, spam_reasons, created_at, updated_at
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
			timeScan{&c.CreatedAt}, timeScan{&c.UpdatedAt}); err != nil {
			return nil, err
		}
		c.Status = comment.Status(st)
		out = append(out, c)
	}
	return out, rows.Err()
}
