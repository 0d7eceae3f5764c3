package store

import (
	"context"
	"fmt"
	"strings"

	"depeche/internal/comment"
)

// QueueItem is a comment as moderators see it, with its article.
type QueueItem struct {
	comment.Comment
	ArticleTitle string
	ArticleSlug  string
	ArticleLang  string
}

// ModerationQuery filters the moderation queue.
type ModerationQuery struct {
	SiteID    int64
	Status    comment.Status
	Language  string // "" for any
	ArticleID int64  // 0 for any
	Limit     int
	Offset    int
}

// ModerationQueue lists comments for moderators, oldest first so nothing
// waits forever, and counts them.
func (s *Store) ModerationQueue(ctx context.Context, mq ModerationQuery) ([]QueueItem, int, error) {
	where := []string{"c.site_id = $1", "c.status = $2"}
	args := []any{mq.SiteID, string(mq.Status)}
	if mq.Language != "" {
		args = append(args, mq.Language)
		where = append(where, fmt.Sprintf("c.language = $%d", len(args)))
	}
	if mq.ArticleID != 0 {
		args = append(args, mq.ArticleID)
		where = append(where, fmt.Sprintf("c.article_id = $%d", len(args)))
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.q().queryRow(ctx, `SELECT count(*) FROM comments c WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, classify(err)
	}
	limit := mq.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	args = append(args, limit, max(mq.Offset, 0))
	rows, err := s.q().query(ctx, fmt.Sprintf(`SELECT c.id, c.article_id, c.group_id, COALESCE(c.parent_id, 0), COALESCE(c.root_id, c.id), c.language,
		c.author_name, c.author_email, c.author_url, COALESCE(c.user_id, 0), c.body, c.status, c.spam_score, c.spam_reasons, c.created_at,
		a.title, a.slug, a.language
		FROM comments c JOIN articles a ON a.id = c.article_id WHERE %s ORDER BY c.created_at, c.id LIMIT $%d OFFSET $%d`,
		cond, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []QueueItem
	for rows.Next() {
		var it QueueItem
		var st string
		if err := rows.Scan(&it.ID, &it.ArticleID, &it.GroupID, &it.ParentID, &it.RootID, &it.Language, &it.AuthorName, &it.AuthorEmail,
			&it.AuthorURL, &it.UserID, &it.Body, &st, &it.SpamScore, &it.SpamReasons, timeScan{&it.CreatedAt},
			&it.ArticleTitle, &it.ArticleSlug, &it.ArticleLang); err != nil {
			return nil, 0, err
		}
		it.Status, it.SiteID = comment.Status(st), mq.SiteID
		out = append(out, it)
	}
	return out, total, rows.Err()
}

// Moderate sets the status of comments — and, with subthread, of every
// reply below them — and logs who decided, when and why, in one
// transaction. It returns how many comments changed.
func (s *Store) Moderate(ctx context.Context, siteID int64, ids []int64, st comment.Status, subthread bool, userID int64, reason string) (n int, err error) {
	defer func() {
		if err == nil && n > 0 {
			s.announceComments(ctx, ids)
		}
	}()
	if !st.Valid() {
		return 0, fmt.Errorf("comment: unknown status %q", st)
	}
	changed := 0
	// A message that goes public is announced (to its author, and to the
	// author of the message it answers) by the notification job; one that
	// was already public is not announced again.
	set := `status = $1, updated_at = $2`
	if st == comment.Published {
		set += `, announced = CASE WHEN status = 'published' THEN announced ELSE FALSE END`
	}
	err = s.tx(ctx, func(q q) error {
		todo := append([]int64(nil), ids...)
		seen := map[int64]bool{}
		for len(todo) > 0 {
			id := todo[0]
			todo = todo[1:]
			if seen[id] {
				continue
			}
			seen[id] = true
			res, err := q.exec(ctx, `UPDATE comments SET `+set+` WHERE id = $3 AND site_id = $4`, string(st), s.now(), id, siteID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				continue
			}
			changed++
			if _, err := q.exec(ctx, `INSERT INTO comment_events (comment_id, user_id, action, reason, created_at) VALUES ($1, $2, $3, $4, $5)`,
				id, nullID(userID), string(st), reason, s.now()); err != nil {
				return err
			}
			if !subthread {
				continue
			}
			rows, err := q.query(ctx, `SELECT id FROM comments WHERE parent_id = $1 AND site_id = $2`, id, siteID)
			if err != nil {
				return err
			}
			for rows.Next() {
				var child int64
				if err := rows.Scan(&child); err != nil {
					rows.Close()
					return err
				}
				todo = append(todo, child)
			}
			rows.Close()
		}
		return nil
	})
	return changed, err
}

// CommentEvent is one moderation decision.
type CommentEvent struct {
	CommentID int64
	UserID    int64
	Action    string
	Reason    string
}

// CommentEvents returns a comment's moderation log, oldest first.
func (s *Store) CommentEvents(ctx context.Context, commentID int64) ([]CommentEvent, error) {
	rows, err := s.q().query(ctx, `SELECT comment_id, COALESCE(user_id, 0), action, reason FROM comment_events WHERE comment_id = $1 ORDER BY created_at, id`, commentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CommentEvent
	for rows.Next() {
		var e CommentEvent
		if err := rows.Scan(&e.CommentID, &e.UserID, &e.Action, &e.Reason); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
