package admin

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"depeche/internal/access"
	"depeche/internal/auth"
)

type loginView struct {
	Email, Next, Error string
}

func (a *Admin) anonymous(r *http.Request) (*req, error) {
	site, err := a.cfg.Store.SiteByHost(r.Context(), hostOnly(r.Host))
	if err != nil {
		return nil, err
	}
	lang := site.DefaultLanguage
	if q := r.URL.Query().Get("lang"); q != "" {
		if _, ok := site.Language(q); ok {
			lang = q
		}
	}
	return &req{Request: r, site: site, L: a.bundle.For(lang)}, nil
}

func (a *Admin) loginForm(w http.ResponseWriter, r *http.Request) {
	rq, err := a.anonymous(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.render(w, rq, http.StatusOK, "login", rq.L.T("admin.login.title"), loginView{Next: safeNext(r.URL.Query().Get("next"))})
}

func (a *Admin) login(w http.ResponseWriter, r *http.Request) {
	rq, err := a.anonymous(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "Bad request", http.StatusBadRequest)
		return
	}
	v := loginView{Email: r.PostForm.Get("email"), Next: safeNext(r.PostForm.Get("next"))}
	u, token, err := a.cfg.Auth.Login(r.Context(), v.Email, r.PostForm.Get("password"), r.RemoteAddr)
	var throttled *auth.ErrThrottled
	switch {
	case errors.As(err, &throttled):
		v.Error = rq.L.T("admin.login.throttled", int64(throttled.Wait.Seconds()+1))
		w.Header().Set("Retry-After", itoa(int64(throttled.Wait.Seconds()+1)))
		a.render(w, rq, http.StatusTooManyRequests, "login", rq.L.T("admin.login.title"), v)
		return
	case errors.Is(err, auth.ErrBusy):
		v.Error = rq.L.T("admin.login.busy")
		w.Header().Set("Retry-After", "5")
		a.render(w, rq, http.StatusServiceUnavailable, "login", rq.L.T("admin.login.title"), v)
		return
	case errors.Is(err, auth.ErrInvalid):
		v.Error = rq.L.T("admin.login.invalid")
		a.render(w, rq, http.StatusUnauthorized, "login", rq.L.T("admin.login.title"), v)
		return
	case err != nil:
		a.fail(w, r, err)
		return
	}
	auth.SetCookie(w, token, a.cfg.SecureCookies)
	next := v.Next
	if next == "" {
		next = "/admin/"
		if !access.Can(u, access.UseBackOffice, nil, false, nil) {
			// A member has no back office: the public site is home.
			next = "/"
		}
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (a *Admin) logout(w http.ResponseWriter, r *req) {
	if r.FormValue("everywhere") == "1" {
		// Every other device and browser loses its session too.
		if err := a.cfg.Store.DeleteUserSessions(r.Context(), r.u.ID); err != nil {
			a.fail(w, r.Request, err)
			return
		}
	}
	if err := a.cfg.Auth.Logout(w, r.Request, a.cfg.SecureCookies); err != nil {
		a.fail(w, r.Request, err)
		return
	}
	http.Redirect(w, r.Request, "/admin/login", http.StatusSeeOther)
}

// safeNext keeps a post-login destination on this site (a member comes back
// to the article they wanted to comment on), so the login page cannot send
// anyone elsewhere.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return ""
	}
	return next
}

func urlEscape(s string) string { return url.QueryEscape(s) }
