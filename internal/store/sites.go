package store

import (
	"context"
	"fmt"

	"depeche/internal/content"
)

// CreateSite stores a site with its languages and per-language texts.
func (s *Store) CreateSite(ctx context.Context, site *content.Site) error {
	if len(site.Languages) == 0 {
		return fmt.Errorf("site: at least one language is required")
	}
	if _, ok := site.Language(site.DefaultLanguage); !ok {
		return fmt.Errorf("site: default language %q is not one of its languages", site.DefaultLanguage)
	}
	if !site.CommentPolicy.Valid() || site.CommentPolicy == content.Inherit {
		return fmt.Errorf("site: unknown comment policy %q", site.CommentPolicy)
	}
	if site.CreatedAt.IsZero() {
		site.CreatedAt = s.now()
	}
	return s.tx(ctx, func(q q) error {
		id, err := q.insert(ctx, `INSERT INTO sites (host, base_url, default_language, time_zone, comment_policy, feed_full_content,
			view_count_scope, created_at, comment_email_required) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			site.Host, site.BaseURL, site.DefaultLanguage, site.TimeZone, string(site.CommentPolicy), site.FeedFullContent,
			viewScope(site.ViewsPerLanguage), site.CreatedAt, site.CommentEmailRequired)
		if err != nil {
			return fmt.Errorf("site: %w", err)
		}
		site.ID = id
		return q.putSiteLanguages(ctx, site)
	})
}

// UpdateSite saves a site's settings, languages and texts.
func (s *Store) UpdateSite(ctx context.Context, site *content.Site) (err error) {
	defer func() {
		if err == nil {
			s.announce(ctx, SiteTag(site.ID))
		}
	}()
	return s.tx(ctx, func(q q) error {
		res, err := q.exec(ctx, `UPDATE sites SET host = $1, base_url = $2, default_language = $3, time_zone = $4, comment_policy = $5,
			feed_full_content = $6, view_count_scope = $7, comment_email_required = $8 WHERE id = $9`,
			site.Host, site.BaseURL, site.DefaultLanguage, site.TimeZone, string(site.CommentPolicy), site.FeedFullContent,
			viewScope(site.ViewsPerLanguage), site.CommentEmailRequired, site.ID)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		if _, err := q.exec(ctx, `DELETE FROM site_languages WHERE site_id = $1`, site.ID); err != nil {
			return err
		}
		return q.putSiteLanguages(ctx, site)
	})
}

func (q q) putSiteLanguages(ctx context.Context, site *content.Site) error {
	for i, l := range site.Languages {
		t := site.Texts[l.Code]
		if t.Name == "" {
			return fmt.Errorf("site: name in %s is required", l.Code)
		}
		if l.Direction != content.LTR && l.Direction != content.RTL {
			return fmt.Errorf("site: language %s: direction must be ltr or rtl", l.Code)
		}
		if _, err := q.exec(ctx, `INSERT INTO site_languages
			(site_id, code, name, direction, position, site_name, tagline, legal_notice, accessibility, footer, copyright)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			site.ID, l.Code, l.Name, string(l.Direction), i, t.Name, t.Tagline, t.LegalNotice, t.Accessibility, t.Footer, t.Copyright); err != nil {
			return fmt.Errorf("site language %s: %w", l.Code, err)
		}
		site.Languages[i].Position = i
	}
	return nil
}

const siteColumns = `id, host, base_url, default_language, time_zone, comment_policy, feed_full_content, view_count_scope, created_at, comment_email_required`

func viewScope(perLanguage bool) string {
	if perLanguage {
		return "language"
	}
	return "group"
}

// SiteByHost returns the site answering to a Host header, falling back to
// the install's default site (host "").
func (s *Store) SiteByHost(ctx context.Context, host string) (*content.Site, error) {
	site, err := s.loadSite(ctx, `SELECT `+siteColumns+` FROM sites WHERE host = $1 OR host = '' ORDER BY host DESC LIMIT 1`, host)
	if err != nil {
		return nil, err
	}
	return site, nil
}

// SiteByID returns one site.
func (s *Store) SiteByID(ctx context.Context, id int64) (*content.Site, error) {
	return s.loadSite(ctx, `SELECT `+siteColumns+` FROM sites WHERE id = $1`, id)
}

func (s *Store) loadSite(ctx context.Context, query string, args ...any) (*content.Site, error) {
	site := &content.Site{Texts: map[string]content.SiteText{}}
	var policy, scope string
	err := s.q().queryRow(ctx, query, args...).Scan(&site.ID, &site.Host, &site.BaseURL, &site.DefaultLanguage,
		&site.TimeZone, &policy, &site.FeedFullContent, &scope, timeScan{&site.CreatedAt}, &site.CommentEmailRequired)
	if err != nil {
		return nil, classify(err)
	}
	site.CommentPolicy = content.CommentPolicy(policy)
	site.ViewsPerLanguage = scope == "language"
	rows, err := s.q().query(ctx, `SELECT code, name, direction, position, site_name, tagline, legal_notice, accessibility, footer, copyright
		FROM site_languages WHERE site_id = $1 ORDER BY position`, site.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var l content.Language
		var t content.SiteText
		var dir string
		if err := rows.Scan(&l.Code, &l.Name, &dir, &l.Position, &t.Name, &t.Tagline, &t.LegalNotice, &t.Accessibility, &t.Footer, &t.Copyright); err != nil {
			return nil, err
		}
		l.Direction = content.Direction(dir)
		site.Languages = append(site.Languages, l)
		site.Texts[l.Code] = t
	}
	return site, rows.Err()
}

// CountSites tells whether the install has been set up.
func (s *Store) CountSites(ctx context.Context) (int, error) {
	var n int
	err := s.q().queryRow(ctx, `SELECT count(*) FROM sites`).Scan(&n)
	return n, classify(err)
}

// mustAffect turns an UPDATE or DELETE that touched no row into ErrNotFound.
func mustAffect(res interface{ RowsAffected() (int64, error) }, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}
