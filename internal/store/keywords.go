package store

import (
	"context"
	"fmt"

	"depeche/internal/content"
)

// CreateKeywordGroup stores a keyword group with its titles.
func (s *Store) CreateKeywordGroup(ctx context.Context, g *content.KeywordGroup) error {
	return s.tx(ctx, func(q q) error {
		id, err := q.insert(ctx, `INSERT INTO keyword_groups (site_id, position) VALUES ($1, $2)`, g.SiteID, g.Position)
		if err != nil {
			return fmt.Errorf("keyword group: %w", err)
		}
		g.ID = id
		for lang, title := range g.Titles {
			if _, err := q.exec(ctx, `INSERT INTO keyword_group_texts (group_id, language, title) VALUES ($1, $2, $3)`, id, lang, title); err != nil {
				return fmt.Errorf("keyword group %s: %w", lang, err)
			}
		}
		return nil
	})
}

// CreateKeyword stores a keyword with its per-language titles and slugs.
func (s *Store) CreateKeyword(ctx context.Context, k *content.Keyword) (err error) {
	defer func() {
		if err == nil {
			s.announce(ctx, SiteTag(k.SiteID))
		}
	}()
	if len(k.Texts) == 0 {
		return fmt.Errorf("keyword: a title in at least one language is required")
	}
	return s.tx(ctx, func(q q) error {
		id, err := q.insert(ctx, `INSERT INTO keywords (site_id, group_id, legacy_id) VALUES ($1, $2, $3)`,
			k.SiteID, nullID(k.GroupID), nullID(k.LegacyID))
		if err != nil {
			return fmt.Errorf("keyword: %w", err)
		}
		k.ID = id
		for lang, t := range k.Texts {
			if t.Title == "" || !content.ValidSlug(t.Slug) {
				return fmt.Errorf("keyword %s: title and a valid slug are required (got %q)", lang, t.Slug)
			}
			if _, err := q.exec(ctx, `INSERT INTO keyword_texts (keyword_id, site_id, language, slug, title) VALUES ($1, $2, $3, $4, $5)`,
				id, k.SiteID, lang, t.Slug, t.Title); err != nil {
				return fmt.Errorf("keyword %s slug %q: %w", lang, t.Slug, err)
			}
		}
		return nil
	})
}

// Keywords returns a site's keywords with their texts, keyed by id.
func (s *Store) Keywords(ctx context.Context, siteID int64) (map[int64]*content.Keyword, error) {
	rows, err := s.q().query(ctx, `SELECT k.id, COALESCE(k.group_id, 0), COALESCE(k.legacy_id, 0), t.language, t.slug, t.title
		FROM keywords k JOIN keyword_texts t ON t.keyword_id = k.id WHERE k.site_id = $1`, siteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]*content.Keyword{}
	for rows.Next() {
		var id, group, legacy int64
		var lang string
		var t content.KeywordText
		if err := rows.Scan(&id, &group, &legacy, &lang, &t.Slug, &t.Title); err != nil {
			return nil, err
		}
		k, ok := out[id]
		if !ok {
			k = &content.Keyword{ID: id, SiteID: siteID, GroupID: group, LegacyID: legacy, Texts: map[string]content.KeywordText{}}
			out[id] = k
		}
		k.Texts[lang] = t
	}
	return out, rows.Err()
}

// KeywordBySlug finds a keyword by its slug in one language.
func (s *Store) KeywordBySlug(ctx context.Context, siteID int64, lang, slug string) (*content.Keyword, error) {
	var id int64
	if err := s.q().queryRow(ctx, `SELECT keyword_id FROM keyword_texts WHERE site_id = $1 AND language = $2 AND slug = $3`,
		siteID, lang, slug).Scan(&id); err != nil {
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
