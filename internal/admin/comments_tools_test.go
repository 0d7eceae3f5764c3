package admin_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"depeche/internal/admin"
	"depeche/internal/auth"
	"depeche/internal/comment"
	"depeche/internal/content"
	"depeche/internal/server"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
	"depeche/internal/user"
)

// ctPost stores a reader's comment on an article.
func ctPost(t *testing.T, f *fixture, a *content.Article, parent int64, email, body string, st comment.Status) *comment.Comment {
	t.Helper()
	c := &comment.Comment{SiteID: f.site.ID, ArticleID: a.ID, ParentID: parent, Language: a.Language, AuthorName: "Lecteur " + email,
		AuthorEmail: email, Body: body, Status: st}
	if err := f.st.CreateComment(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestStaffReplyFromQueue(t *testing.T) {
	f := setup(t, "sqlite")
	ctx := context.Background()
	mod := f.users[user.Moderator]
	a := f.article(t, content.Published, f.users[user.Author])
	parent := &comment.Comment{SiteID: f.site.ID, ArticleID: a.ID, Language: "en", AuthorName: "Reader", AuthorEmail: "r@example.net",
		Body: "A question in English, please?", Status: comment.Pending}
	if err := f.st.CreateComment(ctx, parent); err != nil {
		t.Fatal(err)
	}
	spam := ctPost(t, f, a, 0, "s@example.net", "Achetez maintenant, vraiment.", comment.Spam)
	path := fmt.Sprintf("/admin/comments/%d/reply", parent.ID)

	queue := stGet(t, f, f.cookies[user.Moderator], "/admin/comments?status=pending")
	if !strings.Contains(queue, `action="`+path+`"`) || !strings.Contains(queue, "<details") || !strings.Contains(queue, `form="queue-actions"`) {
		t.Fatalf("the queue offers no reply control:\n%s", queue)
	}

	// Too short: the queue comes back with the text typed and the problem
	// at the reply's field, nothing published.
	body := stPost(t, f, f.cookies[user.Moderator], path, url.Values{"body": {"Oui."}, "query": {"status=pending"}}, http.StatusUnprocessableEntity)
	wantErr := stMsg(f, "error.tooshort")
	if !strings.Contains(body, fmt.Sprintf(`id="reply-%d-error"`, parent.ID)) || !strings.Contains(body, ">Oui.</textarea>") ||
		!strings.Contains(body, "<details open>") || !strings.Contains(body, strings.ReplaceAll(wantErr, "{1}", "10")[:12]) ||
		!strings.Contains(body, fmt.Sprintf(`href="#reply-%d"`, parent.ID)) {
		t.Errorf("short reply: the form does not come back with its problem\n%s", body)
	}
	if got, _ := f.st.CommentByID(ctx, f.site.ID, parent.ID); got.Status != comment.Pending {
		t.Fatal("a refused reply approved its parent")
	}

	// A good reply: published at once, in the parent's language and
	// thread, signed by the moderator; the parent is approved and logged.
	resp := f.do(f.cookies[user.Moderator], "POST", path, url.Values{"body": {"Thank you, here is the answer."}, "query": {"status=pending&done=replied"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/comments?done=replied&status=pending" {
		t.Fatalf("reply: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	thread, err := f.st.Thread(ctx, store.ThreadQuery{SiteID: f.site.ID, GroupID: a.GroupID, Statuses: []comment.Status{comment.Published}})
	if err != nil {
		t.Fatal(err)
	}
	if len(thread) != 2 || thread[0].ID != parent.ID {
		t.Fatalf("published thread: %+v", thread)
	}
	reply := thread[1]
	if reply.ParentID != parent.ID || reply.UserID != mod.ID || reply.AuthorName != mod.DisplayName || reply.AuthorEmail != mod.Email ||
		reply.Language != "en" || reply.ArticleID != a.ID || reply.Body != "Thank you, here is the answer." || !reply.Staff() {
		t.Errorf("staff reply: %+v", reply)
	}
	events, _ := f.st.CommentEvents(ctx, parent.ID)
	if len(events) != 1 || events[0].Action != "published" || events[0].Reason != "approved by replying" || events[0].UserID != mod.ID {
		t.Errorf("the approval is not logged: %+v", events)
	}
	if body := stGet(t, f, f.cookies[user.Moderator], "/admin/comments?done=replied&status=pending"); !strings.Contains(body, stMsg(f, "admin.comments.staffreply.done")) ||
		strings.Contains(body, `value="done=replied`) {
		t.Error("no confirmation after replying, or it sticks to the filters")
	}

	// No public answer to a message readers cannot see.
	body = stPost(t, f, f.cookies[user.Moderator], fmt.Sprintf("/admin/comments/%d/reply", spam.ID),
		url.Values{"body": {"Une réponse à un indésirable."}}, http.StatusUnprocessableEntity)
	if !strings.Contains(body, stMsg(f, "admin.comments.staffreply.error.hidden")) {
		t.Error("replying to spam is not refused with a message")
	}
	if resp := f.do(f.cookies[user.Author], "POST", path, url.Values{"body": {"Un auteur répond ici."}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an author replies from the queue: %d", resp.StatusCode)
	}
	if resp := f.do(f.cookies[user.Moderator], "POST", "/admin/comments/999999/reply", url.Values{"body": {"Personne à qui répondre."}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("reply to a missing message: %d", resp.StatusCode)
	}
}

func TestEditCommentKeepsRevision(t *testing.T) {
	f := setup(t, "sqlite")
	ctx := context.Background()
	mod := f.cookies[user.Moderator]
	a := f.article(t, content.Published, f.users[user.Author])
	c := ctPost(t, f, a, 0, "lea@example.net", "Un texte avec une fôte.", comment.Published)
	if _, err := f.st.Moderate(ctx, f.site.ID, []int64{c.ID}, comment.Published, false, f.users[user.Editor].ID, "Relu"); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/admin/comments/%d/edit", c.ID)
	page := stGet(t, f, mod, path)
	if !strings.Contains(page, ">Un texte avec une fôte.</textarea>") || !strings.Contains(page, "lea@example.net") || !strings.Contains(page, "Relu") {
		t.Fatalf("edit page:\n%s", page)
	}
	if !strings.Contains(stGet(t, f, mod, "/admin/comments?status=published"), `href="`+path+`"`) {
		t.Error("the queue does not link to the edit page")
	}

	// Bad fields come back as typed, each with its problem.
	body := stPost(t, f, mod, path, url.Values{"name": {""}, "website": {"ftp://example.net"}, "body": {"Texte en cours de saisie"}}, http.StatusUnprocessableEntity)
	if !peopleFieldInvalid(body, "comment-name") || !peopleFieldInvalid(body, "comment-website") || !strings.Contains(body, "Texte en cours de saisie") ||
		!strings.Contains(body, `value="ftp://example.net"`) || !strings.Contains(body, `href="#comment-website"`) {
		t.Errorf("bad fields:\n%s", body)
	}
	if got, _ := f.st.CommentByID(ctx, f.site.ID, c.ID); got.Body != c.Body {
		t.Fatal("a refused edit was saved")
	}

	resp := f.do(mod, "POST", path, url.Values{"name": {"Léa"}, "website": {"https://lea.example"}, "body": {"Un texte avec une faute corrigée."}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != path+"?done=saved" {
		t.Fatalf("save: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	got, _ := f.st.CommentByID(ctx, f.site.ID, c.ID)
	if got.AuthorName != "Léa" || got.AuthorURL != "https://lea.example" || got.Body != "Un texte avec une faute corrigée." || got.EditedAt.IsZero() ||
		got.AuthorEmail != "lea@example.net" || got.Status != comment.Published {
		t.Errorf("after the edit: %+v", got)
	}
	revs, _ := f.st.CommentRevisions(ctx, c.ID)
	if len(revs) != 1 || revs[0].Body != "Un texte avec une fôte." || revs[0].AuthorName != c.AuthorName || revs[0].EditedBy != f.users[user.Moderator].ID {
		t.Errorf("revisions: %+v", revs)
	}
	page = stGet(t, f, mod, path+"?done=saved")
	if !strings.Contains(page, "Un texte avec une fôte.") || !strings.Contains(page, `class="flash"`) {
		t.Error("the edit page does not show the earlier version, or no confirmation")
	}
	if resp := f.do(f.cookies[user.Author], "GET", path, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an author opens the edit page: %d", resp.StatusCode)
	}
	if resp := f.do(mod, "GET", "/admin/comments/999999/edit", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a missing message: %d", resp.StatusCode)
	}
}

func TestCommentBansScreen(t *testing.T) {
	f := setup(t, "sqlite")
	ctx := context.Background()
	mod := f.cookies[user.Moderator]
	if !strings.Contains(stGet(t, f, mod, "/admin/comments"), `href="/admin/comments/bans"`) {
		t.Error("the queue does not link to the banned lists")
	}
	stGet(t, f, mod, "/admin/comments/bans")
	resp := f.do(mod, "POST", "/admin/comments/bans", url.Values{"words": {"arnaque\r\ncasino\r\n\r\narnaque "}, "names": {""}, "domains": {"@Jetable.example"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/comments/bans?done=saved" {
		t.Fatalf("save: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	b, _ := f.st.CommentBans(ctx, f.site.ID)
	if !slices.Equal(b.Words, []string{"arnaque", "casino"}) || len(b.Names) != 0 || !slices.Equal(b.Domains, []string{"jetable.example"}) {
		t.Fatalf("saved bans: %+v", b)
	}
	page := stGet(t, f, mod, "/admin/comments/bans?done=saved")
	if !strings.Contains(page, "arnaque\ncasino</textarea>") || !strings.Contains(page, `class="flash"`) {
		t.Errorf("saved lists are not shown back with a confirmation:\n%s", page)
	}

	// An entry too long: the form comes back as typed, nothing changes.
	long := strings.Repeat("x", store.MaxBanRunes+1)
	body := stPost(t, f, mod, "/admin/comments/bans", url.Values{"words": {"loterie\n" + long}, "names": {"Spammeur"}}, http.StatusUnprocessableEntity)
	if !stInvalid(body, "bans-words") && !peopleFieldInvalid(body, "bans-words") {
		t.Errorf("too long: the field is not marked\n%s", body)
	}
	if !strings.Contains(body, "loterie\n"+long+"</textarea>") || !strings.Contains(body, "Spammeur</textarea>") || !strings.Contains(body, `href="#bans-words"`) {
		t.Errorf("too long: the typed lists are lost\n%s", body)
	}
	if b, _ := f.st.CommentBans(ctx, f.site.ID); !slices.Equal(b.Words, []string{"arnaque", "casino"}) {
		t.Errorf("a refused save changed the lists: %+v", b)
	}
	if resp := f.do(f.cookies[user.Author], "GET", "/admin/comments/bans", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an author opens the banned lists: %d", resp.StatusCode)
	}
	if resp := f.do(f.cookies[user.Author], "POST", "/admin/comments/bans", url.Values{"words": {"x"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an author saves the banned lists: %d", resp.StatusCode)
	}
}

// syncBuffer collects log lines written from handler goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestCommenterDataScreen runs on both databases: the address is matched
// ignoring case in SQL, and the erase rewrites threads.
func TestCommenterDataScreen(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) { commenterDataScreen(t, setup(t, st.Dialect())) })
}

func commenterDataScreen(t *testing.T, f *fixture) {
	ctx := context.Background()
	// The same back office with a log to read.
	var logs syncBuffer
	authn, err := auth.New(f.st, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	back, err := admin.New(admin.Config{Store: f.st, Auth: authn, Log: slog.New(slog.NewTextHandler(&logs, nil)),
		Preview: func(int64, string, string) template.HTML { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	h := server.New(f.st, slog.New(slog.DiscardHandler), server.Routes{Admin: back}).Handler()
	do := func(cookie *http.Cookie, path string, form url.Values) *http.Response {
		req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(cookie)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Result()
	}

	a := f.article(t, content.Published, f.users[user.Author])
	mine := ctPost(t, f, a, 0, "Alice@Example.org", "Le premier message d’Alice.", comment.Published)
	answer := ctPost(t, f, a, mine.ID, "bruno@example.net", "Bruno répond à Alice.", comment.Published)
	below := ctPost(t, f, a, answer.ID, "chloe@example.net", "Chloé répond à Bruno.", comment.Published)
	second := ctPost(t, f, a, 0, "alice@example.org", "Alice, encore, en attente.", comment.Pending)
	if err := f.st.EditComment(ctx, f.site.ID, mine.ID, f.users[user.Moderator].ID, "Alice", "", "Le premier message d’Alice, corrigé."); err != nil {
		t.Fatal(err)
	}
	adm := f.cookies[user.Administrator]
	email := url.Values{"email": {" ALICE@example.org "}}

	page := stGet(t, f, adm, "/admin/comments/people")
	if !strings.Contains(page, `id="commenter-email"`) || !strings.Contains(stGet(t, f, adm, "/admin/comments"), `href="/admin/comments/people"`) {
		t.Fatal("commenter data screen or its link missing")
	}
	body := stPost(t, f, adm, "/admin/comments/people", email, http.StatusOK)
	if !strings.Contains(body, stMsg(f, "admin.comments.people.found.title")) || !strings.Contains(body, "2 messages") ||
		!strings.Contains(body, `action="/admin/comments/people/export"`) {
		t.Errorf("lookup:\n%s", body)
	}
	if body := stPost(t, f, adm, "/admin/comments/people", url.Values{"email": {"pas une adresse"}}, http.StatusUnprocessableEntity); !peopleFieldInvalid(body, "commenter-email") ||
		!strings.Contains(body, `value="pas une adresse"`) {
		t.Errorf("a bad address:\n%s", body)
	}

	// Export: everything the person wrote, as a JSON download.
	resp := do(adm, "/admin/comments/people/export", email)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment;") {
		t.Fatalf("export: %d %v", resp.StatusCode, resp.Header)
	}
	var export struct {
		Email    string `json:"email"`
		Messages []struct {
			ID      int64 `json:"id"`
			Article struct {
				Title, URL string
			} `json:"article"`
			Language, Name, Email, Website, Body, Status string
			EditedAt                                     *string `json:"edited_at"`
			Revisions                                    []struct {
				Body string `json:"body"`
			} `json:"revisions"`
		} `json:"messages"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&export); err != nil {
		t.Fatal(err)
	}
	if export.Email != "ALICE@example.org" || len(export.Messages) != 2 {
		t.Fatalf("export: %+v", export)
	}
	m := export.Messages[0]
	if m.ID != mine.ID || m.Article.Title != a.Title || m.Article.URL != "http://example.test/fr/"+a.Slug || m.Language != "fr" ||
		m.Email != "Alice@Example.org" || m.Body != "Le premier message d’Alice, corrigé." || m.Status != "published" || m.EditedAt == nil ||
		len(m.Revisions) != 1 || m.Revisions[0].Body != "Le premier message d’Alice." {
		t.Errorf("first exported message: %+v", m)
	}
	if export.Messages[1].ID != second.ID || export.Messages[1].Status != "pending" {
		t.Errorf("second exported message: %+v", export.Messages[1])
	}

	// Erase: first a confirmation, and nothing happens.
	body = stPost(t, f, adm, "/admin/comments/people/erase", email, http.StatusOK)
	if !strings.Contains(body, `name="confirm" value="yes"`) {
		t.Fatalf("no confirmation step:\n%s", body)
	}
	if n, _ := f.st.CommenterCount(ctx, f.site.ID, "alice@example.org"); n != 2 {
		t.Fatal("erased without confirmation")
	}
	confirm := url.Values{"email": email["email"], "confirm": {"yes"}}
	resp = do(adm, "/admin/comments/people/erase", confirm)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/comments/people?erased=2" {
		t.Fatalf("erase: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if n, _ := f.st.CommenterCount(ctx, f.site.ID, "alice@example.org"); n != 0 {
		t.Errorf("%d messages left", n)
	}
	got, err := f.st.CommentByID(ctx, f.site.ID, answer.ID)
	if err != nil || got.ParentID != 0 || got.Body != answer.Body {
		t.Errorf("the reply to an erased message: %+v, %v", got, err)
	}
	if got, err := f.st.CommentByID(ctx, f.site.ID, below.ID); err != nil || got.ParentID != answer.ID {
		t.Errorf("the reply below it: %+v, %v", got, err)
	}
	log := logs.String()
	if !strings.Contains(log, "commenter data erased") || !strings.Contains(log, "messages=2") || strings.Contains(strings.ToLower(log), "alice") {
		t.Errorf("erase log: %s", log)
	}
	if page := html.UnescapeString(readAll(f.do(adm, "GET", "/admin/comments/people?erased=2", nil))); !strings.Contains(page, "2 messages") {
		t.Error("no confirmation after erasing")
	}

	// Personal data: administrators only.
	for _, role := range []user.Role{user.Moderator, user.Editor, user.Author} {
		if resp := f.do(f.cookies[role], "GET", "/admin/comments/people", nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s opens the commenter data screen: %d", role, resp.StatusCode)
		}
		for _, p := range []string{"/admin/comments/people", "/admin/comments/people/export", "/admin/comments/people/erase"} {
			if resp := f.do(f.cookies[role], "POST", p, confirm); resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s posts to %s: %d", role, p, resp.StatusCode)
			}
		}
	}
	if body := stGet(t, f, f.cookies[user.Moderator], "/admin/comments"); strings.Contains(body, `href="/admin/comments/people"`) {
		t.Error("a moderator is offered the commenter data screen")
	}
	if resp := f.do(f.cookies[user.Author], "GET", "/admin/comments", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an author opens the queue: %d", resp.StatusCode)
	}
}

func TestModerationLanguagesAndMemberRole(t *testing.T) {
	f := setup(t, "sqlite")
	ctx := context.Background()
	adm := f.cookies[user.Administrator]
	mod := f.users[user.Moderator]
	path := fmt.Sprintf("/admin/users/%d", mod.ID)
	page := stGet(t, f, adm, path)
	if !strings.Contains(page, `name="moderation_languages" value="en"`) {
		t.Fatalf("no moderation languages on the account page:\n%s", page)
	}
	form := url.Values{"name": {mod.DisplayName}, "role": {"moderator"}, "ui_language": {""}, "moderation_languages": {"en", "xx"}}
	if resp := f.do(adm, "POST", path, form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	got, _ := f.st.UserByID(ctx, mod.ID)
	if !slices.Equal(got.ModerationLanguages, []string{"en"}) {
		t.Errorf("moderation languages = %v", got.ModerationLanguages)
	}
	if page := stGet(t, f, adm, path); !strings.Contains(page, `value="en" checked`) || strings.Contains(page, `value="fr" checked`) {
		t.Error("the saved languages are not checked")
	}
	// None checked: all languages.
	delete(form, "moderation_languages")
	f.do(adm, "POST", path, form)
	if got, _ := f.st.UserByID(ctx, mod.ID); len(got.ModerationLanguages) != 0 {
		t.Errorf("unchecking all kept %v", got.ModerationLanguages)
	}
	// A problem elsewhere keeps the boxes as checked.
	form.Set("name", "")
	form["moderation_languages"] = []string{"fr"}
	if body := stPost(t, f, adm, path, form, http.StatusUnprocessableEntity); !strings.Contains(body, `value="fr" checked`) {
		t.Error("the checked languages are lost when the form comes back")
	}
	// The member role is named and explained.
	users := stGet(t, f, adm, "/admin/users")
	if !strings.Contains(users, `<option value="member">`+stMsg(f, "admin.people.role.member")+`</option>`) ||
		!strings.Contains(users, stMsg(f, "admin.people.role.member.help")) {
		t.Error("the member role has no label or help")
	}
}

func TestCommentSettingsSectionPolicyAndSharedThreads(t *testing.T) {
	f := setup(t, "sqlite")
	ctx := context.Background()
	adm := f.cookies[user.Administrator]

	// The site's e-mail requirement.
	s, _ := f.st.SiteByID(ctx, f.site.ID)
	form := peopleSettingsForm(s)
	if resp := f.do(adm, "POST", "/admin/settings", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("settings: %d", resp.StatusCode)
	}
	if s, _ = f.st.SiteByID(ctx, f.site.ID); s.CommentEmailRequired {
		t.Error("unchecked, the e-mail is still required")
	}
	form.Set("comment_email_required", "on")
	f.do(adm, "POST", "/admin/settings", form)
	if s, _ = f.st.SiteByID(ctx, f.site.ID); !s.CommentEmailRequired {
		t.Error("checked, the e-mail is not required")
	}
	if page := stGet(t, f, adm, "/admin/settings"); !strings.Contains(page, `name="comment_email_required" value="on" checked`) {
		t.Error("the setting is not shown checked")
	}

	// A section's policy.
	path := fmt.Sprintf("/admin/sections/%d", f.section.ID)
	sec := url.Values{"parent": {"0"}, "position": {"0"}, "title-fr": {"Actualités"}, "slug-fr": {"actu"}, "comment_policy": {"closed"}}
	stPost(t, f, f.cookies[user.Editor], path, sec, http.StatusSeeOther)
	if got := stSection(t, f, "actu"); got.CommentPolicy != content.Closed {
		t.Errorf("section policy = %q", got.CommentPolicy)
	}
	if page := stGet(t, f, f.cookies[user.Editor], path); !strings.Contains(page, `<option value="closed" selected>`) {
		t.Error("the section's policy is not selected")
	}
	sec.Set("comment_policy", "sometimes")
	sec.Set("title-en", "News being typed")
	body := stPost(t, f, f.cookies[user.Editor], path, sec, http.StatusUnprocessableEntity)
	if !stInvalid(body, "comment_policy") || !strings.Contains(body, `value="News being typed"`) {
		t.Errorf("an unknown policy:\n%s", body)
	}
	sec.Del("comment_policy")
	sec.Del("title-en")
	stPost(t, f, f.cookies[user.Editor], path, sec, http.StatusSeeOther)
	if got := stSection(t, f, "actu"); got.CommentPolicy != content.Closed {
		t.Errorf("a form without the field reset the policy to %q", got.CommentPolicy)
	}
	sec.Set("comment_policy", "")
	stPost(t, f, f.cookies[user.Editor], path, sec, http.StatusSeeOther)
	if got := stSection(t, f, "actu"); got.CommentPolicy != content.Inherit {
		t.Errorf("back to inheritance: %q", got.CommentPolicy)
	}

	// One thread or one per language.
	a := f.article(t, content.Draft, f.users[user.Author])
	apath := fmt.Sprintf("/admin/articles/%d", a.ID)
	checked := `name="shared_comments" value="on" checked`
	shared := func() bool {
		g, err := f.st.GroupByID(ctx, f.site.ID, a.GroupID)
		if err != nil {
			t.Fatal(err)
		}
		return g.SharedComments
	}
	if err := f.st.SetSharedComments(ctx, f.site.ID, a.GroupID, true); err != nil {
		t.Fatal(err)
	}
	if page := stGet(t, f, f.cookies[user.Editor], apath); !strings.Contains(page, checked) {
		t.Error("the group's shared thread is not shown checked")
	}
	// The text does not change, so neither does the revision.
	art := url.Values{"title": {"Titre"}, "section": {fmt.Sprint(f.section.ID)}, "language": {"fr"}, "revision": {"1"}, "body": {"Texte"},
		"shared_comments_field": {"1"}}
	stPost(t, f, f.cookies[user.Editor], apath, art, http.StatusSeeOther)
	if shared() {
		t.Error("unchecked, the versions still share their thread")
	}
	if page := stGet(t, f, f.cookies[user.Editor], apath); strings.Contains(page, checked) {
		t.Error("the choice is not shown back")
	}
	// A form without the checkbox (an older page) changes nothing.
	art.Del("shared_comments_field")
	stPost(t, f, f.cookies[user.Editor], apath, art, http.StatusSeeOther)
	if shared() {
		t.Error("a form without the checkbox changed the group")
	}
	art.Set("shared_comments_field", "1")
	art.Set("shared_comments", "on")
	stPost(t, f, f.cookies[user.Editor], apath, art, http.StatusSeeOther)
	if !shared() {
		t.Error("checked, the versions do not share their thread")
	}
	// A new article starts with one shared thread unless unchecked.
	art = url.Values{"title": {"Nouvel article"}, "section": {fmt.Sprint(f.section.ID)}, "language": {"fr"}, "body": {"Texte"},
		"shared_comments_field": {"1"}}
	resp := f.do(f.cookies[user.Editor], "POST", "/admin/articles/new", art)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("new article: %d", resp.StatusCode)
	}
	var id int64
	fmt.Sscanf(resp.Header.Get("Location"), "/admin/articles/%d", &id)
	created, err := f.st.ArticleByID(ctx, f.site.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	if g, _ := f.st.GroupByID(ctx, f.site.ID, created.GroupID); g.SharedComments {
		t.Error("a new article unchecked shares its thread")
	}
	if page := stGet(t, f, f.cookies[user.Editor], "/admin/articles/new"); !strings.Contains(page, checked) {
		t.Error("the new article form does not start with one shared thread")
	}
}
