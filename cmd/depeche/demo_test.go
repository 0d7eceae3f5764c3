package main

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"depeche/internal/content"
	"depeche/internal/site"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
)

func TestDemoUsageErrors(t *testing.T) {
	dir := t.TempDir()
	gen := func(args ...string) []string { return append([]string{"demo", "generate", "--data", dir}, args...) }
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"demo"}, `expected "demo generate"`},
		{[]string{"demo", "frobnicate"}, `expected "demo generate"`},
		{gen("--articles", "0"), "--articles: expected a whole number from 1"},
		{gen("--articles", "lots"), "--articles: expected a whole number"},
		{gen("--comments", "-5"), "--comments: expected a whole number from 0"},
		{gen("--sections", "0"), "--sections: expected a whole number from 1"},
		{gen("--keywords", "many"), "--keywords: expected a whole number"},
		{gen("--seed", "-1"), "--seed: expected a whole number"},
		{gen("--languages", "fr,de"), `unknown language "de": expected fr, en, es`},
		{gen("--languages", "fr,en,fr"), `language "fr" is listed twice`},
		{gen("--languages", " , "), "at least one language"},
		{gen("--until", "yesterday"), "--until: expected a date such as"},
		{gen("--base-url", "example.org"), "--base-url: expected an absolute URL"},
		{gen("--nope"), "unknown flag -nope"},
		{gen("leftover"), `unexpected argument "leftover"`},
	} {
		e, _, errb := testEnv("", nil)
		code := run(context.Background(), tt.args, e)
		msg := strings.TrimSpace(errb.String())
		if code != 2 || !strings.Contains(msg, tt.want) || strings.Contains(msg, "\n") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and one line with %q", tt.args, code, msg, tt.want)
		}
	}
}

func TestDemoHelpListsEveryFlag(t *testing.T) {
	e, out, _ := testEnv("", nil)
	if code := run(context.Background(), []string{"demo", "generate", "--help"}, e); code != 0 {
		t.Fatalf("demo generate --help: exit %d", code)
	}
	for _, w := range []string{"--articles", "--languages", "--comments", "--seed", "--sections", "--keywords", "--until",
		"--base-url", "--data", "DEPECHE_DATA", "--database", "DEPECHE_DATABASE_URL", "DEPECHE_ADMIN_PASSWORD", `default "fr,en,es"`} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("demo generate --help does not mention %s:\n%s", w, out.String())
		}
	}
	e, out, _ = testEnv("", nil)
	if code := run(context.Background(), []string{"demo", "--help"}, e); code != 0 || !strings.Contains(out.String(), "demo generate") {
		t.Errorf("demo --help: exit %d, %q", code, out.String())
	}
	e, out, _ = testEnv("", nil)
	if run(context.Background(), []string{"help"}, e); !strings.Contains(out.String(), "demo ") {
		t.Errorf("the command list does not mention demo:\n%s", out.String())
	}
}

// TestDemoGenerateThenServe builds a small site with the real command,
// refuses a second run, then serves it: pages answer and the printed
// administrator password opens the back office.
func TestDemoGenerateThenServe(t *testing.T) {
	dir := t.TempDir()
	args := []string{"demo", "generate", "--data", dir, "--articles", "30", "--comments", "200", "--sections", "8", "--keywords", "20",
		"--until", "2026-03-01"}
	e, out, errb := testEnv("", nil)
	if code := run(context.Background(), args, e); code != 0 {
		t.Fatalf("demo generate: exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"translation groups 30;", "comments 200 (", "Done in", "Serve it with: depeche serve --data " + dir} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	m := regexp.MustCompile(`e-mail: +(\S+)\n +password: (\S{20})\n`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no administrator account printed:\n%s", out.String())
	}
	email, password := m[1], m[2]

	e, _, errb = testEnv("", nil)
	if code := run(context.Background(), args, e); code != 2 || !strings.Contains(errb.String(), "already has a site with articles") ||
		strings.Count(strings.TrimSpace(errb.String()), "\n") > 0 {
		t.Errorf("second run: exit %d, %q; want 2 and one line", code, errb.String())
	}

	// The slugs to visit, read before the server starts.
	st, err := store.Open(context.Background(), store.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	s, err := st.SiteByHost(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	var public, hidden []*content.Article
	for _, status := range []content.Status{"", content.Trashed} {
		list, _, err := st.AdminArticles(context.Background(), store.AdminQuery{SiteID: s.ID, Status: status, Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range list {
			if site.ReservedSlugs()[a.Slug] {
				t.Errorf("article %s/%s took a reserved path word", a.Language, a.Slug)
			}
			if a.IsPublicAt(time.Now()) {
				public = append(public, a)
			} else if a.Status != content.Published && a.Status != content.Trashed {
				hidden = append(hidden, a)
			}
		}
	}
	st.Close()
	if len(public) < 50 || len(hidden) == 0 {
		t.Fatalf("%d public and %d unpublished articles", len(public), len(hidden))
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e, _, errb = testEnv("", nil)
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve", "--data", dir, "--addr", "127.0.0.1:0"}, e) }()
	urlRE := regexp.MustCompile(`url=(http://127\.0\.0\.1:\d+)`)
	var base string
	for deadline := time.Now().Add(60 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if m := urlRE.FindStringSubmatch(errb.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		t.Fatalf("server did not start: %s", errb.String())
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string, cookies ...*http.Cookie) int {
		t.Helper()
		req, _ := http.NewRequest("GET", base+path, nil)
		for _, c := range cookies {
			req.AddCookie(c)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, path := range []string{"/fr/", "/en/", "/es/", "/sitemap.xml"} {
		if code := get(path); code != 200 {
			t.Errorf("GET %s = %d", path, code)
		}
	}
	for _, a := range public[:10] {
		if code := get("/" + a.Language + "/" + a.Slug); code != 200 {
			t.Errorf("GET /%s/%s = %d, want 200", a.Language, a.Slug, code)
		}
	}
	if code := get("/" + hidden[0].Language + "/" + hidden[0].Slug); code != 404 {
		t.Errorf("unpublished /%s/%s = %d, want 404", hidden[0].Language, hidden[0].Slug, code)
	}
	resp, err := client.PostForm(base+"/admin/login", url.Values{"email": {email}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || len(resp.Cookies()) == 0 {
		t.Fatalf("login with the printed password: %d", resp.StatusCode)
	}
	if code := get("/admin/", resp.Cookies()...); code != 200 {
		t.Errorf("back office after login: %d", code)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d: %s", code, errb.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
}

// On PostgreSQL, with the password from the environment.
func TestDemoGeneratePostgres(t *testing.T) {
	dbURL := storetest.PostgresSchema(t)
	e, out, errb := testEnv("", map[string]string{"DEPECHE_DATABASE_URL": dbURL, "DEPECHE_ADMIN_PASSWORD": "a long enough password"})
	if code := run(context.Background(), []string{"demo", "generate", "--articles", "10", "--comments", "50", "--languages", "es,fr"}, e); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "uses the password from DEPECHE_ADMIN_PASSWORD") || strings.Contains(out.String(), "a long enough password") {
		t.Errorf("output:\n%s", out.String())
	}
	st, err := store.Open(context.Background(), store.Config{DatabaseURL: dbURL})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s, err := st.SiteByHost(context.Background(), "")
	if err != nil || s.DefaultLanguage != "es" || len(s.Languages) != 2 {
		t.Fatalf("site %+v, %v", s, err)
	}
	fr, err := st.ArticlesInLanguage(context.Background(), s.ID, "fr")
	if err != nil || fr == 0 {
		t.Errorf("%d French articles, %v", fr, err)
	}
}
