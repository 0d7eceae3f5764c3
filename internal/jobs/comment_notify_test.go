package jobs_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net/http"
	"net/http/httptest"
	netmail "net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"depeche/internal/comment"
	"depeche/internal/content"
	"depeche/internal/jobs"
	"depeche/internal/mail"
	"depeche/internal/mail/mailtest"
	"depeche/internal/site"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
	"depeche/internal/user"
)

// received is a delivered mail, decoded.
type received struct {
	To, Subject, Body string
	Header            netmail.Header
}

// inbox reads what the test SMTP server accepted since the last look.
type inbox struct {
	t    *testing.T
	srv  *mailtest.Server
	seen int
}

func (in *inbox) fresh() []received {
	in.t.Helper()
	all := in.srv.Messages()
	var out []received
	for _, m := range all[in.seen:] {
		msg, err := netmail.ReadMessage(bytes.NewReader(m.Data))
		if err != nil {
			in.t.Fatal(err)
		}
		subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		if err != nil {
			in.t.Fatal(err)
		}
		var body io.Reader = msg.Body
		if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
			body = quotedprintable.NewReader(body)
		}
		text, err := io.ReadAll(body)
		if err != nil {
			in.t.Fatal(err)
		}
		out = append(out, received{To: strings.Join(m.To, ","), Subject: subject, Body: strings.ReplaceAll(string(text), "\r\n", "\n"), Header: msg.Header})
	}
	in.seen = len(all)
	return out
}

func recipients(ms []received) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.To)
	}
	slices.Sort(out)
	return out
}

// notifyWorld is a site in French, English and Arabic with one French
// article, its moderators, a notifier, a mailer talking to a real SMTP
// server, and the reader site for unsubscribe links.
type notifyWorld struct {
	st       *store.Store
	site     *content.Site
	article  *content.Article
	notifier *jobs.CommentNotifier
	mailer   *jobs.Mailer
	inbox    *inbox
	reader   http.Handler
}

var notifyNow = time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)

func newNotifyWorld(t *testing.T, kind string) *notifyWorld {
	ctx := context.Background()
	clock := func() time.Time { return notifyNow }
	st := storetest.Open(t, kind, clock)
	w := &notifyWorld{st: st}
	w.site = &content.Site{BaseURL: "https://diplomatie.example", DefaultLanguage: "fr", TimeZone: "Europe/Paris", CommentPolicy: content.ModerateBefore,
		Languages: []content.Language{{Code: "fr", Name: "Français", Direction: content.LTR}, {Code: "en", Name: "English", Direction: content.LTR},
			{Code: "ar", Name: "العربية", Direction: content.RTL}},
		Texts: map[string]content.SiteText{"fr": {Name: "Diplomatie numérique"}, "en": {Name: "Digital diplomacy"}, "ar": {Name: "الدبلوماسية الرقمية"}}}
	must(t, st.CreateSite(ctx, w.site))
	author := w.user(t, "claire@example.org", "Claire Martin", user.Author, "", nil)
	sec := &content.Section{SiteID: w.site.ID, Texts: map[string]content.SectionText{"fr": {Slug: "dialogue", Title: "Dialogue"}}}
	must(t, st.CreateSection(ctx, sec))
	g := &content.TranslationGroup{SiteID: w.site.ID, SourceLanguage: "fr", SharedComments: true}
	must(t, st.CreateGroup(ctx, g))
	w.article = &content.Article{SiteID: w.site.ID, GroupID: g.ID, SectionID: sec.ID, Language: "fr", Slug: "moderer-sans-censurer", Title: "Modérer sans censurer",
		Body: "Texte.", Status: content.Published, PublishedAt: notifyNow.Add(-time.Hour), AuthorIDs: []int64{author.ID}}
	must(t, st.CreateArticle(ctx, w.article, author.ID))

	srv := mailtest.NewServer(t)
	sender := mail.NewSender(mail.Config{Host: srv.Host(), Port: srv.Port(), From: "Dépêche <noreply@example.org>", TLSConfig: srv.TLSConfig(),
		Timeout: 10 * time.Second}, clock, nil)
	log := slog.New(slog.DiscardHandler)
	w.inbox = &inbox{t: t, srv: srv}
	w.mailer = &jobs.Mailer{Store: st, Sender: sender, Log: log}
	w.notifier = &jobs.CommentNotifier{Store: st, Log: log, Now: clock, RetentionMonths: 12}
	reader, err := site.New(site.Config{Store: st, Log: log, Now: clock})
	must(t, err)
	w.reader = reader
	return w
}

func (w *notifyWorld) user(t *testing.T, email, name string, role user.Role, ui string, langs []string) *user.User {
	t.Helper()
	ctx := context.Background()
	u := &user.User{Email: email, DisplayName: name, Role: role}
	must(t, w.st.CreateUser(ctx, u))
	u.UILanguage, u.ModerationLanguages = ui, langs
	must(t, w.st.UpdateUser(ctx, u))
	return u
}

func (w *notifyWorld) post(t *testing.T, c comment.Comment) *comment.Comment {
	t.Helper()
	c.SiteID, c.ArticleID = w.site.ID, w.article.ID
	if c.Language == "" {
		c.Language = "fr"
	}
	must(t, w.st.CreateComment(context.Background(), &c))
	return &c
}

// deliver runs the notifier then the mailer, as the server's jobs do, and
// returns what arrived.
func (w *notifyWorld) deliver(t *testing.T) []received {
	t.Helper()
	ctx := context.Background()
	if _, err := w.notifier.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	for {
		n, err := w.mailer.Tick(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	return w.inbox.fresh()
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestCommentNotifications(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			w := newNotifyWorld(t, kind)
			w.user(t, "nadia@example.org", "Nadia Haddad", user.Moderator, "", []string{"ar"})
			w.user(t, "louis@example.org", "Louis Girard", user.Moderator, "", []string{"fr"})
			w.user(t, "karim@example.org", "Karim Benali", user.Editor, "en", []string{"fr", "en"})
			w.user(t, "admin@example.org", "Awa Diallo", user.Administrator, "", nil)
			gone := w.user(t, "gone@example.org", "Ancien", user.Editor, "", nil)
			must(t, w.st.DisableUser(ctx, gone.ID, true))

			ana := w.post(t, comment.Comment{AuthorName: "Ana", AuthorEmail: "Ana@example.net", Body: "La modération a priori   retarde\nle débat.",
				Status: comment.Pending, NotifyPublished: true, NotifyReplies: true})
			w.post(t, comment.Comment{AuthorName: "Promo", AuthorEmail: "promo@example.com", Body: "Achetez nos montres", Status: comment.Spam})

			// Moderators hear of the pending message if they read French.
			got := w.deliver(t)
			if want := []string{"admin@example.org", "karim@example.org", "louis@example.org"}; !slices.Equal(recipients(got), want) {
				t.Fatalf("digest went to %v, want %v (not the Arabic reader, the author or a disabled account)", recipients(got), want)
			}
			for _, m := range got {
				if strings.Contains(m.Body, "montres") {
					t.Error("spam announced to moderators")
				}
				if m.Header.Get("List-Unsubscribe") != "" {
					t.Error("a team mail carries a reader's unsubscribe header")
				}
				if m.Header.Get("X-Depeche-Kind") != jobs.KindCommentModeration {
					t.Errorf("kind = %q", m.Header.Get("X-Depeche-Kind"))
				}
				if !strings.Contains(m.Body, "https://diplomatie.example/admin/comments?status=pending&language=fr") ||
					!strings.Contains(m.Body, "Ana") || !strings.Contains(m.Body, "Modérer sans censurer") ||
					!strings.Contains(m.Body, "La modération a priori retarde le débat.") {
					t.Errorf("digest to %s lacks the message, its article or the queue link:\n%s", m.To, m.Body)
				}
				want := "fr" // the site's language, for accounts that chose none
				if m.To == "karim@example.org" {
					want = "en"
				}
				if lang := m.Header.Get("Content-Language"); lang != want {
					t.Errorf("digest to %s in %q, want %q", m.To, lang, want)
				}
			}
			if got := w.deliver(t); len(got) != 0 {
				t.Fatalf("a second run sent %d more mails", len(got))
			}

			// Approval: the author, who asked, hears of it in her language.
			_, err := w.st.Moderate(ctx, w.site.ID, []int64{ana.ID}, comment.Published, false, 0, "")
			must(t, err)
			got = w.deliver(t)
			if len(got) != 1 || got[0].To != "ana@example.net" && got[0].To != "Ana@example.net" {
				t.Fatalf("after approval: %v", recipients(got))
			}
			published := got[0]
			if lang := published.Header.Get("Content-Language"); lang != "fr" || !strings.Contains(published.Subject, "Modérer sans censurer") {
				t.Errorf("publication mail in %q, subject %q", lang, published.Subject)
			}
			if link := "https://diplomatie.example/fr/moderer-sans-censurer#comment-" + strconv.FormatInt(ana.ID, 10); !strings.Contains(published.Body, link) {
				t.Errorf("publication mail lacks %s:\n%s", link, published.Body)
			}
			unsubscribe := strings.Trim(published.Header.Get("List-Unsubscribe"), "<>")
			if !strings.HasPrefix(unsubscribe, "https://diplomatie.example/unsubscribe?") || !strings.Contains(published.Body, unsubscribe) {
				t.Fatalf("List-Unsubscribe %q (and in the text?):\n%s", unsubscribe, published.Body)
			}
			if published.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
				t.Errorf("List-Unsubscribe-Post = %q", published.Header.Get("List-Unsubscribe-Post"))
			}

			// A reply in English: Ana is told, in French, with a link to it.
			bob := w.post(t, comment.Comment{AuthorName: "Bob", AuthorEmail: "bob@example.net", Language: "en", ParentID: ana.ID,
				Body: "Moderation after publication works for us.", Status: comment.Published})
			w.post(t, comment.Comment{AuthorName: "Ana", AuthorEmail: "ana@EXAMPLE.net", ParentID: bob.ID, Body: "Merci.", Status: comment.Published})
			got = w.deliver(t)
			if len(got) != 1 || !strings.EqualFold(got[0].To, "ana@example.net") {
				t.Fatalf("after a reply: %v, want one mail to Ana (Bob did not ask, nor does Ana hear of her own answer)", recipients(got))
			}
			reply := got[0]
			if reply.Header.Get("X-Depeche-Kind") != jobs.KindCommentReply || reply.Header.Get("Content-Language") != "fr" ||
				!strings.Contains(reply.Body, "Bob") || !strings.Contains(reply.Body, "Moderation after publication works for us.") ||
				!strings.Contains(reply.Body, "/fr/moderer-sans-censurer#comment-"+strconv.FormatInt(bob.ID, 10)) {
				t.Errorf("reply mail:\n%s", reply.Body)
			}

			// One click, as a mail client does it: no cookie, no page.
			u, err := url.Parse(unsubscribe)
			must(t, err)
			req := httptest.NewRequest(http.MethodPost, u.RequestURI(), strings.NewReader("List-Unsubscribe=One-Click"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			rec := httptest.NewRecorder()
			w.reader.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK || len(rec.Result().Cookies()) != 0 {
				t.Fatalf("one-click unsubscribe: %d, cookies %v", rec.Code, rec.Result().Cookies())
			}
			w.post(t, comment.Comment{AuthorName: "Cy", AuthorEmail: "cy@example.net", ParentID: ana.ID, Body: "Et pourtant…", Status: comment.Published})
			if got := w.deliver(t); len(got) != 0 {
				t.Errorf("after unsubscribing, %v still got mail", recipients(got))
			}
		})
	}
}

// TestCommentNotifierPlainHTTP keeps the link in the text of a site not
// served over HTTPS, but not as a one-click header, which RFC 8058 forbids
// and the mail package would refuse.
func TestCommentNotifierPlainHTTP(t *testing.T) {
	ctx := context.Background()
	w := newNotifyWorld(t, "sqlite")
	w.site.BaseURL = "http://intranet.example"
	must(t, w.st.UpdateSite(ctx, w.site))
	w.post(t, comment.Comment{AuthorName: "Ana", AuthorEmail: "ana@example.net", Body: "Bonjour.", Status: comment.Published, NotifyPublished: true})
	got := w.deliver(t)
	if len(got) != 1 {
		t.Fatalf("%d mails, want 1", len(got))
	}
	if got[0].Header.Get("List-Unsubscribe") != "" || !strings.Contains(got[0].Body, "http://intranet.example/unsubscribe?") {
		t.Errorf("headers %v, body:\n%s", got[0].Header, got[0].Body)
	}
}

func TestCommentRetention(t *testing.T) {
	ctx := context.Background()
	w := newNotifyWorld(t, "sqlite")
	cutoff := notifyNow.AddDate(-1, 0, 0)
	old := w.post(t, comment.Comment{AuthorName: "Ana", AuthorEmail: "ana@example.net", IPHash: "a", NetHash: "b", Body: "Ancien.",
		Status: comment.Published, CreatedAt: cutoff.Add(-time.Minute)})
	recent := w.post(t, comment.Comment{AuthorName: "Bob", AuthorEmail: "bob@example.net", IPHash: "c", NetHash: "d", Body: "Récent.",
		Status: comment.Published, CreatedAt: cutoff.Add(time.Minute)})
	n, err := w.notifier.Purge(ctx)
	must(t, err)
	if n != 1 {
		t.Errorf("purged %d comments, want 1", n)
	}
	thread, err := w.st.Thread(ctx, store.ThreadQuery{SiteID: w.site.ID, GroupID: w.article.GroupID, Statuses: []comment.Status{comment.Published}})
	must(t, err)
	for _, c := range thread {
		switch {
		case c.ID == old.ID && (c.AuthorEmail != "" || c.IPHash != "" || c.Body != "Ancien." || c.AuthorName != "Ana"):
			t.Errorf("old comment: %+v", c)
		case c.ID == recent.ID && (c.AuthorEmail != "bob@example.net" || c.IPHash != "c"):
			t.Errorf("recent comment: %+v", c)
		}
	}
	keep := &jobs.CommentNotifier{Store: w.st, Now: w.notifier.Now}
	if n, err := keep.Purge(ctx); n != 0 || err != nil {
		t.Errorf("without a retention period, %d purged (%v)", n, err)
	}
}
