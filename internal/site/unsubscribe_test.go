package site_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"depeche/internal/comment"
	"depeche/internal/content"
	"depeche/internal/store"
)

// unsubscribeFixture is the demo site with one commenter who asked for
// every notification on two messages.
type unsubscribeFixture struct {
	*app
	site          *content.Site
	token         string
	first, second *comment.Comment
}

func newUnsubscribeFixture(t *testing.T) *unsubscribeFixture {
	t.Helper()
	ctx := context.Background()
	a := newApp(t, "sqlite")
	s, err := a.st.SiteByHost(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	art, err := a.st.ArticleBySlug(ctx, s.ID, "fr", "moderer-sans-censurer")
	if err != nil {
		t.Fatal(err)
	}
	f := &unsubscribeFixture{app: a, site: s}
	post := func(st comment.Status, email string) *comment.Comment {
		c := &comment.Comment{SiteID: s.ID, ArticleID: art.ID, Language: "fr", AuthorName: "Léa", AuthorEmail: email, Body: "Bonjour.",
			Status: st, NotifyPublished: true, NotifyReplies: true}
		if err := a.st.CreateComment(ctx, c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	f.first = post(comment.Published, "Lea@example.net")
	f.second = post(comment.Pending, "lea@example.net")
	key, err := a.st.UnsubscribeKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	f.token = store.UnsubscribeToken(key, s.ID, "lea@example.net")
	return f
}

func unsubscribeURL(lang, token string) string {
	return "/unsubscribe?" + url.Values{"lang": {lang}, "t": {token}}.Encode()
}

func (f *unsubscribeFixture) request(t *testing.T, method, target string) (*http.Response, string) {
	t.Helper()
	var body *strings.Reader
	if method == http.MethodPost {
		body = strings.NewReader("List-Unsubscribe=One-Click")
	} else {
		body = strings.NewReader("")
	}
	req := httptest.NewRequest(method, target, body)
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return f.do(req)
}

// notifications tells, through the notification job's own query, whether
// the first message's author still wants to hear of it; it can be asked
// once, since the answer announces the message.
func (f *unsubscribeFixture) notifications(t *testing.T) (published, replies bool) {
	t.Helper()
	_, err := f.st.ClaimPublications(context.Background(), 100, func(ps []store.Publication) ([]store.Mail, error) {
		for _, p := range ps {
			if p.ID == f.first.ID {
				published, replies = p.NotifyPublished, p.NotifyReplies
			}
		}
		return nil, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return published, replies
}

func TestUnsubscribePage(t *testing.T) {
	f := newUnsubscribeFixture(t)
	resp, body := f.request(t, http.MethodGet, unsubscribeURL("ar", f.token))
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, want := range []string{`<html lang="ar" dir="rtl">`, "lea@example.net", "إيقاف رسائل البريد",
		`<form method="post" action="/unsubscribe?lang=ar&amp;t=` + f.token + `">`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if resp.Header.Get("Cache-Control") != "no-store" || len(resp.Cookies()) != 0 {
		t.Errorf("Cache-Control %q, cookies %v", resp.Header.Get("Cache-Control"), resp.Cookies())
	}
	// An unknown language falls back to the site's default.
	if _, body := f.request(t, http.MethodGet, unsubscribeURL("xx", f.token)); !strings.Contains(body, `<html lang="fr"`) ||
		!strings.Contains(body, "Arrêter les courriels") {
		t.Error("page for an unknown language is not in the site's default language")
	}
	if resp, body := f.request(t, http.MethodHead, unsubscribeURL("fr", f.token)); resp.StatusCode != http.StatusOK || body != "" {
		t.Errorf("HEAD: %d, %d bytes", resp.StatusCode, len(body))
	}
	if resp, _ := f.request(t, http.MethodPut, unsubscribeURL("fr", f.token)); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("PUT: %d", resp.StatusCode)
	}
	if pub, rep := f.notifications(t); !pub || !rep {
		t.Error("looking at the page changed the notifications")
	}
}

func TestUnsubscribeRefusesBadTokens(t *testing.T) {
	f := newUnsubscribeFixture(t)
	other, _, _ := strings.Cut(store.UnsubscribeToken([]byte("k"), f.site.ID, "eve@example.net"), ".")
	_, mac, _ := strings.Cut(f.token, ".")
	for _, bad := range []string{"", "garbage", f.token[:len(f.token)-1], other + "." + mac, "%%%", strings.Repeat("a", 5000)} {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			resp, body := f.request(t, method, unsubscribeURL("es", bad))
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Enlace no válido") || !strings.Contains(body, `<html lang="es"`) {
				t.Errorf("%s with token %.20q: %d, want the localized 400 page", method, bad, resp.StatusCode)
			}
		}
	}
	// A token without its language: the site's default.
	resp, body := f.request(t, http.MethodPost, "/unsubscribe?t=nope")
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Lien non valide") {
		t.Errorf("POST without lang: %d", resp.StatusCode)
	}
	if pub, rep := f.notifications(t); !pub || !rep {
		t.Error("a bad token changed the notifications")
	}
}

func TestUnsubscribeOneClick(t *testing.T) {
	f := newUnsubscribeFixture(t)
	resp, body := f.request(t, http.MethodPost, unsubscribeURL("fr", f.token))
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Courriels arrêtés") || len(resp.Cookies()) != 0 {
		t.Fatalf("POST: %d, cookies %v", resp.StatusCode, resp.Cookies())
	}
	if pub, rep := f.notifications(t); pub || rep {
		t.Error("the published message still asks for notifications")
	}
	// The pending message, whatever the case of its address, is covered too.
	if n, err := f.st.UnsubscribeCommenter(context.Background(), f.site.ID, "lea@example.net"); n != 0 || err != nil {
		t.Errorf("%d messages still asked for notifications (%v)", n, err)
	}
	// Posting again is harmless.
	if resp, _ := f.request(t, http.MethodPost, unsubscribeURL("fr", f.token)); resp.StatusCode != http.StatusOK {
		t.Errorf("second POST: %d", resp.StatusCode)
	}
}

// TestVnuUnsubscribe checks the three states of the page with the Nu HTML
// Checker, like the other page types in TestVnuHTML.
func TestVnuUnsubscribe(t *testing.T) {
	java, jar := vnuCommand(t)
	f := newUnsubscribeFixture(t)
	dir := t.TempDir()
	var files []string
	for name, req := range map[string][2]string{
		"form-ar": {http.MethodGet, unsubscribeURL("ar", f.token)},
		"invalid": {http.MethodGet, unsubscribeURL("en", "x")},
		"done-fr": {http.MethodPost, unsubscribeURL("fr", f.token)},
	} {
		_, body := f.request(t, req[0], req[1])
		p := filepath.Join(dir, name+".html")
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, java, append([]string{"-jar", jar, "--errors-only", "--format", "gnu"}, files...)...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil || out.Len() > 0 {
		t.Errorf("vnu: %v\n%s", err, out.String())
	}
}
