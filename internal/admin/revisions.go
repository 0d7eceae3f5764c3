package admin

import (
	"fmt"
	"net/http"
	"strconv"

	"depeche/internal/access"
	"depeche/internal/store"
)

type revisionRow struct {
	Number    int
	When, Who string
	From, To  bool
	Current   bool
}

type revisionsView struct {
	ID        int64
	Title     string
	Rows      []revisionRow
	From, To  int
	Diff      []diffLine
	CanRevert bool
}

// revisions lists every saved revision and compares any two of them.
func (a *Admin) revisions(w http.ResponseWriter, r *req) {
	art, mine, ok := a.load(w, r)
	if !ok {
		return
	}
	if !access.Can(r.u, access.EditArticle, art, mine, r.scope) && !access.Can(r.u, access.PublishArticle, art, mine, r.scope) {
		a.forbidden(w, r)
		return
	}
	revs, err := a.cfg.Store.ArticleRevisions(r.Context(), art.ID)
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	v := revisionsView{ID: art.ID, Title: art.Title, CanRevert: access.Can(r.u, access.EditArticle, art, mine, r.scope)}
	v.To, _ = strconv.Atoi(r.URL.Query().Get("to"))
	v.From, _ = strconv.Atoi(r.URL.Query().Get("from"))
	if v.To == 0 {
		v.To = art.Revision
	}
	if v.From == 0 {
		v.From = max(v.To-1, 1)
	}
	byNumber := map[int]store.Revision{}
	names := map[int64]string{}
	loc := r.site.Location()
	for _, rev := range revs {
		byNumber[rev.Number] = rev
		if _, ok := names[rev.AuthorID]; !ok && rev.AuthorID != 0 {
			if u, err := a.cfg.Store.UserByID(r.Context(), rev.AuthorID); err == nil {
				names[rev.AuthorID] = u.DisplayName
			}
		}
		v.Rows = append(v.Rows, revisionRow{Number: rev.Number, When: r.L.DateTime(rev.CreatedAt.In(loc)), Who: names[rev.AuthorID],
			From: rev.Number == v.From, To: rev.Number == v.To, Current: rev.Number == art.Revision})
	}
	from, okFrom := byNumber[v.From]
	to, okTo := byNumber[v.To]
	if okFrom && okTo {
		v.Diff = diffLines(revisionText(from.Title, from.Lead, from.Body), revisionText(to.Title, to.Lead, to.Body))
	}
	a.render(w, r, http.StatusOK, "revisions", r.L.T("admin.revisions"), v)
}

// restoreRevision saves an old revision's text as a new revision: nothing
// in between is lost, and the restore itself can be undone.
func (a *Admin) restoreRevision(w http.ResponseWriter, r *req) {
	art, mine, ok := a.load(w, r)
	if !ok {
		return
	}
	if !access.Can(r.u, access.EditArticle, art, mine, r.scope) {
		a.forbidden(w, r)
		return
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil {
		http.Error(w, "Not found", http.StatusNotFound)
		return
	}
	rev, err := a.cfg.Store.ArticleRevision(r.Context(), art.ID, n)
	if err != nil {
		http.Error(w, "Not found", http.StatusNotFound)
		return
	}
	art.Surtitle, art.Title, art.Subtitle, art.Lead, art.Body = rev.Surtitle, rev.Title, rev.Subtitle, rev.Lead, rev.Body
	if err := a.cfg.Store.UpdateArticle(r.Context(), art, r.u.ID); err != nil {
		a.fail(w, r.Request, err)
		return
	}
	a.cfg.Store.AddArticleEvent(r.Context(), art.ID, r.u.ID, "restored-revision", strconv.Itoa(n))
	http.Redirect(w, r.Request, fmt.Sprintf("/admin/articles/%d?done=saved", art.ID), http.StatusSeeOther)
}
