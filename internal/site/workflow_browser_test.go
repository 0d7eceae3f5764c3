package site_test

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"depeche/internal/admin"
	"depeche/internal/auth"
	"depeche/internal/comment"
	"depeche/internal/content"
	"depeche/internal/demo"
	"depeche/internal/server"
	"depeche/internal/site"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
	"depeche/internal/user"

	"github.com/chromedp/chromedp"
)

// startBackOffice serves the demo site with its back office, and creates
// an author and an editor who can log in.
func startBackOffice(t *testing.T) (*httptest.Server, *store.Store) {
	t.Helper()
	st := storetest.Open(t, "sqlite", nil)
	logger := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	siteHandler, err := site.New(site.Config{Store: st, Log: logger, MediaDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	authn, err := auth.New(st, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	back, err := admin.New(admin.Config{Store: st, Auth: authn, Log: logger,
		Preview: func(siteID int64, lang, md string) template.HTML {
			return siteHandler.Preview(context.Background(), siteID, lang, md)
		}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.New(st, logger, server.Routes{Site: siteHandler, Admin: back}).Handler())
	t.Cleanup(srv.Close)
	if _, err := demo.Load(t.Context(), st, demo.Options{BaseURL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []*user.User{
		{Email: "autrice@example.org", DisplayName: "Inès Autrice", Role: user.Author},
		{Email: "editeur@example.org", DisplayName: "Marc Éditeur", Role: user.Editor},
		{Email: "admin@example.org", DisplayName: "Admin", Role: user.Administrator},
	} {
		hash, err := user.HashPassword("a long test password", bytes.NewReader(bytes.Repeat([]byte{3}, 64)))
		if err != nil {
			t.Fatal(err)
		}
		u.PasswordHash = hash
		if err := st.CreateUser(t.Context(), u); err != nil {
			t.Fatal(err)
		}
	}
	return srv, st
}

// TestBrowserEditorialWorkflow walks one article through the whole
// workflow in real Chromium, as the people doing it would.
func TestBrowserEditorialWorkflow(t *testing.T) {
	chromium := chromiumPath(t)
	axe := axeSource(t)
	srv, st := startBackOffice(t)
	b := startBrowser(t, chromium, srv.URL)

	login := func(email string) {
		b.open(t, "/admin/login", http.StatusOK)
		b.do(t, chromedp.SendKeys(chromedp.CSS("#email"), email), chromedp.SendKeys(chromedp.CSS("#password"), "a long test password"))
		b.await(t, "logging in as "+email, http.StatusOK, chromedp.Click(chromedp.CSS(".login-form button")))
	}
	logout := func() {
		b.open(t, "/admin/", http.StatusOK)
		b.await(t, "logging out", http.StatusOK, chromedp.Click(chromedp.CSS(".admin-logout button")))
	}
	act := func(what, action string, status int) {
		b.await(t, what, status, chromedp.Click(chromedp.CSS(`button[value="`+action+`"]`)))
	}
	currentArticle := func() string {
		u := b.currentURL(t)
		path := u[strings.Index(u, "/admin/articles/"):]
		if i := strings.IndexAny(path, "?#"); i >= 0 {
			path = path[:i]
		}
		return path
	}
	statusOf := func(lang, slug string) content.Status {
		site, _ := st.SiteByHost(context.Background(), "")
		a, err := st.ArticleBySlug(context.Background(), site.ID, lang, slug)
		if err != nil {
			t.Fatalf("%s/%s: %v", lang, slug, err)
		}
		return a.Status
	}

	// The author writes and proposes.
	b.open(t, "/admin/login", http.StatusOK)
	b.audit(t, axe, "admin-login")
	login("autrice@example.org")
	b.open(t, "/admin/articles/new", http.StatusOK)
	b.audit(t, axe, "admin-new-article")
	b.do(t, chromedp.SendKeys(chromedp.CSS("#title"), "Une journée portes ouvertes"),
		chromedp.SendKeys(chromedp.CSS("#lead"), "Le ministère ouvre ses portes au public."),
		chromedp.SendKeys(chromedp.CSS("#body"), "## Programme\n\nVisites guidées toute la journée."))
	b.await(t, "saving the draft", http.StatusOK, chromedp.Click(chromedp.CSS("#editor button[type=submit]")))
	frEditor := currentArticle()
	act("proposing", "propose", http.StatusOK)
	if got := statusOf("fr", "une-journee-portes-ouvertes"); got != content.Proposed {
		t.Fatalf("after proposing: %s", got)
	}
	if resp, _ := http.Get(srv.URL + "/fr/une-journee-portes-ouvertes"); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("a proposed article is public: %d", resp.StatusCode)
	}
	logout()

	// The editor refuses it with a reason.
	login("editeur@example.org")
	b.open(t, frEditor, http.StatusOK)
	b.do(t, chromedp.SendKeys(chromedp.CSS("#note"), "Précisez la date de la journée."))
	act("refusing", "refuse", http.StatusOK)
	if got := statusOf("fr", "une-journee-portes-ouvertes"); got != content.Refused {
		t.Fatalf("after refusing: %s", got)
	}
	logout()

	// The author reads the reason, fixes and proposes again.
	login("autrice@example.org")
	b.open(t, frEditor, http.StatusOK)
	reason := evalJS[string](t, b, `document.querySelector(".history").textContent`)
	if !strings.Contains(reason, "Précisez la date") {
		t.Fatalf("the author does not see the reason: %q", reason)
	}
	b.do(t, chromedp.SendKeys(chromedp.CSS("#body"), "\n\nLe samedi 19 septembre, de 10 h à 18 h."))
	b.await(t, "saving the fix", http.StatusOK, chromedp.Click(chromedp.CSS("#editor button[type=submit]")))
	act("proposing again", "propose", http.StatusOK)
	logout()

	// The editor publishes; readers see it.
	login("editeur@example.org")
	b.open(t, frEditor, http.StatusOK)
	act("publishing", "publish", http.StatusOK)
	b.open(t, "/fr/une-journee-portes-ouvertes", http.StatusOK)

	// The editor translates it into English and publishes the translation.
	b.open(t, frEditor, http.StatusOK)
	b.do(t, chromedp.SetValue(chromedp.CSS("#translate-language"), "en"))
	b.await(t, "starting the translation", http.StatusOK, chromedp.Click(chromedp.CSS(`form[action$="/translate"] button`)))
	enEditor := currentArticle()
	b.do(t, chromedp.SetValue(chromedp.CSS("#title"), "An open day"), chromedp.SetValue(chromedp.CSS("#slug"), "an-open-day"))
	b.await(t, "saving the translation", http.StatusOK, chromedp.Click(chromedp.CSS("#editor button[type=submit]")))
	act("publishing the translation", "publish", http.StatusOK)
	b.open(t, "/en/an-open-day", http.StatusOK)
	b.open(t, "/admin/stats", http.StatusOK)
	b.audit(t, axe, "admin-stats")
	for _, p := range []string{"/admin/sections", "/admin/sections/1", "/admin/keywords", "/admin/keywords/1", "/admin/comments"} {
		b.open(t, p, http.StatusOK)
		b.audit(t, axe, "admin"+strings.ReplaceAll(p[6:], "/", "-"))
	}
	logout()

	// The author changes the French source: the English version is outdated.
	login("autrice@example.org")
	b.open(t, frEditor, http.StatusOK)
	b.do(t, chromedp.SendKeys(chromedp.CSS("#body"), "\n\nInscription conseillée."))
	b.await(t, "changing the source", http.StatusOK, chromedp.Click(chromedp.CSS("#editor button[type=submit]")))
	b.open(t, enEditor, http.StatusOK)
	outdated := evalJS[string](t, b, `(document.querySelector(".outdated") || {textContent: ""}).textContent`)
	if !strings.Contains(outdated, "Inscription conseillée") {
		t.Fatalf("the English version is not shown as outdated with the source's change: %q", outdated)
	}
	b.audit(t, axe, "admin-editor-outdated")
	b.open(t, frEditor+"/revisions", http.StatusOK)
	b.audit(t, axe, "admin-revisions")
	b.open(t, "/admin/", http.StatusOK)
	b.audit(t, axe, "admin-dashboard")
	b.colorScheme(t, "dark")
	b.audit(t, axe, "admin-dashboard-dark")
	b.colorScheme(t, "light")
	if n := evalJS[int](t, b, `document.querySelectorAll(".badge--outdated, .cell--outdated").length`); n == 0 {
		t.Error("the dashboard does not flag the outdated translation")
	}
	b.open(t, "/admin/media", http.StatusOK)
	b.colorScheme(t, "dark")
	b.audit(t, axe, "admin-media-dark")
	b.colorScheme(t, "light")
	logout()

	// The administrator's screens.
	login("admin@example.org")
	for _, p := range []string{"/admin/users", "/admin/users/1", "/admin/settings"} {
		b.open(t, p, http.StatusOK)
		b.audit(t, axe, "admin"+strings.ReplaceAll(p[6:], "/", "-"))
	}
	logout()
	b.open(t, "/admin/password/forgot", http.StatusOK)
	b.audit(t, axe, "admin-forgot")
	b.open(t, "/en/an-open-day", http.StatusOK)
	if n := evalJS[int](t, b, `document.querySelectorAll(".notice--outdated").length`); n != 1 {
		t.Error("readers of the English version are not told it is outdated")
	}
}

// TestBrowserAutosave types in the editor, leaves without saving, and comes
// back: the text is offered back.
func TestBrowserAutosave(t *testing.T) {
	chromium := chromiumPath(t)
	srv, _ := startBackOffice(t)
	b := startBrowser(t, chromium, srv.URL)
	b.open(t, "/admin/login", http.StatusOK)
	b.do(t, chromedp.SendKeys(chromedp.CSS("#email"), "editeur@example.org"), chromedp.SendKeys(chromedp.CSS("#password"), "a long test password"))
	b.await(t, "logging in", http.StatusOK, chromedp.Click(chromedp.CSS(".login-form button")))
	b.open(t, "/admin/articles/1", http.StatusOK)
	b.do(t, chromedp.SendKeys(chromedp.CSS("#body"), " Un paragraphe jamais enregistré."), chromedp.Sleep(1500*time.Millisecond))
	b.open(t, "/admin/articles/1", http.StatusOK)
	if hidden := evalJS[bool](t, b, `document.getElementById("autosave").hidden`); hidden {
		t.Fatal("the unsaved text is not offered back")
	}
	b.do(t, chromedp.Click(chromedp.CSS("#autosave button")))
	if body := evalJS[string](t, b, `document.getElementById("body").value`); !strings.Contains(body, "jamais enregistré") {
		t.Fatalf("restored body: %q", body)
	}
}

// TestBrowserReplyModeration posts a reply under pre-moderation as a reader,
// sees it absent, approves it as a moderator, and sees it nested under the
// message it answers.
func TestBrowserReplyModeration(t *testing.T) {
	chromium := chromiumPath(t)
	srv, st := startBackOffice(t)
	b := startBrowser(t, chromium, srv.URL)
	const article = "/fr/moderer-sans-censurer"
	ctx := context.Background()
	site, _ := st.SiteByHost(ctx, "")
	art, _ := st.ArticleBySlug(ctx, site.ID, "fr", "moderer-sans-censurer")
	thread, _ := st.Thread(ctx, store.ThreadQuery{SiteID: site.ID, GroupID: art.GroupID, Statuses: []comment.Status{comment.Published}})
	parent := thread[0]

	// The reader follows "Reply to this message", fills the form, waits like
	// a person, sends.
	b.open(t, fmt.Sprintf("%s?reply=%d", article, parent.ID), http.StatusOK)
	b.do(t, chromedp.SendKeys(chromedp.CSS("#name"), "Inès"), chromedp.SendKeys(chromedp.CSS("#email"), "ines@example.net"),
		chromedp.SendKeys(chromedp.CSS("#message"), "Une réponse qui attend la modération."), chromedp.Sleep(comment.MinFillTime+300*time.Millisecond))
	b.await(t, "sending the reply", http.StatusOK, chromedp.Click(chromedp.CSS(`button[value="send"]`)))
	if n := evalJS[int](t, b, `[...document.querySelectorAll(".comment__body")].filter(e => e.textContent.includes("attend la modération")).length`); n != 0 {
		t.Fatal("a message awaiting moderation is on the public page")
	}
	if notice := evalJS[string](t, b, `(document.querySelector(".comments .notice--success") || {textContent: ""}).textContent`); !strings.Contains(notice, "attente") {
		t.Errorf("the reader is not told the message awaits validation: %q", notice)
	}

	// The moderator (an editor here) approves it from the queue.
	b.open(t, "/admin/login", http.StatusOK)
	b.do(t, chromedp.SendKeys(chromedp.CSS("#email"), "editeur@example.org"), chromedp.SendKeys(chromedp.CSS("#password"), "a long test password"))
	b.await(t, "logging in", http.StatusOK, chromedp.Click(chromedp.CSS(".login-form button")))
	b.open(t, "/admin/comments", http.StatusOK)
	pending, _ := st.Thread(ctx, store.ThreadQuery{SiteID: site.ID, GroupID: art.GroupID, Statuses: []comment.Status{comment.Pending}})
	var reply int64
	for _, c := range pending {
		if strings.Contains(c.Body, "attend la modération") {
			reply = c.ID
		}
	}
	if reply == 0 {
		t.Fatal("the reply is not in the queue")
	}
	b.do(t, chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name="ids"][value="%d"]`, reply))))
	b.await(t, "approving", http.StatusOK, chromedp.Click(chromedp.CSS(`button[value="approve"]`)))

	// Back on the public page, the reply sits inside its parent.
	b.open(t, article, http.StatusOK)
	nested := evalJS[bool](t, b, fmt.Sprintf(`!!document.querySelector("#comment-%d .comments__list #comment-%d")`, parent.ID, reply))
	if !nested {
		t.Fatal("the approved reply is not nested under its parent")
	}
}
