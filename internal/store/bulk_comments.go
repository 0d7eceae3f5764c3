package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"depeche/internal/comment"
)

// ImportedComment is one comment of a bulk import. A reply names what it
// answers either by ReplyTo — an earlier entry of the same import, whose id
// does not exist until that entry is inserted — or by Comment.ParentID for a
// comment already stored.
type ImportedComment struct {
	Comment *comment.Comment
	ReplyTo *comment.Comment
}

// bulkPragmas sets up a SQLite connection for one large transaction and
// returns what puts the connection's own settings back.
//
//   - The page cache (2 MB by default) is far smaller than what an import
//     dirties: past it, pages are written to the log in the middle of the
//     transaction, again and again. The import gets 256 MiB.
//   - Each statement of a longer transaction keeps a journal of the pages it
//     changes, so that it alone can be rolled back; by default that journal
//     is a temporary file, written for every row. In memory it costs nothing.
func bulkPragmas(ctx context.Context, conn *sql.Conn) (restore func(), err error) {
	var cache, temp int64
	if err := conn.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil {
		return nil, classify(err)
	}
	if err := conn.QueryRowContext(ctx, `PRAGMA temp_store`).Scan(&temp); err != nil {
		return nil, classify(err)
	}
	set := func(ctx context.Context, cache, temp int64) error {
		_, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = %d; PRAGMA temp_store = %d`, cache, temp))
		return classify(err)
	}
	const memory = 2 // temp_store: 0 default, 1 file, 2 memory
	if err := set(ctx, -256*1024, memory); err != nil {
		return nil, err
	}
	return func() { set(context.WithoutCancel(ctx), cache, temp) }, nil
}

// ImportComments stores many comments in one transaction: all of them or
// none. The thread rules are CreateComment's — group and root derived from
// the article and the parent, a reply only within its thread — but the
// insert is prepared once and each article is looked up once per import,
// since one transaction per comment would spend its time waiting for the
// disk.
//
// Imported comments are history, not news: they are marked as already
// notified and announced, so that loading a million messages does not queue
// a million e-mails.
func (s *Store) ImportComments(ctx context.Context, list []ImportedComment) error {
	now := s.now()
	for i, ic := range list {
		if ic.Comment == nil {
			return fmt.Errorf("comment import: entry %d has no comment", i)
		}
		if !ic.Comment.Status.Valid() {
			return fmt.Errorf("comment import: entry %d: unknown status %q", i, ic.Comment.Status)
		}
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return classify(err)
	}
	defer conn.Close()
	if s.d == sqlite {
		restore, err := bulkPragmas(ctx, conn)
		if err != nil {
			return err
		}
		defer restore()
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return classify(err)
	}
	if err := s.importComments(ctx, tx, list, now); err != nil {
		tx.Rollback()
		// Nothing was stored, so no comment keeps an id from this attempt.
		for _, ic := range list {
			ic.Comment.ID = 0
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		for _, ic := range list {
			ic.Comment.ID = 0
		}
		return classify(err)
	}
	return nil
}

// threadOf is what a comment's article says about its thread.
type threadOf struct {
	group  int64
	shared bool
}

func (s *Store) importComments(ctx context.Context, tx *sql.Tx, list []ImportedComment, now time.Time) error {
	q := q{x: tx, d: s.d}
	query := `INSERT INTO comments (site_id, article_id, group_id, parent_id, root_id, language, author_name,
		author_email, author_url, user_id, body, body_hash, status, ip_hash, net_hash, spam_score, spam_reasons, created_at, updated_at,
		notify_published, notify_replies, moderators_notified, announced)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, TRUE, TRUE)`
	// SQLite tells the new id without a result set, which is cheaper per
	// row than reading one; PostgreSQL only says it with RETURNING.
	lastInsertID := s.d == sqlite
	if !lastInsertID {
		query += " RETURNING id"
	}
	insert, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return classify(err)
	}
	defer insert.Close()
	// Articles are few next to their comments: each is read once.
	threads := map[[2]int64]threadOf{}
	for i, ic := range list {
		c := ic.Comment
		key := [2]int64{c.SiteID, c.ArticleID}
		th, ok := threads[key]
		if !ok {
			if err := q.queryRow(ctx, `SELECT a.group_id, g.shared_comments FROM articles a JOIN translation_groups g ON g.id = a.group_id
				WHERE a.id = $1 AND a.site_id = $2`, c.ArticleID, c.SiteID).Scan(&th.group, &th.shared); err != nil {
				return fmt.Errorf("comment import: entry %d: article %d: %w", i, c.ArticleID, classify(err))
			}
			threads[key] = th
		}
		c.GroupID, c.RootID = th.group, 0
		var parentSite, parentGroup, parentArticle int64
		switch {
		case ic.ReplyTo != nil:
			p := ic.ReplyTo
			if p.ID == 0 {
				return fmt.Errorf("comment import: entry %d replies to a comment that is not stored yet: %w", i, ErrParentMismatch)
			}
			c.ParentID = p.ID
			parentSite, parentGroup, parentArticle, c.RootID = p.SiteID, p.GroupID, p.ArticleID, p.RootID
		case c.ParentID != 0:
			parentSite = c.SiteID
			if err := q.queryRow(ctx, `SELECT group_id, article_id, COALESCE(root_id, id) FROM comments WHERE id = $1 AND site_id = $2`,
				c.ParentID, c.SiteID).Scan(&parentGroup, &parentArticle, &c.RootID); err != nil {
				if classify(err) == ErrNotFound {
					return fmt.Errorf("comment import: entry %d: %w", i, ErrParentMismatch)
				}
				return err
			}
		}
		if c.ParentID != 0 && (parentSite != c.SiteID || parentGroup != c.GroupID || (!th.shared && parentArticle != c.ArticleID)) {
			return fmt.Errorf("comment import: entry %d: %w", i, ErrParentMismatch)
		}
		if c.CreatedAt.IsZero() {
			c.CreatedAt = now
		}
		c.UpdatedAt = c.CreatedAt
		args := s.d.encode([]any{c.SiteID, c.ArticleID, c.GroupID, nullID(c.ParentID), nullID(c.RootID), c.Language, c.AuthorName,
			c.AuthorEmail, c.AuthorURL, nullID(c.UserID), c.Body, bodyHash(c.Body), string(c.Status), c.IPHash, c.NetHash, c.SpamScore,
			c.SpamReasons, c.CreatedAt, c.UpdatedAt, c.NotifyPublished, c.NotifyReplies})
		if lastInsertID {
			res, err := insert.ExecContext(ctx, args...)
			if err == nil {
				c.ID, err = res.LastInsertId()
			}
			if err != nil {
				return fmt.Errorf("comment import: entry %d: %w", i, classify(err))
			}
		} else if err := insert.QueryRowContext(ctx, args...).Scan(&c.ID); err != nil {
			return fmt.Errorf("comment import: entry %d: %w", i, classify(err))
		}
		if c.RootID == 0 {
			// A root keeps root_id NULL, as the comment writer stores it
			// (readers use COALESCE(root_id, id)).
			c.RootID = c.ID
		}
	}
	return nil
}
