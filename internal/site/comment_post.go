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

	"depeche/internal/auth"
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

	form := &commentForm{Name: in.Name, Email: in.Email, Website: in.Website, Message: in.Body, Parent: in.Parent}
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
	for _, p := range in.Validate(true) {
		form.Errors = append(form.Errors, fieldError{Field: p.Field, Message: problemText(r, p)})
	}
	policy := content.EffectivePolicy(r.site.CommentPolicy, a.CommentPolicy)
	if policy != content.ModerateBefore && policy != content.ModerateAfter {
		form.Errors = append(form.Errors, fieldError{Field: "message", Message: r.L.T("error.closed")})
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
	if limited, err := s.rateLimited(r, ipHash, netHash, now); err != nil {
		s.serverError(w, r.Request, err)
		return
	} else if limited {
		form.Errors = append(form.Errors, fieldError{Field: "message", Message: r.L.T("error.rate")})
		w.Header().Set("Retry-After", "600")
		again(http.StatusTooManyRequests)
		return
	}
	if dup, err := s.store.DuplicateComment(r.ctx(), a.GroupID, in.Body, now.Add(-24*time.Hour)); err != nil {
		s.serverError(w, r.Request, err)
		return
	} else if dup {
		form.Errors = append(form.Errors, fieldError{Field: "message", Message: r.L.T("error.duplicate")})
		again(http.StatusUnprocessableEntity)
		return
	}
	status := comment.Pending
	if policy == content.ModerateAfter {
		status = comment.Published
	}
	score, reasons := comment.Assess(in, r.PostForm.Get("homepage"))
	if score >= comment.SpamThreshold {
		// Kept, in its own status, so the queue is not swamped and a
		// mistake can be undone; the sender is told nothing different.
		status = comment.Spam
	}
	c := &comment.Comment{SiteID: r.site.ID, ArticleID: a.ID, ParentID: in.Parent, Language: r.lang, AuthorName: in.Name,
		AuthorEmail: in.Email, AuthorURL: in.Website, Body: in.Body, Status: status, IPHash: ipHash, NetHash: netHash,
		SpamScore: score, SpamReasons: strings.Join(reasons, "; ")}
	if err := s.store.CreateComment(r.ctx(), c); err != nil {
		if errors.Is(err, store.ErrParentMismatch) {
			form.Parent = 0
			form.Errors = append(form.Errors, fieldError{Field: "message", Message: r.L.T("error.parent")})
			again(http.StatusUnprocessableEntity)
			return
		}
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

// Posting limits: per address and per network, counted in the database so
// every process agrees.
const (
	perAddress       = 3
	perAddressWindow = time.Minute
	perNetwork       = 10
	perNetworkWindow = 10 * time.Minute
)

func (s *Site) rateLimited(r *request, ipHash, netHash string, now time.Time) (bool, error) {
	n, err := s.store.RecentComments(r.ctx(), r.site.ID, ipHash, false, now.Add(-perAddressWindow))
	if err != nil || n >= perAddress {
		return err == nil, err
	}
	n, err = s.store.RecentComments(r.ctx(), r.site.ID, netHash, true, now.Add(-perNetworkWindow))
	return err == nil && n >= perNetwork, err
}

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
