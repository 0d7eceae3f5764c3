package site

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"depeche/internal/access"
	"depeche/internal/auth"
	"depeche/internal/comment"
	"depeche/internal/content"
	"depeche/internal/render"
	"depeche/internal/store"
	"depeche/internal/user"
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
	// Members is set on members-only threads: the account gives the name
	// and address, and SignIn leads to the login page and back.
	Members       bool
	SignIn        string
	EmailRequired bool
	// What the commenter asks to be told by e-mail.
	NotifyPublished, NotifyReplies bool
	ReplyTo, CancelReply           string
	// Issued and Sig are the form token: when the form was served, signed.
	Issued, Sig string
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
	sections, err := s.sections(r)
	if err != nil {
		s.serverError(w, r.Request, err)
		return
	}
	policy := commentPolicy(r.site, sections, a)
	// On a members-only thread the account speaks: its name and address
	// replace whatever the form carried.
	var member *user.User
	if policy == content.MembersOnly {
		if u, err := auth.SessionUser(s.store, r.Request); err == nil && access.Can(u, access.PostMemberComment, a, false, nil) {
			member = u
			in.Name, in.Email, in.Website = u.DisplayName, u.Email, ""
		} else if err != nil && !errors.Is(err, store.ErrNotFound) {
			s.serverError(w, r.Request, err)
			return
		}
	}

	form := &commentForm{Name: in.Name, Email: in.Email, Website: in.Website, Message: in.Body, Parent: in.Parent,
		NotifyPublished: r.PostForm.Get("notify_published") == "1", NotifyReplies: r.PostForm.Get("notify_replies") == "1"}
	// The page around the form is built only when the form comes back:
	// an accepted message costs one redirect, not a render.
	again := func(status int) {
		v, err := s.articleView(r, a)
		if err != nil {
			s.serverError(w, r.Request, err)
			return
		}
		v.form = form
		s.renderArticle(w, r, status, v)
	}
	for _, p := range in.Validate(r.site.CommentEmailRequired) {
		form.Errors = append(form.Errors, fieldError{Field: p.Field, Message: problemText(r, p)})
	}
	if in.Email == "" && (form.NotifyPublished || form.NotifyReplies) && form.FieldError("email") == "" {
		form.Errors = append(form.Errors, fieldError{Field: "email", Message: r.L.T("error.notify.email")})
	}
	switch {
	case !acceptsComments(policy):
		form.Errors = append(form.Errors, fieldError{Field: "message", Message: r.L.T("error.closed")})
	case policy == content.MembersOnly && member == nil:
		form.Errors = append(form.Errors, fieldError{Field: "message", Message: r.L.T("error.members")})
	}
	secret, err := s.formSecret(r.ctx())
	if err != nil {
		s.serverError(w, r.Request, err)
		return
	}
	now := s.now()
	if err := comment.CheckForm(secret, a.GroupID, r.PostForm.Get("t"), r.PostForm.Get("sig"), now, s.commentMinFill); err != nil {
		// A form too old, too fast or forged: the reader sends it again,
		// with everything typed still there.
		form.Errors = append(form.Errors, fieldError{Field: "message", Message: r.L.T("error.token")})
	}
	if len(form.Errors) > 0 {
		again(http.StatusUnprocessableEntity)
		return
	}
	if r.PostForm.Get("action") == "preview" {
		form.Preview = render.Comment(in.Body)
		again(http.StatusOK)
		return
	}
	ip := s.clientIP(r.Request)
	network := auth.Network(ip)
	ipHash, netHash := keyedHash(secret, "ip|"+ip), keyedHash(secret, "net|"+network)
	status := comment.Pending
	if policy == content.ModerateAfter || member != nil {
		// Members' accounts were opened by the site's team: like
		// post-moderation, their messages appear at once and can be
		// withdrawn.
		status = comment.Published
	}
	score, reasons := comment.Assess(in, r.PostForm.Get("homepage"))
	bans, err := s.store.CommentBans(r.ctx(), r.site.ID)
	if err != nil {
		s.serverError(w, r.Request, err)
		return
	}
	if hits := bans.Check(in); len(hits) > 0 {
		score += comment.BanScore
		reasons = append(reasons, hits...)
	}
	if score >= comment.SpamThreshold {
		// Kept, in its own status, so the queue is not swamped and a
		// mistake can be undone; the sender is told nothing different.
		status = comment.Spam
	}
	c := &comment.Comment{SiteID: r.site.ID, ArticleID: a.ID, ParentID: in.Parent, Language: r.lang, AuthorName: in.Name,
		AuthorEmail: in.Email, AuthorURL: in.Website, Body: in.Body, Status: status, IPHash: ipHash, NetHash: netHash,
		SpamScore: score, SpamReasons: strings.Join(reasons, "; "), NotifyPublished: form.NotifyPublished, NotifyReplies: form.NotifyReplies}
	if member != nil {
		c.UserID = member.ID
	}
	// The limits and the duplicate check run in the writer's transaction,
	// after every message committed before this one: exact under any load.
	err = s.store.SubmitComment(r.ctx(), c, commentLimits)
	switch {
	case errors.Is(err, store.ErrRateLimited):
		form.Errors = append(form.Errors, fieldError{Field: "message", Message: r.L.T("error.rate")})
		w.Header().Set("Retry-After", "600")
		again(http.StatusTooManyRequests)
		return
	case errors.Is(err, store.ErrDuplicate):
		form.Errors = append(form.Errors, fieldError{Field: "message", Message: r.L.T("error.duplicate")})
		again(http.StatusUnprocessableEntity)
		return
	case errors.Is(err, store.ErrParentMismatch):
		form.Parent = 0
		form.Errors = append(form.Errors, fieldError{Field: "message", Message: r.L.T("error.parent")})
		again(http.StatusUnprocessableEntity)
		return
	case err != nil:
		s.serverError(w, r.Request, err)
		return
	}
	shown := status
	if shown == comment.Spam {
		shown = comment.Pending
	}
	target := articlePath(r.lang, a.Slug) + "?" + url.Values{"comment": {string(shown)}}.Encode() + "#comments"
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

// commentLimits: per address and per network, counted in the database so
// every process agrees; the same text once a day per thread.
var commentLimits = store.SubmitLimits{PerAddress: 3, AddressWindow: time.Minute, PerNetwork: 10, NetworkWindow: 10 * time.Minute,
	DuplicateWindow: 24 * time.Hour}

// formSecret is the key that signs comment forms and hashes addresses,
// shared by every process through the database.
func (s *Site) formSecret(ctx context.Context) ([]byte, error) {
	s.secretMu.Lock()
	defer s.secretMu.Unlock()
	if s.secret != nil {
		return s.secret, nil
	}
	v, err := s.store.Secret(ctx, "comment-form", func() (string, error) {
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return "", err
		}
		return base64.RawURLEncoding.EncodeToString(b), nil
	})
	if err != nil {
		return nil, err
	}
	s.secret = []byte(v)
	return s.secret, nil
}

// keyedHash is what is stored instead of an address.
func keyedHash(secret []byte, s string) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(s))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:16])
}
