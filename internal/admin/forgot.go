package admin

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"depeche/internal/auth"
	"depeche/internal/store"
	"depeche/internal/user"
)

// Password link requests per address and per network within an hour; past
// that, the answer stays the same and nothing is sent.
const (
	resetRequests = 5
	resetWindow   = time.Hour
)

type forgotView struct {
	Email, Notice string
	MailEnabled   bool
}

func (a *Admin) forgotForm(w http.ResponseWriter, r *http.Request) {
	rq, err := a.anonymous(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.render(w, rq, http.StatusOK, "forgot", rq.L.T("admin.forgot.title"), forgotView{MailEnabled: a.cfg.MailEnabled})
}

// forgot e-mails a password link to an active account. The answer is the
// same whether or not the account exists, and requests are limited per
// address and per network so the form cannot be used to flood a mailbox.
func (a *Admin) forgot(w http.ResponseWriter, r *http.Request) {
	rq, err := a.anonymous(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "Bad request", http.StatusBadRequest)
		return
	}
	v := forgotView{Email: strings.TrimSpace(r.PostForm.Get("email")), MailEnabled: a.cfg.MailEnabled, Notice: rq.L.T("admin.forgot.sent")}
	if !a.cfg.MailEnabled {
		v.Notice = rq.L.T("admin.forgot.nomail")
		a.render(w, rq, http.StatusOK, "forgot", rq.L.T("admin.forgot.title"), v)
		return
	}
	email, err := user.NormalizeEmail(v.Email)
	if err == nil {
		keys := []string{"reset:" + email, "reset-network:" + auth.Network(r.RemoteAddr)}
		allowed := true
		for _, k := range keys {
			n, _, err := a.cfg.Store.LoginFailures(r.Context(), k, a.cfg.Now().Add(-resetWindow))
			if err != nil {
				a.fail(w, r, err)
				return
			}
			allowed = allowed && n < resetRequests
		}
		if err := a.cfg.Store.RecordLoginFailure(r.Context(), keys, resetWindow); err != nil {
			a.fail(w, r, err)
			return
		}
		if allowed {
			u, err := a.cfg.Store.UserByEmail(r.Context(), email)
			switch {
			case err == nil && u.Active():
				link, err := a.newPasswordLink(r.Context(), rq.site, u)
				if err == nil {
					err = a.mailPasswordLink(r.Context(), rq.site, u, link, false)
				}
				if err != nil {
					a.fail(w, r, err)
					return
				}
			case err != nil && !errors.Is(err, store.ErrNotFound):
				a.fail(w, r, err)
				return
			}
		}
	}
	a.render(w, rq, http.StatusOK, "forgot", rq.L.T("admin.forgot.title"), v)
}
