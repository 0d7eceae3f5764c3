package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Secret returns a named secret, creating it from fresh randomness the
// first time; every process then reads the same value.
func (s *Store) Secret(ctx context.Context, name string, fresh func() (string, error)) (string, error) {
	var v string
	err := s.q().queryRow(ctx, `SELECT value FROM secrets WHERE name = $1`, name).Scan(&v)
	if err == nil {
		return v, nil
	}
	if classify(err) != ErrNotFound {
		return "", err
	}
	candidate, err := fresh()
	if err != nil {
		return "", err
	}
	// Two processes may race here: the first insert wins and both read it.
	if _, err := s.q().exec(ctx, `INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, name, candidate); err != nil {
		return "", err
	}
	err = s.q().queryRow(ctx, `SELECT value FROM secrets WHERE name = $1`, name).Scan(&v)
	return v, classify(err)
}

// RecentComments counts a site's comments since a time from one address
// hash, or one network hash when byNetwork. A count read apart from the
// insert it decides on lets simultaneous posts all pass: the comment form
// uses SubmitComment, which checks inside the transaction that stores.
func (s *Store) RecentComments(ctx context.Context, siteID int64, hash string, byNetwork bool, since time.Time) (int, error) {
	col := "ip_hash"
	if byNetwork {
		col = "net_hash"
	}
	var n int
	err := s.q().queryRow(ctx, `SELECT count(*) FROM comments WHERE site_id = $1 AND `+col+` = $2 AND created_at >= $3`, siteID, hash, since).Scan(&n)
	return n, classify(err)
}

// DuplicateComment reports whether the same text was already posted in a
// thread since a time. Like RecentComments, it cannot see a message being
// stored at the same moment; SubmitComment can.
func (s *Store) DuplicateComment(ctx context.Context, groupID int64, body string, since time.Time) (bool, error) {
	var n int
	err := s.q().queryRow(ctx, `SELECT count(*) FROM comments WHERE group_id = $1 AND body_hash IN ('', $2) AND body = $3 AND created_at >= $4`,
		groupID, bodyHash(body), body, since).Scan(&n)
	return n > 0, classify(err)
}

// bodyHash is what comments.body_hash holds: the SHA-256, in hex, of a
// message's text as stored — the text the reader sent, normalized
// (comment.Input.Normalize), which is what the duplicate rule compares.
// Through an index on (group_id, body_hash, created_at), whether a text is
// already in a thread is a lookup, not a reading of the thread's every
// recent message. An empty body_hash is unknown — rows written before
// migration 0016, by an older binary, or whose text an UPDATE changed (a
// trigger empties it) — and such rows are compared by text. A lookup by
// hash compares the texts too, so a hash never decides alone.
func bodyHash(body string) string {
	sum := sha256.Sum256([]byte(body))
	return hex.EncodeToString(sum[:])
}
