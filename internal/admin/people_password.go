package admin

import (
	"errors"
	"net/http"
	"unicode/utf8"

	"depeche/internal/store"
	"depeche/internal/user"
)

// The password page is reached from an invitation or password link, by
// someone without a session: it is not behind signedIn. The link's token
// (256 random bits, stored hashed, single use, 72 hours) is what
// authorizes it.

// maxPasswordForm bounds the password form: the token and two passwords.
const maxPasswordForm = 16 << 10

type passwordView struct {
	Token, Email string
	Min          int64
	Gone         bool
	Errors       map[string]string
	Summary      []fieldError
}

func (v *passwordView) Error(field string) string { return v.Errors[field] }

// passwordForm asks for the new password of the link's account.
func (a *Admin) passwordForm(w http.ResponseWriter, r *http.Request) {
	rq, err := a.anonymous(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	w.Header().Set("Referrer-Policy", "no-referrer")
	token := r.URL.Query().Get("token")
	u, ok := a.passwordLinkAccount(w, rq, token)
	if !ok {
		return
	}
	a.render(w, rq, http.StatusOK, "people_password", rq.L.T("admin.people.password.title"),
		&passwordView{Token: token, Email: u.Email, Min: user.MinPasswordLength, Errors: map[string]string{}})
}

// setPassword uses the link: the password is checked, the link consumed,
// the password stored, and every session of the account ended; then the
// person logs in.
func (a *Admin) setPassword(w http.ResponseWriter, r *http.Request) {
	rq, err := a.anonymous(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	w.Header().Set("Referrer-Policy", "no-referrer")
	r.Body = http.MaxBytesReader(w, r.Body, maxPasswordForm)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "Request too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "Bad request", http.StatusBadRequest)
		return
	}
	token := r.PostForm.Get("token")
	// A dead link is said first: no point choosing a password for it.
	u, ok := a.passwordLinkAccount(w, rq, token)
	if !ok {
		return
	}
	password, confirm := r.PostForm.Get("password"), r.PostForm.Get("confirm")
	v := &passwordView{Token: token, Email: u.Email, Min: user.MinPasswordLength, Errors: map[string]string{}}
	switch {
	case utf8.RuneCountInString(password) < user.MinPasswordLength:
		v.Errors["password"] = rq.L.N("admin.people.password.error.short", user.MinPasswordLength)
	case password != confirm:
		v.Errors["confirm"] = rq.L.T("admin.people.password.error.mismatch")
	}
	hash := ""
	if len(v.Errors) == 0 {
		hash, err = user.HashPassword(password, user.SystemRandom)
		if errors.Is(err, user.ErrWeakPassword) {
			v.Errors["password"] = rq.L.N("admin.people.password.error.short", user.MinPasswordLength)
		} else if err != nil {
			a.fail(w, r, err)
			return
		}
	}
	if len(v.Errors) > 0 {
		for _, field := range []string{"password", "confirm"} {
			if msg := v.Errors[field]; msg != "" {
				v.Summary = append(v.Summary, fieldError{field, msg})
			}
		}
		a.render(w, rq, http.StatusUnprocessableEntity, "people_password", rq.L.T("admin.people.password.title"), v)
		return
	}
	// Hashing took a moment: the link is consumed only now, in one
	// statement, so of two submissions only one sets a password.
	userID, err := a.cfg.Store.ConsumePasswordReset(r.Context(), passwordTokenHash(token), a.cfg.Now())
	if errors.Is(err, store.ErrNotFound) {
		a.passwordLinkGone(w, rq)
		return
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.cfg.Store.SetPassword(r.Context(), userID, hash); err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.cfg.Store.DeleteUserSessions(r.Context(), userID); err != nil {
		a.fail(w, r, err)
		return
	}
	a.cfg.Log.Info("password set from a link", "user", userID)
	http.Redirect(w, r, "/admin/login?done=password", http.StatusSeeOther)
}

// passwordLinkAccount returns the active account a link's token is for,
// without using the link, and speaks the account's back-office language
// unless the page asks for another. A token that is malformed, unknown,
// expired or used, or whose account was deactivated, gets the 410 page.
func (a *Admin) passwordLinkAccount(w http.ResponseWriter, rq *req, token string) (*user.User, bool) {
	if !wellFormedPasswordToken(token) {
		a.passwordLinkGone(w, rq)
		return nil, false
	}
	id, err := a.cfg.Store.PasswordResetUser(rq.Context(), passwordTokenHash(token), a.cfg.Now())
	if errors.Is(err, store.ErrNotFound) {
		a.passwordLinkGone(w, rq)
		return nil, false
	}
	if err != nil {
		a.fail(w, rq.Request, err)
		return nil, false
	}
	u, err := a.cfg.Store.UserByID(rq.Context(), id)
	if errors.Is(err, store.ErrNotFound) || err == nil && !u.Active() {
		a.passwordLinkGone(w, rq)
		return nil, false
	}
	if err != nil {
		a.fail(w, rq.Request, err)
		return nil, false
	}
	if rq.URL.Query().Get("lang") == "" {
		if _, ok := rq.site.Language(u.UILanguage); ok {
			rq.L = a.bundle.For(u.UILanguage)
		}
	}
	return u, true
}

// wellFormedPasswordToken checks the shape of a token (32 bytes in
// unpadded base64url) before any database work.
func wellFormedPasswordToken(token string) bool {
	if len(token) != 43 {
		return false
	}
	for i := 0; i < len(token); i++ {
		c := token[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// passwordLinkGone answers a link that no longer works.
func (a *Admin) passwordLinkGone(w http.ResponseWriter, rq *req) {
	a.render(w, rq, http.StatusGone, "people_password", rq.L.T("admin.people.password.gone.title"), &passwordView{Gone: true})
}
