package admin

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The address stays out of every URL of these screens (forms are posted),
// so it is found neither in access logs nor in the browser's history.

type commenterView struct {
	Email  string
	Error  string
	Notice string
	// Found is set once an address was looked up: Count messages match.
	Found bool
	Count int64
	// Confirm asks before erasing.
	Confirm bool
}

// commenterAddress checks the address typed: not a full validation (what
// readers typed years ago may not pass today's), only enough to be one.
func commenterAddress(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 320 || !utf8.ValidString(s) || !strings.Contains(s, "@") {
		return s, false
	}
	for _, c := range s {
		if unicode.IsSpace(c) || unicode.IsControl(c) {
			return s, false
		}
	}
	return s, true
}

func (a *Admin) commenterForm(w http.ResponseWriter, r *req) {
	v := &commenterView{}
	if n, err := strconv.ParseInt(r.URL.Query().Get("erased"), 10, 64); err == nil && n >= 0 {
		v.Notice = r.L.N("admin.comments.people.erased", n)
	}
	a.render(w, r, http.StatusOK, "comments_people", r.L.T("admin.comments.people.title"), v)
}

// readCommenter reads the posted address, or shows the form with the
// problem and returns false.
func (a *Admin) readCommenter(w http.ResponseWriter, r *req) (string, bool) {
	if !readPeopleForm(w, r, maxPeopleForm) {
		return "", false
	}
	email, ok := commenterAddress(r.PostForm.Get("email"))
	if !ok {
		msg := r.L.T("admin.comments.people.error.email")
		if email == "" {
			msg = r.L.T("admin.error.required")
		}
		a.render(w, r, http.StatusUnprocessableEntity, "comments_people", r.L.T("admin.comments.people.title"),
			&commenterView{Email: email, Error: msg})
		return "", false
	}
	return email, true
}

// findCommenter counts the messages written with an address, and offers
// to export or erase them.
func (a *Admin) findCommenter(w http.ResponseWriter, r *req) {
	email, ok := a.readCommenter(w, r)
	if !ok {
		return
	}
	n, err := a.cfg.Store.CommenterCount(r.Context(), r.site.ID, email)
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	a.render(w, r, http.StatusOK, "comments_people", r.L.T("admin.comments.people.title"), &commenterView{Email: email, Found: true, Count: int64(n)})
}

// exportFile is the JSON given to a commenter who asks for their data.
type exportFile struct {
	Site       string          `json:"site"`
	Email      string          `json:"email"`
	ExportedAt time.Time       `json:"exported_at"`
	Messages   []exportMessage `json:"messages"`
}

type exportMessage struct {
	ID        int64            `json:"id"`
	Article   exportArticle    `json:"article"`
	Language  string           `json:"language"`
	Name      string           `json:"name"`
	Email     string           `json:"email"`
	Website   string           `json:"website"`
	Body      string           `json:"body"`
	Status    string           `json:"status"`
	InReplyTo int64            `json:"in_reply_to,omitempty"`
	CreatedAt time.Time        `json:"created_at"`
	UpdatedAt time.Time        `json:"updated_at"`
	EditedAt  *time.Time       `json:"edited_at,omitempty"`
	Revisions []exportRevision `json:"revisions"`
}

type exportArticle struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// exportRevision is an earlier version of a message, and when a moderator
// replaced it.
type exportRevision struct {
	Name       string    `json:"name"`
	Website    string    `json:"website"`
	Body       string    `json:"body"`
	ReplacedAt time.Time `json:"replaced_at"`
}

// exportCommenter downloads everything written with an address as JSON.
func (a *Admin) exportCommenter(w http.ResponseWriter, r *req) {
	email, ok := a.readCommenter(w, r)
	if !ok {
		return
	}
	msgs, err := a.cfg.Store.CommenterMessages(r.Context(), r.site.ID, email)
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	now := a.cfg.Now().UTC().Truncate(time.Second)
	base := strings.TrimRight(r.site.BaseURL, "/")
	file := exportFile{Site: base, Email: email, ExportedAt: now, Messages: []exportMessage{}}
	for _, m := range msgs {
		e := exportMessage{ID: m.ID, Article: exportArticle{Title: m.ArticleTitle, URL: base + "/" + m.ArticleLang + "/" + m.ArticleSlug},
			Language: m.Language, Name: m.AuthorName, Email: m.AuthorEmail, Website: m.AuthorURL, Body: m.Body, Status: string(m.Status),
			InReplyTo: m.ParentID, CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt, Revisions: []exportRevision{}}
		if !m.EditedAt.IsZero() {
			edited := m.EditedAt
			e.EditedAt = &edited
		}
		for _, rv := range m.Revisions {
			e.Revisions = append(e.Revisions, exportRevision{Name: rv.AuthorName, Website: rv.AuthorURL, Body: rv.Body, ReplacedAt: rv.CreatedAt})
		}
		file.Messages = append(file.Messages, e)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(file); err != nil {
		a.fail(w, r.Request, err)
		return
	}
	a.cfg.Log.Info("commenter data exported", "by", r.u.ID, "messages", len(msgs))
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="comments-`+now.Format("2006-01-02")+`.json"`)
	w.Write(buf.Bytes())
}

// eraseCommenter asks for confirmation, then deletes everything written
// with an address. The log keeps the count, not the address.
func (a *Admin) eraseCommenter(w http.ResponseWriter, r *req) {
	email, ok := a.readCommenter(w, r)
	if !ok {
		return
	}
	if r.PostForm.Get("confirm") != "yes" {
		n, err := a.cfg.Store.CommenterCount(r.Context(), r.site.ID, email)
		if err != nil {
			a.fail(w, r.Request, err)
			return
		}
		a.render(w, r, http.StatusOK, "comments_people", r.L.T("admin.comments.people.confirm.title"),
			&commenterView{Email: email, Found: true, Count: int64(n), Confirm: true})
		return
	}
	n, err := a.cfg.Store.EraseCommenter(r.Context(), r.site.ID, email)
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	a.cfg.Log.Info("commenter data erased", "by", r.u.ID, "messages", n)
	http.Redirect(w, r.Request, "/admin/comments/people?erased="+strconv.Itoa(n), http.StatusSeeOther)
}
