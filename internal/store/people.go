package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"depeche/internal/user"
)

// ErrLastAdministrator refuses a change that would leave the install
// without an active administrator, and so without anyone able to manage
// accounts and settings.
var ErrLastAdministrator = errors.New("the last active administrator cannot lose that role")

// Users returns every account, with its role and state, ordered by display
// name (case and accents compared as people expect, the same on both
// databases), then by id. Biographies are not loaded.
func (s *Store) Users(ctx context.Context) ([]*user.User, error) {
	rows, err := s.q().query(ctx, `SELECT `+userColumns+` FROM users ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*user.User
	for rows.Next() {
		u := &user.User{Bio: map[string]string{}}
		var role string
		if err := rows.Scan(&u.ID, &u.Email, &u.DisplayName, &u.Slug, &role, &u.PasswordHash,
			&u.UILanguage, timeScan{&u.DisabledAt}, timeScan{&u.CreatedAt}, timeScan{&u.UpdatedAt}, languageList{&u.ModerationLanguages}); err != nil {
			return nil, err
		}
		u.Role = user.Role(role)
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Collation is done here rather than in SQL: SQLite compares bytes and
	// PostgreSQL follows the server's locale, so ORDER BY would differ.
	c := collate.New(language.Und, collate.IgnoreCase)
	slices.SortStableFunc(out, func(a, b *user.User) int { return c.CompareString(a.DisplayName, b.DisplayName) })
	return out, nil
}

// UpdateUser saves an account's display name, role and back-office
// language. Taking the administrator role away from the last active
// administrator is refused with ErrLastAdministrator; the check and the
// change happen in one transaction that first locks the active
// administrators' rows, so two administrators demoting each other at the
// same moment cannot both succeed.
func (s *Store) UpdateUser(ctx context.Context, u *user.User) (err error) {
	// People appear on every site of the install: names, pages, bylines.
	defer func() {
		if err == nil {
			s.announce(ctx, AllTag)
		}
	}()
	role, err := user.ParseRole(string(u.Role))
	if err != nil || role != u.Role {
		return fmt.Errorf("user %d: unknown role %q", u.ID, u.Role)
	}
	if u.DisplayName == "" {
		return fmt.Errorf("user %d: display name is required", u.ID)
	}
	now := s.now()
	err = s.tx(ctx, func(q q) error {
		if role != user.Administrator {
			if err := q.keepAnAdministrator(ctx, u.ID); err != nil {
				return err
			}
		}
		res, err := q.exec(ctx, `UPDATE users SET display_name = $1, role = $2, ui_language = $3, updated_at = $4,
			moderation_languages = $5 WHERE id = $6`,
			u.DisplayName, string(role), u.UILanguage, now, strings.Join(u.ModerationLanguages, ","), u.ID)
		return mustAffect(res, err)
	})
	if err == nil {
		u.UpdatedAt = now
	}
	return err
}

// keepAnAdministrator fails with ErrLastAdministrator when the account is
// the only active administrator. The no-op UPDATE takes the rows' write
// locks on PostgreSQL (SQLite's write transactions are exclusive already):
// a concurrent transaction doing the same waits here, then counts what the
// first one committed.
func (q q) keepAnAdministrator(ctx context.Context, userID int64) error {
	if _, err := q.exec(ctx, `UPDATE users SET role = role WHERE role = 'administrator' AND disabled_at IS NULL`); err != nil {
		return err
	}
	var self, others int
	err := q.queryRow(ctx, `SELECT
			count(CASE WHEN id = $1 THEN 1 END),
			count(CASE WHEN id <> $1 THEN 1 END)
		FROM users WHERE role = 'administrator' AND disabled_at IS NULL`, userID).Scan(&self, &others)
	if err != nil {
		return classify(err)
	}
	if self > 0 && others == 0 {
		return ErrLastAdministrator
	}
	return nil
}

// ActiveAdministrators counts the accounts that are administrators and not
// deactivated.
func (s *Store) ActiveAdministrators(ctx context.Context) (int, error) {
	var n int
	err := s.q().queryRow(ctx, `SELECT count(*) FROM users WHERE role = 'administrator' AND disabled_at IS NULL`).Scan(&n)
	return n, classify(err)
}

// CreatePasswordReset records a single-use password link under the hash of
// its token. It replaces the account's earlier links that were not used,
// so only the newest one works, and prunes links that have expired.
func (s *Store) CreatePasswordReset(ctx context.Context, tokenHash string, userID int64, expires time.Time) error {
	return s.tx(ctx, func(q q) error {
		if _, err := q.exec(ctx, `DELETE FROM password_resets WHERE (user_id = $1 AND used_at IS NULL) OR expires_at < $2`,
			userID, s.now()); err != nil {
			return err
		}
		_, err := q.exec(ctx, `INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, $3)`,
			tokenHash, userID, expires)
		return err
	})
}

// PasswordResetUser tells whose link a token hash is, without using it:
// for the form that asks for the new password. A link that has expired or
// has been used is ErrNotFound.
func (s *Store) PasswordResetUser(ctx context.Context, tokenHash string, now time.Time) (int64, error) {
	var userID int64
	err := s.q().queryRow(ctx, `SELECT user_id FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`,
		tokenHash, now).Scan(&userID)
	return userID, classify(err)
}

// ConsumePasswordReset uses a link: it marks it used and returns its
// account in one statement, so of two requests racing with the same token
// only one gets the account. A link that has expired or has been used is
// ErrNotFound.
func (s *Store) ConsumePasswordReset(ctx context.Context, tokenHash string, now time.Time) (int64, error) {
	var userID int64
	err := s.q().queryRow(ctx, `UPDATE password_resets SET used_at = $2
		WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id`, tokenHash, now).Scan(&userID)
	return userID, classify(err)
}

// ArticlesInLanguage counts a site's articles in a language, whatever
// their status, the trash included.
func (s *Store) ArticlesInLanguage(ctx context.Context, siteID int64, lang string) (int, error) {
	var n int
	err := s.q().queryRow(ctx, `SELECT count(*) FROM articles WHERE site_id = $1 AND language = $2`, siteID, lang).Scan(&n)
	return n, classify(err)
}
