package store

import (
	"context"
	"fmt"

	"depeche/internal/content"
)

// KeywordGroups returns a site's keyword groups by position, then by id,
// with their titles in every language they have one in.
func (s *Store) KeywordGroups(ctx context.Context, siteID int64) ([]*content.KeywordGroup, error) {
	rows, err := s.q().query(ctx, `SELECT g.id, g.position, COALESCE(t.language, ''), COALESCE(t.title, '')
		FROM keyword_groups g LEFT JOIN keyword_group_texts t ON t.group_id = g.id
		WHERE g.site_id = $1 ORDER BY g.position, g.id, t.language`, siteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*content.KeywordGroup
	byID := map[int64]*content.KeywordGroup{}
	for rows.Next() {
		var id int64
		var position int
		var lang, title string
		if err := rows.Scan(&id, &position, &lang, &title); err != nil {
			return nil, err
		}
		g, ok := byID[id]
		if !ok {
			g = &content.KeywordGroup{ID: id, SiteID: siteID, Position: position, Titles: map[string]string{}}
			byID[id] = g
			list = append(list, g)
		}
		if lang != "" {
			g.Titles[lang] = title
		}
	}
	return list, rows.Err()
}

// KeywordGroupByID returns one keyword group of a site.
func (s *Store) KeywordGroupByID(ctx context.Context, siteID, id int64) (*content.KeywordGroup, error) {
	all, err := s.KeywordGroups(ctx, siteID)
	if err != nil {
		return nil, err
	}
	for _, g := range all {
		if g.ID == id {
			return g, nil
		}
	}
	return nil, ErrNotFound
}

// UpdateKeywordGroup saves a group's position and replaces its titles.
// Keyword titles, not group titles, go into the search index, so no
// article changes.
func (s *Store) UpdateKeywordGroup(ctx context.Context, g *content.KeywordGroup) (err error) {
	defer func() {
		if err == nil {
			s.announce(ctx, SiteTag(g.SiteID))
		}
	}()
	if len(g.Titles) == 0 {
		return fmt.Errorf("keyword group: a title in at least one language is required")
	}
	return s.tx(ctx, func(q q) error {
		res, err := q.exec(ctx, `UPDATE keyword_groups SET position = $1 WHERE id = $2 AND site_id = $3`, g.Position, g.ID, g.SiteID)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		if _, err := q.exec(ctx, `DELETE FROM keyword_group_texts WHERE group_id = $1`, g.ID); err != nil {
			return err
		}
		for lang, title := range g.Titles {
			if title == "" {
				return fmt.Errorf("keyword group %s: empty title", lang)
			}
			if _, err := q.exec(ctx, `INSERT INTO keyword_group_texts (group_id, language, title) VALUES ($1, $2, $3)`, g.ID, lang, title); err != nil {
				return fmt.Errorf("keyword group %s: %w", lang, err)
			}
		}
		return nil
	})
}

// DeleteKeywordGroup removes an empty keyword group; one that still holds
// keywords is refused with ErrInUse.
func (s *Store) DeleteKeywordGroup(ctx context.Context, siteID, id int64) (err error) {
	defer func() {
		if err == nil {
			s.announce(ctx, SiteTag(siteID))
		}
	}()
	return s.tx(ctx, func(q q) error {
		var found int64
		if err := q.queryRow(ctx, `SELECT id FROM keyword_groups WHERE id = $1 AND site_id = $2`, id, siteID).Scan(&found); err != nil {
			return classify(err)
		}
		var n int
		if err := q.queryRow(ctx, `SELECT count(*) FROM keywords WHERE group_id = $1`, id).Scan(&n); err != nil {
			return classify(err)
		}
		if n > 0 {
			return ErrInUse
		}
		res, err := q.exec(ctx, `DELETE FROM keyword_groups WHERE id = $1 AND site_id = $2`, id, siteID)
		return mustAffect(res, err)
	})
}
