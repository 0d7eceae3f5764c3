package store

import (
	"context"
	"fmt"
	"time"

	"depeche/internal/content"
	"depeche/internal/user"
)

// Publish makes an article public at a given instant: now, or later for a
// scheduled publication (readers see it from then on, since visibility is
// decided by the publication date). A zero time keeps an earlier date, or
// takes now.
func (s *Store) Publish(ctx context.Context, siteID, id int64, at time.Time) (err error) {
	before := s.articleTags(ctx, id)
	defer func() {
		if err == nil {
			s.announceArticle(ctx, id, before)
		}
	}()
	return s.tx(ctx, func(q q) error {
		var from string
		var published time.Time
		if err := q.queryRow(ctx, `SELECT status, published_at FROM articles WHERE id = $1 AND site_id = $2`, id, siteID).
			Scan(&from, timeScan{&published}); err != nil {
			return classify(err)
		}
		if content.Status(from) != content.Published && !content.CanMove(content.Status(from), content.Published) {
			return fmt.Errorf("article %d: cannot go from %s to published", id, from)
		}
		switch {
		case !at.IsZero():
			published = at
		case published.IsZero():
			published = s.now()
		}
		var scheduled time.Time
		if published.After(s.now()) {
			scheduled = published
		}
		_, err := q.exec(ctx, `UPDATE articles SET status = 'published', published_at = $1, scheduled_at = $2, updated_at = $3 WHERE id = $4`,
			published, scheduled, s.now(), id)
		return err
	})
}

// ArticleEvent is one step of an article's workflow history.
type ArticleEvent struct {
	ArticleID int64
	UserID    int64
	UserName  string
	Action    string
	Note      string
	At        time.Time
}

// AddArticleEvent records a workflow step with an optional note.
func (s *Store) AddArticleEvent(ctx context.Context, articleID, userID int64, action, note string) error {
	_, err := s.q().exec(ctx, `INSERT INTO article_events (article_id, user_id, action, note, created_at) VALUES ($1, $2, $3, $4, $5)`,
		articleID, nullID(userID), action, note, s.now())
	return err
}

// ArticleEvents returns an article's history, newest first.
func (s *Store) ArticleEvents(ctx context.Context, articleID int64) ([]ArticleEvent, error) {
	rows, err := s.q().query(ctx, `SELECT e.article_id, COALESCE(e.user_id, 0), COALESCE(u.display_name, ''), e.action, e.note, e.created_at
		FROM article_events e LEFT JOIN users u ON u.id = e.user_id WHERE e.article_id = $1 ORDER BY e.created_at DESC, e.id DESC`, articleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ArticleEvent
	for rows.Next() {
		var e ArticleEvent
		if err := rows.Scan(&e.ArticleID, &e.UserID, &e.UserName, &e.Action, &e.Note, timeScan{&e.At}); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// AdminQuery selects articles for back-office lists, whatever their status.
type AdminQuery struct {
	SiteID   int64
	Status   content.Status // "" for every status but trashed
	Language string         // "" for every language
	AuthorID int64          // 0 for any
	Limit    int
	Offset   int
}

// AdminArticles lists articles for the back office, last changed first.
func (s *Store) AdminArticles(ctx context.Context, aq AdminQuery) ([]*content.Article, int, error) {
	where := []string{"a.site_id = $1"}
	args := []any{aq.SiteID}
	if aq.Status != "" {
		args = append(args, string(aq.Status))
		where = append(where, fmt.Sprintf("a.status = $%d", len(args)))
	} else {
		where = append(where, "a.status <> 'trashed'")
	}
	if aq.Language != "" {
		args = append(args, aq.Language)
		where = append(where, fmt.Sprintf("a.language = $%d", len(args)))
	}
	if aq.AuthorID != 0 {
		args = append(args, aq.AuthorID)
		where = append(where, fmt.Sprintf("a.id IN (SELECT article_id FROM article_authors WHERE user_id = $%d)", len(args)))
	}
	limit := aq.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	return s.articlePage(ctx, where, args, "a.updated_at DESC, a.id DESC", limit, aq.Offset)
}

// Staff lists the accounts that can sign articles (everyone but
// moderators), by name.
func (s *Store) Staff(ctx context.Context) ([]*user.User, error) {
	rows, err := s.q().query(ctx, `SELECT id FROM users WHERE role NOT IN ('moderator', 'member') AND disabled_at IS NULL ORDER BY display_name, id`)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]*user.User, 0, len(ids))
	for _, id := range ids {
		u, err := s.UserByID(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// DueScheduled lists articles whose scheduled publication time has come
// and whose going live has not been handled yet.
func (s *Store) DueScheduled(ctx context.Context, now time.Time) ([]*content.Article, error) {
	return s.listArticles(ctx, `SELECT `+articleColumns+` FROM articles a
		WHERE a.scheduled_at IS NOT NULL AND a.scheduled_at <= $1 AND a.status = 'published' ORDER BY a.scheduled_at, a.id LIMIT 500`, now)
}

// ClaimScheduled marks a scheduled publication as handled. Exactly one
// caller gets true, however many processes try at once: the conditional
// update is atomic in both databases.
func (s *Store) ClaimScheduled(ctx context.Context, id int64, now time.Time) (bool, error) {
	res, err := s.q().exec(ctx, `UPDATE articles SET scheduled_at = NULL WHERE id = $1 AND scheduled_at IS NOT NULL AND scheduled_at <= $2`, id, now)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	if n == 1 {
		// The article went public at its time without a write: its pages
		// and lists learn it now.
		s.announceArticle(ctx, id, nil)
	}
	return n == 1, err
}
