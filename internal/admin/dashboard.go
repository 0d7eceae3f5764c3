package admin

import (
	"net/http"

	"depeche/internal/access"
	"depeche/internal/content"
	"depeche/internal/store"
)

type dashboardRow struct {
	ID                  int64
	Title, Href, Status string
	Lang, Updated       string
	Outdated            bool
	Cells               []translationCell
}

// translationCell is one language of a row's translation group.
type translationCell struct {
	Lang, Label, Href, Class string
}

type dashboardView struct {
	Rows      []dashboardRow
	Statuses  []option
	Languages []option
	SiteLangs []option
	CanCreate bool
	Total     int64
}

func (a *Admin) dashboard(w http.ResponseWriter, r *req) {
	ctx := r.Context()
	q := store.AdminQuery{SiteID: r.site.ID, Status: content.Status(r.URL.Query().Get("status")), Language: r.URL.Query().Get("language"), Limit: 100}
	if !q.Status.Valid() {
		q.Status = ""
	}
	if _, ok := r.site.Language(q.Language); !ok {
		q.Language = ""
	}
	if r.u.Role == "author" && r.URL.Query().Get("mine") != "0" {
		q.AuthorID = r.u.ID
	}
	list, total, err := a.cfg.Store.AdminArticles(ctx, q)
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	v := dashboardView{Total: int64(total), CanCreate: access.Can(r.u, access.CreateArticle, nil, false, nil)}
	v.Statuses = append(v.Statuses, option{Value: "", Text: r.L.T("admin.filter.any"), Selected: q.Status == ""})
	for _, st := range content.Statuses {
		v.Statuses = append(v.Statuses, option{Value: string(st), Text: r.L.T("admin.status." + string(st)), Selected: st == q.Status})
	}
	v.Languages = append(v.Languages, option{Value: "", Text: r.L.T("admin.filter.any"), Selected: q.Language == ""})
	for _, l := range r.site.Languages {
		v.Languages = append(v.Languages, option{Value: l.Code, Text: l.Name, Selected: l.Code == q.Language})
		v.SiteLangs = append(v.SiteLangs, option{Value: l.Code, Text: l.Name})
	}
	groups := map[int64][]*content.Article{}
	loc := r.site.Location()
	for _, art := range list {
		if _, done := groups[art.GroupID]; !done {
			vers, err := a.cfg.Store.GroupVersions(ctx, r.site.ID, art.GroupID)
			if err != nil {
				a.fail(w, r.Request, err)
				return
			}
			groups[art.GroupID] = vers
		}
		g, err := a.cfg.Store.GroupByID(ctx, r.site.ID, art.GroupID)
		if err != nil {
			a.fail(w, r.Request, err)
			return
		}
		var source *content.Article
		for _, ver := range groups[art.GroupID] {
			if ver.Language == g.SourceLanguage {
				source = ver
			}
		}
		row := dashboardRow{ID: art.ID, Title: art.Title, Href: "/admin/articles/" + itoa(art.ID),
			Status: r.L.T("admin.status." + string(art.Status)), Lang: art.Language, Updated: r.L.DateTime(art.UpdatedAt.In(loc)),
			Outdated: art.Outdated(source)}
		for _, l := range r.site.Languages {
			cell := translationCell{Lang: l.Code, Label: r.L.T("admin.translation.missing"), Class: "missing"}
			for _, ver := range groups[art.GroupID] {
				if ver.Language != l.Code {
					continue
				}
				cell = translationCell{Lang: l.Code, Href: "/admin/articles/" + itoa(ver.ID), Label: r.L.T("admin.status." + string(ver.Status)),
					Class: string(ver.Status)}
				if ver.Outdated(source) {
					cell.Label, cell.Class = r.L.T("admin.translation.outdated"), "outdated"
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		v.Rows = append(v.Rows, row)
	}
	a.render(w, r, http.StatusOK, "dashboard", r.L.T("admin.dashboard.title"), v)
}
