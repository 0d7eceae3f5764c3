package store

import (
	"context"
	"fmt"

	"depeche/internal/content"
)

// UpdateSection saves a section's place in the tree and its texts. A
// section cannot become its own ancestor.
func (s *Store) UpdateSection(ctx context.Context, sec *content.Section) (err error) {
	defer func() {
		if err == nil {
			s.announce(ctx, SiteTag(sec.SiteID))
		}
	}()
	if len(sec.Texts) == 0 {
		return fmt.Errorf("section: a title in at least one language is required")
	}
	if !sec.CommentPolicy.Valid() {
		return fmt.Errorf("section: unknown comment policy %q", sec.CommentPolicy)
	}
	return s.tx(ctx, func(q q) error {
		for parent := sec.ParentID; parent != 0; {
			if parent == sec.ID {
				return ErrCycle
			}
			var next int64
			if err := q.queryRow(ctx, `SELECT COALESCE(parent_id, 0) FROM sections WHERE id = $1 AND site_id = $2`, parent, sec.SiteID).Scan(&next); err != nil {
				return fmt.Errorf("section parent %d: %w", parent, classify(err))
			}
			parent = next
		}
		res, err := q.exec(ctx, `UPDATE sections SET parent_id = $1, position = $2, comment_policy = $3 WHERE id = $4 AND site_id = $5`,
			nullID(sec.ParentID), sec.Position, string(sec.CommentPolicy), sec.ID, sec.SiteID)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		if _, err := q.exec(ctx, `DELETE FROM section_texts WHERE section_id = $1`, sec.ID); err != nil {
			return err
		}
		for lang, t := range sec.Texts {
			if t.Title == "" || !content.ValidSlug(t.Slug) {
				return fmt.Errorf("section %s: title and a valid slug are required (got %q)", lang, t.Slug)
			}
			if _, err := q.exec(ctx, `INSERT INTO section_texts (section_id, site_id, language, slug, title, description)
				VALUES ($1, $2, $3, $4, $5, $6)`, sec.ID, sec.SiteID, lang, t.Slug, t.Title, t.Description); err != nil {
				return fmt.Errorf("section %s slug %q: %w", lang, t.Slug, err)
			}
		}
		return nil
	})
}

// ErrCycle refuses a move that would put a section inside itself.
var ErrCycle = fmt.Errorf("a section cannot be placed inside itself")

// ErrInUse refuses to delete something that content still uses.
var ErrInUse = fmt.Errorf("still in use")

// DeleteSection removes an empty section: one without articles or
// sub-sections.
func (s *Store) DeleteSection(ctx context.Context, siteID, id int64) (err error) {
	defer func() {
		if err == nil {
			s.announce(ctx, SiteTag(siteID))
		}
	}()
	return s.tx(ctx, func(q q) error {
		var n int
		if err := q.queryRow(ctx, `SELECT (SELECT count(*) FROM articles WHERE section_id = $1) + (SELECT count(*) FROM sections WHERE parent_id = $1)`, id).
			Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrInUse
		}
		res, err := q.exec(ctx, `DELETE FROM sections WHERE id = $1 AND site_id = $2`, id, siteID)
		return mustAffect(res, err)
	})
}

// UpdateKeyword saves a keyword's group and texts; articles follow, since
// their search entries include keyword titles.
func (s *Store) UpdateKeyword(ctx context.Context, k *content.Keyword) (err error) {
	defer func() {
		if err == nil {
			s.announce(ctx, SiteTag(k.SiteID))
		}
	}()
	if len(k.Texts) == 0 {
		return fmt.Errorf("keyword: a title in at least one language is required")
	}
	return s.tx(ctx, func(q q) error {
		res, err := q.exec(ctx, `UPDATE keywords SET group_id = $1 WHERE id = $2 AND site_id = $3`, nullID(k.GroupID), k.ID, k.SiteID)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		if _, err := q.exec(ctx, `DELETE FROM keyword_texts WHERE keyword_id = $1`, k.ID); err != nil {
			return err
		}
		for lang, t := range k.Texts {
			if t.Title == "" || !content.ValidSlug(t.Slug) {
				return fmt.Errorf("keyword %s: title and a valid slug are required (got %q)", lang, t.Slug)
			}
			if _, err := q.exec(ctx, `INSERT INTO keyword_texts (keyword_id, site_id, language, slug, title) VALUES ($1, $2, $3, $4, $5)`,
				k.ID, k.SiteID, lang, t.Slug, t.Title); err != nil {
				return fmt.Errorf("keyword %s slug %q: %w", lang, t.Slug, err)
			}
		}
		return q.reindexWhere(ctx, `id IN (SELECT article_id FROM article_keywords WHERE keyword_id = $1)`, k.ID)
	})
}

// DeleteKeyword removes a keyword from every article and deletes it.
func (s *Store) DeleteKeyword(ctx context.Context, siteID, id int64) (err error) {
	defer func() {
		if err == nil {
			s.announce(ctx, SiteTag(siteID))
		}
	}()
	return s.tx(ctx, func(q q) error {
		var ids []any
		rows, err := q.query(ctx, `SELECT article_id FROM article_keywords WHERE keyword_id = $1`, id)
		if err != nil {
			return err
		}
		for rows.Next() {
			var aid int64
			if err := rows.Scan(&aid); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, aid)
		}
		rows.Close()
		res, err := q.exec(ctx, `DELETE FROM keywords WHERE id = $1 AND site_id = $2`, id, siteID)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		return q.reindexWhere(ctx, `id IN (`+placeholders(1, len(ids))+`)`, ids...)
	})
}

// reindexWhere rebuilds the search entries of the articles matching a
// condition on the articles table, inside the current transaction.
func (q q) reindexWhere(ctx context.Context, cond string, args ...any) error {
	rows, err := q.query(ctx, `SELECT `+articleColumns+` FROM articles a WHERE a.`+cond, args...)
	if err != nil {
		return err
	}
	var list []*content.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			rows.Close()
			return err
		}
		list = append(list, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, a := range list {
		kr, err := q.query(ctx, `SELECT keyword_id FROM article_keywords WHERE article_id = $1`, a.ID)
		if err != nil {
			return err
		}
		for kr.Next() {
			var kid int64
			if err := kr.Scan(&kid); err != nil {
				kr.Close()
				return err
			}
			a.KeywordIDs = append(a.KeywordIDs, kid)
		}
		kr.Close()
		if err := q.indexArticle(ctx, a); err != nil {
			return err
		}
	}
	return nil
}
