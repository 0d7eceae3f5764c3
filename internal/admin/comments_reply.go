package admin

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"depeche/internal/comment"
	"depeche/internal/i18n"
	"depeche/internal/store"
)

// replyApprovalReason is what the moderation log says of a pending
// message approved by answering it. It is stored as is, in no language,
// and translated where the log is shown.
const replyApprovalReason = "approved by replying"

// maxReplyForm bounds a reply form: the body and the queue's filters.
const maxReplyForm = comment.MaxBodyBytes + 16<<10

// loadComment reads the comment of the URL; it answers the request itself
// when there is none.
func (a *Admin) loadComment(w http.ResponseWriter, r *req) (*comment.Comment, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.Error(w, "Not found", http.StatusNotFound)
		return nil, false
	}
	c, err := a.cfg.Store.CommentByID(r.Context(), r.site.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		http.Error(w, "Not found", http.StatusNotFound)
		return nil, false
	}
	if err != nil {
		a.fail(w, r.Request, err)
		return nil, false
	}
	return c, true
}

// queueQuery is the queue's filters sent back by a form, safe to put after
// "/admin/comments?".
func queueQuery(raw string) string {
	v, err := url.ParseQuery(raw)
	if err != nil {
		return ""
	}
	v.Del("done")
	return v.Encode()
}

// staffReply publishes a moderator's answer to a message of the queue, in
// the message's language and thread. A pending message is approved first:
// answering it publicly means it is fit to be read.
func (a *Admin) staffReply(w http.ResponseWriter, r *req) {
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
	parent, ok := a.loadComment(w, r)
	if !ok {
		return
	}
	query := queueQuery(r.PostForm.Get("query"))
	r.URL.RawQuery = query
	in := comment.Input{Name: r.u.DisplayName, Email: r.u.Email, Body: r.PostForm.Get("body")}.Normalize()
	draft := &replyDraft{ParentID: parent.ID, Text: in.Body}
	for _, p := range in.Validate(false) {
		if p.Field == "message" {
			draft.Problem = commentProblem(r.L, p)
			break
		}
	}
	if draft.Problem == "" && parent.Status != comment.Pending && parent.Status != comment.Published {
		draft.Problem = r.L.T("admin.comments.staffreply.error.hidden")
	}
	if draft.Problem != "" {
		a.showQueueWith(w, r, http.StatusUnprocessableEntity, "", "", draft)
		return
	}
	ctx := r.Context()
	if parent.Status == comment.Pending {
		if _, err := a.cfg.Store.Moderate(ctx, r.site.ID, []int64{parent.ID}, comment.Published, false, r.u.ID, replyApprovalReason); err != nil {
			a.fail(w, r.Request, err)
			return
		}
	}
	reply := &comment.Comment{SiteID: r.site.ID, ArticleID: parent.ArticleID, ParentID: parent.ID, Language: parent.Language,
		AuthorName: in.Name, AuthorEmail: in.Email, UserID: r.u.ID, Body: in.Body, Status: comment.Published}
	err := a.cfg.Store.CreateComment(ctx, reply)
	switch {
	case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrParentMismatch):
		// The message or its article was deleted meanwhile.
		http.Error(w, "Not found", http.StatusNotFound)
		return
	case err != nil:
		a.fail(w, r.Request, err)
		return
	}
	a.cfg.Log.Info("staff reply published", "by", r.u.ID, "comment", reply.ID, "parent", parent.ID)
	target := "/admin/comments?done=replied"
	if query != "" {
		target += "&" + query
	}
	http.Redirect(w, r.Request, target, http.StatusSeeOther)
}

// commentProblem says what is wrong with a field of a comment, in the
// words the public form uses.
func commentProblem(L *i18n.Localizer, p comment.Problem) string {
	switch p.Code {
	case "required":
		return L.T("error.required")
	case "tooshort":
		return L.N("error.tooshort", int64(p.Limit))
	case "toolong":
		return L.N("error.toolong", int64(p.Limit))
	case "email":
		return L.T("error.email")
	case "url":
		return L.T("error.url")
	case "utf8":
		return L.T("error.utf8")
	case "control":
		return L.T("error.control")
	}
	return L.T("admin.error.invalid")
}
