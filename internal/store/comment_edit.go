package store

import (
	"context"
	"time"

	"depeche/internal/comment"
	"depeche/internal/user"
)

// CommentRevision is the text a comment had before one edit, with who made
// the edit and when.
type CommentRevision struct {
	ID         int64
	CommentID  int64
	AuthorName string
	AuthorURL  string
	Body       string
	EditedBy   int64  // 0 when the account was since deleted
	EditorName string // "" likewise
	CreatedAt  time.Time
}

// CommentByID returns one comment of a site, whatever its status. A message
// written from a member's account is marked so, not taken for the team's.
func (s *Store) CommentByID(ctx context.Context, siteID, id int64) (*comment.Comment, error) {
	c := &comment.Comment{}
	var st, role string
	err := s.q().queryRow(ctx, `SELECT c.id, c.site_id, c.article_id, c.group_id, COALESCE(c.parent_id, 0), COALESCE(c.root_id, c.id),
		c.language, c.author_name, c.author_email, c.author_url, COALESCE(c.user_id, 0), c.body, c.status, c.ip_hash, c.net_hash,
		c.spam_score, c.spam_reasons, c.notify_published, c.notify_replies, c.created_at, c.updated_at, c.edited_at, COALESCE(u.role, '')
		FROM comments c LEFT JOIN users u ON u.id = c.user_id WHERE c.id = $1 AND c.site_id = $2`, id, siteID).
		Scan(&c.ID, &c.SiteID, &c.ArticleID, &c.GroupID, &c.ParentID, &c.RootID, &c.Language, &c.AuthorName, &c.AuthorEmail,
			&c.AuthorURL, &c.UserID, &c.Body, &st, &c.IPHash, &c.NetHash, &c.SpamScore, &c.SpamReasons, &c.NotifyPublished,
			&c.NotifyReplies, timeScan{&c.CreatedAt}, timeScan{&c.UpdatedAt}, timeScan{&c.EditedAt}, &role)
	if err != nil {
		return nil, classify(err)
	}
	c.Status = comment.Status(st)
	c.ByMember = role == string(user.Member)
	return c, nil
}

// EditComment replaces a comment's name, website and body. The text it had
// is kept as a revision naming the editor, and the comment is marked
// edited, in one transaction. Saving the same text changes nothing.
func (s *Store) EditComment(ctx context.Context, siteID, id, editorUserID int64, name, url, body string) (err error) {
	defer func() {
		if err == nil {
			s.announceComments(ctx, []int64{id})
		}
	}()
	now := s.now()
	return s.tx(ctx, func(q q) error {
		// Touching the row first locks it (PostgreSQL locks the row, SQLite
		// the database), so that of two moderators saving at once, the
		// second keeps the first one's text as its revision.
		res, err := q.exec(ctx, `UPDATE comments SET body = body WHERE id = $1 AND site_id = $2`, id, siteID)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		var oldName, oldURL, oldBody string
		if err := q.queryRow(ctx, `SELECT author_name, author_url, body FROM comments WHERE id = $1`, id).
			Scan(&oldName, &oldURL, &oldBody); err != nil {
			return classify(err)
		}
		if oldName == name && oldURL == url && oldBody == body {
			return nil
		}
		if _, err := q.exec(ctx, `INSERT INTO comment_revisions (comment_id, author_name, author_url, body, edited_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, id, oldName, oldURL, oldBody, nullID(editorUserID), now); err != nil {
			return err
		}
		_, err = q.exec(ctx, `UPDATE comments SET author_name = $1, author_url = $2, body = $3, edited_at = $4, updated_at = $4
			WHERE id = $5`, name, url, body, now, id)
		return err
	})
}

// CommentRevisions returns the earlier versions of a comment, oldest first.
func (s *Store) CommentRevisions(ctx context.Context, id int64) ([]CommentRevision, error) {
	rows, err := s.q().query(ctx, `SELECT r.id, r.comment_id, r.author_name, r.author_url, r.body, COALESCE(r.edited_by, 0),
		COALESCE(u.display_name, ''), r.created_at
		FROM comment_revisions r LEFT JOIN users u ON u.id = r.edited_by
		WHERE r.comment_id = $1 ORDER BY r.created_at, r.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CommentRevision
	for rows.Next() {
		var rv CommentRevision
		if err := rows.Scan(&rv.ID, &rv.CommentID, &rv.AuthorName, &rv.AuthorURL, &rv.Body, &rv.EditedBy, &rv.EditorName,
			timeScan{&rv.CreatedAt}); err != nil {
			return nil, err
		}
		out = append(out, rv)
	}
	return out, rows.Err()
}
