package site_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"depeche/internal/auth"
	"depeche/internal/comment"
	"depeche/internal/content"
	"depeche/internal/store"
	"depeche/internal/user"
)

// TestCommentPolicies posts under every policy, set on the site, a section
// or the article, and checks what the reader sees and what is stored.
func TestCommentPolicies(t *testing.T) {
	a := newApp(t, "sqlite")
	ctx := context.Background()
	path := "/fr/moderer-sans-censurer"
	site, _ := a.st.SiteByHost(ctx, "")
	art, _ := a.st.ArticleBySlug(ctx, site.ID, "fr", "moderer-sans-censurer")
	setArticle := func(p content.CommentPolicy) {
		t.Helper()
		cur, err := a.st.ArticleBySlug(ctx, site.ID, "fr", "moderer-sans-censurer")
		if err != nil {
			t.Fatal(err)
		}
		cur.CommentPolicy = p
		if err := a.st.UpdateArticle(ctx, cur, 0); err != nil {
			t.Fatal(err)
		}
	}
	statusOf := func(body string) comment.Status {
		all, _ := a.st.Thread(ctx, store.ThreadQuery{SiteID: site.ID, GroupID: art.GroupID,
			Statuses: []comment.Status{comment.Pending, comment.Spam, comment.Published, comment.Rejected}})
		for _, c := range all {
			if c.Body == body {
				return c.Status
			}
		}
		return ""
	}
	n := 0
	send := func(msg string, extra ...string) (*http.Response, string) {
		n++
		v := url.Values{"name": {"Ana"}, "email": {"ana@example.net"}, "message": {msg}}
		for i := 0; i+1 < len(extra); i += 2 {
			v.Set(extra[i], extra[i+1])
		}
		// One reader per message, so the per-address limit stays out of the way.
		_, page := a.get(t, path)
		for _, m := range tokenRE.FindAllStringSubmatch(page, -1) {
			v.Set(m[1], m[2])
		}
		req := httptest.NewRequest("POST", path, strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = fmt.Sprintf("198.51.%d.%d:1234", n/200, n%200+1)
		return a.do(req)
	}

	t.Run("before publication", func(t *testing.T) {
		setArticle(content.ModerateBefore)
		_, page := a.get(t, path)
		if !strings.Contains(page, "modérés avant publication") {
			t.Error("the page does not state the policy")
		}
		resp, _ := send("Un avis modéré avant d’être publié.")
		if resp.StatusCode != http.StatusSeeOther || statusOf("Un avis modéré avant d’être publié.") != comment.Pending {
			t.Errorf("posted %d, stored %q", resp.StatusCode, statusOf("Un avis modéré avant d’être publié."))
		}
		if _, page := a.get(t, path); strings.Contains(page, "Un avis modéré avant") {
			t.Error("a pending message is shown")
		}
	})
	t.Run("after publication", func(t *testing.T) {
		setArticle(content.ModerateAfter)
		resp, _ := send("Un avis publié aussitôt envoyé.")
		if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "comment=published") {
			t.Fatalf("posted %d → %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if _, page := a.get(t, path); !strings.Contains(page, "Un avis publié aussitôt envoyé.") {
			t.Error("a post-moderated message does not appear at once")
		}
	})
	t.Run("closed", func(t *testing.T) {
		setArticle(content.Closed)
		_, page := a.get(t, path)
		if !strings.Contains(page, `id="comments"`) || strings.Contains(page, `id="comment-form"`) {
			t.Error("a closed thread must show its messages and no form")
		}
		resp, body := send("Un avis sur un fil fermé.")
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "fermés") || !strings.Contains(body, "Un avis sur un fil fermé.") {
			t.Errorf("post on a closed thread: %d", resp.StatusCode)
		}
		if statusOf("Un avis sur un fil fermé.") != "" {
			t.Error("a message was stored on a closed thread")
		}
	})
	t.Run("none", func(t *testing.T) {
		setArticle(content.NoComments)
		if _, page := a.get(t, path); strings.Contains(page, `id="comments"`) {
			t.Error("a thread is shown under the no-comments policy")
		}
		if resp, _ := send("Un avis sans fil du tout."); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("post without a thread: %d", resp.StatusCode)
		}
	})
	t.Run("section override", func(t *testing.T) {
		setArticle(content.Inherit)
		sections, _ := a.st.Sections(ctx, site.ID)
		var sec *content.Section
		for _, s := range sections {
			if s.ID == art.SectionID {
				sec = s
			}
		}
		sec.CommentPolicy = content.Closed
		if err := a.st.UpdateSection(ctx, sec); err != nil {
			t.Fatal(err)
		}
		if _, page := a.get(t, path); strings.Contains(page, `id="comment-form"`) {
			t.Error("the section's closed policy is not inherited")
		}
		sec.CommentPolicy = content.Inherit
		a.st.UpdateSection(ctx, sec)
		if _, page := a.get(t, path); !strings.Contains(page, `id="comment-form"`) {
			t.Error("the site's policy does not come back after the section's is removed")
		}
	})
	t.Run("members only", func(t *testing.T) {
		setArticle(content.MembersOnly)
		_, page := a.get(t, path)
		if strings.Contains(page, `id="name"`) || !strings.Contains(page, "/admin/login?next=") {
			t.Error("members-only form: asks for a name, or has no sign-in link")
		}
		resp, body := send("Un avis d’un lecteur sans compte.")
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Identifiez-vous") || !strings.Contains(body, "Un avis d’un lecteur sans compte.") {
			t.Errorf("anonymous post on a members-only thread: %d", resp.StatusCode)
		}
		m := &user.User{Email: "membre@example.net", DisplayName: "Mona Membre", Role: user.Member}
		if err := a.st.CreateUser(ctx, m); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256([]byte("member-session-token"))
		if err := a.st.CreateSession(ctx, hex.EncodeToString(sum[:]), m.ID, fixedNow.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		_, page = a.get(t, path)
		v := url.Values{"name": {"Quelqu’un d’autre"}, "message": {"Un avis de membre, signé par son compte."}}
		for _, mm := range tokenRE.FindAllStringSubmatch(page, -1) {
			v.Set(mm[1], mm[2])
		}
		req := httptest.NewRequest("POST", path, strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: auth.CookieName, Value: "member-session-token"})
		if resp, body := a.do(req); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("member's post: %d %s", resp.StatusCode, body)
		}
		_, page = a.get(t, path)
		i := strings.Index(page, "Un avis de membre, signé par son compte.")
		if i < 0 || !strings.Contains(page, "Mona Membre") || strings.Contains(page, "Quelqu’un d’autre") {
			t.Fatal("the member's message is not published under the account's name")
		}
		if block := page[max(0, i-600):i]; strings.Contains(block, "Équipe du site") {
			t.Error("a member's message is labelled as the site team's")
		}
	})
	t.Run("banned words, names and domains", func(t *testing.T) {
		setArticle(content.ModerateAfter)
		if err := a.st.SetCommentBans(ctx, site.ID, comment.Bans{Words: []string{"arnaque"}, Names: []string{"Casino"}, Domains: []string{"jetable.example"}}); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct{ msg, name, email string }{
			{"Une belle ARNAQUÉ que voilà, vraiment.", "Ana", "ana@example.net"},
			{"Un message anodin sous un faux nom.", "Casino Royal", "ana@example.net"},
			{"Un message anodin d’une adresse jetable.", "Ana", "x@mx.jetable.example"},
		} {
			resp, _ := send(tc.msg, "name", tc.name, "email", tc.email)
			// The sender is told the usual thing; the message waits as spam.
			if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "comment=pending") {
				t.Errorf("%q: %d %s", tc.msg, resp.StatusCode, resp.Header.Get("Location"))
			}
			if st := statusOf(tc.msg); st != comment.Spam {
				t.Errorf("%q stored as %q, want spam", tc.msg, st)
			}
		}
		if resp, _ := send("Un conseil d’arnaqueur repenti, sans rien de banni."); resp.StatusCode != http.StatusSeeOther ||
			statusOf("Un conseil d’arnaqueur repenti, sans rien de banni.") != comment.Published {
			t.Error("a word merely containing a banned one is caught")
		}
		a.st.SetCommentBans(ctx, site.ID, comment.Bans{})
	})
	t.Run("e-mail optional and notifications", func(t *testing.T) {
		setArticle(content.ModerateBefore)
		if resp, body := send("Un avis sans adresse électronique.", "email", ""); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "obligatoire") {
			t.Errorf("missing e-mail with the site requiring it: %d", resp.StatusCode)
		}
		s2, _ := a.st.SiteByID(ctx, site.ID)
		s2.CommentEmailRequired = false
		if err := a.st.UpdateSite(ctx, s2); err != nil {
			t.Fatal(err)
		}
		if resp, _ := send("Un avis sans adresse électronique.", "email", ""); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("missing e-mail with the site not requiring it: %d", resp.StatusCode)
		}
		resp, body := send("Un avis qui veut des nouvelles.", "email", "", "notify_replies", "1")
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "recevoir ces avis") || !strings.Contains(body, `id="notify_replies" name="notify_replies" value="1" aria-describedby="notify-help" checked`) {
			t.Errorf("notification without an address: %d", resp.StatusCode)
		}
		if resp, _ := send("Un avis qui veut des nouvelles.", "notify_replies", "1", "notify_published", "1"); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("subscribed post: %d", resp.StatusCode)
		}
		all, _ := a.st.Thread(ctx, store.ThreadQuery{SiteID: site.ID, GroupID: art.GroupID, Statuses: []comment.Status{comment.Pending}})
		for _, c := range all {
			if c.Body == "Un avis qui veut des nouvelles." && (!c.NotifyReplies || !c.NotifyPublished) {
				t.Errorf("subscriptions not stored: %+v", c)
			}
		}
	})
}
