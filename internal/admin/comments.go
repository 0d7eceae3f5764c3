package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"depeche/internal/access"
	"depeche/internal/comment"
	"depeche/internal/render"
	"depeche/internal/store"
)

type queueRow struct {
	ID                   int64
	Author, Email, When  string
	Lang, Dir            string
	Body                 any
	Article, ArticleHref string
	Spam                 string
	InReply              bool
	Pending              bool
	// CanReply is false for rejected and spam messages: a public answer
	// to a message readers cannot see would make no sense.
	CanReply bool
	// The reply typed under this message, shown again with its problem.
	ReplyOpen  bool
	ReplyText  string
	ReplyError string
}

type queueView struct {
	Status    string
	Statuses  []option
	Languages []option
	Rows      []queueRow
	Total     int64
	Notice    string
	Error     string
	Query     string
	// CanErase offers the commenter data screen (administrators).
	CanErase bool
	// ReplyFor and ReplyProblem lead from the top of the page to a reply
	// that was refused.
	ReplyFor     int64
	ReplyProblem string
}

// replyDraft is a staff reply that was refused, to show again.
type replyDraft struct {
	ParentID int64
	Text     string
	Problem  string
}

// moderationActions maps the queue's buttons to statuses.
var moderationActions = map[string]comment.Status{
	"approve": comment.Published, "reject": comment.Rejected, "spam": comment.Spam, "pending": comment.Pending,
}

// comments is the moderation queue: filtered by status, language and
// article, oldest first.
func (a *Admin) comments(w http.ResponseWriter, r *req) {
	a.showQueue(w, r, http.StatusOK, "", "")
}

func (a *Admin) showQueue(w http.ResponseWriter, r *req, status int, notice, problem string) {
	a.showQueueWith(w, r, status, notice, problem, nil)
}

func (a *Admin) showQueueWith(w http.ResponseWriter, r *req, status int, notice, problem string, draft *replyDraft) {
	q := r.URL.Query()
	if q.Get("done") == "replied" && notice == "" {
		notice = r.L.T("admin.comments.staffreply.done")
	}
	// The confirmation is said once, not carried into the next action.
	q.Del("done")
	st := comment.Status(q.Get("status"))
	if !st.Valid() {
		st = comment.Pending
	}
	lang := q.Get("language")
	if _, ok := r.site.Language(lang); !ok {
		lang = ""
	}
	articleID, _ := strconv.ParseInt(q.Get("article"), 10, 64)
	list, total, err := a.cfg.Store.ModerationQueue(r.Context(), store.ModerationQuery{SiteID: r.site.ID, Status: st, Language: lang, ArticleID: articleID, Limit: 100})
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	v := queueView{Status: string(st), Total: int64(total), Notice: notice, Error: problem, Query: q.Encode(),
		CanErase: access.Can(r.u, access.ManageCommenterData, nil, false, nil)}
	for _, s := range []comment.Status{comment.Pending, comment.Published, comment.Rejected, comment.Spam} {
		v.Statuses = append(v.Statuses, option{Value: string(s), Text: r.L.T("admin.comments.status." + string(s)), Selected: s == st})
	}
	v.Languages = append(v.Languages, option{Value: "", Text: r.L.T("admin.filter.any"), Selected: lang == ""})
	for _, l := range r.site.Languages {
		v.Languages = append(v.Languages, option{Value: l.Code, Text: l.Name, Selected: l.Code == lang})
	}
	loc := r.site.Location()
	for _, c := range list {
		dir := "ltr"
		if l, ok := r.site.Language(c.Language); ok {
			dir = string(l.Direction)
		}
		row := queueRow{ID: c.ID, Author: c.AuthorName, Email: c.AuthorEmail, When: r.L.DateTime(c.CreatedAt.In(loc)),
			Lang: c.Language, Dir: dir, Body: render.Comment(c.Body), Article: c.ArticleTitle,
			ArticleHref: "/" + c.ArticleLang + "/" + c.ArticleSlug + "#comment-" + itoa(c.ID), Spam: c.SpamReasons, InReply: c.ParentID != 0,
			Pending: c.Status == comment.Pending, CanReply: c.Status == comment.Pending || c.Status == comment.Published}
		if draft != nil && draft.ParentID == c.ID {
			row.ReplyOpen, row.ReplyText, row.ReplyError = true, draft.Text, draft.Problem
			v.ReplyFor, v.ReplyProblem = c.ID, draft.Problem
			draft = nil
		}
		v.Rows = append(v.Rows, row)
	}
	if draft != nil && v.Error == "" {
		// The message is not on this page of the queue: say it here.
		v.Error = draft.Problem
	}
	a.render(w, r, status, "comments", r.L.T("admin.comments.title"), v)
}

// moderate applies a decision to the checked comments, optionally with
// their replies, and logs it.
func (a *Admin) moderate(w http.ResponseWriter, r *req) {
	r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "Bad request", http.StatusBadRequest)
		return
	}
	st, ok := moderationActions[r.PostForm.Get("action")]
	if !ok {
		http.Error(w, "Bad request", http.StatusBadRequest)
		return
	}
	var ids []int64
	for _, v := range r.PostForm["ids"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	back := "/admin/comments?" + r.PostForm.Get("query")
	if u, err := url.Parse(back); err != nil || strings.Contains(back, "//") {
		back = "/admin/comments"
	} else {
		r.URL.RawQuery = u.RawQuery
	}
	if len(ids) == 0 {
		a.showQueue(w, r, http.StatusUnprocessableEntity, "", r.L.T("admin.comments.none.checked"))
		return
	}
	n, err := a.cfg.Store.Moderate(r.Context(), r.site.ID, ids, st, r.PostForm.Get("subthread") == "1", r.u.ID, strings.TrimSpace(r.PostForm.Get("reason")))
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	a.showQueue(w, r, http.StatusOK, r.L.N("admin.comments.done", int64(n)), "")
}
