package site

import (
	"errors"
	"net/http"
	"strconv"

	"depeche/internal/i18n"
	"depeche/internal/store"
)

const perPage = 10

type teaser struct {
	Lang, Surtitle, Title, Href string
	Date, DateISO, Section      string
	Lead                        string
}

type pagination struct {
	L           *i18n.Localizer
	Page, Pages int
	Prev, Next  string
}

type listView struct {
	tags                        []string // what the list depends on (see dependsOn)
	Heading, Intro, ListHeading string
	Children                    []link
	Articles                    []teaser
	Pagination                  pagination
}

type homeView struct {
	Heading    string
	Articles   []teaser
	Sections   []sectionEntry
	Pagination pagination
}

type sectionEntry struct{ Title, Href, Description string }

// listArticles loads one page of public articles and their teasers.
func (s *Site) listArticles(r *request, q store.ArticleQuery, base string) ([]teaser, pagination, error) {
	page := r.page()
	q.SiteID, q.Language, q.Now, q.Limit, q.Offset = r.site.ID, r.lang, s.now(), perPage, (page-1)*perPage
	list, total, err := s.store.PublicArticles(r.ctx(), q)
	if err != nil {
		return nil, pagination{}, err
	}
	sections, err := s.sections(r)
	if err != nil {
		return nil, pagination{}, err
	}
	titles := map[int64]string{}
	for _, sec := range sections {
		titles[sec.ID] = sec.Texts[r.lang].Title
	}
	loc := r.site.Location()
	out := make([]teaser, len(list))
	for i, a := range list {
		out[i] = teaser{Lang: a.Language, Surtitle: typo(r, a.Surtitle), Title: typo(r, a.Title), Href: articlePath(a.Language, a.Slug),
			Date: r.L.Date(a.PublishedAt.In(loc)), DateISO: r.L.ISODate(a.PublishedAt.In(loc)), Section: titles[a.SectionID], Lead: typo(r, a.Lead)}
	}
	pages := max(1, (total+perPage-1)/perPage)
	p := pagination{L: r.L, Page: page, Pages: pages}
	if page > 1 {
		p.Prev = withPage(base, page-1)
	}
	if page < pages {
		p.Next = withPage(base, page+1)
	}
	return out, p, nil
}

func (s *Site) home(w http.ResponseWriter, r *request) {
	teasers, pg, err := s.listArticles(r, store.ArticleQuery{}, homePath(r.lang))
	if err != nil {
		s.serverError(w, r.Request, err)
		return
	}
	if pg.Page > pg.Pages {
		s.errorPage(w, r, http.StatusNotFound)
		return
	}
	sections, err := s.sections(r)
	if err != nil {
		s.serverError(w, r.Request, err)
		return
	}
	v := homeView{Heading: r.site.Texts[r.lang].Name, Articles: teasers, Pagination: pg}
	for _, sec := range sections {
		if t, ok := sec.Texts[r.lang]; ok && sec.ParentID == 0 {
			v.Sections = append(v.Sections, sectionEntry{Title: t.Title, Href: objectPath(r.lang, kindSection, t.Slug), Description: t.Description})
		}
	}
	vs := variants{}
	for _, l := range r.site.Languages {
		vs[l.Code] = homePath(l.Code)
	}
	lo := s.newLayout(r, "", vs)
	lo.Description = r.site.Texts[r.lang].Tagline
	if pg.Page > 1 {
		lo.Title = r.L.T("pagination.page", pg.Page, pg.Pages)
	}
	lo.Main = v
	lo.tags = []string{"home"}
	s.render(w, r, http.StatusOK, "home", lo)
}

func (s *Site) section(w http.ResponseWriter, r *request, slug string) {
	sec, err := s.store.SectionBySlug(r.ctx(), r.site.ID, r.lang, slug)
	if err != nil {
		s.lookupFailed(w, r, err)
		return
	}
	all, err := s.sections(r)
	if err != nil {
		s.serverError(w, r.Request, err)
		return
	}
	t := sec.Texts[r.lang]
	v := listView{Heading: t.Title, Intro: t.Description, ListHeading: r.L.T("section.articles"), tags: []string{"section:" + strconv.FormatInt(sec.ID, 10)}}
	for _, c := range all {
		if ct, ok := c.Texts[r.lang]; ok && c.ParentID == sec.ID {
			v.Children = append(v.Children, link{Text: ct.Title, Href: objectPath(r.lang, kindSection, ct.Slug)})
		}
	}
	s.renderList(w, r, v, store.ArticleQuery{SectionID: sec.ID}, kindSection, func(lang string) (string, bool) {
		st, ok := sec.Texts[lang]
		return st.Slug, ok
	})
}

func (s *Site) keyword(w http.ResponseWriter, r *request, slug string) {
	k, err := s.store.KeywordBySlug(r.ctx(), r.site.ID, r.lang, slug)
	if err != nil {
		s.lookupFailed(w, r, err)
		return
	}
	v := listView{Heading: r.L.T("keyword.title", k.Texts[r.lang].Title), ListHeading: r.L.T("home.latest"), tags: []string{"keyword:" + strconv.FormatInt(k.ID, 10)}}
	s.renderList(w, r, v, store.ArticleQuery{KeywordID: k.ID}, kindKeyword, func(lang string) (string, bool) {
		kt, ok := k.Texts[lang]
		return kt.Slug, ok
	})
}

func (s *Site) author(w http.ResponseWriter, r *request, slug string) {
	u, err := s.store.UserBySlug(r.ctx(), slug)
	if err != nil {
		s.lookupFailed(w, r, err)
		return
	}
	v := listView{Heading: u.DisplayName, Intro: u.Bio[r.lang], ListHeading: r.L.T("author.articles", u.DisplayName), tags: []string{"author:" + strconv.FormatInt(u.ID, 10)}}
	q := store.ArticleQuery{AuthorID: u.ID}
	// A person with no public article has no public page: accounts of
	// moderators and administrators are nobody's business.
	if _, total, err := s.store.PublicArticles(r.ctx(), store.ArticleQuery{SiteID: r.site.ID, Language: r.lang, AuthorID: u.ID, Now: s.now(), Limit: 1}); err != nil || total == 0 {
		s.lookupFailed(w, r, store.ErrNotFound)
		return
	}
	s.renderList(w, r, v, q, kindAuthor, func(string) (string, bool) { return u.Slug, true })
}

// renderList shows a paginated listing whose object has a slug per language.
func (s *Site) renderList(w http.ResponseWriter, r *request, v listView, q store.ArticleQuery, kind string, slugIn func(lang string) (string, bool)) {
	slug, _ := slugIn(r.lang)
	base := objectPath(r.lang, kind, slug)
	teasers, pg, err := s.listArticles(r, q, base)
	if err != nil {
		s.serverError(w, r.Request, err)
		return
	}
	if pg.Page > pg.Pages {
		s.errorPage(w, r, http.StatusNotFound)
		return
	}
	v.Articles, v.Pagination = teasers, pg
	vs := variants{}
	for _, l := range r.site.Languages {
		if sl, ok := slugIn(l.Code); ok {
			vs[l.Code] = objectPath(l.Code, kind, sl)
		}
	}
	title := v.Heading
	if pg.Page > 1 {
		title += " — " + r.L.T("pagination.page", pg.Page, pg.Pages)
		vs = variants{r.lang: withPage(base, pg.Page)}
	}
	lo := s.newLayout(r, title, vs)
	lo.Description = v.Intro
	if kind == kindSection || kind == kindKeyword {
		lo.Feeds = append([]feedLink{{Type: "application/atom+xml", Title: "Atom — " + v.Heading, Href: feedPath(r.lang, base, "atom")}}, lo.Feeds...)
	}
	lo.Main = v
	lo.tags = v.tags
	s.render(w, r, http.StatusOK, "list", lo)
}

func (s *Site) lookupFailed(w http.ResponseWriter, r *request, err error) {
	if errors.Is(err, store.ErrNotFound) {
		s.errorPage(w, r, http.StatusNotFound)
		return
	}
	s.serverError(w, r.Request, err)
}

// sitemapEntry is a section of the site map with its articles.
type sitemapEntry struct {
	Title, Href string
	Articles    []link
	Children    []*sitemapEntry
}

func (s *Site) fixedPage(w http.ResponseWriter, r *request, kind string) {
	vs := variants{}
	for _, l := range r.site.Languages {
		vs[l.Code] = kindPath(l.Code, kind)
	}
	switch kind {
	case kindLegal, kindAccessibility:
		src, title := r.site.Texts[r.lang].LegalNotice, r.L.T("footer.legal")
		if kind == kindAccessibility {
			src, title = r.site.Texts[r.lang].Accessibility, r.L.T("accessibility.title")
		}
		lo := s.newLayout(r, title, vs)
		lo.Main = struct {
			Heading string
			HTML    any
		}{title, s.markdown(r, src)}
		s.render(w, r, http.StatusOK, "statement", lo)
	case kindSitemap:
		s.sitemap(w, r, vs)
	case kindSearch:
		s.search(w, r, vs)
	case kindFigures:
		s.figures(w, r, vs)
	case kindPrivacy:
		s.privacy(w, r, vs)
	default:
		s.errorPage(w, r, http.StatusNotFound)
	}
}

func (s *Site) sitemap(w http.ResponseWriter, r *request, vs variants) {
	sections, err := s.sections(r)
	if err != nil {
		s.serverError(w, r.Request, err)
		return
	}
	entries := map[int64]*sitemapEntry{}
	var roots []*sitemapEntry
	for _, sec := range sections { // parents come first
		t, ok := sec.Texts[r.lang]
		if !ok {
			continue
		}
		e := &sitemapEntry{Title: t.Title, Href: objectPath(r.lang, kindSection, t.Slug)}
		entries[sec.ID] = e
		if parent, ok := entries[sec.ParentID]; ok {
			parent.Children = append(parent.Children, e)
		} else {
			roots = append(roots, e)
		}
	}
	list, _, err := s.store.PublicArticles(r.ctx(), store.ArticleQuery{SiteID: r.site.ID, Language: r.lang, Now: s.now(), Limit: 100})
	if err != nil {
		s.serverError(w, r.Request, err)
		return
	}
	for _, a := range list {
		if e, ok := entries[a.SectionID]; ok {
			e.Articles = append(e.Articles, link{Text: typo(r, a.Title), Href: articlePath(a.Language, a.Slug)})
		}
	}
	lo := s.newLayout(r, r.L.T("sitemap.title"), vs)
	lo.Main = struct{ Sections []*sitemapEntry }{roots}
	lo.tags = []string{"sitemap"}
	s.render(w, r, http.StatusOK, "sitemap", lo)
}
