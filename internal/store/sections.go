package store

import (
	"context"
	"fmt"

	"depeche/internal/content"
)

// CreateSection stores a section and its per-language texts.
func (s *Store) CreateSection(ctx context.Context, sec *content.Section) (err error) {
	defer func() {
		if err == nil {
			s.announce(ctx, SiteTag(sec.SiteID))
		}
	}()
	if len(sec.Texts) == 0 {
		return fmt.Errorf("section: a title in at least one language is required")
	}
	return s.tx(ctx, func(q q) error {
		if sec.ParentID != 0 {
			var parentSite int64
			if err := q.queryRow(ctx, `SELECT site_id FROM sections WHERE id = $1`, sec.ParentID).Scan(&parentSite); err != nil {
				return fmt.Errorf("section parent %d: %w", sec.ParentID, classify(err))
			}
			if parentSite != sec.SiteID {
				return fmt.Errorf("section parent %d belongs to another site", sec.ParentID)
			}
		}
		if !sec.CommentPolicy.Valid() {
			return fmt.Errorf("section: unknown comment policy %q", sec.CommentPolicy)
		}
		id, err := q.insert(ctx, `INSERT INTO sections (site_id, parent_id, position, legacy_id, created_at, comment_policy)
			VALUES ($1, $2, $3, $4, $5, $6)`,
			sec.SiteID, nullID(sec.ParentID), sec.Position, nullID(sec.LegacyID), s.now(), string(sec.CommentPolicy))
		if err != nil {
			return fmt.Errorf("section: %w", err)
		}
		sec.ID = id
		for lang, t := range sec.Texts {
			if t.Title == "" || !content.ValidSlug(t.Slug) {
				return fmt.Errorf("section %s: title and a valid slug are required (got %q)", lang, t.Slug)
			}
			if _, err := q.exec(ctx, `INSERT INTO section_texts (section_id, site_id, language, slug, title, description)
				VALUES ($1, $2, $3, $4, $5, $6)`, id, sec.SiteID, lang, t.Slug, t.Title, t.Description); err != nil {
				return fmt.Errorf("section %s slug %q: %w", lang, t.Slug, err)
			}
		}
		return nil
	})
}

// Sections returns every section of a site, parents before children and
// siblings by position, with their texts in every language.
func (s *Store) Sections(ctx context.Context, siteID int64) ([]*content.Section, error) {
	rows, err := s.q().query(ctx, `SELECT s.id, s.site_id, COALESCE(s.parent_id, 0), s.position, COALESCE(s.legacy_id, 0), s.comment_policy,
		t.language, t.slug, t.title, t.description
		FROM sections s JOIN section_texts t ON t.section_id = s.id
		WHERE s.site_id = $1 ORDER BY s.position, s.id, t.language`, siteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byID := map[int64]*content.Section{}
	var flat []*content.Section
	for rows.Next() {
		var sec content.Section
		var lang string
		var t content.SectionText
		var policy string
		if err := rows.Scan(&sec.ID, &sec.SiteID, &sec.ParentID, &sec.Position, &sec.LegacyID, &policy, &lang, &t.Slug, &t.Title, &t.Description); err != nil {
			return nil, err
		}
		sec.CommentPolicy = content.CommentPolicy(policy)
		got, ok := byID[sec.ID]
		if !ok {
			got = &sec
			got.Texts = map[string]content.SectionText{}
			byID[sec.ID] = got
			flat = append(flat, got)
		}
		got.Texts[lang] = t
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return treeOrder(flat), nil
}

// treeOrder sorts sections depth-first so a parent always precedes its
// children; the input is already ordered by position.
func treeOrder(flat []*content.Section) []*content.Section {
	children := map[int64][]*content.Section{}
	present := map[int64]bool{}
	for _, s := range flat {
		present[s.ID] = true
	}
	for _, s := range flat {
		parent := s.ParentID
		if !present[parent] {
			parent = 0
		}
		children[parent] = append(children[parent], s)
	}
	out := make([]*content.Section, 0, len(flat))
	var walk func(id int64)
	walk = func(id int64) {
		for _, c := range children[id] {
			out = append(out, c)
			walk(c.ID)
		}
	}
	walk(0)
	return out
}

// SectionBySlug finds a section by its slug in one language.
func (s *Store) SectionBySlug(ctx context.Context, siteID int64, lang, slug string) (*content.Section, error) {
	var id int64
	err := s.q().queryRow(ctx, `SELECT section_id FROM section_texts WHERE site_id = $1 AND language = $2 AND slug = $3`,
		siteID, lang, slug).Scan(&id)
	if err != nil {
		return nil, classify(err)
	}
	return s.SectionByID(ctx, siteID, id)
}

// SectionByID returns one section of a site.
func (s *Store) SectionByID(ctx context.Context, siteID, id int64) (*content.Section, error) {
	all, err := s.Sections(ctx, siteID)
	if err != nil {
		return nil, err
	}
	for _, sec := range all {
		if sec.ID == id {
			return sec, nil
		}
	}
	return nil, ErrNotFound
}
