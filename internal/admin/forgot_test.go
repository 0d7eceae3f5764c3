package admin_test

import (
	"context"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"depeche/internal/admin"
	"depeche/internal/auth"
	"depeche/internal/server"
	"depeche/internal/user"
)

// withMail rebuilds the fixture's handler with e-mail enabled.
func withMail(t *testing.T, f *fixture) {
	t.Helper()
	authn, err := auth.New(f.st, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	back, err := admin.New(admin.Config{Store: f.st, Auth: authn, Log: slog.New(slog.DiscardHandler), MailEnabled: true,
		Preview: func(int64, string, string) template.HTML { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	f.h = server.New(f.st, slog.New(slog.DiscardHandler), server.Routes{Admin: back}).Handler()
}

var linkRE = regexp.MustCompile(`/admin/password\?token=[A-Za-z0-9_-]+`)

func TestForgotPasswordByMail(t *testing.T) {
	f := setup(t, "sqlite")
	withMail(t, f)
	ctx := context.Background()
	ask := func(email string) string {
		resp := f.do(nil, "POST", "/admin/password/forgot", url.Values{"email": {email}})
		if resp.StatusCode != 200 {
			t.Fatalf("forgot %s: %d", email, resp.StatusCode)
		}
		return readAll(resp)
	}
	known, unknown := ask("author@example.org"), ask("nobody@example.org")
	// The same answer whether or not the account exists.
	strip := func(s string) string { return strings.ReplaceAll(s, "nobody@example.org", "author@example.org") }
	if strip(unknown) != known {
		t.Error("the answer tells whether an account exists")
	}
	mails, err := f.st.ClaimMail(ctx, 10, time.Minute)
	if err != nil || len(mails) != 1 || mails[0].Recipient != "author@example.org" {
		t.Fatalf("mails: %+v %v", mails, err)
	}
	link := linkRE.FindString(mails[0].Body)
	if link == "" {
		t.Fatalf("no link in %q", mails[0].Body)
	}
	// The link sets a new password once.
	token := strings.TrimPrefix(link, "/admin/password?token=")
	form := url.Values{"token": {token}, "password": {"a brand new password"}, "confirm": {"a brand new password"}, "password2": {"a brand new password"}}
	if resp := f.do(nil, "POST", "/admin/password", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("setting the password: %d %s", resp.StatusCode, readAll(resp))
	}
	if resp := f.do(nil, "POST", "/admin/login", url.Values{"email": {"author@example.org"}, "password": {"a brand new password"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("login with the new password: %d", resp.StatusCode)
	}
	// Past five requests an hour from one network, nothing more is sent
	// (two were made above), and the page stays the same.
	for range 6 {
		ask("editor@example.org")
	}
	mails, _ = f.st.ClaimMail(ctx, 20, time.Minute)
	if len(mails) != 3 {
		t.Errorf("%d mails for 6 more requests from one network, want 3", len(mails))
	}
}

func TestInvitationByMail(t *testing.T) {
	f := setup(t, "sqlite")
	withMail(t, f)
	resp := f.do(f.cookies[user.Administrator], "POST", "/admin/users", url.Values{"email": {"new@example.org"}, "name": {"Nouvelle Personne"}, "role": {"author"}})
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "done=mailed") {
		t.Fatalf("invitation: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	mails, _ := f.st.ClaimMail(context.Background(), 10, time.Minute)
	if len(mails) != 1 || mails[0].Recipient != "new@example.org" || linkRE.FindString(mails[0].Body) == "" {
		t.Fatalf("invitation mail: %+v", mails)
	}
}

func TestRestrictionFromTheUserScreen(t *testing.T) {
	f := setup(t, "sqlite")
	ctx := context.Background()
	editor := f.users[user.Editor]
	form := url.Values{"name": {editor.DisplayName}, "role": {"editor"}, "ui_language": {""}, "sections": {fmt.Sprint(f.section.ID), "999999"}}
	if resp := f.do(f.cookies[user.Administrator], "POST", fmt.Sprintf("/admin/users/%d", editor.ID), form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the account: %d", resp.StatusCode)
	}
	got, err := f.st.UserSections(ctx, editor.ID)
	if err != nil || fmt.Sprint(got) != fmt.Sprint([]int64{f.section.ID}) {
		t.Fatalf("restriction = %v (%v), want only the existing section", got, err)
	}
	body := readAll(f.do(f.cookies[user.Administrator], "GET", fmt.Sprintf("/admin/users/%d", editor.ID), nil))
	if !strings.Contains(body, `name="sections" value="`+fmt.Sprint(f.section.ID)+`" aria-describedby="restrict-hint" checked`) {
		t.Error("the user screen does not show the restriction")
	}
	form.Del("sections")
	f.do(f.cookies[user.Administrator], "POST", fmt.Sprintf("/admin/users/%d", editor.ID), form)
	if got, _ := f.st.UserSections(ctx, editor.ID); len(got) != 0 {
		t.Errorf("unchecking everything should lift the restriction: %v", got)
	}
}
