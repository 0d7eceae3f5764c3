package store

import (
	"context"
	"fmt"
	"strings"

	"depeche/internal/content"
)

// PutRedirect records (or replaces) a permanent redirect from an old path
// of the site to a target, which is a path of the site or an absolute URL.
func (s *Store) PutRedirect(ctx context.Context, siteID int64, oldPath, target string) error {
	if !strings.HasPrefix(oldPath, "/") || target == "" || oldPath == target {
		return fmt.Errorf("redirect: %q → %q: the old path must start with / and differ from the target", oldPath, target)
	}
	_, err := s.q().exec(ctx, `INSERT INTO redirects (site_id, old_path, target, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (site_id, old_path) DO UPDATE SET target = excluded.target`, siteID, oldPath, target, s.now())
	return err
}

// DeleteRedirect removes one redirect.
func (s *Store) DeleteRedirect(ctx context.Context, siteID int64, oldPath string) error {
	res, err := s.q().exec(ctx, `DELETE FROM redirects WHERE site_id = $1 AND old_path = $2`, siteID, oldPath)
	return mustAffect(res, err)
}

// Redirect returns where an old path now leads.
func (s *Store) Redirect(ctx context.Context, siteID int64, oldPath string) (string, error) {
	var target string
	err := s.q().queryRow(ctx, `SELECT target FROM redirects WHERE site_id = $1 AND old_path = $2`, siteID, oldPath).Scan(&target)
	return target, classify(err)
}

// ArticleByOldSlug finds the article that once had a slug in a language.
func (s *Store) ArticleByOldSlug(ctx context.Context, siteID int64, lang, slug string) (*content.Article, error) {
	var id int64
	if err := s.q().queryRow(ctx, `SELECT article_id FROM article_old_slugs WHERE site_id = $1 AND language = $2 AND slug = $3`,
		siteID, lang, slug).Scan(&id); err != nil {
		return nil, classify(err)
	}
	return s.ArticleByID(ctx, siteID, id)
}

// ArticleByLegacyID finds an article by its id in the system it was
// imported from (SPIP's id_article).
func (s *Store) ArticleByLegacyID(ctx context.Context, siteID, legacyID int64) (*content.Article, error) {
	return s.loadArticle(ctx, `SELECT `+articleColumns+` FROM articles a WHERE a.site_id = $1 AND a.legacy_id = $2 ORDER BY a.id LIMIT 1`,
		siteID, legacyID)
}

// SectionByLegacyID finds a section by its imported id (SPIP's id_rubrique).
func (s *Store) SectionByLegacyID(ctx context.Context, siteID, legacyID int64) (*content.Section, error) {
	var id int64
	if err := s.q().queryRow(ctx, `SELECT id FROM sections WHERE site_id = $1 AND legacy_id = $2 ORDER BY id LIMIT 1`,
		siteID, legacyID).Scan(&id); err != nil {
		return nil, classify(err)
	}
	return s.SectionByID(ctx, siteID, id)
}

// KeywordByLegacyID finds a keyword by its imported id (SPIP's id_mot).
func (s *Store) KeywordByLegacyID(ctx context.Context, siteID, legacyID int64) (*content.Keyword, error) {
	var id int64
	if err := s.q().queryRow(ctx, `SELECT id FROM keywords WHERE site_id = $1 AND legacy_id = $2 ORDER BY id LIMIT 1`,
		siteID, legacyID).Scan(&id); err != nil {
		return nil, classify(err)
	}
	all, err := s.Keywords(ctx, siteID)
	if err != nil {
		return nil, err
	}
	if k, ok := all[id]; ok {
		return k, nil
	}
	return nil, ErrNotFound
}
