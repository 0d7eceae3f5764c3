package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"depeche/internal/content"
)

// ErrStale is returned when an article changed since the caller read it:
// the save is refused rather than silently overwriting someone's work.
var ErrStale = errors.New("the article was changed by someone else since it was opened")

// CreateGroup starts a translation group.
func (s *Store) CreateGroup(ctx context.Context, g *content.TranslationGroup) error {
	if g.CreatedAt.IsZero() {
		g.CreatedAt = s.now()
	}
	id, err := s.q().insert(ctx, `INSERT INTO translation_groups (site_id, source_language, shared_comments, legacy_id, created_at)
		VALUES ($1, $2, $3, $4, $5)`, g.SiteID, g.SourceLanguage, g.SharedComments, nullID(g.LegacyID), g.CreatedAt)
	if err != nil {
		return fmt.Errorf("translation group: %w", err)
	}
	g.ID = id
	return nil
}

// CreateGroups starts many translation groups in one transaction.
func (s *Store) CreateGroups(ctx context.Context, groups []*content.TranslationGroup) error {
	now := s.now()
	return s.tx(ctx, func(q q) error {
		for _, g := range groups {
			if g.CreatedAt.IsZero() {
				g.CreatedAt = now
			}
			id, err := q.insert(ctx, `INSERT INTO translation_groups (site_id, source_language, shared_comments, legacy_id, created_at)
				VALUES ($1, $2, $3, $4, $5)`, g.SiteID, g.SourceLanguage, g.SharedComments, nullID(g.LegacyID), g.CreatedAt)
			if err != nil {
				return fmt.Errorf("translation group: %w", err)
			}
			g.ID = id
		}
		return nil
	})
}

// GroupByID returns a translation group of a site.
func (s *Store) GroupByID(ctx context.Context, siteID, id int64) (*content.TranslationGroup, error) {
	g := &content.TranslationGroup{}
	err := s.q().queryRow(ctx, `SELECT id, site_id, source_language, shared_comments, COALESCE(legacy_id, 0), created_at
		FROM translation_groups WHERE site_id = $1 AND id = $2`, siteID, id).
		Scan(&g.ID, &g.SiteID, &g.SourceLanguage, &g.SharedComments, &g.LegacyID, timeScan{&g.CreatedAt})
	if err != nil {
		return nil, classify(err)
	}
	return g, nil
}

// CreateArticle stores a new language version with its authors and keywords
// and keeps its first revision. A translation records the revision of the
// group's source version it was made from, unless the caller set it.
func (s *Store) CreateArticle(ctx context.Context, a *content.Article, editorID int64) (err error) {
	defer func() {
		if err == nil {
			s.announceArticle(ctx, a.ID, nil)
		}
	}()
	return s.tx(ctx, func(q q) error {
		if err := q.createArticle(ctx, a, editorID, s.now()); err != nil {
			return err
		}
		return q.indexNewArticles(ctx, []*content.Article{a})
	})
}

// ImportArticles creates many articles in one transaction: all of them or
// none. Importers use it, since one commit per article would spend most of
// its time waiting for the disk.
func (s *Store) ImportArticles(ctx context.Context, list []*content.Article, editorID int64) (err error) {
	defer func() {
		if err == nil && len(list) > 0 {
			s.announce(ctx, SiteTag(list[0].SiteID))
		}
	}()
	now := s.now()
	return s.tx(ctx, func(q q) error {
		for _, a := range list {
			if err := q.createArticle(ctx, a, editorID, now); err != nil {
				return err
			}
		}
		return q.indexNewArticles(ctx, list)
	})
}

func (q q) createArticle(ctx context.Context, a *content.Article, editorID int64, now time.Time) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if a.CreatedAt.IsZero() {
		a.CreatedAt = now
	}
	a.UpdatedAt = a.CreatedAt
	if a.Status == content.Published && a.PublishedAt.IsZero() {
		a.PublishedAt = now
	}
	a.Revision = 1
	var groupSite int64
	var sourceLang string
	if err := q.queryRow(ctx, `SELECT site_id, source_language FROM translation_groups WHERE id = $1`, a.GroupID).
		Scan(&groupSite, &sourceLang); err != nil {
		return fmt.Errorf("article: translation group %d: %w", a.GroupID, classify(err))
	}
	var sectionSite int64
	if err := q.queryRow(ctx, `SELECT site_id FROM sections WHERE id = $1`, a.SectionID).Scan(&sectionSite); err != nil {
		return fmt.Errorf("article: section %d: %w", a.SectionID, classify(err))
	}
	if groupSite != a.SiteID || sectionSite != a.SiteID {
		return fmt.Errorf("article: group and section must belong to site %d", a.SiteID)
	}
	if a.Language != sourceLang && a.SourceRevision == 0 {
		err := q.queryRow(ctx, `SELECT revision FROM articles WHERE group_id = $1 AND language = $2`, a.GroupID, sourceLang).
			Scan(&a.SourceRevision)
		if err != nil && classify(err) != ErrNotFound {
			return err
		}
	}
	id, err := q.insert(ctx, `INSERT INTO articles (site_id, group_id, section_id, language, slug, surtitle, title, subtitle,
		lead, body, place, status, comment_policy, revision, source_revision, view_count, legacy_id,
		created_at, updated_at, published_at, scheduled_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
		a.SiteID, a.GroupID, a.SectionID, a.Language, a.Slug, a.Surtitle, a.Title, a.Subtitle,
		a.Lead, a.Body, a.Place, string(a.Status), string(a.CommentPolicy), a.Revision, a.SourceRevision, a.ViewCount, nullID(a.LegacyID),
		a.CreatedAt, a.UpdatedAt, a.PublishedAt, a.ScheduledAt)
	if err != nil {
		return fmt.Errorf("article %s %q: %w", a.Language, a.Slug, err)
	}
	a.ID = id
	if err := q.putRevision(ctx, a, editorID, a.CreatedAt); err != nil {
		return err
	}
	// The caller indexes it, with the others of its transaction.
	return q.putArticleLinks(ctx, a)
}

// UpdateArticle saves changes to an article read at revision a.Revision. A
// change to its text makes a new revision; a change to anything else
// (section, keywords, place…) does not, so translations are flagged outdated
// only when there is something new to translate. ErrStale means someone
// else saved first.
func (s *Store) UpdateArticle(ctx context.Context, a *content.Article, editorID int64) (err error) {
	before := s.articleTags(ctx, a.ID)
	defer func() {
		if err == nil {
			s.announceArticle(ctx, a.ID, before)
		}
	}()
	if err := a.Validate(); err != nil {
		return err
	}
	now := s.now()
	return s.tx(ctx, func(q q) error {
		var old content.Article
		err := q.queryRow(ctx, `SELECT revision, slug, language, surtitle, title, subtitle, lead, body FROM articles WHERE id = $1 AND site_id = $2`,
			a.ID, a.SiteID).Scan(&old.Revision, &old.Slug, &old.Language, &old.Surtitle, &old.Title, &old.Subtitle, &old.Lead, &old.Body)
		if err != nil {
			return classify(err)
		}
		if old.Revision != a.Revision {
			return ErrStale
		}
		textChanged := old.Surtitle != a.Surtitle || old.Title != a.Title || old.Subtitle != a.Subtitle ||
			old.Lead != a.Lead || old.Body != a.Body
		next := a.Revision
		if textChanged {
			next++
		}
		// The schedule is Publish's and the scheduler's to change: a copy
		// read before the scheduler's claim would bring it back.
		res, err := q.exec(ctx, `UPDATE articles SET section_id = $1, slug = $2, surtitle = $3, title = $4, subtitle = $5, lead = $6,
			body = $7, place = $8, comment_policy = $9, revision = $10, updated_at = $11
			WHERE id = $12 AND revision = $13`,
			a.SectionID, a.Slug, a.Surtitle, a.Title, a.Subtitle, a.Lead, a.Body, a.Place, string(a.CommentPolicy), next, now,
			a.ID, a.Revision)
		if err := mustAffect(res, err); err != nil {
			if err == ErrNotFound {
				return ErrStale
			}
			return fmt.Errorf("article %d: %w", a.ID, err)
		}
		a.Revision, a.UpdatedAt = next, now
		if old.Slug != a.Slug {
			// The old address keeps leading here; a slug taken back frees its entry.
			if _, err := q.exec(ctx, `INSERT INTO article_old_slugs (site_id, language, slug, article_id) VALUES ($1, $2, $3, $4)
				ON CONFLICT (site_id, language, slug) DO UPDATE SET article_id = excluded.article_id`,
				a.SiteID, old.Language, old.Slug, a.ID); err != nil {
				return err
			}
			if _, err := q.exec(ctx, `DELETE FROM article_old_slugs WHERE site_id = $1 AND language = $2 AND slug = $3`,
				a.SiteID, old.Language, a.Slug); err != nil {
				return err
			}
		}
		if textChanged {
			if err := q.putRevision(ctx, a, editorID, now); err != nil {
				return err
			}
		}
		for _, stmt := range []string{`DELETE FROM article_authors WHERE article_id = $1`, `DELETE FROM article_keywords WHERE article_id = $1`} {
			if _, err := q.exec(ctx, stmt, a.ID); err != nil {
				return err
			}
		}
		if err := q.putArticleLinks(ctx, a); err != nil {
			return err
		}
		return q.indexArticle(ctx, a)
	})
}

func (q q) putRevision(ctx context.Context, a *content.Article, editorID int64, at time.Time) error {
	_, err := q.exec(ctx, `INSERT INTO article_revisions (article_id, revision, surtitle, title, subtitle, lead, body, author_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		a.ID, a.Revision, a.Surtitle, a.Title, a.Subtitle, a.Lead, a.Body, nullID(editorID), at)
	if err != nil {
		return fmt.Errorf("article %d revision %d: %w", a.ID, a.Revision, err)
	}
	return nil
}

func (q q) putArticleLinks(ctx context.Context, a *content.Article) error {
	for i, uid := range a.AuthorIDs {
		if _, err := q.exec(ctx, `INSERT INTO article_authors (article_id, user_id, position) VALUES ($1, $2, $3)`, a.ID, uid, i); err != nil {
			return fmt.Errorf("article %d author %d: %w", a.ID, uid, err)
		}
	}
	for _, kid := range a.KeywordIDs {
		var site int64
		if err := q.queryRow(ctx, `SELECT site_id FROM keywords WHERE id = $1`, kid).Scan(&site); err != nil || site != a.SiteID {
			return fmt.Errorf("article %d: keyword %d is not a keyword of this site", a.ID, kid)
		}
		if _, err := q.exec(ctx, `INSERT INTO article_keywords (article_id, keyword_id) VALUES ($1, $2)`, a.ID, kid); err != nil {
			return fmt.Errorf("article %d keyword %d: %w", a.ID, kid, err)
		}
	}
	return nil
}

// SetStatus moves an article along the workflow. Publishing stamps the
// publication date unless one is already set (a republished article keeps
// its original date).
func (s *Store) SetStatus(ctx context.Context, siteID, id int64, to content.Status) (err error) {
	before := s.articleTags(ctx, id)
	defer func() {
		if err == nil {
			s.announceArticle(ctx, id, before)
		}
	}()
	return s.tx(ctx, func(q q) error {
		var from string
		var published time.Time
		if err := q.queryRow(ctx, `SELECT status, published_at FROM articles WHERE id = $1 AND site_id = $2`, id, siteID).
			Scan(&from, timeScan{&published}); err != nil {
			return classify(err)
		}
		if !content.CanMove(content.Status(from), to) {
			return fmt.Errorf("article %d: cannot go from %s to %s", id, from, to)
		}
		if to == content.Published && published.IsZero() {
			published = s.now()
		}
		_, err := q.exec(ctx, `UPDATE articles SET status = $1, published_at = $2, updated_at = $3 WHERE id = $4`,
			string(to), published, s.now(), id)
		return err
	})
}

// MarkUpToDate records that a translation now reflects its source's current
// revision.
func (s *Store) MarkUpToDate(ctx context.Context, siteID, id int64) (err error) {
	defer func() {
		if err == nil {
			s.announceArticle(ctx, id, nil)
		}
	}()
	res, err := s.q().exec(ctx, `UPDATE articles SET source_revision = (
			SELECT src.revision FROM articles src JOIN translation_groups g ON g.id = src.group_id
			WHERE src.group_id = articles.group_id AND src.language = g.source_language)
		WHERE id = $1 AND site_id = $2 AND language <> (SELECT source_language FROM translation_groups WHERE id = articles.group_id)`,
		id, siteID)
	return mustAffect(res, err)
}

const articleColumns = `a.id, a.site_id, a.group_id, a.section_id, a.language, a.slug, a.surtitle, a.title, a.subtitle,
	a.lead, a.body, a.place, a.status, a.comment_policy, a.revision, a.source_revision, a.view_count, COALESCE(a.legacy_id, 0),
	a.created_at, a.updated_at, a.published_at, a.scheduled_at`

func scanArticle(row interface{ Scan(...any) error }) (*content.Article, error) {
	a := &content.Article{}
	var status, policy string
	err := row.Scan(&a.ID, &a.SiteID, &a.GroupID, &a.SectionID, &a.Language, &a.Slug, &a.Surtitle, &a.Title, &a.Subtitle,
		&a.Lead, &a.Body, &a.Place, &status, &policy, &a.Revision, &a.SourceRevision, &a.ViewCount, &a.LegacyID,
		timeScan{&a.CreatedAt}, timeScan{&a.UpdatedAt}, timeScan{&a.PublishedAt}, timeScan{&a.ScheduledAt})
	if err != nil {
		return nil, classify(err)
	}
	a.Status, a.CommentPolicy = content.Status(status), content.CommentPolicy(policy)
	return a, nil
}

// ArticleByID returns an article of a site, whatever its status.
func (s *Store) ArticleByID(ctx context.Context, siteID, id int64) (*content.Article, error) {
	return s.loadArticle(ctx, `SELECT `+articleColumns+` FROM articles a WHERE a.site_id = $1 AND a.id = $2`, siteID, id)
}

// ArticleBySlug returns the article with a slug in one language, whatever
// its status: the caller decides between showing it, 404 and 410.
func (s *Store) ArticleBySlug(ctx context.Context, siteID int64, lang, slug string) (*content.Article, error) {
	return s.loadArticle(ctx, `SELECT `+articleColumns+` FROM articles a WHERE a.site_id = $1 AND a.language = $2 AND a.slug = $3`,
		siteID, lang, slug)
}

func (s *Store) loadArticle(ctx context.Context, query string, args ...any) (*content.Article, error) {
	a, err := scanArticle(s.q().queryRow(ctx, query, args...))
	if err != nil {
		return nil, err
	}
	if err := s.loadLinks(ctx, []*content.Article{a}); err != nil {
		return nil, err
	}
	return a, nil
}

// GroupVersions returns every language version of a translation group,
// whatever its status, in language order.
func (s *Store) GroupVersions(ctx context.Context, siteID, groupID int64) ([]*content.Article, error) {
	return s.listArticles(ctx, `SELECT `+articleColumns+` FROM articles a WHERE a.site_id = $1 AND a.group_id = $2 ORDER BY a.language`,
		siteID, groupID)
}

// publicFilter is the SQL twin of content.Article.IsPublicAt; a test holds
// the two in agreement. arg is the placeholder number of the current time.
func publicFilter(arg int) string {
	return fmt.Sprintf("a.status = 'published' AND a.published_at IS NOT NULL AND a.published_at <= $%d", arg)
}

// ArticleQuery selects public articles for a listing page.
type ArticleQuery struct {
	SiteID    int64
	Language  string
	SectionID int64 // 0 for any
	KeywordID int64 // 0 for any
	AuthorID  int64 // 0 for any
	Now       time.Time
	Limit     int
	Offset    int
}

// PublicArticles lists the articles readers may see, newest first, and
// counts them all for pagination.
func (s *Store) PublicArticles(ctx context.Context, aq ArticleQuery) ([]*content.Article, int, error) {
	where := []string{"a.site_id = $1", "a.language = $2", publicFilter(3)}
	args := []any{aq.SiteID, aq.Language, aq.Now}
	if aq.SectionID != 0 {
		args = append(args, aq.SectionID)
		where = append(where, fmt.Sprintf("a.section_id = $%d", len(args)))
	}
	if aq.KeywordID != 0 {
		args = append(args, aq.KeywordID)
		where = append(where, fmt.Sprintf("a.id IN (SELECT article_id FROM article_keywords WHERE keyword_id = $%d)", len(args)))
	}
	if aq.AuthorID != 0 {
		args = append(args, aq.AuthorID)
		where = append(where, fmt.Sprintf("a.id IN (SELECT article_id FROM article_authors WHERE user_id = $%d)", len(args)))
	}
	limit := aq.Limit
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	return s.articlePage(ctx, where, args, "a.published_at DESC, a.id DESC", limit, aq.Offset)
}

// articlePage counts the articles matching every condition and returns one
// page of them in the given order.
func (s *Store) articlePage(ctx context.Context, where []string, args []any, order string, limit, offset int) ([]*content.Article, int, error) {
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.q().queryRow(ctx, `SELECT count(*) FROM articles a WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, classify(err)
	}
	args = append(args, limit, max(offset, 0))
	list, err := s.listArticles(ctx, fmt.Sprintf(`SELECT %s FROM articles a WHERE %s ORDER BY %s LIMIT $%d OFFSET $%d`,
		articleColumns, cond, order, len(args)-1, len(args)), args...)
	return list, total, err
}

func (s *Store) listArticles(ctx context.Context, query string, args ...any) ([]*content.Article, error) {
	rows, err := s.q().query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*content.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.loadLinks(ctx, out)
}

// loadLinks fills authors and keywords of several articles in two queries.
func (s *Store) loadLinks(ctx context.Context, list []*content.Article) error {
	if len(list) == 0 {
		return nil
	}
	byID := make(map[int64]*content.Article, len(list))
	ids := make([]any, len(list))
	for i, a := range list {
		byID[a.ID] = a
		ids[i] = a.ID
		a.AuthorIDs, a.KeywordIDs = nil, nil
	}
	in := placeholders(1, len(ids))
	rows, err := s.q().query(ctx, `SELECT article_id, user_id FROM article_authors WHERE article_id IN (`+in+`) ORDER BY article_id, position`, ids...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var aid, uid int64
		if err := rows.Scan(&aid, &uid); err != nil {
			rows.Close()
			return err
		}
		byID[aid].AuthorIDs = append(byID[aid].AuthorIDs, uid)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = s.q().query(ctx, `SELECT article_id, keyword_id FROM article_keywords WHERE article_id IN (`+in+`) ORDER BY article_id, keyword_id`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var aid, kid int64
		if err := rows.Scan(&aid, &kid); err != nil {
			return err
		}
		byID[aid].KeywordIDs = append(byID[aid].KeywordIDs, kid)
	}
	return rows.Err()
}

// placeholders returns "$from, $from+1, …" for n arguments.
func placeholders(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", from+i)
	}
	return b.String()
}

// Revision is the saved text of one revision of an article.
type Revision struct {
	ArticleID int64
	Number    int
	Surtitle  string
	Title     string
	Subtitle  string
	Lead      string
	Body      string
	AuthorID  int64
	CreatedAt time.Time
}

// ArticleRevision returns one saved revision of an article.
func (s *Store) ArticleRevision(ctx context.Context, articleID int64, number int) (*Revision, error) {
	r := &Revision{}
	err := s.q().queryRow(ctx, `SELECT article_id, revision, surtitle, title, subtitle, lead, body, COALESCE(author_id, 0), created_at
		FROM article_revisions WHERE article_id = $1 AND revision = $2`, articleID, number).
		Scan(&r.ArticleID, &r.Number, &r.Surtitle, &r.Title, &r.Subtitle, &r.Lead, &r.Body, &r.AuthorID, timeScan{&r.CreatedAt})
	if err != nil {
		return nil, classify(err)
	}
	return r, nil
}

// GroupViews sums the view counts of every version of a translation group.
func (s *Store) GroupViews(ctx context.Context, groupID int64) (int64, error) {
	var n int64
	err := s.q().queryRow(ctx, `SELECT COALESCE(SUM(view_count), 0) FROM articles WHERE group_id = $1`, groupID).Scan(&n)
	return n, classify(err)
}

// ArticleRevisions lists the saved revisions of an article, newest first,
// with the name of who saved each.
func (s *Store) ArticleRevisions(ctx context.Context, articleID int64) ([]Revision, error) {
	rows, err := s.q().query(ctx, `SELECT article_id, revision, surtitle, title, subtitle, lead, body, COALESCE(author_id, 0), created_at
		FROM article_revisions WHERE article_id = $1 ORDER BY revision DESC`, articleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Revision
	for rows.Next() {
		var r Revision
		if err := rows.Scan(&r.ArticleID, &r.Number, &r.Surtitle, &r.Title, &r.Subtitle, &r.Lead, &r.Body, &r.AuthorID, timeScan{&r.CreatedAt}); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
