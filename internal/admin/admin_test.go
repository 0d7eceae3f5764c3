package admin_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"html/template"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"depeche/internal/admin"
	"depeche/internal/auth"
	"depeche/internal/content"
	"depeche/internal/server"
	"depeche/internal/stats"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
	"depeche/internal/user"
)

const password = "a long test password"

type fixture struct {
	h       http.Handler
	st      *store.Store
	site    *content.Site
	section *content.Section
	users   map[user.Role]*user.User
	cookies map[user.Role]*http.Cookie
}

func setup(t *testing.T, kind string) *fixture {
	t.Helper()
	ctx := context.Background()
	st := storetest.Open(t, kind, nil)
	f := &fixture{st: st, users: map[user.Role]*user.User{}, cookies: map[user.Role]*http.Cookie{}}
	f.site = &content.Site{BaseURL: "http://example.test", DefaultLanguage: "fr", TimeZone: "Europe/Paris", CommentPolicy: content.ModerateBefore,
		Languages: []content.Language{{Code: "fr", Name: "Français", Direction: content.LTR}, {Code: "en", Name: "English", Direction: content.LTR}},
		Texts:     map[string]content.SiteText{"fr": {Name: "Site"}, "en": {Name: "Site"}}}
	if err := st.CreateSite(ctx, f.site); err != nil {
		t.Fatal(err)
	}
	f.section = &content.Section{SiteID: f.site.ID, Texts: map[string]content.SectionText{"fr": {Slug: "actu", Title: "Actualités"}}}
	if err := st.CreateSection(ctx, f.section); err != nil {
		t.Fatal(err)
	}
	authn, err := auth.New(st, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	back, err := admin.New(admin.Config{Store: st, Auth: authn, Log: slog.New(slog.NewTextHandler(t.Output(), nil)),
		Preview: func(int64, string, string) template.HTML { return "<p>preview</p>" }})
	if err != nil {
		t.Fatal(err)
	}
	f.h = server.New(st, slog.New(slog.DiscardHandler), server.Routes{Admin: back}).Handler()
	for _, role := range user.Roles {
		hash, _ := user.HashPassword(password, bytes.NewReader(bytes.Repeat([]byte{9}, 64)))
		u := &user.User{Email: string(role) + "@example.org", DisplayName: string(role), Role: role, PasswordHash: hash}
		if err := st.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		f.users[role] = u
		resp := f.do(nil, "POST", "/admin/login", url.Values{"email": {u.Email}, "password": {password}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("login %s: %d", role, resp.StatusCode)
		}
		for _, c := range resp.Cookies() {
			if c.Name == auth.CookieName {
				f.cookies[role] = c
			}
		}
	}
	return f
}

func (f *fixture) do(cookie *http.Cookie, method, path string, form url.Values, header ...string) *http.Response {
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	req := httptest.NewRequest(method, path, body)
	req.RemoteAddr = "192.0.2.10:1234"
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	if cookie != nil {
		req.AddCookie(cookie)
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec.Result()
}

// article makes an article in a status, signed by the given account.
func (f *fixture) article(t *testing.T, st content.Status, author *user.User) *content.Article {
	t.Helper()
	g := &content.TranslationGroup{SiteID: f.site.ID, SourceLanguage: "fr"}
	if err := f.st.CreateGroup(context.Background(), g); err != nil {
		t.Fatal(err)
	}
	a := &content.Article{SiteID: f.site.ID, GroupID: g.ID, SectionID: f.section.ID, Language: "fr", Slug: fmt.Sprintf("a-%d", g.ID),
		Title: "Titre", Body: "Texte", Status: st, AuthorIDs: []int64{author.ID}}
	if err := f.st.CreateArticle(context.Background(), a, 0); err != nil {
		t.Fatal(err)
	}
	return a
}

// TestPermissionsOverHTTP checks, for each role, that the server allows and
// refuses the workflow actions as access.Can says, on real requests.
func TestPermissionsOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := setup(t, st.Dialect())
		author := f.users[user.Author]
		tests := []struct {
			role   user.Role
			status content.Status
			action string
			own    bool
			want   int
		}{
			{user.Author, content.Draft, "propose", true, http.StatusSeeOther},
			{user.Author, content.Draft, "propose", false, http.StatusForbidden},
			{user.Author, content.Proposed, "publish", true, http.StatusForbidden},
			{user.Author, content.Proposed, "refuse", true, http.StatusForbidden},
			{user.Author, content.Draft, "trash", true, http.StatusSeeOther},
			{user.Author, content.Published, "unpublish", true, http.StatusForbidden},
			{user.Editor, content.Proposed, "publish", false, http.StatusSeeOther},
			{user.Editor, content.Published, "unpublish", false, http.StatusSeeOther},
			{user.Editor, content.Trashed, "restore", false, http.StatusSeeOther},
			{user.Editor, content.Draft, "restore", false, http.StatusForbidden}, // not in the trash
			{user.Moderator, content.Proposed, "publish", false, http.StatusForbidden},
			{user.Moderator, content.Draft, "trash", false, http.StatusForbidden},
			{user.Administrator, content.Proposed, "publish", false, http.StatusSeeOther},
		}
		for _, tt := range tests {
			owner := f.users[user.Editor]
			if tt.own {
				owner = f.users[tt.role]
			} else if tt.role == user.Editor || tt.role == user.Administrator {
				owner = author
			}
			a := f.article(t, tt.status, owner)
			resp := f.do(f.cookies[tt.role], "POST", fmt.Sprintf("/admin/articles/%d/status", a.ID), url.Values{"action": {tt.action}})
			if resp.StatusCode != tt.want {
				t.Errorf("%s %s on a %s article (own %v) = %d, want %d", tt.role, tt.action, tt.status, tt.own, resp.StatusCode, tt.want)
			}
		}
		// Editing: authors their own texts, moderators nothing.
		mine := f.article(t, content.Draft, author)
		other := f.article(t, content.Draft, f.users[user.Editor])
		form := url.Values{"title": {"Nouveau titre"}, "section": {fmt.Sprint(f.section.ID)}, "language": {"fr"}, "revision": {"1"}, "body": {"x"}}
		for _, c := range []struct {
			role user.Role
			a    *content.Article
			want int
		}{{user.Author, mine, http.StatusSeeOther}, {user.Author, other, http.StatusForbidden}, {user.Moderator, mine, http.StatusForbidden}} {
			if resp := f.do(f.cookies[c.role], "POST", fmt.Sprintf("/admin/articles/%d", c.a.ID), form); resp.StatusCode != c.want {
				t.Errorf("%s saving article %d = %d, want %d", c.role, c.a.ID, resp.StatusCode, c.want)
			}
			form.Set("revision", "2")
		}
		if resp := f.do(f.cookies[user.Moderator], "GET", fmt.Sprintf("/admin/articles/%d", mine.ID), nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a moderator opens the editor: %d", resp.StatusCode)
		}
		if resp := f.do(f.cookies[user.Moderator], "GET", "/admin/articles/new", nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a moderator opens a new article: %d", resp.StatusCode)
		}
		if resp := f.do(nil, "GET", "/admin/", nil); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/admin/login") {
			t.Errorf("anonymous dashboard: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
	})
}

func TestCrossOriginPostRefused(t *testing.T) {
	f := setup(t, "sqlite")
	a := f.article(t, content.Proposed, f.users[user.Author])
	path := fmt.Sprintf("/admin/articles/%d/status", a.ID)
	resp := f.do(f.cookies[user.Editor], "POST", path, url.Values{"action": {"publish"}}, "Sec-Fetch-Site", "cross-site")
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST = %d, want 403", resp.StatusCode)
	}
	resp = f.do(f.cookies[user.Editor], "POST", path, url.Values{"action": {"publish"}}, "Origin", "https://evil.example")
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("foreign-origin POST = %d, want 403", resp.StatusCode)
	}
	got, _ := f.st.ArticleByID(context.Background(), f.site.ID, a.ID)
	if got.Status != content.Proposed {
		t.Fatal("the forged request changed the article")
	}
	if resp := f.do(f.cookies[user.Editor], "POST", path, url.Values{"action": {"publish"}}, "Sec-Fetch-Site", "same-origin"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("same-origin POST = %d", resp.StatusCode)
	}
}

func TestLoginOverHTTP(t *testing.T) {
	f := setup(t, "sqlite")
	// Each login rotates the session; the cookie is locked down.
	first := f.cookies[user.Editor]
	resp := f.do(nil, "POST", "/admin/login", url.Values{"email": {"editor@example.org"}, "password": {password}})
	var second *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == auth.CookieName {
			second = c
		}
	}
	if second == nil || second.Value == first.Value || !second.HttpOnly || second.SameSite != http.SameSiteLaxMode || second.Path != "/" {
		t.Fatalf("session cookie: %+v", second)
	}
	if resp.Header.Get("Cache-Control") != "no-store" {
		t.Error("back-office responses must not be cached")
	}
	// A post-login destination outside the back office is ignored.
	resp = f.do(nil, "POST", "/admin/login", url.Values{"email": {"editor@example.org"}, "password": {password}, "next": {"//evil.example/"}})
	if resp.Header.Get("Location") != "/admin/" {
		t.Errorf("open redirect: %s", resp.Header.Get("Location"))
	}
	// Wrong passwords: the same page for an unknown account, then a delay.
	for i := range 5 {
		email := "editor@example.org"
		if i%2 == 1 {
			email = "nobody@example.org"
		}
		if resp := f.do(nil, "POST", "/admin/login", url.Values{"email": {email}, "password": {"wrong"}}); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i, resp.StatusCode)
		}
	}
	resp = f.do(nil, "POST", "/admin/login", url.Values{"email": {"editor@example.org"}, "password": {"wrong"}})
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("after 5 failures from one network: %d", resp.StatusCode)
	}
	// Logging out ends the session on the server.
	f.do(second, "POST", "/admin/logout", nil)
	if resp := f.do(second, "GET", "/admin/", nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a logged-out cookie still opens the back office: %d", resp.StatusCode)
	}
}

func TestEditorRefusals(t *testing.T) {
	f := setup(t, "sqlite")
	editor := f.cookies[user.Editor]
	a := f.article(t, content.Proposed, f.users[user.Author])
	path := fmt.Sprintf("/admin/articles/%d", a.ID)
	// Refusing needs a reason.
	if resp := f.do(editor, "POST", path+"/status", url.Values{"action": {"refuse"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("refusal without reason: %d", resp.StatusCode)
	}
	// Two people edit: the second save is refused, the text typed comes back.
	form := url.Values{"title": {"Première version"}, "section": {fmt.Sprint(f.section.ID)}, "language": {"fr"}, "revision": {"1"}, "body": {"A"}}
	if resp := f.do(editor, "POST", path, form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("first save: %d", resp.StatusCode)
	}
	form.Set("title", "Seconde version")
	form.Set("body", "Texte de la seconde personne")
	resp := f.do(f.cookies[user.Administrator], "POST", path, form)
	body := readAll(resp)
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "Texte de la seconde personne") {
		t.Errorf("stale save: %d", resp.StatusCode)
	}
	got, _ := f.st.ArticleByID(context.Background(), f.site.ID, a.ID)
	if got.Title != "Première version" {
		t.Errorf("the first save was overwritten: %q", got.Title)
	}
	// Bad slugs and a missing title come back at their fields.
	form.Set("revision", fmt.Sprint(got.Revision))
	for slug, want := range map[string]string{"Pas Bon": "slug", "search": "slug", "": "title"} {
		form.Set("slug", slug)
		form.Set("title", "Titre")
		if slug == "" {
			form.Set("title", "")
		}
		resp := f.do(editor, "POST", path, form)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(readAll(resp), `id="`+want+`"`) {
			t.Errorf("slug %q: %d", slug, resp.StatusCode)
		}
	}
	// Oversized forms and unknown ids never break the server.
	if resp := f.do(editor, "POST", path, url.Values{"body": {strings.Repeat("x", 3<<20)}}); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized form: %d", resp.StatusCode)
	}
	for _, p := range []string{"/admin/articles/999999", "/admin/articles/abc"} {
		if resp := f.do(editor, "GET", p, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d", p, resp.StatusCode)
		}
	}
}

func readAll(resp *http.Response) string {
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			return b.String()
		}
	}
}

func TestRevisionsDiffAndRestore(t *testing.T) {
	f := setup(t, "sqlite")
	editor := f.cookies[user.Editor]
	a := f.article(t, content.Draft, f.users[user.Author])
	path := fmt.Sprintf("/admin/articles/%d", a.ID)
	form := url.Values{"title": {"Titre"}, "section": {fmt.Sprint(f.section.ID)}, "language": {"fr"}, "revision": {"1"}, "body": {"Ligne une\nLigne deux"}}
	if resp := f.do(editor, "POST", path, form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	resp := f.do(editor, "GET", path+"/revisions?from=1&to=2", nil)
	body := html.UnescapeString(readAll(resp))
	if resp.StatusCode != 200 || !strings.Contains(body, `<span class="diff-del">- Texte</span>`) || !strings.Contains(body, `<span class="diff-add">+ Ligne deux</span>`) {
		t.Fatalf("revisions page: %d\n%s", resp.StatusCode, body)
	}
	if resp := f.do(editor, "POST", path+"/revisions/1/restore", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("restore: %d", resp.StatusCode)
	}
	got, _ := f.st.ArticleByID(context.Background(), f.site.ID, a.ID)
	if got.Body != "Texte" || got.Revision != 3 {
		t.Errorf("after restoring revision 1: body %q, revision %d", got.Body, got.Revision)
	}
	if resp := f.do(f.cookies[user.Moderator], "GET", path+"/revisions", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a moderator reads revisions: %d", resp.StatusCode)
	}
	if resp := f.do(editor, "POST", path+"/revisions/99/restore", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("restoring a missing revision: %d", resp.StatusCode)
	}
}

func TestStatisticsDashboard(t *testing.T) {
	f := setup(t, "sqlite")
	ctx := context.Background()
	a := f.article(t, content.Published, f.users[user.Author])
	today := time.Now().In(time.FixedZone("", 0)).Format("2006-01-02")
	batch := stats.Batch{
		Pages:     []stats.PageCount{{Day: today, SiteID: f.site.ID, Path: "/fr/a", Language: "fr", ArticleID: a.ID, GroupID: a.GroupID, Views: 7}},
		Visitors:  []stats.VisitorCount{{Day: today, SiteID: f.site.ID, Visitors: 5}},
		Referrers: []stats.KeyCount{{Day: today, SiteID: f.site.ID, Key: "=cmd|evil", Count: 2}},
	}
	if err := f.st.AddStats(ctx, batch); err != nil {
		t.Fatal(err)
	}
	resp := f.do(f.cookies[user.Editor], "GET", "/admin/stats", nil)
	body := readAll(resp)
	if resp.StatusCode != 200 || !strings.Contains(body, `<svg`) || !strings.Contains(body, "Titre") {
		t.Fatalf("dashboard: %d", resp.StatusCode)
	}
	for _, role := range []user.Role{user.Author, user.Moderator} {
		if resp := f.do(f.cookies[role], "GET", "/admin/stats", nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s sees the statistics: %d", role, resp.StatusCode)
		}
	}
	resp = f.do(f.cookies[user.Editor], "GET", "/admin/stats.csv?table=articles", nil)
	csvBody := readAll(resp)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || !strings.Contains(csvBody, "Titre,7,7") {
		t.Errorf("articles CSV: %d %q", resp.StatusCode, csvBody)
	}
	resp = f.do(f.cookies[user.Editor], "GET", "/admin/stats.csv?table=referrer", nil)
	if body := readAll(resp); !strings.Contains(body, "'=cmd|evil,2") {
		t.Errorf("a referrer that looks like a formula is not neutralized: %q", body)
	}
	resp = f.do(f.cookies[user.Editor], "GET", "/admin/stats.csv?table=audience&by=month", nil)
	if body := readAll(resp); !strings.Contains(body, today[:7]+",7,5") {
		t.Errorf("audience CSV by month: %q", body)
	}
	if resp := f.do(f.cookies[user.Editor], "GET", "/admin/stats?from=2026-13-01", nil); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a bad date: %d", resp.StatusCode)
	}
	if resp := f.do(f.cookies[user.Editor], "GET", "/admin/stats.csv?table=nope", nil); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("an unknown table: %d", resp.StatusCode)
	}
}

func TestWorkflowNotifications(t *testing.T) {
	f := setup(t, "sqlite")
	ctx := context.Background()
	a := f.article(t, content.Draft, f.users[user.Author])
	path := fmt.Sprintf("/admin/articles/%d/status", a.ID)
	if resp := f.do(f.cookies[user.Author], "POST", path, url.Values{"action": {"propose"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("propose: %d", resp.StatusCode)
	}
	// The editor and the administrator hear of it; nobody else.
	mails, err := f.st.ClaimMail(ctx, 10, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, m := range mails {
		got[m.Recipient] = m.Subject
	}
	if len(got) != 2 || !strings.Contains(got["editor@example.org"], "Titre") || got["administrator@example.org"] == "" {
		t.Fatalf("proposal mail: %v", got)
	}
	if resp := f.do(f.cookies[user.Editor], "POST", path, url.Values{"action": {"refuse"}, "note": {"Ajoutez la date."}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("refuse: %d", resp.StatusCode)
	}
	mails, _ = f.st.ClaimMail(ctx, 10, time.Minute)
	if len(mails) != 1 || mails[0].Recipient != "author@example.org" || !strings.Contains(mails[0].Body, "Ajoutez la date.") {
		t.Fatalf("refusal mail: %+v", mails)
	}
}

func TestSectionRestrictionAndLogoutEverywhere(t *testing.T) {
	f := setup(t, "sqlite")
	ctx := context.Background()
	other := &content.Section{SiteID: f.site.ID, Texts: map[string]content.SectionText{"fr": {Slug: "autre", Title: "Autre"}}}
	if err := f.st.CreateSection(ctx, other); err != nil {
		t.Fatal(err)
	}
	child := &content.Section{SiteID: f.site.ID, ParentID: f.section.ID, Texts: map[string]content.SectionText{"fr": {Slug: "sous", Title: "Sous"}}}
	if err := f.st.CreateSection(ctx, child); err != nil {
		t.Fatal(err)
	}
	editor := f.users[user.Editor]
	if err := f.st.SetUserSections(ctx, editor.ID, []int64{f.section.ID}); err != nil {
		t.Fatal(err)
	}
	inside := f.article(t, content.Proposed, f.users[user.Author])
	inChild := f.article(t, content.Proposed, f.users[user.Author])
	inChild.SectionID = child.ID
	if err := f.st.UpdateArticle(ctx, inChild, 0); err != nil {
		t.Fatal(err)
	}
	outside := f.article(t, content.Proposed, f.users[user.Author])
	outside.SectionID = other.ID
	if err := f.st.UpdateArticle(ctx, outside, 0); err != nil {
		t.Fatal(err)
	}
	for a, want := range map[*content.Article]int{inside: http.StatusSeeOther, inChild: http.StatusSeeOther, outside: http.StatusForbidden} {
		if resp := f.do(f.cookies[user.Editor], "POST", fmt.Sprintf("/admin/articles/%d/status", a.ID), url.Values{"action": {"publish"}}); resp.StatusCode != want {
			t.Errorf("restricted editor publishing in section %d = %d, want %d", a.SectionID, resp.StatusCode, want)
		}
	}
	form := url.Values{"title": {"Hors champ"}, "section": {fmt.Sprint(other.ID)}, "language": {"fr"}, "body": {"x"}}
	if resp := f.do(f.cookies[user.Editor], "POST", "/admin/articles/new", form); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("creating outside the restriction = %d, want 422", resp.StatusCode)
	}
	// Log out everywhere: another session of the same account ends too.
	resp := f.do(nil, "POST", "/admin/login", url.Values{"email": {"administrator@example.org"}, "password": {password}})
	var second *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == auth.CookieName {
			second = c
		}
	}
	f.do(f.cookies[user.Administrator], "POST", "/admin/logout", url.Values{"everywhere": {"1"}})
	if resp := f.do(second, "GET", "/admin/", nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("another session survived logging out everywhere: %d", resp.StatusCode)
	}
}
