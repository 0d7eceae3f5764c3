package admin

import (
	"errors"
	"html/template"
	"net/http"

	"depeche/internal/comment"
	"depeche/internal/render"
	"depeche/internal/store"
)

// commentForm is the edit form of a message as typed.
type commentForm struct {
	Name, Website, Body string
	Errors              map[string]string
}

func (f *commentForm) Error(field string) string { return f.Errors[field] }

// commentRevisionRow is an earlier version of a message.
type commentRevisionRow struct {
	When, Who     string
	Name, Website string
	Body          template.HTML
}

// commentEventRow is one line of a message's moderation log.
type commentEventRow struct{ Who, What, Reason string }

type commentEditView struct {
	ID                    int64
	Form                  *commentForm
	Summary               []fieldError
	Email, Posted, Status string
	Edited                string
	Lang, Dir             string
	Article, ArticleHref  string
	Staff                 bool
	MaxName, MaxURL       int
	Revisions             []commentRevisionRow
	Events                []commentEventRow
}

func (a *Admin) editComment(w http.ResponseWriter, r *req) {
	c, ok := a.loadComment(w, r)
	if !ok {
		return
	}
	a.showCommentEdit(w, r, http.StatusOK, c, &commentForm{Name: c.AuthorName, Website: c.AuthorURL, Body: c.Body, Errors: map[string]string{}})
}

func (a *Admin) showCommentEdit(w http.ResponseWriter, r *req, status int, c *comment.Comment, f *commentForm) {
	ctx := r.Context()
	loc := r.site.Location()
	v := &commentEditView{ID: c.ID, Form: f, Email: c.AuthorEmail, Posted: r.L.DateTime(c.CreatedAt.In(loc)),
		Status: r.L.T("admin.comments.edit.status." + string(c.Status)), Lang: c.Language, Dir: "ltr", Staff: c.Staff(),
		MaxName: comment.MaxNameRunes, MaxURL: comment.MaxURLBytes}
	if l, ok := r.site.Language(c.Language); ok {
		v.Dir = string(l.Direction)
	}
	if !c.EditedAt.IsZero() {
		v.Edited = r.L.DateTime(c.EditedAt.In(loc))
	}
	art, err := a.cfg.Store.ArticleByID(ctx, r.site.ID, c.ArticleID)
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	v.Article, v.ArticleHref = art.Title, "/"+art.Language+"/"+art.Slug+"#comment-"+itoa(c.ID)
	revisions, err := a.cfg.Store.CommentRevisions(ctx, c.ID)
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	unknown := r.L.T("admin.comments.edit.someone")
	// Newest first: the version just replaced is the one looked for.
	for i := len(revisions) - 1; i >= 0; i-- {
		rv := revisions[i]
		who := rv.EditorName
		if who == "" {
			who = unknown
		}
		v.Revisions = append(v.Revisions, commentRevisionRow{When: r.L.DateTime(rv.CreatedAt.In(loc)), Who: who,
			Name: rv.AuthorName, Website: rv.AuthorURL, Body: render.Comment(rv.Body)})
	}
	events, err := a.cfg.Store.CommentEvents(ctx, c.ID)
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	if len(events) > 0 {
		users, err := a.cfg.Store.Users(ctx)
		if err != nil {
			a.fail(w, r.Request, err)
			return
		}
		names := map[int64]string{}
		for _, u := range users {
			names[u.ID] = u.DisplayName
		}
		for _, e := range events {
			row := commentEventRow{Who: names[e.UserID], What: e.Action, Reason: e.Reason}
			if row.Who == "" {
				row.Who = unknown
			}
			if st := comment.Status(e.Action); st.Valid() {
				row.What = r.L.T("admin.comments.edit.status." + e.Action)
			}
			if e.Reason == replyApprovalReason {
				row.Reason = r.L.T("admin.comments.staffreply.logreason")
			}
			v.Events = append(v.Events, row)
		}
	}
	for _, field := range []string{"comment-name", "comment-website", "comment-body"} {
		if msg := f.Errors[field]; msg != "" {
			v.Summary = append(v.Summary, fieldError{field, msg})
		}
	}
	a.render(w, r, status, "comments_edit", r.L.T("admin.comments.edit.title"), v)
}

// saveComment replaces a message's name, website and text, keeping the
// previous version. The rules are the public form's, so an edited message
// is one a reader could have posted; the address is not edited here.
func (a *Admin) saveComment(w http.ResponseWriter, r *req) {
	r.Body = http.MaxBytesReader(w, r.Body, maxReplyForm)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "Request too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "Bad request", http.StatusBadRequest)
		return
	}
	c, ok := a.loadComment(w, r)
	if !ok {
		return
	}
	in := comment.Input{Name: r.PostForm.Get("name"), Website: r.PostForm.Get("website"), Body: r.PostForm.Get("body")}.Normalize()
	f := &commentForm{Name: in.Name, Website: in.Website, Body: in.Body, Errors: map[string]string{}}
	fields := map[string]string{"name": "comment-name", "website": "comment-website", "message": "comment-body"}
	for _, p := range in.Validate(false) {
		if id := fields[p.Field]; id != "" && f.Errors[id] == "" {
			f.Errors[id] = commentProblem(r.L, p)
		}
	}
	if len(f.Errors) > 0 {
		a.showCommentEdit(w, r, http.StatusUnprocessableEntity, c, f)
		return
	}
	err := a.cfg.Store.EditComment(r.Context(), r.site.ID, c.ID, r.u.ID, in.Name, in.Website, in.Body)
	if errors.Is(err, store.ErrNotFound) {
		http.Error(w, "Not found", http.StatusNotFound)
		return
	}
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	a.cfg.Log.Info("comment edited", "by", r.u.ID, "comment", c.ID)
	http.Redirect(w, r.Request, "/admin/comments/"+itoa(c.ID)+"/edit?done=saved", http.StatusSeeOther)
}
