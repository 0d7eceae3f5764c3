package store

import (
	"context"
	"strconv"
)

// Tags name what a cached page was built from (see changes.go). Writes
// announce the tags of what they touched, after their commit.

// SiteTag covers everything a site shows: its settings, sections, keywords,
// people and media appear on every page.
func SiteTag(siteID int64) string { return "site:" + strconv.FormatInt(siteID, 10) }

// GroupTag covers the pages of one translation group's versions (the
// language menu links them all) and their comment threads.
func GroupTag(groupID int64) string { return "group:" + strconv.FormatInt(groupID, 10) }

func tag(kind string, id int64) string { return kind + ":" + strconv.FormatInt(id, 10) }

// articleTags lists what shows an article: its group's pages, its section's
// page and those above it, its keywords' and authors' pages, the home
// pages, feeds and sitemaps. Nothing else lists an article.
func (s *Store) articleTags(ctx context.Context, articleID int64) []string {
	var group, section int64
	if err := s.q().queryRow(ctx, `SELECT group_id, section_id FROM articles WHERE id = $1`, articleID).Scan(&group, &section); err != nil {
		return nil
	}
	tags := []string{GroupTag(group), "home", "feeds", "sitemap"}
	for depth := 0; section != 0 && depth < 64; depth++ {
		tags = append(tags, tag("section", section))
		var parent int64
		if err := s.q().queryRow(ctx, `SELECT COALESCE(parent_id, 0) FROM sections WHERE id = $1`, section).Scan(&parent); err != nil {
			break
		}
		section = parent
	}
	for _, link := range []struct{ kind, query string }{
		{"keyword", `SELECT keyword_id FROM article_keywords WHERE article_id = $1`},
		{"author", `SELECT user_id FROM article_authors WHERE article_id = $1`},
	} {
		rows, err := s.q().query(ctx, link.query, articleID)
		if err != nil {
			continue
		}
		for rows.Next() {
			var id int64
			if rows.Scan(&id) == nil {
				tags = append(tags, tag(link.kind, id))
			}
		}
		rows.Close()
	}
	return tags
}

// announceArticle tells caches an article changed, with what listed it
// before the change (before) and what lists it now.
func (s *Store) announceArticle(ctx context.Context, articleID int64, before []string) {
	tags := append(before, s.articleTags(ctx, articleID)...)
	// The write is committed: a failed notification must not turn it into
	// an error. Other processes then catch up when their copies expire.
	_ = s.Announce(ctx, dedupe(tags)...)
}

// announce tells caches about a committed change, ignoring notification
// failures for the same reason.
func (s *Store) announce(ctx context.Context, tags ...string) { _ = s.Announce(ctx, dedupe(tags)...) }

func dedupe(tags []string) []string {
	seen := make(map[string]bool, len(tags))
	out := tags[:0:0]
	for _, t := range tags {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// announceComments tells caches the threads holding these comments changed:
// only their articles' pages (and comment feeds) show them.
func (s *Store) announceComments(ctx context.Context, ids []int64) {
	var tags []string
	for _, id := range ids {
		var group int64
		if err := s.q().queryRow(ctx, `SELECT group_id FROM comments WHERE id = $1`, id).Scan(&group); err == nil {
			tags = append(tags, GroupTag(group))
		}
	}
	s.announce(ctx, tags...)
}

// commenterGroups lists the threads a commenter wrote in, before an erase.
func (s *Store) commenterGroups(ctx context.Context, siteID int64, email string) []string {
	rows, err := s.q().query(ctx, `SELECT DISTINCT group_id FROM comments WHERE site_id = $1 AND lower(author_email) = lower($2)`, siteID, email)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var tags []string
	for rows.Next() {
		var g int64
		if rows.Scan(&g) == nil {
			tags = append(tags, GroupTag(g))
		}
	}
	return tags
}
