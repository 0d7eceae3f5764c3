package site

import (
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"depeche/internal/content"
	"depeche/internal/store"

	"golang.org/x/text/unicode/norm"
)

// maxQueryRunes cuts absurdly long queries instead of refusing them.
const maxQueryRunes = 200

type searchView struct {
	Query, Summary string
	Articles       []teaser
	Pagination     pagination
}

// search matches every word of the query in titles, leads and bodies,
// ignoring case and accents ("ete" finds "été"), titles first. It scans the
// language's public articles, which is fine for a small site; a full-text
// index replaces it for large ones.
func (s *Site) search(w http.ResponseWriter, r *request, vs variants) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if !utf8.ValidString(q) {
		q = strings.ToValidUTF8(q, "")
	}
	if utf8.RuneCountInString(q) > maxQueryRunes {
		q = string([]rune(q)[:maxQueryRunes])
	}
	v := searchView{Query: q}
	words := strings.FieldsFunc(fold(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	if len(words) > 0 {
		all, _, err := s.store.PublicArticles(r.ctx(), store.ArticleQuery{SiteID: r.site.ID, Language: r.lang, Now: s.now(), Limit: 100})
		if err != nil {
			s.serverError(w, r.Request, err)
			return
		}
		var inTitle, inText []*content.Article
		for _, a := range all {
			title, text := fold(a.Title+" "+a.Surtitle+" "+a.Subtitle), fold(a.Lead+" "+a.Body)
			switch {
			case containsAll(title, words):
				inTitle = append(inTitle, a)
			case containsAll(title+" "+text, words):
				inText = append(inText, a)
			}
		}
		found := append(inTitle, inText...)
		page := r.page()
		start := min((page-1)*perPage, len(found))
		end := min(start+perPage, len(found))
		loc := r.site.Location()
		for _, a := range found[start:end] {
			v.Articles = append(v.Articles, teaser{Lang: a.Language, Surtitle: typo(r, a.Surtitle), Title: typo(r, a.Title),
				Href: articlePath(a.Language, a.Slug), Date: r.L.Date(a.PublishedAt.In(loc)), DateISO: r.L.ISODate(a.PublishedAt.In(loc)),
				Lead: typo(r, a.Lead)})
		}
		pages := max(1, (len(found)+perPage-1)/perPage)
		base := kindPath(r.lang, kindSearch) + "?q=" + urlQuery(q)
		v.Pagination = pagination{L: r.L, Page: page, Pages: pages}
		if page > 1 {
			v.Pagination.Prev = base + "&page=" + itoa(page-1)
		}
		if page < pages {
			v.Pagination.Next = base + "&page=" + itoa(page+1)
		}
		if len(found) == 0 {
			v.Summary = r.L.T("search.empty", q)
		} else {
			v.Summary = r.L.N("search.results", int64(len(found)), q)
		}
	}
	title := r.L.T("search.title")
	if q != "" {
		title = v.Summary
	}
	lo := s.newLayout(r, title, vs)
	lo.Main = v
	s.render(w, r, http.StatusOK, "search", lo)
}

// fold lowercases and strips accents for matching.
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

func containsAll(text string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}
