package store

import (
	"context"
	"time"

	"depeche/internal/user"
)

// CreateSession records a session for a user under the hash of its token.
func (s *Store) CreateSession(ctx context.Context, tokenHash string, userID int64, expires time.Time) error {
	now := s.now()
	_, err := s.q().exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)`,
		tokenHash, userID, now, expires)
	return err
}

// SessionUser returns the active account behind a session token hash, and
// extends the session's idle deadline. Expired sessions and disabled
// accounts are ErrNotFound.
func (s *Store) SessionUser(ctx context.Context, tokenHash string, idle time.Duration) (*user.User, error) {
	now := s.now()
	var userID int64
	var expires, lastSeen, disabled time.Time
	err := s.q().queryRow(ctx, `SELECT s.user_id, s.expires_at, s.last_seen_at, u.disabled_at FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = $1`, tokenHash).Scan(&userID, timeScan{&expires}, timeScan{&lastSeen}, timeScan{&disabled})
	if err != nil {
		return nil, classify(err)
	}
	if !now.Before(expires) || now.Sub(lastSeen) > idle || !disabled.IsZero() {
		s.q().exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash)
		return nil, ErrNotFound
	}
	// Writing on every request would serialize all of them on SQLite: the
	// idle deadline only needs minute precision.
	if now.Sub(lastSeen) > time.Minute {
		if _, err := s.q().exec(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2`, now, tokenHash); err != nil {
			return nil, err
		}
	}
	return s.UserByID(ctx, userID)
}

// DeleteSession ends one session.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.q().exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash)
	return err
}

// DeleteUserSessions ends every session of a user ("log out everywhere").
func (s *Store) DeleteUserSessions(ctx context.Context, userID int64) error {
	_, err := s.q().exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	return err
}

// RecordLoginFailure counts one failed login under each key (the account,
// the network) and prunes failures older than keep.
func (s *Store) RecordLoginFailure(ctx context.Context, keys []string, keep time.Duration) error {
	now := s.now()
	return s.tx(ctx, func(q q) error {
		for _, k := range keys {
			if _, err := q.exec(ctx, `INSERT INTO login_failures (key, failed_at) VALUES ($1, $2)`, k, now); err != nil {
				return err
			}
		}
		_, err := q.exec(ctx, `DELETE FROM login_failures WHERE failed_at < $1`, now.Add(-keep))
		return err
	})
}

// LoginFailures counts the failures under a key since a time, and gives
// the latest.
func (s *Store) LoginFailures(ctx context.Context, key string, since time.Time) (int, time.Time, error) {
	var n int
	var last time.Time
	err := s.q().queryRow(ctx, `SELECT count(*), MAX(failed_at) FROM login_failures WHERE key = $1 AND failed_at >= $2`, key, since).
		Scan(&n, timeScan{&last})
	return n, last, classify(err)
}

// ClearLoginFailures forgets the failures under a key after a success.
func (s *Store) ClearLoginFailures(ctx context.Context, key string) error {
	_, err := s.q().exec(ctx, `DELETE FROM login_failures WHERE key = $1`, key)
	return err
}

// UserSections lists the sections an account is restricted to (empty: no
// restriction).
func (s *Store) UserSections(ctx context.Context, userID int64) ([]int64, error) {
	rows, err := s.q().query(ctx, `SELECT section_id FROM user_sections WHERE user_id = $1 ORDER BY section_id`, userID)
	if err != nil {
		return nil, err
	}
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

// SetUserSections restricts an account to some sections (none: lifts the
// restriction).
func (s *Store) SetUserSections(ctx context.Context, userID int64, sections []int64) error {
	return s.tx(ctx, func(q q) error {
		if _, err := q.exec(ctx, `DELETE FROM user_sections WHERE user_id = $1`, userID); err != nil {
			return err
		}
		for _, id := range sections {
			if _, err := q.exec(ctx, `INSERT INTO user_sections (user_id, section_id) VALUES ($1, $2)`, userID, id); err != nil {
				return err
			}
		}
		return nil
	})
}
