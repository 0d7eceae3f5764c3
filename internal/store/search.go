package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"depeche/internal/content"
	"depeche/internal/search"
)

// indexArticle (re)writes an article's entry in the full-text index, inside
// the transaction that changed the article, so the index never disagrees
// with what is stored. Every status is indexed; searches filter on
// visibility like every other public listing.
func (q q) indexArticle(ctx context.Context, a *content.Article) error {
	if _, err := q.exec(ctx, `DELETE FROM article_search WHERE rowid = $1`, a.ID); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return q.indexNewArticles(ctx, []*content.Article{a})
}

// indexNewArticles writes the entries of articles that have none yet, all
// in one statement per hundred: on SQLite, FTS5 writes out what it holds in
// memory at the start of every statement of a transaction, so an INSERT
// per article made one index segment per article, and merging those took
// nearly all of a bulk import's time (a profile of demo generate).
func (q q) indexNewArticles(ctx context.Context, list []*content.Article) error {
	const perStatement = 100
	rows := make([]any, 0, 4*min(len(list), perStatement))
	flush := func() error {
		if len(rows) == 0 {
			return nil
		}
		var values strings.Builder
		for i := 0; i < len(rows); i += 4 {
			if i > 0 {
				values.WriteString(", ")
			}
			fmt.Fprintf(&values, "($%d, $%d, $%d, $%d)", i+1, i+2, i+3, i+4)
		}
		if _, err := q.exec(ctx, `INSERT INTO article_search (rowid, lang, title, body) VALUES `+values.String(), rows...); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		rows = rows[:0]
		return nil
	}
	for _, a := range list {
		title, body, err := q.searchTerms(ctx, a)
		if err != nil {
			return err
		}
		rows = append(rows, a.ID, search.Terms("", a.Language), title, body)
		if len(rows) == 4*perStatement {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// searchTerms is what the index holds of an article: its titles, and its
// lead, text and keywords, analyzed in Go.
func (q q) searchTerms(ctx context.Context, a *content.Article) (title, body string, err error) {
	var keywords []string
	if len(a.KeywordIDs) > 0 {
		args := []any{a.Language}
		for _, id := range a.KeywordIDs {
			args = append(args, id)
		}
		rows, err := q.query(ctx, `SELECT title FROM keyword_texts WHERE language = $1 AND keyword_id IN (`+placeholders(2, len(a.KeywordIDs))+`)`, args...)
		if err != nil {
			return "", "", err
		}
		for rows.Next() {
			var t string
			if err := rows.Scan(&t); err != nil {
				rows.Close()
				return "", "", err
			}
			keywords = append(keywords, t)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return "", "", err
		}
	}
	title = search.Terms(a.Language, a.Surtitle+" "+a.Title+" "+a.Subtitle)
	body = search.Terms(a.Language, a.Lead+"\n"+search.MarkdownText(a.Body)+"\n"+strings.Join(keywords, "\n"))
	return title, body, nil
}

// indexMissing indexes articles that have no entry yet: those stored before
// the index existed. It runs after migrations.
func (s *Store) indexMissing(ctx context.Context) (int, error) {
	rows, err := s.q().query(ctx, `SELECT a.id, a.site_id FROM articles a WHERE a.id NOT IN (SELECT rowid FROM article_search)`)
	if err != nil {
		return 0, err
	}
	type ref struct{ id, site int64 }
	var missing []ref
	for rows.Next() {
		var r ref
		if err := rows.Scan(&r.id, &r.site); err != nil {
			rows.Close()
			return 0, err
		}
		missing = append(missing, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for start := 0; start < len(missing); start += 500 {
		batch := missing[start:min(start+500, len(missing))]
		err := s.tx(ctx, func(q q) error {
			list := make([]*content.Article, 0, len(batch))
			for _, r := range batch {
				a, err := s.ArticleByID(ctx, r.site, r.id)
				if err != nil {
					return err
				}
				list = append(list, a)
			}
			return q.indexNewArticles(ctx, list)
		})
		if err != nil {
			return start, err
		}
	}
	return len(missing), nil
}

// SearchQuery is a reader's search in one language.
type SearchQuery struct {
	SiteID   int64
	Language string
	Query    search.Query
	Now      time.Time
	Limit    int
	Offset   int
}

// MaxSearchResults bounds what a search counts and pages through: past a
// thousand results, readers refine their query rather than read on, and
// counting every match of a common word would cost every reader time.
const MaxSearchResults = 1000

// Search returns the public articles matching every term of the query:
// those whose title matches first, then the others, newest article first in
// each; and their number, up to MaxSearchResults. The query is analyzed in
// Go, so SQLite and PostgreSQL return the same articles in the same order.
func (s *Store) Search(ctx context.Context, sq SearchQuery) ([]*content.Article, int, error) {
	if sq.Query.Empty() {
		return nil, 0, nil
	}
	limit := sq.Limit
	if limit <= 0 || limit > 100 {
		limit = 10
	}
	offset := min(max(sq.Offset, 0), MaxSearchResults)
	limit = min(limit, MaxSearchResults-offset)
	var out []*content.Article
	total := 0
	for _, inTitle := range []bool{true, false} {
		from, phaseArgs, order := s.d.searchPhase(sq.Query, sq.Language, inTitle)
		args := append([]any{sq.SiteID, sq.Language}, phaseArgs...)
		now := len(args) + 1
		where := from + ` AND a.site_id = $1 AND a.language = $2 AND ` + publicFilter(now)
		args = append(args, sq.Now)
		var n int
		if err := s.q().queryRow(ctx, fmt.Sprintf(`SELECT count(*) FROM (SELECT 1 %s LIMIT %d) m`, where, MaxSearchResults-total), args...).
			Scan(&n); err != nil {
			return nil, 0, classify(err)
		}
		// This phase's share of the requested window.
		if limit > 0 && offset < total+n {
			skip := max(offset-total, 0)
			take := min(limit, n-skip)
			list, err := s.listArticles(ctx, fmt.Sprintf(`SELECT %s %s ORDER BY %s LIMIT %d OFFSET %d`, articleColumns, where, order, take, skip), args...)
			if err != nil {
				return nil, 0, err
			}
			out = append(out, list...)
			offset += len(list)
			limit -= len(list)
		}
		total += n
		if total >= MaxSearchResults {
			break
		}
	}
	return out, total, nil
}
