package store

import (
	"context"
	"fmt"

	"depeche/internal/content"
)

// CreateMedia records an uploaded file and its per-language texts.
func (s *Store) CreateMedia(ctx context.Context, m *content.Media) error {
	if m.CreatedAt.IsZero() {
		m.CreatedAt = s.now()
	}
	return s.tx(ctx, func(q q) error {
		id, err := q.insert(ctx, `INSERT INTO media (site_id, path, mime_type, size, width, height, credit, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, m.SiteID, m.Path, m.MimeType, m.Size, m.Width, m.Height, m.Credit, m.CreatedAt)
		if err != nil {
			return fmt.Errorf("media %s: %w", m.Path, err)
		}
		m.ID = id
		for lang, t := range m.Texts {
			if _, err := q.exec(ctx, `INSERT INTO media_texts (media_id, language, alt, caption) VALUES ($1, $2, $3, $4)`,
				id, lang, t.Alt, t.Caption); err != nil {
				return err
			}
		}
		return nil
	})
}

// MediaByPath finds a media item by its path under the media root.
func (s *Store) MediaByPath(ctx context.Context, siteID int64, path string) (*content.Media, error) {
	m := &content.Media{Texts: map[string]content.MediaText{}}
	err := s.q().queryRow(ctx, `SELECT id, site_id, path, mime_type, size, width, height, credit, created_at
		FROM media WHERE site_id = $1 AND path = $2`, siteID, path).
		Scan(&m.ID, &m.SiteID, &m.Path, &m.MimeType, &m.Size, &m.Width, &m.Height, &m.Credit, timeScan{&m.CreatedAt})
	if err != nil {
		return nil, classify(err)
	}
	rows, err := s.q().query(ctx, `SELECT language, alt, caption FROM media_texts WHERE media_id = $1`, m.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var lang string
		var t content.MediaText
		if err := rows.Scan(&lang, &t.Alt, &t.Caption); err != nil {
			return nil, err
		}
		m.Texts[lang] = t
	}
	return m, rows.Err()
}
