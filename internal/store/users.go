package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"depeche/internal/content"
	"depeche/internal/user"
)

// CreateUser stores an account. The e-mail must already be normalized.
func (s *Store) CreateUser(ctx context.Context, u *user.User) error {
	if u.Slug == "" {
		u.Slug = content.Slugify(u.DisplayName)
	}
	if !content.ValidSlug(u.Slug) {
		return fmt.Errorf("user: slug %q is not valid", u.Slug)
	}
	now := s.now()
	u.CreatedAt, u.UpdatedAt = now, now
	return s.tx(ctx, func(q q) error {
		id, err := q.insert(ctx, `INSERT INTO users (email, display_name, slug, role, password_hash, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, u.Email, u.DisplayName, u.Slug, string(u.Role), u.PasswordHash, now, now)
		if err != nil {
			return fmt.Errorf("user %s: %w", u.Email, err)
		}
		u.ID = id
		for lang, bio := range u.Bio {
			if _, err := q.exec(ctx, `INSERT INTO user_bios (user_id, language, bio) VALUES ($1, $2, $3)`, id, lang, bio); err != nil {
				return err
			}
		}
		return nil
	})
}

// SetPassword replaces a user's password hash.
func (s *Store) SetPassword(ctx context.Context, userID int64, hash string) error {
	res, err := s.q().exec(ctx, `UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3`, hash, s.now(), userID)
	return mustAffect(res, err)
}

const userColumns = `id, email, display_name, slug, role, password_hash, ui_language, disabled_at, created_at, updated_at, moderation_languages`

// UserByEmail finds an account by its normalized e-mail.
func (s *Store) UserByEmail(ctx context.Context, email string) (*user.User, error) {
	return s.loadUser(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, email)
}

// UserByID returns one account.
func (s *Store) UserByID(ctx context.Context, id int64) (*user.User, error) {
	return s.loadUser(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id)
}

// UserBySlug finds the person behind a public author page.
func (s *Store) UserBySlug(ctx context.Context, slug string) (*user.User, error) {
	return s.loadUser(ctx, `SELECT `+userColumns+` FROM users WHERE slug = $1`, slug)
}

func (s *Store) loadUser(ctx context.Context, query string, args ...any) (*user.User, error) {
	u := &user.User{Bio: map[string]string{}}
	var role string
	if err := s.q().queryRow(ctx, query, args...).Scan(&u.ID, &u.Email, &u.DisplayName, &u.Slug, &role, &u.PasswordHash,
		&u.UILanguage, timeScan{&u.DisabledAt}, timeScan{&u.CreatedAt}, timeScan{&u.UpdatedAt}, languageList{&u.ModerationLanguages}); err != nil {
		return nil, classify(err)
	}
	u.Role = user.Role(role)
	rows, err := s.q().query(ctx, `SELECT language, bio FROM user_bios WHERE user_id = $1`, u.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var lang, bio string
		if err := rows.Scan(&lang, &bio); err != nil {
			return nil, err
		}
		u.Bio[lang] = bio
	}
	return u, rows.Err()
}

// UsersByIDs returns the accounts with the given ids, keyed by id; unknown
// ids are simply absent.
func (s *Store) UsersByIDs(ctx context.Context, ids []int64) (map[int64]*user.User, error) {
	out := make(map[int64]*user.User, len(ids))
	for _, id := range ids {
		if _, done := out[id]; done {
			continue
		}
		u, err := s.UserByID(ctx, id)
		if err == ErrNotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[id] = u
	}
	return out, nil
}

// CountUsers counts accounts, optionally of one role ("" for all).
func (s *Store) CountUsers(ctx context.Context, role user.Role) (int, error) {
	var n int
	err := s.q().queryRow(ctx, `SELECT count(*) FROM users WHERE role = $1 OR $1 = ''`, string(role)).Scan(&n)
	return n, classify(err)
}

// DisableUser blocks (or unblocks) an account; blocking ends its sessions.
func (s *Store) DisableUser(ctx context.Context, userID int64, disabled bool) (err error) {
	defer func() {
		if err == nil {
			s.announce(ctx, AllTag)
		}
	}()
	return s.tx(ctx, func(q q) error {
		var at time.Time
		if disabled {
			at = s.now()
			// Deactivating the last active administrator would lock everyone out.
			if err := q.keepAnAdministrator(ctx, userID); err != nil {
				return err
			}
		}
		res, err := q.exec(ctx, `UPDATE users SET disabled_at = $1, updated_at = $2 WHERE id = $3`, at, s.now(), userID)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		if disabled {
			_, err = q.exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
		}
		return err
	})
}

// languageList scans a comma-separated list of language codes.
type languageList struct{ dst *[]string }

func (l languageList) Scan(v any) error {
	var s string
	switch v := v.(type) {
	case string:
		s = v
	case []byte:
		s = string(v)
	case nil:
	default:
		return fmt.Errorf("language list: unexpected %T", v)
	}
	*l.dst = nil
	for _, code := range strings.Split(s, ",") {
		if code = strings.TrimSpace(code); code != "" {
			*l.dst = append(*l.dst, code)
		}
	}
	return nil
}
