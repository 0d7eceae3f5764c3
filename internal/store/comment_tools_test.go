package store_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"depeche/internal/comment"
	"depeche/internal/content"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
	"depeche/internal/user"
)

func TestCommentBansRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		empty, err := s.CommentBans(ctx, f.site.ID)
		if err != nil || len(empty.Words)+len(empty.Names)+len(empty.Domains) != 0 {
			t.Fatalf("a site without bans: %+v, %v", empty, err)
		}
		must(t, s.SetCommentBans(ctx, f.site.ID, comment.Bans{
			Words:   []string{"  arnaque ", "", "casino", "Arnaque", "casino"},
			Names:   []string{"Spammeur", "   "},
			Domains: []string{"@Jetable.example", "jetable.example", "mail.test"},
		}))
		got, err := s.CommentBans(ctx, f.site.ID)
		must(t, err)
		if !slices.Equal(got.Words, []string{"arnaque", "casino"}) || !slices.Equal(got.Names, []string{"Spammeur"}) ||
			!slices.Equal(got.Domains, []string{"jetable.example", "mail.test"}) {
			t.Fatalf("stored bans = %+v", got)
		}
		// Saving replaces every list, emptied ones included.
		must(t, s.SetCommentBans(ctx, f.site.ID, comment.Bans{Words: []string{"loterie"}}))
		got, _ = s.CommentBans(ctx, f.site.ID)
		if !slices.Equal(got.Words, []string{"loterie"}) || len(got.Names) != 0 || len(got.Domains) != 0 {
			t.Fatalf("after replacing: %+v", got)
		}

		// Over the limits: refused whole, with every problem, nothing changed.
		many := make([]string, store.MaxBanEntries+1)
		for i := range many {
			many[i] = fmt.Sprintf("mot%d", i)
		}
		long := strings.Repeat("é", store.MaxBanRunes+1)
		err = s.SetCommentBans(ctx, f.site.ID, comment.Bans{Words: many, Names: []string{long}, Domains: []string{"bad\xffdomain.example"}})
		var problems store.BanErrors
		if !errors.As(err, &problems) {
			t.Fatalf("lists over the limits: %v", err)
		}
		want := map[string]string{store.BanWord: "toomany", store.BanName: "toolong", store.BanDomain: "utf8"}
		if len(problems) != len(want) {
			t.Errorf("problems = %+v", problems)
		}
		for _, p := range problems {
			if want[p.Kind] != p.Code {
				t.Errorf("problem %+v, want code %q for %s", p, want[p.Kind], p.Kind)
			}
		}
		if problems[1].Entry != long && problems[0].Entry != long {
			t.Errorf("the entry too long is not named: %+v", problems)
		}
		got, _ = s.CommentBans(ctx, f.site.ID)
		if !slices.Equal(got.Words, []string{"loterie"}) {
			t.Errorf("a refused save changed the lists: %+v", got)
		}
		// Exactly at the limits is fine.
		must(t, s.SetCommentBans(ctx, f.site.ID, comment.Bans{Words: many[:store.MaxBanEntries], Names: []string{long[:2*store.MaxBanRunes]}}))
		got, _ = s.CommentBans(ctx, f.site.ID)
		if len(got.Words) != store.MaxBanEntries || len(got.Names) != 1 {
			t.Errorf("at the limits: %d words, %d names", len(got.Words), len(got.Names))
		}
	})
}

// commentPoster stores comments on an article at increasing times.
func commentPoster(t *testing.T, s *store.Store, f *fixture, a *content.Article) func(parent int64, email, body string) *comment.Comment {
	n := 0
	return func(parent int64, email, body string) *comment.Comment {
		t.Helper()
		n++
		c := &comment.Comment{SiteID: f.site.ID, ArticleID: a.ID, ParentID: parent, Language: a.Language, AuthorName: "Nom " + email,
			AuthorEmail: email, AuthorURL: "https://example.net/" + email, Body: body, Status: comment.Published,
			CreatedAt: t0.Add(time.Duration(n) * time.Minute)}
		must(t, s.CreateComment(ctx, c))
		return c
	}
}

func TestEditCommentKeepsRevisions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		a := f.article(t, s, 0, "fr", "edition", content.Published, t0)
		c := commentPoster(t, s, f, a)(0, "lea@example.net", "Premier texte, avec une fôte.")
		mod := &user.User{Email: "mod@example.org", DisplayName: "Modératrice", Role: user.Moderator}
		must(t, s.CreateUser(ctx, mod))

		got, err := s.CommentByID(ctx, f.site.ID, c.ID)
		must(t, err)
		if got.Body != c.Body || got.AuthorEmail != "lea@example.net" || got.ArticleID != a.ID || !got.EditedAt.IsZero() || got.Status != comment.Published {
			t.Fatalf("CommentByID = %+v", got)
		}
		must(t, s.EditComment(ctx, f.site.ID, c.ID, mod.ID, "Léa", "", "Premier texte, avec une faute."))
		got, _ = s.CommentByID(ctx, f.site.ID, c.ID)
		if got.AuthorName != "Léa" || got.AuthorURL != "" || got.Body != "Premier texte, avec une faute." || got.EditedAt.IsZero() {
			t.Fatalf("after the edit: %+v", got)
		}
		// Saving the same text again keeps no new version.
		must(t, s.EditComment(ctx, f.site.ID, c.ID, mod.ID, "Léa", "", "Premier texte, avec une faute."))
		must(t, s.EditComment(ctx, f.site.ID, c.ID, 0, "Léa", "", "Troisième version."))
		revs, err := s.CommentRevisions(ctx, c.ID)
		must(t, err)
		if len(revs) != 2 {
			t.Fatalf("revisions = %+v", revs)
		}
		first := revs[0]
		if first.Body != "Premier texte, avec une fôte." || first.AuthorName != c.AuthorName || first.AuthorURL != c.AuthorURL ||
			first.EditedBy != mod.ID || first.EditorName != "Modératrice" || first.CreatedAt.IsZero() {
			t.Errorf("first revision = %+v", first)
		}
		if revs[1].Body != "Premier texte, avec une faute." || revs[1].EditedBy != 0 {
			t.Errorf("second revision = %+v", revs[1])
		}
		if err := s.EditComment(ctx, f.site.ID+1, c.ID, mod.ID, "X", "", "Ailleurs"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("editing through another site: %v", err)
		}
		if _, err := s.CommentByID(ctx, f.site.ID, c.ID+100); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a missing comment: %v", err)
		}
		// Signed-in authors: the team's are staff, a member's are not.
		member := &user.User{Email: "membre@example.net", DisplayName: "Membre", Role: user.Member}
		must(t, s.CreateUser(ctx, member))
		for _, tt := range []struct {
			u     *user.User
			staff bool
		}{{member, false}, {mod, true}} {
			posted := &comment.Comment{SiteID: f.site.ID, ArticleID: a.ID, Language: "fr", AuthorName: tt.u.DisplayName, UserID: tt.u.ID,
				Body: "Un message signé.", Status: comment.Published}
			must(t, s.CreateComment(ctx, posted))
			got, err := s.CommentByID(ctx, f.site.ID, posted.ID)
			must(t, err)
			if got.Staff() != tt.staff || got.ByMember == tt.staff {
				t.Errorf("%s's message: staff %v, member %v", tt.u.Role, got.Staff(), got.ByMember)
			}
		}
	})
}

func TestCommenterExportAndErase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		a := f.article(t, s, 0, "fr", "vie-privee", content.Published, t0)
		post := commentPoster(t, s, f, a)
		other := post(0, "bruno@example.net", "Bruno ouvre le fil.")
		mine := post(0, "Alice@Example.org", "Alice lance un sujet.")
		answer := post(mine.ID, "bruno@example.net", "Bruno répond à Alice.")
		deeper := post(answer.ID, "chloe@example.net", "Chloé répond à Bruno.")
		mineToo := post(other.ID, "alice@example.org", "Alice répond à Bruno.")
		below := post(mineToo.ID, "chloe@example.net", "Chloé répond à Alice.")
		must(t, s.EditComment(ctx, f.site.ID, mine.ID, 0, "Alice", "", "Alice lance un sujet, corrigé."))
		if _, err := s.Moderate(ctx, f.site.ID, []int64{mine.ID}, comment.Published, false, 0, "ok"); err != nil {
			t.Fatal(err)
		}

		n, err := s.CommenterCount(ctx, f.site.ID, " ALICE@example.ORG ")
		if err != nil || n != 2 {
			t.Fatalf("count = %d, %v", n, err)
		}
		msgs, err := s.CommenterMessages(ctx, f.site.ID, "alice@example.org")
		must(t, err)
		if len(msgs) != 2 || msgs[0].ID != mine.ID || msgs[1].ID != mineToo.ID {
			t.Fatalf("messages = %+v", msgs)
		}
		m := msgs[0]
		if m.Body != "Alice lance un sujet, corrigé." || m.ArticleTitle != a.Title || m.ArticleSlug != "vie-privee" || m.ArticleLang != "fr" ||
			m.AuthorEmail != "Alice@Example.org" || m.EditedAt.IsZero() || len(m.Revisions) != 1 || m.Revisions[0].Body != "Alice lance un sujet." {
			t.Errorf("exported message = %+v", m)
		}
		if _, err := s.CommenterCount(ctx, f.site.ID, "  "); !errors.Is(err, store.ErrNoAddress) {
			t.Errorf("a blank address: %v", err)
		}

		erased, err := s.EraseCommenter(ctx, f.site.ID, "ALICE@EXAMPLE.ORG")
		if err != nil || erased != 2 {
			t.Fatalf("erase = %d, %v", erased, err)
		}
		for _, id := range []int64{mine.ID, mineToo.ID} {
			if _, err := s.CommentByID(ctx, f.site.ID, id); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("message %d survived: %v", id, err)
			}
			if revs, _ := s.CommentRevisions(ctx, id); len(revs) != 0 {
				t.Errorf("revisions of %d survived", id)
			}
			if events, _ := s.CommentEvents(ctx, id); len(events) != 0 {
				t.Errorf("moderation log of %d survived", id)
			}
		}
		// Replies to the erased messages start their own threads; what
		// hangs below them follows.
		want := map[int64][2]int64{ // id → parent, root
			other.ID:  {0, other.ID},
			answer.ID: {0, answer.ID},
			deeper.ID: {answer.ID, answer.ID},
			below.ID:  {0, below.ID},
		}
		for id, pr := range want {
			c, err := s.CommentByID(ctx, f.site.ID, id)
			if err != nil {
				t.Fatalf("message %d of another commenter: %v", id, err)
			}
			if c.ParentID != pr[0] || c.RootID != pr[1] {
				t.Errorf("message %d: parent %d root %d, want %v", id, c.ParentID, c.RootID, pr)
			}
		}
		thread, _ := s.Thread(ctx, store.ThreadQuery{SiteID: f.site.ID, GroupID: a.GroupID, Statuses: []comment.Status{comment.Published}})
		if len(thread) != 4 {
			t.Errorf("thread after erasing: %d messages", len(thread))
		}
		// A new reply under a survivor joins the survivor's thread.
		reply := post(deeper.ID, "dan@example.net", "Dan répond à Chloé.")
		if reply.RootID != answer.ID {
			t.Errorf("a new reply's root = %d, want %d", reply.RootID, answer.ID)
		}
		if n, _ := s.CommenterCount(ctx, f.site.ID, "alice@example.org"); n != 0 {
			t.Errorf("after erasing, %d messages match", n)
		}
		if erased, err := s.EraseCommenter(ctx, f.site.ID, "alice@example.org"); err != nil || erased != 0 {
			t.Errorf("erasing again = %d, %v", erased, err)
		}
	})
}

func TestSetSharedComments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		a := f.article(t, s, 0, "fr", "partage", content.Draft, time.Time{})
		must(t, s.SetSharedComments(ctx, f.site.ID, a.GroupID, false))
		g, err := s.GroupByID(ctx, f.site.ID, a.GroupID)
		must(t, err)
		if g.SharedComments {
			t.Error("the group still shares its thread")
		}
		must(t, s.SetSharedComments(ctx, f.site.ID, a.GroupID, true))
		if g, _ = s.GroupByID(ctx, f.site.ID, a.GroupID); !g.SharedComments {
			t.Error("the group does not share its thread again")
		}
		if err := s.SetSharedComments(ctx, f.site.ID+1, a.GroupID, false); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another site's group: %v", err)
		}
	})
}
