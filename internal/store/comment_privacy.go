package store

import (
	"context"
	"errors"
	"strings"

	"depeche/internal/comment"
)

// ErrNoAddress refuses a commenter lookup without an address: it would
// match every message posted without one.
var ErrNoAddress = errors.New("commenter data: an e-mail address is required")

// The address is matched ignoring case: lower() on both sides keeps each
// database consistent with itself (SQLite folds ASCII letters only).
const commenterMatch = `c.site_id = $1 AND lower(c.author_email) = lower($2)`

// CommenterMessage is one message of a commenter, with the article it was
// posted on and its earlier versions: what an export gives back.
type CommenterMessage struct {
	comment.Comment
	ArticleTitle string
	ArticleLang  string
	ArticleSlug  string
	Revisions    []CommentRevision
}

func commenterAddress(email string) (string, error) {
	email = strings.TrimSpace(email)
	if email == "" {
		return "", ErrNoAddress
	}
	return email, nil
}

// CommenterCount counts a site's messages written with an e-mail address.
func (s *Store) CommenterCount(ctx context.Context, siteID int64, email string) (int, error) {
	email, err := commenterAddress(email)
	if err != nil {
		return 0, err
	}
	var n int
	err = s.q().queryRow(ctx, `SELECT count(*) FROM comments c WHERE `+commenterMatch, siteID, email).Scan(&n)
	return n, classify(err)
}

// CommenterMessages returns everything written on a site with an e-mail
// address, oldest first, each message with its revisions.
func (s *Store) CommenterMessages(ctx context.Context, siteID int64, email string) ([]CommenterMessage, error) {
	email, err := commenterAddress(email)
	if err != nil {
		return nil, err
	}
	rows, err := s.q().query(ctx, `SELECT c.id, c.site_id, c.article_id, c.group_id, COALESCE(c.parent_id, 0), COALESCE(c.root_id, c.id),
		c.language, c.author_name, c.author_email, c.author_url, COALESCE(c.user_id, 0), c.body, c.status,
		c.notify_published, c.notify_replies, c.created_at, c.updated_at, c.edited_at, a.title, a.language, a.slug
		FROM comments c JOIN articles a ON a.id = c.article_id WHERE `+commenterMatch+` ORDER BY c.created_at, c.id`, siteID, email)
	if err != nil {
		return nil, err
	}
	var out []CommenterMessage
	for rows.Next() {
		var m CommenterMessage
		var st string
		if err := rows.Scan(&m.ID, &m.SiteID, &m.ArticleID, &m.GroupID, &m.ParentID, &m.RootID, &m.Language, &m.AuthorName,
			&m.AuthorEmail, &m.AuthorURL, &m.UserID, &m.Body, &st, &m.NotifyPublished, &m.NotifyReplies,
			timeScan{&m.CreatedAt}, timeScan{&m.UpdatedAt}, timeScan{&m.EditedAt}, &m.ArticleTitle, &m.ArticleLang, &m.ArticleSlug); err != nil {
			rows.Close()
			return nil, err
		}
		m.Status = comment.Status(st)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return nil, err
	}
	rows.Close()
	for i := range out {
		if out[i].Revisions, err = s.CommentRevisions(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// EraseCommenter deletes every message written on a site with an e-mail
// address, with their revisions and moderation log, in one transaction,
// and returns how many went. Replies to them by others stay: each becomes
// the start of a thread, and the messages below it follow it.
func (s *Store) EraseCommenter(ctx context.Context, siteID int64, email string) (n int, err error) {
	threads := s.commenterGroups(ctx, siteID, email)
	defer func() {
		if err == nil && n > 0 {
			s.announce(ctx, threads...)
		}
	}()
	email, err = commenterAddress(email)
	if err != nil {
		return 0, err
	}
	erased := 0
	err = s.tx(ctx, func(q q) error {
		ids, err := collectIDs(ctx, q, `SELECT c.id FROM comments c WHERE `+commenterMatch, siteID, email)
		if err != nil || len(ids) == 0 {
			return err
		}
		gone := make(map[int64]bool, len(ids))
		for _, id := range ids {
			gone[id] = true
		}
		// The threads that lose a message, whole: their roots are
		// recomputed once the erased messages are out of them.
		type node struct{ parent, root int64 }
		nodes := map[int64]node{}
		rows, err := q.query(ctx, `SELECT id, COALESCE(parent_id, 0), COALESCE(root_id, id) FROM comments
			WHERE site_id = $1 AND COALESCE(root_id, id) IN (SELECT COALESCE(c.root_id, c.id) FROM comments c WHERE `+commenterMatch+`)`,
			siteID, email)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var n node
			if err := rows.Scan(&id, &n.parent, &n.root); err != nil {
				rows.Close()
				return err
			}
			nodes[id] = n
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return err
		}
		rows.Close()
		if _, err := q.exec(ctx, `UPDATE comments SET parent_id = NULL WHERE site_id = $1 AND parent_id IN
			(SELECT c.id FROM comments c WHERE `+commenterMatch+`)`, siteID, email); err != nil {
			return err
		}
		if _, err := q.exec(ctx, `DELETE FROM comment_revisions WHERE comment_id IN
			(SELECT c.id FROM comments c WHERE `+commenterMatch+`)`, siteID, email); err != nil {
			return err
		}
		if _, err := q.exec(ctx, `DELETE FROM comment_events WHERE comment_id IN
			(SELECT c.id FROM comments c WHERE `+commenterMatch+`)`, siteID, email); err != nil {
			return err
		}
		res, err := q.exec(ctx, `DELETE FROM comments WHERE id IN (SELECT c.id FROM comments c WHERE `+commenterMatch+`)`, siteID, email)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		erased = int(n)
		// A survivor's root is the first ancestor it still has without a
		// parent; bounded walks keep a damaged thread from looping.
		for id, n := range nodes {
			if gone[id] {
				continue
			}
			root, cur := id, n
			for step := 0; cur.parent != 0 && !gone[cur.parent] && step < len(nodes); step++ {
				root = cur.parent
				cur = nodes[root]
			}
			if root != n.root {
				// A root's root_id is NULL, as CreateComment writes it.
				var stored any = root
				if root == id {
					stored = nil
				}
				if _, err := q.exec(ctx, `UPDATE comments SET root_id = $1 WHERE id = $2`, stored, id); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return erased, err
}

// collectIDs runs a query of ids.
func collectIDs(ctx context.Context, q q, query string, args ...any) ([]int64, error) {
	rows, err := q.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
