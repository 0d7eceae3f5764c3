package store

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"depeche/internal/comment"
)

// Publication is a message that has just gone public, with what the
// notification job needs to tell its author and the author of the message
// it answers.
type Publication struct {
	QueueItem
	// Parent is the message answered, set only when its author is to hear
	// of the reply: they asked to, it is public, and they did not write the
	// reply themselves.
	Parent *RepliedTo
}

// RepliedTo is the message a publication answers, and where its author
// reads the thread.
type RepliedTo struct {
	ID           int64
	AuthorName   string
	AuthorEmail  string
	Language     string
	ArticleTitle string
	ArticleSlug  string
	ArticleLang  string
}

// ClaimNewPending takes up to limit messages whose arrival the moderators
// have not been told of, and marks them told. compose receives those still
// pending (a message already judged, or marked as spam, is never
// announced) and returns the mail to queue; the mail and the marks are
// committed together, so every message is announced once even with several
// processes, and an error from compose leaves the messages to a later try.
// It returns how many messages were claimed, pending or not: 0 means there
// is nothing left.
func (s *Store) ClaimNewPending(ctx context.Context, limit int, compose func([]QueueItem) ([]Mail, error)) (int, error) {
	return s.claimComments(ctx, "moderators_notified", limit, func(q q, ids []int64) ([]Mail, error) {
		items, err := pendingItems(ctx, q, ids)
		if err != nil || len(items) == 0 || compose == nil {
			return nil, err
		}
		return compose(items)
	})
}

// ClaimPublications takes up to limit messages whose publication has not
// been announced, and marks them announced. compose receives those that are
// still public, with the message each answers when its author is to be
// told; like ClaimNewPending, the marks and the queued mail are committed
// together.
func (s *Store) ClaimPublications(ctx context.Context, limit int, compose func([]Publication) ([]Mail, error)) (int, error) {
	return s.claimComments(ctx, "announced", limit, func(q q, ids []int64) ([]Mail, error) {
		pubs, err := publications(ctx, q, ids)
		if err != nil || len(pubs) == 0 || compose == nil {
			return nil, err
		}
		return compose(pubs)
	})
}

// claimComments sets flag on up to limit comments where it is FALSE, in one
// transaction with the mail made from them. Each row is taken by a
// conditional update: when two processes read the same rows, the second
// update waits for the first to commit and then changes nothing, so a row
// belongs to one process only.
func (s *Store) claimComments(ctx context.Context, flag string, limit int, mails func(q, []int64) ([]Mail, error)) (int, error) {
	if limit <= 0 {
		limit = 50
	}
	claimed := 0
	err := s.tx(ctx, func(q q) error {
		claimed = 0
		rows, err := q.query(ctx, `SELECT id FROM comments WHERE `+flag+` = FALSE ORDER BY id LIMIT $1`, limit)
		if err != nil {
			return err
		}
		ids, err := scanInt64s(rows)
		if err != nil {
			return err
		}
		var mine []int64
		for _, id := range ids {
			res, err := q.exec(ctx, `UPDATE comments SET `+flag+` = TRUE WHERE id = $1 AND `+flag+` = FALSE`, id)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 1 {
				mine = append(mine, id)
			}
		}
		claimed = len(mine)
		if claimed == 0 {
			return nil
		}
		out, err := mails(q, mine)
		if err != nil {
			return err
		}
		now := s.now()
		for _, m := range out {
			if err := queueMail(ctx, q, now, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return claimed, nil
}

func scanInt64s(rows *sql.Rows) ([]int64, error) {
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

func idArgs(ids []int64) []any {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return args
}

// pendingItems returns those of ids still pending, grouped by site and
// language, oldest first within each.
func pendingItems(ctx context.Context, q q, ids []int64) ([]QueueItem, error) {
	rows, err := q.query(ctx, `SELECT c.id, c.site_id, c.article_id, c.group_id, COALESCE(c.parent_id, 0), COALESCE(c.root_id, c.id), c.language,
		c.author_name, c.author_email, c.author_url, COALESCE(c.user_id, 0), c.body, c.status, c.spam_score, c.spam_reasons, c.created_at,
		a.title, a.slug, a.language
		FROM comments c JOIN articles a ON a.id = c.article_id
		WHERE c.status = 'pending' AND c.id IN (`+placeholders(1, len(ids))+`)
		ORDER BY c.site_id, c.language, c.created_at, c.id`, idArgs(ids)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []QueueItem
	for rows.Next() {
		var it QueueItem
		var st string
		if err := rows.Scan(&it.ID, &it.SiteID, &it.ArticleID, &it.GroupID, &it.ParentID, &it.RootID, &it.Language, &it.AuthorName,
			&it.AuthorEmail, &it.AuthorURL, &it.UserID, &it.Body, &st, &it.SpamScore, &it.SpamReasons, timeScan{&it.CreatedAt},
			&it.ArticleTitle, &it.ArticleSlug, &it.ArticleLang); err != nil {
			return nil, err
		}
		it.Status = comment.Status(st)
		out = append(out, it)
	}
	return out, rows.Err()
}

// publications returns those of ids that are public, each with the message
// it answers when that message's author is to be told. Addresses are
// compared without case: people do not type theirs the same way each time.
func publications(ctx context.Context, q q, ids []int64) ([]Publication, error) {
	rows, err := q.query(ctx, `SELECT c.id, c.site_id, c.article_id, c.group_id, COALESCE(c.parent_id, 0), COALESCE(c.root_id, c.id), c.language,
		c.author_name, c.author_email, c.author_url, COALESCE(c.user_id, 0), c.body, c.status, c.notify_published, c.notify_replies, c.created_at,
		a.title, a.slug, a.language,
		COALESCE(p.id, 0), COALESCE(p.author_name, ''), COALESCE(p.author_email, ''), COALESCE(p.language, ''),
		COALESCE(pa.title, ''), COALESCE(pa.slug, ''), COALESCE(pa.language, '')
		FROM comments c JOIN articles a ON a.id = c.article_id
		LEFT JOIN comments p ON p.id = c.parent_id AND p.status = 'published' AND p.notify_replies = TRUE
			AND p.author_email <> '' AND lower(p.author_email) <> lower(c.author_email)
		LEFT JOIN articles pa ON pa.id = p.article_id
		WHERE c.status = 'published' AND c.id IN (`+placeholders(1, len(ids))+`)
		ORDER BY c.id`, idArgs(ids)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Publication
	for rows.Next() {
		var p Publication
		var st string
		var r RepliedTo
		if err := rows.Scan(&p.ID, &p.SiteID, &p.ArticleID, &p.GroupID, &p.ParentID, &p.RootID, &p.Language, &p.AuthorName,
			&p.AuthorEmail, &p.AuthorURL, &p.UserID, &p.Body, &st, &p.NotifyPublished, &p.NotifyReplies, timeScan{&p.CreatedAt},
			&p.ArticleTitle, &p.ArticleSlug, &p.ArticleLang,
			&r.ID, &r.AuthorName, &r.AuthorEmail, &r.Language, &r.ArticleTitle, &r.ArticleSlug, &r.ArticleLang); err != nil {
			return nil, err
		}
		p.Status = comment.Status(st)
		if r.ID != 0 {
			p.Parent = &r
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// UnsubscribeCommenter turns off every e-mail notification asked for by
// an address on a site, whatever its case, and returns how many messages
// changed.
func (s *Store) UnsubscribeCommenter(ctx context.Context, siteID int64, email string) (int, error) {
	email = strings.TrimSpace(email)
	if email == "" {
		return 0, nil
	}
	res, err := s.q().exec(ctx, `UPDATE comments SET notify_published = FALSE, notify_replies = FALSE
		WHERE site_id = $1 AND lower(author_email) = lower(CAST($2 AS TEXT)) AND (notify_published = TRUE OR notify_replies = TRUE)`, siteID, email)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// PurgeCommenterData erases what identifies the authors of comments
// written before a time — e-mail address and address hashes — keeping
// their name and text as published. It returns how many comments changed.
// The work goes in batches: the first run on a large old database must not
// hold SQLite's write lock, and so every new comment, for long.
func (s *Store) PurgeCommenterData(ctx context.Context, before time.Time) (int, error) {
	const batch = 1000
	total := 0
	for {
		res, err := s.q().exec(ctx, `UPDATE comments SET author_email = '', ip_hash = '', net_hash = ''
			WHERE id IN (SELECT id FROM comments WHERE created_at < $1 AND (author_email <> '' OR ip_hash <> '' OR net_hash <> '') LIMIT $2)`,
			before, batch)
		if err != nil {
			return total, err
		}
		n, err := res.RowsAffected()
		total += int(n)
		if err != nil || n < batch {
			return total, err
		}
	}
}

// unsubscribeSecret names the key that signs unsubscribe links; every
// process reads the same one, so a link from any of them works on all.
const unsubscribeSecret = "unsubscribe"

// UnsubscribeKey returns the key of unsubscribe links, made the first time.
func (s *Store) UnsubscribeKey(ctx context.Context) ([]byte, error) {
	v, err := s.Secret(ctx, unsubscribeSecret, func() (string, error) {
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return "", err
		}
		return hex.EncodeToString(b), nil
	})
	if err != nil {
		return nil, err
	}
	return []byte(v), nil
}

// UnsubscribeToken signs an address for a site's one-click unsubscribe
// link. The token carries the address (lower-cased) so that no lookup
// table is needed, and an HMAC-SHA256 that only the server can make.
func UnsubscribeToken(key []byte, siteID int64, email string) string {
	email = strings.ToLower(strings.TrimSpace(email))
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(email)) + "." + enc.EncodeToString(unsubscribeMAC(key, siteID, email))
}

// CheckUnsubscribeToken returns the address a token was made for, and
// false for a token that is malformed, altered or made for another site.
func CheckUnsubscribeToken(key []byte, siteID int64, token string) (string, bool) {
	if len(token) > 1024 {
		return "", false
	}
	addr, sig, ok := strings.Cut(token, ".")
	if !ok {
		return "", false
	}
	enc := base64.RawURLEncoding
	email, err1 := enc.DecodeString(addr)
	mac, err2 := enc.DecodeString(sig)
	if err1 != nil || err2 != nil || len(email) == 0 || !hmac.Equal(mac, unsubscribeMAC(key, siteID, string(email))) {
		return "", false
	}
	return string(email), true
}

func unsubscribeMAC(key []byte, siteID int64, email string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte("unsubscribe\x00" + strconv.FormatInt(siteID, 10) + "\x00" + email))
	return h.Sum(nil)
}
