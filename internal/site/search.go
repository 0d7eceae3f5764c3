package site

import (
	"net/http"
	"net/url"
	"strconv"

	"depeche/internal/search"
	"depeche/internal/store"
)

const excerptRunes = 240

type searchView struct {
	Query, Summary string
	Results        []searchResult
	Pagination     pagination
}

type searchResult struct {
	Href, Date, DateISO string
	Title, Excerpt      []search.Segment
}

// search answers /{lang}/search?q=…: every word must match, accents and
// inflections ignored, title matches first. Whatever the reader typed, the
// answer is a page: an empty query shows the form, a hopeless one says so.
func (s *Site) search(w http.ResponseWriter, r *request, vs variants) {
	q := search.ParseQuery(r.lang, r.URL.Query().Get("q"))
	v := searchView{Query: q.Raw}
	if !q.Empty() {
		page := r.page()
		list, total, err := s.store.Search(r.ctx(), store.SearchQuery{SiteID: r.site.ID, Language: r.lang, Query: q, Now: s.now(),
			Limit: perPage, Offset: (page - 1) * perPage})
		if err != nil {
			s.serverError(w, r.Request, err)
			return
		}
		loc := r.site.Location()
		for _, a := range list {
			v.Results = append(v.Results, searchResult{Href: articlePath(a.Language, a.Slug),
				Date: r.L.Date(a.PublishedAt.In(loc)), DateISO: r.L.ISODate(a.PublishedAt.In(loc)),
				Title:   search.Highlight(r.lang, typo(r, a.Title), q),
				Excerpt: search.Excerpt(r.lang, typo(r, a.Lead+" "+search.MarkdownText(a.Body)), q, excerptRunes)})
		}
		pages := max(1, (total+perPage-1)/perPage)
		base := kindPath(r.lang, kindSearch) + "?" + url.Values{"q": {q.Raw}}.Encode()
		v.Pagination = pagination{L: r.L, Page: page, Pages: pages}
		if page > 1 {
			v.Pagination.Prev = base + "&page=" + strconv.Itoa(page-1)
		}
		if page < pages {
			v.Pagination.Next = base + "&page=" + strconv.Itoa(page+1)
		}
		if total == 0 {
			v.Summary = r.L.T("search.empty", q.Raw)
		} else {
			v.Summary = r.L.N("search.results", int64(total), q.Raw)
		}
	}
	title := r.L.T("search.title")
	if v.Summary != "" {
		title = v.Summary
	}
	lo := s.newLayout(r, title, vs)
	lo.Main = v
	s.render(w, r, http.StatusOK, "search", lo)
}
