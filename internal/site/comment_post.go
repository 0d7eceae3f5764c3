package site

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"depeche/internal/comment"
	"depeche/internal/content"
	"depeche/internal/render"
	"depeche/internal/store"
)

// commentForm is the comment form as the reader left it: values, errors,
// preview.
type commentForm struct {
	Name, Email, Website, Message string
	Parent                        int64
	Errors                        []fieldError
	ErrorSummary                  string
	Preview                       template.HTML
	Action, Policy                string
	Open                          bool
	ReplyTo, CancelReply          string
}

type fieldError struct{ Field, Message string }

// FieldError is the message for one field, "" when it is fine.
func (f *commentForm) FieldError(field string) string {
	for _, e := range f.Errors {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// maxFormBytes bounds a comment POST: the 20 KB message plus the other fields.
const maxFormBytes = 64 << 10

// postComment takes a reader's comment. The message is committed before the
// reader is told it was received, so nothing acknowledged is ever lost;
// anything refused comes back in the form with what they typed.
func (s *Site) postComment(w http.ResponseWriter, r *request, slug string) {
	a, err := s.store.ArticleBySlug(r.ctx(), r.site.ID, r.lang, slug)
	if err != nil || !a.IsPublicAt(s.now()) {
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			s.serverError(w, r.Request, err)
			return
		}
		s.errorPage(w, r, http.StatusNotFound)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	in := comment.Input{Name: r.PostForm.Get("name"), Email: r.PostForm.Get("email"), Website: r.PostForm.Get("website"),
		Body: r.PostForm.Get("message")}.Normalize()
	in.Parent, _ = strconv.ParseInt(r.PostForm.Get("parent"), 10, 64)

	v, err := s.articleView(r, a)
	if err != nil {
		s.serverError(w, r.Request, err)
		return
	}
	form := &commentForm{Name: in.Name, Email: in.Email, Website: in.Website, Message: in.Body, Parent: in.Parent}
	v.form = form
	for _, p := range in.Validate(true) {
		form.Errors = append(form.Errors, fieldError{Field: p.Field, Message: problemText(r, p)})
	}
	if v.policy != content.ModerateBefore && v.policy != content.ModerateAfter {
		form.Errors = append(form.Errors, fieldError{Field: "message", Message: r.L.T("error.closed")})
	}
	if len(form.Errors) > 0 {
		s.renderArticle(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	if r.PostForm.Get("action") == "preview" {
		form.Preview = render.Comment(in.Body)
		s.renderArticle(w, r, http.StatusOK, v)
		return
	}
	status := comment.Pending
	if v.policy == content.ModerateAfter {
		status = comment.Published
	}
	c := &comment.Comment{SiteID: r.site.ID, ArticleID: a.ID, ParentID: in.Parent, Language: r.lang, AuthorName: in.Name,
		AuthorEmail: in.Email, AuthorURL: in.Website, Body: in.Body, Status: status}
	if err := s.store.CreateComment(r.ctx(), c); err != nil {
		if errors.Is(err, store.ErrParentMismatch) {
			form.Parent = 0
			form.Errors = append(form.Errors, fieldError{Field: "message", Message: r.L.T("error.parent")})
			s.renderArticle(w, r, http.StatusUnprocessableEntity, v)
			return
		}
		s.serverError(w, r.Request, err)
		return
	}
	target := articlePath(r.lang, a.Slug) + "?" + url.Values{"comment": {string(status)}}.Encode() + "#comments"
	http.Redirect(w, r.Request, target, http.StatusSeeOther)
}

func problemText(r *request, p comment.Problem) string {
	switch p.Code {
	case "required":
		return r.L.T("error.required")
	case "tooshort":
		return r.L.N("error.tooshort", int64(p.Limit))
	case "toolong":
		return r.L.N("error.toolong", int64(p.Limit))
	case "email":
		return r.L.T("error.email")
	case "url":
		return r.L.T("error.url")
	case "utf8":
		return r.L.T("error.utf8")
	case "control":
		return r.L.T("error.control")
	}
	return r.L.T("error.400.text")
}
