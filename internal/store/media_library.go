package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"depeche/internal/content"
)

// mediaColumns are the media table's columns in the order scanMedia reads.
const mediaColumns = `id, site_id, path, mime_type, size, width, height, credit, created_at`

func scanMedia(row interface{ Scan(...any) error }) (*content.Media, error) {
	m := &content.Media{Texts: map[string]content.MediaText{}}
	err := row.Scan(&m.ID, &m.SiteID, &m.Path, &m.MimeType, &m.Size, &m.Width, &m.Height, &m.Credit, timeScan{&m.CreatedAt})
	if err != nil {
		return nil, classify(err)
	}
	return m, nil
}

// MediaList lists a site's media library, newest first, with each item's
// per-language texts, and the number of items in the whole library. A
// limit outside 1–200 means 50.
func (s *Store) MediaList(ctx context.Context, siteID int64, limit, offset int) ([]*content.Media, int, error) {
	var total int
	if err := s.q().queryRow(ctx, `SELECT count(*) FROM media WHERE site_id = $1`, siteID).Scan(&total); err != nil {
		return nil, 0, classify(err)
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := s.q().query(ctx, `SELECT `+mediaColumns+` FROM media WHERE site_id = $1
		ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`, siteID, limit, max(offset, 0))
	if err != nil {
		return nil, 0, err
	}
	var list []*content.Media
	for rows.Next() {
		m, err := scanMedia(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		list = append(list, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if err := s.q().mediaTexts(ctx, list); err != nil {
		return nil, 0, err
	}
	return list, total, nil
}

// MediaByID returns one item of a site's media library with its texts.
func (s *Store) MediaByID(ctx context.Context, siteID, id int64) (*content.Media, error) {
	m, err := scanMedia(s.q().queryRow(ctx, `SELECT `+mediaColumns+` FROM media WHERE site_id = $1 AND id = $2`, siteID, id))
	if err != nil {
		return nil, err
	}
	if err := s.q().mediaTexts(ctx, []*content.Media{m}); err != nil {
		return nil, err
	}
	return m, nil
}

// mediaTexts fills the Texts of the given items in one query.
func (q q) mediaTexts(ctx context.Context, list []*content.Media) error {
	if len(list) == 0 {
		return nil
	}
	byID := make(map[int64]*content.Media, len(list))
	marks := make([]string, len(list))
	args := make([]any, len(list))
	for i, m := range list {
		byID[m.ID] = m
		marks[i] = fmt.Sprintf("$%d", i+1)
		args[i] = m.ID
	}
	rows, err := q.query(ctx, `SELECT media_id, language, alt, caption FROM media_texts
		WHERE media_id IN (`+strings.Join(marks, ", ")+`)`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var lang string
		var t content.MediaText
		if err := rows.Scan(&id, &lang, &t.Alt, &t.Caption); err != nil {
			return err
		}
		if m := byID[id]; m != nil {
			m.Texts[lang] = t
		}
	}
	return rows.Err()
}

// UpdateMediaTexts saves an item's credit and replaces its per-language
// texts with texts, in one transaction. A language whose alt and caption
// are both empty gets no row. ErrNotFound when the site has no such item.
func (s *Store) UpdateMediaTexts(ctx context.Context, siteID, id int64, credit string, texts map[string]content.MediaText) (err error) {
	defer func() {
		if err == nil {
			s.announce(ctx, SiteTag(siteID))
		}
	}()
	langs := make([]string, 0, len(texts))
	for lang := range texts {
		langs = append(langs, lang)
	}
	slices.Sort(langs) // a stable order of writes
	return s.tx(ctx, func(q q) error {
		res, err := q.exec(ctx, `UPDATE media SET credit = $1 WHERE site_id = $2 AND id = $3`, credit, siteID, id)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		if _, err := q.exec(ctx, `DELETE FROM media_texts WHERE media_id = $1`, id); err != nil {
			return err
		}
		for _, lang := range langs {
			t := texts[lang]
			if t.Alt == "" && t.Caption == "" {
				continue
			}
			if _, err := q.exec(ctx, `INSERT INTO media_texts (media_id, language, alt, caption) VALUES ($1, $2, $3, $4)`,
				id, lang, t.Alt, t.Caption); err != nil {
				return fmt.Errorf("media %d text %s: %w", id, lang, err)
			}
		}
		return nil
	})
}

// DeleteMedia removes an item of a site's library and its texts. It
// returns the item's path and whether another row, of any site, still
// refers to the same file: the caller removes the files only when it does
// not. ErrNotFound when the site has no such item.
func (s *Store) DeleteMedia(ctx context.Context, siteID, id int64) (path string, stillUsed bool, err error) {
	err = s.tx(ctx, func(q q) error {
		if err := q.queryRow(ctx, `SELECT path FROM media WHERE site_id = $1 AND id = $2`, siteID, id).Scan(&path); err != nil {
			return classify(err)
		}
		if _, err := q.exec(ctx, `DELETE FROM media_texts WHERE media_id = $1`, id); err != nil {
			return err
		}
		res, err := q.exec(ctx, `DELETE FROM media WHERE site_id = $1 AND id = $2`, siteID, id)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		var others int
		if err := q.queryRow(ctx, `SELECT count(*) FROM media WHERE path = $1`, path).Scan(&others); err != nil {
			return classify(err)
		}
		stillUsed = others > 0
		return nil
	})
	if err != nil {
		return "", false, err
	}
	return path, stillUsed, nil
}
