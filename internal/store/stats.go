package store

import (
	"context"
	"sort"
	"time"

	"depeche/internal/stats"
)

// AddStats adds a batch of counts to the aggregates, and article views to
// the articles' counters, in one transaction. Every process adds its own
// increments, so none is lost when several flush at once.
func (s *Store) AddStats(ctx context.Context, b stats.Batch) error {
	if b.Empty() {
		return nil
	}
	return s.tx(ctx, func(q q) error {
		for _, p := range b.Pages {
			if _, err := q.exec(ctx, `INSERT INTO stats_pages (day, site_id, path, language, article_id, group_id, views)
				VALUES ($1, $2, $3, $4, $5, $6, $7)
				ON CONFLICT (day, site_id, path, language) DO UPDATE SET views = stats_pages.views + excluded.views`,
				p.Day, p.SiteID, p.Path, p.Language, p.ArticleID, p.GroupID, p.Views); err != nil {
				return err
			}
			if p.ArticleID != 0 {
				if _, err := q.exec(ctx, `UPDATE articles SET view_count = view_count + $1 WHERE id = $2 AND site_id = $3`,
					p.Views, p.ArticleID, p.SiteID); err != nil {
					return err
				}
			}
		}
		for _, v := range b.Visitors {
			if _, err := q.exec(ctx, `INSERT INTO stats_visitors (day, site_id, visitors) VALUES ($1, $2, $3)
				ON CONFLICT (day, site_id) DO UPDATE SET visitors = stats_visitors.visitors + excluded.visitors`,
				v.Day, v.SiteID, v.Visitors); err != nil {
				return err
			}
		}
		for kind, rows := range map[string][]stats.KeyCount{"referrer": b.Referrers, "language": b.Languages, "device": b.Devices} {
			for _, k := range rows {
				if _, err := q.exec(ctx, `INSERT INTO stats_keys (day, site_id, kind, key, count) VALUES ($1, $2, $3, $4, $5)
					ON CONFLICT (day, site_id, kind, key) DO UPDATE SET count = stats_keys.count + excluded.count`,
					k.Day, k.SiteID, kind, k.Key, k.Count); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// DayCount is one day's figure.
type DayCount struct {
	Day   string
	Count int64
}

// DailyViews and DailyVisitors give a site's figures per day between two
// days ("2026-11-01"), inclusive.
func (s *Store) DailyViews(ctx context.Context, siteID int64, from, to string) ([]DayCount, error) {
	return s.dayCounts(ctx, `SELECT day, SUM(views) FROM stats_pages WHERE site_id = $1 AND day >= $2 AND day <= $3 GROUP BY day ORDER BY day`, siteID, from, to)
}

func (s *Store) DailyVisitors(ctx context.Context, siteID int64, from, to string) ([]DayCount, error) {
	return s.dayCounts(ctx, `SELECT day, visitors FROM stats_visitors WHERE site_id = $1 AND day >= $2 AND day <= $3 ORDER BY day`, siteID, from, to)
}

func (s *Store) dayCounts(ctx context.Context, query string, args ...any) ([]DayCount, error) {
	rows, err := s.q().query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DayCount
	for rows.Next() {
		var d DayCount
		if err := rows.Scan(&d.Day, &d.Count); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DeleteStatsBefore removes aggregates older than a day, for retention.
func (s *Store) DeleteStatsBefore(ctx context.Context, day string) error {
	return s.tx(ctx, func(q q) error {
		for _, t := range []string{"stats_pages", "stats_visitors", "stats_keys"} {
			if _, err := q.exec(ctx, `DELETE FROM `+t+` WHERE day < $1`, day); err != nil {
				return err
			}
		}
		return nil
	})
}

// MonthCount is one month's audience.
type MonthCount struct {
	Month    string // "2026-11"
	Views    int64
	Visitors int64
}

// MonthlyAudience sums daily aggregates per month between two days.
func (s *Store) MonthlyAudience(ctx context.Context, siteID int64, from, to string) ([]MonthCount, error) {
	months := map[string]*MonthCount{}
	var order []string
	add := func(rows []DayCount, views bool) {
		for _, d := range rows {
			m := d.Day[:7]
			mc, ok := months[m]
			if !ok {
				mc = &MonthCount{Month: m}
				months[m] = mc
				order = append(order, m)
			}
			if views {
				mc.Views += d.Count
			} else {
				mc.Visitors += d.Count
			}
		}
	}
	views, err := s.DailyViews(ctx, siteID, from, to)
	if err != nil {
		return nil, err
	}
	visitors, err := s.DailyVisitors(ctx, siteID, from, to)
	if err != nil {
		return nil, err
	}
	add(views, true)
	add(visitors, false)
	sort.Strings(order)
	out := make([]MonthCount, len(order))
	for i, m := range order {
		out[i] = *months[m]
	}
	return out, nil
}

// MostReadGroup is the translation group with the most views between two
// days, with its views; ErrNotFound when nothing was read.
func (s *Store) MostReadGroup(ctx context.Context, siteID int64, from, to string) (int64, int64, error) {
	var group, views int64
	err := s.q().queryRow(ctx, `SELECT group_id, SUM(views) AS v FROM stats_pages WHERE site_id = $1 AND day >= $2 AND day <= $3 AND group_id <> 0
		GROUP BY group_id ORDER BY v DESC, group_id LIMIT 1`, siteID, from, to).Scan(&group, &views)
	return group, views, classify(err)
}

// LanguageCount is how many public articles a language has, and how many of
// them are translations.
type LanguageCount struct {
	Language     string
	Articles     int64
	Translations int64
}

// PublicArticlesPerLanguage counts what readers can see in each language.
func (s *Store) PublicArticlesPerLanguage(ctx context.Context, siteID int64, now time.Time) ([]LanguageCount, error) {
	rows, err := s.q().query(ctx, `SELECT a.language, count(*), SUM(CASE WHEN a.language <> g.source_language THEN 1 ELSE 0 END)
		FROM articles a JOIN translation_groups g ON g.id = a.group_id
		WHERE a.site_id = $1 AND `+publicFilter(2)+` GROUP BY a.language ORDER BY a.language`, siteID, now)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LanguageCount
	for rows.Next() {
		var l LanguageCount
		if err := rows.Scan(&l.Language, &l.Articles, &l.Translations); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// PublishedComments counts the published comments of a site.
func (s *Store) PublishedComments(ctx context.Context, siteID int64) (int64, error) {
	var n int64
	err := s.q().queryRow(ctx, `SELECT count(*) FROM comments WHERE site_id = $1 AND status = 'published'`, siteID).Scan(&n)
	return n, classify(err)
}

// GroupViews is a translation group's views with the share of each language.
type GroupViews struct {
	GroupID    int64
	Views      int64
	ByLanguage map[string]int64
}

// TopGroups ranks translation groups by views between two days.
func (s *Store) TopGroups(ctx context.Context, siteID int64, from, to string, limit int) ([]GroupViews, error) {
	rows, err := s.q().query(ctx, `SELECT group_id, language, SUM(views) FROM stats_pages
		WHERE site_id = $1 AND day >= $2 AND day <= $3 AND group_id <> 0 GROUP BY group_id, language`, siteID, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byGroup := map[int64]*GroupViews{}
	for rows.Next() {
		var g int64
		var lang string
		var n int64
		if err := rows.Scan(&g, &lang, &n); err != nil {
			return nil, err
		}
		gv, ok := byGroup[g]
		if !ok {
			gv = &GroupViews{GroupID: g, ByLanguage: map[string]int64{}}
			byGroup[g] = gv
		}
		gv.Views += n
		gv.ByLanguage[lang] += n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]GroupViews, 0, len(byGroup))
	for _, gv := range byGroup {
		out = append(out, *gv)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Views != out[j].Views {
			return out[i].Views > out[j].Views
		}
		return out[i].GroupID < out[j].GroupID
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// KeyTotal is a referrer host, a language or a device class with its count.
type KeyTotal struct {
	Key   string
	Count int64
}

// KeyTotals sums one kind of key ("referrer", "language", "device")
// between two days, largest first.
func (s *Store) KeyTotals(ctx context.Context, siteID int64, kind, from, to string, limit int) ([]KeyTotal, error) {
	rows, err := s.q().query(ctx, `SELECT key, SUM(count) AS n FROM stats_keys WHERE site_id = $1 AND kind = $2 AND day >= $3 AND day <= $4
		GROUP BY key ORDER BY n DESC, key LIMIT $5`, siteID, kind, from, to, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []KeyTotal
	for rows.Next() {
		var k KeyTotal
		if err := rows.Scan(&k.Key, &k.Count); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}
