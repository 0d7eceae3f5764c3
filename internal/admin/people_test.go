package admin_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // the zones of the settings tests, whatever the machine has

	"depeche/internal/auth"
	"depeche/internal/content"
	"depeche/internal/store/storetest"
	"depeche/internal/user"
)

var peopleLinkRE = regexp.MustCompile(`http://example\.test/admin/password\?token=([A-Za-z0-9_-]{43})`)

// peopleToken finds the password link's token on the page an
// administrator gets after an invitation.
func peopleToken(t *testing.T, body string) string {
	t.Helper()
	m := peopleLinkRE.FindStringSubmatch(html.UnescapeString(body))
	if m == nil {
		t.Fatalf("no password link on the page:\n%s", body)
	}
	return m[1]
}

// peopleLogin logs an account in and returns its session cookie, or nil
// with the status when the login is refused.
func peopleLogin(f *fixture, email, pw string) (*http.Cookie, int) {
	resp := f.do(nil, "POST", "/admin/login", url.Values{"email": {email}, "password": {pw}})
	for _, c := range resp.Cookies() {
		if c.Name == auth.CookieName && c.Value != "" {
			return c, resp.StatusCode
		}
	}
	return nil, resp.StatusCode
}

// peopleOpens tells whether a cookie still opens the back office.
func peopleOpens(f *fixture, c *http.Cookie) bool {
	return f.do(c, "GET", "/admin/", nil).StatusCode == http.StatusOK
}

// peopleFieldInvalid tells whether a page marks a field as invalid with
// its message tied to it.
func peopleFieldInvalid(body, id string) bool {
	return strings.Contains(body, `id="`+id+`-error"`) && regexp.MustCompile(`id="`+regexp.QuoteMeta(id)+`"[^>]*aria-invalid="true"`).MatchString(body)
}

func peopleHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func TestPeopleInvitation(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			f := setup(t, kind)
			ctx := context.Background()
			admin := f.cookies[user.Administrator]

			resp := f.do(admin, "POST", "/admin/users", url.Values{"email": {"  Nadia.Nouvelle@Example.ORG "}, "name": {"Nadia Nouvelle"}, "role": {"author"}})
			body := readAll(resp)
			if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Nadia Nouvelle") {
				t.Fatalf("invitation: %d\n%s", resp.StatusCode, body)
			}
			if resp.Header.Get("Referrer-Policy") != "no-referrer" {
				t.Error("the page showing a password link may leak it through Referer")
			}
			token := peopleToken(t, body)
			u, err := f.st.UserByEmail(ctx, "nadia.nouvelle@example.org")
			if err != nil || u.Role != user.Author || u.PasswordHash != "" || u.Slug != "nadia-nouvelle" {
				t.Fatalf("invited account: %+v, %v", u, err)
			}
			if got, _ := f.st.PasswordResetUser(ctx, token, time.Now()); got != 0 {
				t.Error("the token itself is stored, not only its hash")
			}
			list := readAll(f.do(admin, "GET", "/admin/users", nil))
			if !strings.Contains(list, "Nadia Nouvelle") || !strings.Contains(list, "sans mot de passe") {
				t.Errorf("the accounts table does not show the invited account as such")
			}

			// No password yet: no login, whatever is typed.
			if c, status := peopleLogin(f, u.Email, ""); c != nil || status != http.StatusUnauthorized {
				t.Fatalf("login without a password: %d", status)
			}
			if c, status := peopleLogin(f, u.Email, "a long enough guess"); c != nil || status != http.StatusUnauthorized {
				t.Fatalf("login before choosing a password: %d", status)
			}

			// The form, then mistakes that keep the link usable.
			resp = f.do(nil, "GET", "/admin/password?token="+token, nil)
			body = readAll(resp)
			if resp.StatusCode != http.StatusOK || !strings.Contains(body, `value="nadia.nouvelle@example.org"`) || !strings.Contains(body, "12") {
				t.Fatalf("password form: %d\n%s", resp.StatusCode, body)
			}
			resp = f.do(nil, "POST", "/admin/password", url.Values{"token": {token}, "password": {"court"}, "confirm": {"court"}})
			if body := readAll(resp); resp.StatusCode != http.StatusUnprocessableEntity || !peopleFieldInvalid(body, "password") {
				t.Errorf("short password: %d\n%s", resp.StatusCode, body)
			}
			resp = f.do(nil, "POST", "/admin/password", url.Values{"token": {token}, "password": {"un mot de passe assez long"}, "confirm": {"un autre mot de passe"}})
			if body := readAll(resp); resp.StatusCode != http.StatusUnprocessableEntity || !peopleFieldInvalid(body, "confirm") || strings.Contains(body, "un mot de passe assez long") {
				t.Errorf("mismatched passwords (which must not come back in the page): %d", resp.StatusCode)
			}

			const chosen = "un mot de passe assez long"
			resp = f.do(nil, "POST", "/admin/password", url.Values{"token": {token}, "password": {chosen}, "confirm": {chosen}})
			if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/admin/login?done=") {
				t.Fatalf("setting the password: %d %s", resp.StatusCode, resp.Header.Get("Location"))
			}
			login := f.do(nil, "GET", resp.Header.Get("Location"), nil)
			if body := readAll(login); login.StatusCode != http.StatusOK || !strings.Contains(body, `class="flash"`) {
				t.Errorf("the login page after setting a password has no notice")
			}
			// Once only.
			for _, req := range []struct{ method, path string }{{"POST", "/admin/password"}, {"GET", "/admin/password?token=" + token}} {
				var form url.Values
				if req.method == "POST" {
					form = url.Values{"token": {token}, "password": {"encore un autre essai"}, "confirm": {"encore un autre essai"}}
				}
				resp := f.do(nil, req.method, req.path, form)
				if body := readAll(resp); resp.StatusCode != http.StatusGone || !strings.Contains(body, "<h1>") {
					t.Errorf("%s of a used link: %d", req.method, resp.StatusCode)
				}
			}
			cookie, status := peopleLogin(f, u.Email, chosen)
			if cookie == nil || !peopleOpens(f, cookie) {
				t.Fatalf("login with the chosen password: %d", status)
			}

			// A new link for the account replaces the password and ends
			// the sessions opened with the old one.
			resp = f.do(admin, "POST", fmt.Sprintf("/admin/users/%d/link", u.ID), nil)
			second := peopleToken(t, readAll(resp))
			resp = f.do(nil, "POST", "/admin/password", url.Values{"token": {second}, "password": {"une toute nouvelle phrase"}, "confirm": {"une toute nouvelle phrase"}})
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("second link: %d", resp.StatusCode)
			}
			if peopleOpens(f, cookie) {
				t.Error("a session opened before the password change still works")
			}
			if c, _ := peopleLogin(f, u.Email, "une toute nouvelle phrase"); c == nil {
				t.Error("login with the new password fails")
			}

			// The same address, however typed, cannot be invited twice.
			resp = f.do(admin, "POST", "/admin/users", url.Values{"email": {"NADIA.nouvelle@example.org"}, "name": {"Nadia Bis"}, "role": {"editor"}})
			body = readAll(resp)
			if resp.StatusCode != http.StatusUnprocessableEntity || !peopleFieldInvalid(body, "invite-email") || !strings.Contains(body, `value="Nadia Bis"`) {
				t.Errorf("duplicate invitation: %d\n%s", resp.StatusCode, body)
			}
			resp = f.do(admin, "POST", "/admin/users", url.Values{"email": {"pas une adresse"}, "name": {""}, "role": {"root"}})
			body = readAll(resp)
			if resp.StatusCode != http.StatusUnprocessableEntity || !peopleFieldInvalid(body, "invite-email") || !peopleFieldInvalid(body, "invite-name") ||
				!peopleFieldInvalid(body, "invite-role") || !strings.Contains(body, `value="pas une adresse"`) {
				t.Errorf("invalid invitation: %d\n%s", resp.StatusCode, body)
			}
			// Two people with the same name get different public pages.
			resp = f.do(admin, "POST", "/admin/users", url.Values{"email": {"autre.nadia@example.org"}, "name": {"Nadia Nouvelle"}, "role": {"moderator"}})
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("namesake: %d", resp.StatusCode)
			}
			if other, err := f.st.UserByEmail(ctx, "autre.nadia@example.org"); err != nil || other.Slug != "nadia-nouvelle-2" {
				t.Errorf("namesake's slug: %+v %v", other, err)
			}
		})
	}
}

func TestPeopleDeadLinks(t *testing.T) {
	f := setup(t, "sqlite")
	ctx := context.Background()
	u := &user.User{Email: "tardif@example.org", DisplayName: "Tardif", Role: user.Author}
	if err := f.st.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	expired := strings.Repeat("e", 43)
	if err := f.st.CreatePasswordReset(ctx, peopleHash(expired), u.ID, time.Now().Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	unknown := strings.Repeat("u", 43)
	for _, token := range []string{expired, unknown, "", "trop-court", strings.Repeat("<", 43)} {
		resp := f.do(nil, "GET", "/admin/password?token="+url.QueryEscape(token), nil)
		body := readAll(resp)
		if resp.StatusCode != http.StatusGone || !strings.Contains(body, "ne fonctionne plus") {
			t.Errorf("GET with token %q: %d", token, resp.StatusCode)
		}
		resp = f.do(nil, "POST", "/admin/password", url.Values{"token": {token}, "password": {"un mot de passe assez long"}, "confirm": {"un mot de passe assez long"}})
		if resp.StatusCode != http.StatusGone {
			t.Errorf("POST with token %q: %d", token, resp.StatusCode)
		}
	}
	if got, _ := f.st.UserByID(ctx, u.ID); got.PasswordHash != "" {
		t.Error("an expired link set a password")
	}
	// A link dies with its account's deactivation.
	live := strings.Repeat("L", 43)
	if err := f.st.CreatePasswordReset(ctx, peopleHash(live), u.ID, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if resp := f.do(nil, "GET", "/admin/password?token="+live, nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("live link: %d", resp.StatusCode)
	}
	if resp := f.do(f.cookies[user.Administrator], "POST", fmt.Sprintf("/admin/users/%d/disable", u.ID), url.Values{"disabled": {"on"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("deactivation: %d", resp.StatusCode)
	}
	if resp := f.do(nil, "GET", "/admin/password?token="+live, nil); resp.StatusCode != http.StatusGone {
		t.Errorf("link of a deactivated account: %d", resp.StatusCode)
	}
	if resp := f.do(f.cookies[user.Administrator], "POST", fmt.Sprintf("/admin/users/%d/link", u.ID), nil); resp.StatusCode != http.StatusConflict {
		t.Errorf("new link for a deactivated account: %d", resp.StatusCode)
	}
}

func TestPeopleRolesAndDeactivation(t *testing.T) {
	f := setup(t, "sqlite")
	ctx := context.Background()
	admin := f.cookies[user.Administrator]
	author := f.users[user.Author]
	path := fmt.Sprintf("/admin/users/%d", author.ID)

	if resp := f.do(admin, "GET", path, nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("account page: %d", resp.StatusCode)
	}
	// The author cannot see statistics; as an editor they can, at once.
	if resp := f.do(f.cookies[user.Author], "GET", "/admin/stats", nil); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("author statistics: %d", resp.StatusCode)
	}
	resp := f.do(admin, "POST", path, url.Values{"name": {"Autrice Promue"}, "role": {"editor"}, "ui_language": {"en"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != path+"?done=saved" {
		t.Fatalf("role change: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	got, _ := f.st.UserByID(ctx, author.ID)
	if got.Role != user.Editor || got.DisplayName != "Autrice Promue" || got.UILanguage != "en" {
		t.Fatalf("after the role change: %+v", got)
	}
	if resp := f.do(f.cookies[user.Author], "GET", "/admin/stats", nil); resp.StatusCode != http.StatusOK {
		t.Errorf("the new editor's statistics: %d", resp.StatusCode)
	}
	if body := readAll(f.do(f.cookies[user.Author], "GET", "/admin/", nil)); !strings.Contains(body, `<html lang="en"`) {
		t.Error("the chosen back-office language is not used")
	}
	// Refusals come back at their fields with what was typed.
	resp = f.do(admin, "POST", path, url.Values{"name": {"Nom gardé"}, "role": {"chief"}, "ui_language": {"de"}})
	body := readAll(resp)
	if resp.StatusCode != http.StatusUnprocessableEntity || !peopleFieldInvalid(body, "account-role") || !peopleFieldInvalid(body, "account-uilang") ||
		!strings.Contains(body, `value="Nom gardé"`) {
		t.Errorf("invalid account form: %d\n%s", resp.StatusCode, body)
	}
	if resp := f.do(admin, "POST", path, url.Values{"name": {"  "}, "role": {"editor"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("empty name: %d", resp.StatusCode)
	}
	for _, p := range []string{"/admin/users/999999", "/admin/users/abc"} {
		if resp := f.do(admin, "GET", p, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d", p, resp.StatusCode)
		}
	}

	// Deactivation ends the sessions; reactivation does not revive them.
	mod := f.users[user.Moderator]
	modCookie := f.cookies[user.Moderator]
	if !peopleOpens(f, modCookie) {
		t.Fatal("the moderator's session does not work to begin with")
	}
	disable := fmt.Sprintf("/admin/users/%d/disable", mod.ID)
	resp = f.do(admin, "POST", disable, url.Values{"disabled": {"on"}})
	if resp.StatusCode != http.StatusSeeOther || !strings.HasSuffix(resp.Header.Get("Location"), "?done=disabled") {
		t.Fatalf("deactivation: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if peopleOpens(f, modCookie) {
		t.Fatal("a deactivated account's session still opens the back office")
	}
	if r := f.do(modCookie, "GET", "/admin/", nil); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/admin/login") {
		t.Errorf("deactivated cookie: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if c, _ := peopleLogin(f, mod.Email, password); c != nil {
		t.Error("a deactivated account logs in")
	}
	if body := readAll(f.do(admin, "GET", "/admin/users", nil)); !strings.Contains(body, "Désactivé") {
		t.Error("the accounts table does not show the deactivation")
	}
	if resp := f.do(admin, "POST", disable, url.Values{"disabled": {"off"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("reactivation: %d", resp.StatusCode)
	}
	if peopleOpens(f, modCookie) {
		t.Error("reactivation revived an ended session")
	}
	if c, _ := peopleLogin(f, mod.Email, password); c == nil || !peopleOpens(f, c) {
		t.Error("a reactivated account cannot log in")
	}
	if resp := f.do(admin, "POST", disable, url.Values{"disabled": {"maybe"}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("disabled=maybe: %d", resp.StatusCode)
	}
}

func TestPeopleAdministratorsKept(t *testing.T) {
	f := setup(t, "sqlite")
	ctx := context.Background()
	admin := f.cookies[user.Administrator]
	self := f.users[user.Administrator]
	selfPath := fmt.Sprintf("/admin/users/%d", self.ID)

	// The only administrator's own page offers no way out.
	body := readAll(f.do(admin, "GET", selfPath, nil))
	if strings.Contains(body, `name="disabled" value="on"`) || !strings.Contains(body, "votre propre compte") {
		t.Error("an administrator is offered to deactivate themself")
	}
	resp := f.do(admin, "POST", selfPath, url.Values{"name": {"Moi"}, "role": {"editor"}})
	body = readAll(resp)
	if resp.StatusCode != http.StatusUnprocessableEntity || !peopleFieldInvalid(body, "account-role") || !strings.Contains(body, "propre rôle") {
		t.Errorf("self-demotion: %d\n%s", resp.StatusCode, body)
	}
	resp = f.do(admin, "POST", selfPath+"/disable", url.Values{"disabled": {"on"}})
	if body := readAll(resp); resp.StatusCode != http.StatusConflict || !strings.Contains(body, "votre propre compte") {
		t.Errorf("self-deactivation: %d", resp.StatusCode)
	}
	if got, _ := f.st.UserByID(ctx, self.ID); got.Role != user.Administrator || !got.Active() {
		t.Fatalf("the administrator changed: %+v", got)
	}
	// Renaming oneself is fine.
	if resp := f.do(admin, "POST", selfPath, url.Values{"name": {"Moi-même"}, "role": {"administrator"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("renaming oneself: %d", resp.StatusCode)
	}

	// Two administrators demoting each other at the same moment: one of
	// them stays, whatever the timing. The one whose request runs second
	// is either no longer an administrator (403) or is refused as the
	// last one (422).
	for round := range 3 {
		editor := f.users[user.Editor]
		if resp := f.do(admin, "POST", fmt.Sprintf("/admin/users/%d", editor.ID), url.Values{"name": {"Second"}, "role": {"administrator"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("promotion: %d", resp.StatusCode)
		}
		statuses := make([]int, 2)
		bodies := make([]string, 2)
		var wg sync.WaitGroup
		for i, pair := range [][2]*user.User{{self, editor}, {editor, self}} {
			actor, target := pair[0], pair[1]
			cookie := f.cookies[user.Administrator]
			if actor == editor {
				cookie = f.cookies[user.Editor]
			}
			wg.Go(func() {
				r := f.do(cookie, "POST", fmt.Sprintf("/admin/users/%d", target.ID), url.Values{"name": {target.DisplayName}, "role": {"editor"}})
				statuses[i], bodies[i] = r.StatusCode, readAll(r)
			})
		}
		wg.Wait()
		n, _ := f.st.ActiveAdministrators(ctx)
		ok := 0
		for i, s := range statuses {
			switch s {
			case http.StatusSeeOther:
				ok++
			case http.StatusForbidden:
			case http.StatusUnprocessableEntity:
				if !strings.Contains(bodies[i], "dernier administrateur actif") {
					t.Errorf("round %d: refusal without the last-administrator message", round)
				}
			default:
				t.Errorf("round %d: status %d", round, s)
			}
		}
		if ok != 1 || n != 1 {
			t.Fatalf("round %d: %v; %d active administrators left", round, statuses, n)
		}
		// Put the fixture back: the original administrator in charge.
		if got, _ := f.st.UserByID(ctx, self.ID); got.Role != user.Administrator {
			got.Role = user.Administrator
			if err := f.st.UpdateUser(ctx, got); err != nil {
				t.Fatal(err)
			}
			e, _ := f.st.UserByID(ctx, editor.ID)
			e.Role = user.Editor
			if err := f.st.UpdateUser(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestPeopleForbidden walks every users and settings route, read and
// write, with each role that is not administrator.
func TestPeopleForbidden(t *testing.T) {
	f := setup(t, "sqlite")
	ctx := context.Background()
	target := f.users[user.Author]
	id := strconv.FormatInt(target.ID, 10)
	routes := []struct {
		method, path string
		form         url.Values
	}{
		{"GET", "/admin/users", nil},
		{"POST", "/admin/users", url.Values{"email": {"intrus@example.org"}, "name": {"Intrus"}, "role": {"administrator"}}},
		{"GET", "/admin/users/" + id, nil},
		{"POST", "/admin/users/" + id, url.Values{"name": {"Piraté"}, "role": {"administrator"}}},
		{"POST", "/admin/users/" + id + "/disable", url.Values{"disabled": {"on"}}},
		{"POST", "/admin/users/" + id + "/link", nil},
		{"GET", "/admin/settings", nil},
		{"POST", "/admin/settings", url.Values{"default_language": {"en"}, "time_zone": {"UTC"}, "comment_policy": {"none"}}},
	}
	for _, role := range []user.Role{user.Editor, user.Author, user.Moderator} {
		for _, rt := range routes {
			if resp := f.do(f.cookies[role], rt.method, rt.path, rt.form); resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s: %s %s = %d, want 403", role, rt.method, rt.path, resp.StatusCode)
			}
		}
		body := readAll(f.do(f.cookies[role], "GET", "/admin/", nil))
		if strings.Contains(body, `href="/admin/users"`) || strings.Contains(body, `href="/admin/settings"`) {
			t.Errorf("%s is shown the users or settings links", role)
		}
	}
	for _, rt := range routes {
		if resp := f.do(nil, rt.method, rt.path, rt.form); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/admin/login") {
			t.Errorf("anonymous %s %s = %d", rt.method, rt.path, resp.StatusCode)
		}
	}
	if _, err := f.st.UserByEmail(ctx, "intrus@example.org"); err == nil {
		t.Error("a refused invitation created an account")
	}
	if got, _ := f.st.UserByID(ctx, target.ID); got.Role != user.Author || got.DisplayName != target.DisplayName || !got.Active() {
		t.Errorf("refused requests changed the account: %+v", got)
	}
	if site, _ := f.st.SiteByID(ctx, f.site.ID); site.DefaultLanguage != "fr" || site.CommentPolicy != content.ModerateBefore {
		t.Errorf("a refused request changed the settings: %+v", site)
	}
}

// peopleSettingsForm is the settings form as the page fills it for a site.
func peopleSettingsForm(s *content.Site) url.Values {
	v := url.Values{"default_language": {s.DefaultLanguage}, "time_zone": {s.TimeZone}, "comment_policy": {string(s.CommentPolicy)}}
	if s.FeedFullContent {
		v.Set("feed_full_content", "on")
	}
	if s.ViewsPerLanguage {
		v.Set("views_per_language", "on")
	}
	for i, l := range s.Languages {
		c := l.Code
		t := s.Texts[c]
		v.Set("lang-name-"+c, l.Name)
		v.Set("lang-dir-"+c, string(l.Direction))
		v.Set("lang-pos-"+c, strconv.Itoa(i+1))
		v.Set("site-name-"+c, t.Name)
		v.Set("tagline-"+c, t.Tagline)
		v.Set("legal-"+c, t.LegalNotice)
		v.Set("accessibility-"+c, t.Accessibility)
		v.Set("footer-"+c, t.Footer)
		v.Set("copyright-"+c, t.Copyright)
	}
	return v
}

func TestPeopleSettings(t *testing.T) {
	f := setup(t, "sqlite")
	ctx := context.Background()
	admin := f.cookies[user.Administrator]
	site := func() *content.Site {
		s, err := f.st.SiteByID(ctx, f.site.ID)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}

	resp := f.do(admin, "GET", "/admin/settings", nil)
	body := readAll(resp)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `<legend lang="en" dir="ltr">English</legend>`) || !strings.Contains(body, "DEPECHE_SMTP_*") {
		t.Fatalf("settings page: %d\n%s", resp.StatusCode, body)
	}

	// A full save round-trips.
	form := peopleSettingsForm(site())
	form.Set("site-name-fr", "Le Quotidien")
	form.Set("site-name-en", "The Daily")
	form.Set("tagline-en", "News, in two languages")
	form.Set("legal-fr", "## Éditeur\r\n\r\nAssociation Dépêche")
	form.Set("default_language", "en")
	form.Set("time_zone", "America/Montreal")
	form.Set("comment_policy", "after")
	form.Set("feed_full_content", "on")
	form.Set("lang-pos-fr", "2")
	form.Set("lang-pos-en", "1")
	form.Set("lang-dir-en", "ltr")
	resp = f.do(admin, "POST", "/admin/settings", form)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/settings?done=saved" {
		t.Fatalf("save: %d %s\n%s", resp.StatusCode, resp.Header.Get("Location"), readAll(resp))
	}
	s := site()
	if s.DefaultLanguage != "en" || s.TimeZone != "America/Montreal" || s.CommentPolicy != content.ModerateAfter || !s.FeedFullContent || s.ViewsPerLanguage {
		t.Errorf("settings after save: %+v", s)
	}
	if s.Texts["fr"].Name != "Le Quotidien" || s.Texts["en"].Name != "The Daily" || s.Texts["en"].Tagline != "News, in two languages" ||
		s.Texts["fr"].LegalNotice != "## Éditeur\n\nAssociation Dépêche" {
		t.Errorf("texts after save: %+v", s.Texts)
	}
	if len(s.Languages) != 2 || s.Languages[0].Code != "en" || s.Languages[1].Code != "fr" {
		t.Errorf("language order after save: %+v", s.Languages)
	}
	if body := readAll(f.do(admin, "GET", "/admin/settings?done=saved", nil)); !strings.Contains(body, `value="The Daily"`) || !strings.Contains(body, `class="flash"`) {
		t.Error("the saved settings are not shown back with a confirmation")
	}

	// A bad time zone: 422, everything typed kept, nothing saved.
	form = peopleSettingsForm(s)
	form.Set("time_zone", "Mars/Olympus_Mons")
	form.Set("site-name-fr", "Nom en cours de saisie")
	form.Set("footer-en", "Footer being typed")
	resp = f.do(admin, "POST", "/admin/settings", form)
	body = readAll(resp)
	if resp.StatusCode != http.StatusUnprocessableEntity || !peopleFieldInvalid(body, "time_zone") || !strings.Contains(body, `value="Mars/Olympus_Mons"`) ||
		!strings.Contains(body, `value="Nom en cours de saisie"`) || !strings.Contains(body, "Footer being typed") || !strings.Contains(body, `href="#time_zone"`) {
		t.Errorf("bad time zone: %d\n%s", resp.StatusCode, body)
	}
	if site().Texts["fr"].Name != "Le Quotidien" {
		t.Error("a refused form was saved")
	}
	for field, value := range map[string]string{"time_zone": "Local", "comment_policy": "", "default_language": "de", "lang-pos-fr": "premier", "lang-dir-fr": "up", "site-name-en": " "} {
		form := peopleSettingsForm(s)
		form.Set(field, value)
		if resp := f.do(admin, "POST", "/admin/settings", form); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s = %q: %d", field, value, resp.StatusCode)
		}
	}

	// Adding a language.
	for code, ok := range map[string]bool{"xx": false, "english": false, "fr": false, "q1": false, "qaa": false, "und": false} {
		form := peopleSettingsForm(s)
		form.Set("new_code", code)
		form.Set("new_name", "Langue")
		if resp := f.do(admin, "POST", "/admin/settings", form); (resp.StatusCode == http.StatusSeeOther) != ok || !ok && !peopleFieldInvalid(readAll(resp), "new_code") {
			t.Errorf("new language code %q: %d", code, resp.StatusCode)
		}
	}
	form = peopleSettingsForm(s)
	form.Set("new_code", "ES")
	form.Set("new_name", "Español")
	form.Set("new_dir", "ltr")
	if resp := f.do(admin, "POST", "/admin/settings", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("adding Spanish: %d\n%s", resp.StatusCode, readAll(resp))
	}
	s = site()
	if l, ok := s.Language("es"); !ok || l.Name != "Español" || s.Languages[2].Code != "es" || s.Texts["es"].Name != "The Daily" {
		t.Fatalf("after adding Spanish: %+v %+v", s.Languages, s.Texts["es"])
	}

	// Removing: not a language with articles, trash included; yes one
	// without.
	g := &content.TranslationGroup{SiteID: f.site.ID, SourceLanguage: "en"}
	if err := f.st.CreateGroup(ctx, g); err != nil {
		t.Fatal(err)
	}
	art := &content.Article{SiteID: f.site.ID, GroupID: g.ID, SectionID: f.section.ID, Language: "fr", Slug: "un-article", Title: "Un article",
		Status: content.Trashed, AuthorIDs: []int64{f.users[user.Author].ID}}
	if err := f.st.CreateArticle(ctx, art, 0); err != nil {
		t.Fatal(err)
	}
	form = peopleSettingsForm(s)
	form.Set("lang-remove-fr", "on")
	resp = f.do(admin, "POST", "/admin/settings", form)
	body = readAll(resp)
	if resp.StatusCode != http.StatusUnprocessableEntity || !peopleFieldInvalid(body, "lang-remove-fr") {
		t.Errorf("removing a language with an article: %d\n%s", resp.StatusCode, body)
	}
	if _, ok := site().Language("fr"); !ok {
		t.Fatal("a language with articles was removed")
	}
	form = peopleSettingsForm(s)
	form.Set("lang-remove-en", "on") // the default language
	if resp := f.do(admin, "POST", "/admin/settings", form); resp.StatusCode != http.StatusUnprocessableEntity || !peopleFieldInvalid(readAll(resp), "lang-remove-en") {
		t.Errorf("removing the default language: %d", resp.StatusCode)
	}
	form = peopleSettingsForm(s)
	form.Set("lang-remove-es", "on")
	if resp := f.do(admin, "POST", "/admin/settings", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("removing Spanish: %d\n%s", resp.StatusCode, readAll(resp))
	}
	if s := site(); len(s.Languages) != 2 {
		t.Errorf("after removing Spanish: %+v", s.Languages)
	}
}
