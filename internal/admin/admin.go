// Package admin is the back office: editors write, translate, validate and
// publish. Every handler checks the account's permission with
// access.Can on the server before acting.
package admin

import (
	"bytes"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"time"

	"depeche/internal/access"
	"depeche/internal/auth"
	"depeche/internal/content"
	"depeche/internal/i18n"
	"depeche/internal/store"
	"depeche/internal/user"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// Config is what the back office needs.
type Config struct {
	Store *store.Store
	Auth  *auth.Auth
	Log   *slog.Logger
	Now   func() time.Time
	// Preview renders article Markdown exactly as the public page does.
	Preview func(siteID int64, lang, markdown string) template.HTML
	// SecureCookies marks the session cookie Secure (site served over TLS).
	SecureCookies bool
	// MediaDir is the media library's root folder.
	MediaDir string
	// MailEnabled says an SMTP server is configured: invitations and
	// password links are e-mailed rather than shown.
	MailEnabled bool
}

// Admin is the back-office HTTP handler, mounted at /admin/.
type Admin struct {
	cfg    Config
	bundle *i18n.Bundle
	pages  map[string]*template.Template
	mux    *http.ServeMux
}

// New builds the back office.
func New(cfg Config) (*Admin, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	bundle, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	a := &Admin{cfg: cfg, bundle: bundle}
	if err := a.loadTemplates(); err != nil {
		return nil, err
	}
	m := http.NewServeMux()
	m.HandleFunc("GET /admin/login", a.loginForm)
	m.HandleFunc("POST /admin/login", a.login)
	m.HandleFunc("GET /admin/password/forgot", a.forgotForm)
	m.HandleFunc("POST /admin/password/forgot", a.forgot)
	m.HandleFunc("POST /admin/logout", a.signedIn(access.UseBackOffice, a.logout))
	m.HandleFunc("GET /admin/{$}", a.signedIn(access.UseBackOffice, a.dashboard))
	m.HandleFunc("GET /admin/articles/new", a.signedIn(access.CreateArticle, a.newArticle))
	m.HandleFunc("POST /admin/articles/new", a.signedIn(access.CreateArticle, a.createArticle))
	m.HandleFunc("GET /admin/articles/{id}", a.signedIn(access.UseBackOffice, a.editArticle))
	m.HandleFunc("POST /admin/articles/{id}", a.signedIn(access.UseBackOffice, a.saveArticle))
	m.HandleFunc("POST /admin/articles/{id}/status", a.signedIn(access.UseBackOffice, a.changeStatus))
	m.HandleFunc("POST /admin/articles/{id}/translate", a.signedIn(access.UseBackOffice, a.translate))
	m.HandleFunc("POST /admin/articles/{id}/uptodate", a.signedIn(access.UseBackOffice, a.markUpToDate))
	m.HandleFunc("GET /admin/articles/{id}/revisions", a.signedIn(access.UseBackOffice, a.revisions))
	m.HandleFunc("POST /admin/articles/{id}/revisions/{n}/restore", a.signedIn(access.UseBackOffice, a.restoreRevision))
	m.HandleFunc("POST /admin/preview", a.signedIn(access.UseBackOffice, a.preview))
	m.HandleFunc("GET /admin/stats", a.signedIn(access.ViewStatistics, a.statistics))
	m.HandleFunc("GET /admin/stats.csv", a.signedIn(access.ViewStatistics, a.statisticsCSV))
	m.HandleFunc("GET /admin/media", a.signedIn(access.ManageMedia, a.mediaLibrary))
	m.HandleFunc("POST /admin/media", a.signedIn(access.ManageMedia, a.uploadMedia))
	m.HandleFunc("GET /admin/media/{id}", a.signedIn(access.ManageMedia, a.editMedia))
	m.HandleFunc("POST /admin/media/{id}", a.signedIn(access.ManageMedia, a.saveMedia))
	m.HandleFunc("POST /admin/media/{id}/delete", a.signedIn(access.ManageMedia, a.deleteMedia))
	m.Handle("GET /admin/assets/", http.StripPrefix("/admin/assets/", http.FileServerFS(mustSub(staticFiles, "static"))))
	a.structureRoutes(m)
	a.peopleRoutes(m)
	a.commentRoutes(m)
	m.HandleFunc("/admin/", a.notFound)
	a.mux = m
	return a, nil
}

// ServeHTTP answers back-office requests. Nothing here may be cached or
// framed, and cross-origin writes are refused before any handler runs.
func (a *Admin) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Robots-Tag", "noindex, nofollow")
	a.mux.ServeHTTP(w, r)
}

func (a *Admin) loadTemplates() error {
	funcs := template.FuncMap{
		"len64": func(m map[string]string) int64 { return int64(len(m)) },
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[kv[i].(string)] = kv[i+1]
			}
			return m
		},
	}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html")
	if err != nil {
		return err
	}
	a.pages = map[string]*template.Template{}
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return err
	}
	for _, p := range names {
		name := strings.TrimSuffix(path.Base(p), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFiles, p)
		if err != nil {
			return err
		}
		a.pages[name] = t
	}
	return nil
}

// req is one back-office request with its account and site.
type req struct {
	*http.Request
	u    *user.User
	site *content.Site
	L    *i18n.Localizer
	// scope is the sections the account is restricted to, with their
	// descendants; nil when unrestricted.
	scope access.Scope
}

// signedIn wraps a handler: it requires an active session and the action's
// permission (article-level checks happen again in the handler).
func (a *Admin) signedIn(act access.Action, h func(http.ResponseWriter, *req)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		site, err := a.cfg.Store.SiteByHost(r.Context(), hostOnly(r.Host))
		if err != nil {
			a.fail(w, r, err)
			return
		}
		u, err := a.cfg.Auth.User(r)
		if err != nil {
			if !errors.Is(err, store.ErrNotFound) {
				a.fail(w, r, err)
				return
			}
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/admin/login?next="+urlEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
			return
		}
		rq := &req{Request: r, u: u, site: site, L: a.bundle.For(uiLanguage(u, site))}
		if rq.scope, err = a.scopeOf(r, u, site); err != nil {
			a.fail(w, r, err)
			return
		}
		if !access.Can(u, act, nil, false, nil) {
			a.forbidden(w, rq)
			return
		}
		h(w, rq)
	}
}

// scopeOf expands an account's section restriction to the sections' whole
// subtrees.
func (a *Admin) scopeOf(r *http.Request, u *user.User, site *content.Site) (access.Scope, error) {
	roots, err := a.cfg.Store.UserSections(r.Context(), u.ID)
	if err != nil || len(roots) == 0 {
		return nil, err
	}
	sections, err := a.cfg.Store.Sections(r.Context(), site.ID)
	if err != nil {
		return nil, err
	}
	scope := access.Scope{}
	for _, id := range roots {
		scope[id] = true
	}
	// Sections come parents first, so one pass reaches every descendant.
	for _, s := range sections {
		if scope[s.ParentID] {
			scope[s.ID] = true
		}
	}
	return scope, nil
}

func uiLanguage(u *user.User, site *content.Site) string {
	if u != nil && u.UILanguage != "" {
		return u.UILanguage
	}
	return site.DefaultLanguage
}

// page is what every back-office screen's layout needs.
type page struct {
	L     *i18n.Localizer
	Lang  string
	Dir   string
	Title string
	User  *user.User
	Site  *content.Site
	Flash string
	Main  any
}

// Can tells the layout which links to offer the account.
func (p page) Can(action string) bool {
	return p.User != nil && access.Can(p.User, access.Action(action), nil, false, nil)
}

func (a *Admin) render(w http.ResponseWriter, r *req, status int, name, title string, main any) {
	t, ok := a.pages[name]
	if !ok {
		a.fail(w, r.Request, errors.New("no admin template "+name))
		return
	}
	lang := r.L.Lang()
	p := page{L: r.L, Lang: lang, Dir: r.L.Dir(), Title: title, User: r.u, Site: r.site, Main: main, Flash: flash(r.Request, r.L)}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		a.fail(w, r.Request, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// flash turns ?done=… after a redirect into a confirmation message.
func flash(r *http.Request, L *i18n.Localizer) string {
	switch r.URL.Query().Get("done") {
	case "saved":
		return L.T("admin.flash.saved")
	case "status":
		return L.T("admin.flash.status")
	case "translated":
		return L.T("admin.flash.translated")
	case "uptodate":
		return L.T("admin.flash.uptodate")
	case "password":
		return L.T("admin.people.password.done")
	case "mailed":
		return L.T("admin.people.mailed")
	}
	return ""
}

func (a *Admin) forbidden(w http.ResponseWriter, r *req) {
	a.render(w, r, http.StatusForbidden, "message", r.L.T("admin.forbidden.title"), struct{ Heading, Text string }{
		r.L.T("admin.forbidden.title"), r.L.T("admin.forbidden.text")})
}

func (a *Admin) notFound(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "Not found", http.StatusNotFound)
}

func (a *Admin) fail(w http.ResponseWriter, r *http.Request, err error) {
	a.cfg.Log.Error("back office", "path", r.URL.Path, "err", err)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	w.Write([]byte("Internal error. Your input was not saved; go back and try again.\n"))
}

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err) // the embedded folder is part of the binary
	}
	return sub
}

func hostOnly(host string) string {
	if h, _, ok := strings.Cut(host, ":"); ok {
		return h
	}
	return host
}
