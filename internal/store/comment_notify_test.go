package store_test

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"depeche/internal/comment"
	"depeche/internal/content"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
)

// notifyThread is an article with a helper to post messages on it.
type notifyThread struct {
	f   *fixture
	art *content.Article
	n   int
}

func newNotifyThread(t *testing.T, s *store.Store) *notifyThread {
	f := newFixture(t, s)
	return &notifyThread{f: f, art: f.article(t, s, 0, "fr", "debat", content.Published, t0)}
}

func (th *notifyThread) post(t *testing.T, s *store.Store, c comment.Comment) *comment.Comment {
	t.Helper()
	th.n++
	c.SiteID = th.f.site.ID
	if c.ArticleID == 0 {
		c.ArticleID = th.art.ID
	}
	if c.Language == "" {
		c.Language = "fr"
	}
	if c.AuthorName == "" {
		c.AuthorName = "Ana"
	}
	if c.Body == "" {
		c.Body = "Message " + string(rune('A'+th.n))
	}
	if c.CreatedAt.IsZero() {
		c.CreatedAt = t0.Add(time.Duration(th.n) * time.Minute)
	}
	must(t, s.CreateComment(ctx, &c))
	return &c
}

func claimedIDs[T any](list []T, id func(T) int64) []int64 {
	var out []int64
	for _, x := range list {
		out = append(out, id(x))
	}
	slices.Sort(out)
	return out
}

func TestClaimNewPending(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		th := newNotifyThread(t, s)
		fr := th.post(t, s, comment.Comment{Status: comment.Pending})
		ar := th.post(t, s, comment.Comment{Status: comment.Pending, Language: "ar"})
		th.post(t, s, comment.Comment{Status: comment.Spam})
		th.post(t, s, comment.Comment{Status: comment.Published})
		judged := th.post(t, s, comment.Comment{Status: comment.Pending})
		_, err := s.Moderate(ctx, th.f.site.ID, []int64{judged.ID}, comment.Rejected, false, 0, "")
		must(t, err)

		// A failure while composing leaves everything to the next try.
		boom := errors.New("boom")
		if _, err := s.ClaimNewPending(ctx, 10, func([]store.QueueItem) ([]store.Mail, error) { return nil, boom }); !errors.Is(err, boom) {
			t.Fatalf("compose error: %v", err)
		}
		var got []store.QueueItem
		n, err := s.ClaimNewPending(ctx, 10, func(items []store.QueueItem) ([]store.Mail, error) {
			got = items
			return []store.Mail{{Recipient: "mod@example.org", Subject: "s", Body: "b", Kind: "comment-moderation"}}, nil
		})
		must(t, err)
		if n != 3 {
			t.Errorf("claimed %d, want the three messages left to announce", n)
		}
		if want := []int64{fr.ID, ar.ID}; !slices.Equal(claimedIDs(got, func(i store.QueueItem) int64 { return i.ID }), want) {
			t.Fatalf("announced %v, want only the pending messages %v (no spam, nothing judged)", claimedIDs(got, func(i store.QueueItem) int64 { return i.ID }), want)
		}
		if got[0].ArticleSlug != "debat" || got[0].ArticleTitle != "Title debat" || got[0].ArticleLang != "fr" || got[0].SiteID != th.f.site.ID {
			t.Errorf("item = %+v", got[0])
		}
		if waiting, _, _, _ := s.MailCounts(ctx); waiting != 1 {
			t.Errorf("%d mails queued, want the one composed", waiting)
		}
		n, err = s.ClaimNewPending(ctx, 10, func([]store.QueueItem) ([]store.Mail, error) {
			t.Error("compose called on a second claim")
			return nil, nil
		})
		if n != 0 || err != nil {
			t.Errorf("second claim: %d (%v), want nothing", n, err)
		}
	})
}

func TestClaimPublications(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		th := newNotifyThread(t, s)
		en := th.f.article(t, s, th.art.GroupID, "en", "debate", content.Published, t0)
		claim := func() map[int64]store.Publication {
			t.Helper()
			out := map[int64]store.Publication{}
			_, err := s.ClaimPublications(ctx, 100, func(ps []store.Publication) ([]store.Mail, error) {
				for _, p := range ps {
					out[p.ID] = p
				}
				return nil, nil
			})
			must(t, err)
			return out
		}
		parent := th.post(t, s, comment.Comment{Status: comment.Published, AuthorEmail: "ana@example.net", NotifyReplies: true, Language: "fr"})
		quiet := th.post(t, s, comment.Comment{Status: comment.Published, AuthorEmail: "quiet@example.net"})
		first := claim()
		if len(first) != 2 || first[parent.ID].Parent != nil {
			t.Fatalf("first claim = %+v", first)
		}

		reply := th.post(t, s, comment.Comment{Status: comment.Published, ArticleID: en.ID, Language: "en", ParentID: parent.ID, AuthorName: "Bob",
			AuthorEmail: "bob@example.net"})
		own := th.post(t, s, comment.Comment{Status: comment.Published, ParentID: parent.ID, AuthorEmail: "ANA@example.net"})
		toQuiet := th.post(t, s, comment.Comment{Status: comment.Published, ParentID: quiet.ID, AuthorEmail: "bob@example.net"})
		held := th.post(t, s, comment.Comment{Status: comment.Pending, ParentID: parent.ID, AuthorEmail: "cy@example.net", NotifyPublished: true})
		spam := th.post(t, s, comment.Comment{Status: comment.Spam, ParentID: parent.ID, AuthorEmail: "spam@example.net"})
		got := claim()
		if _, ok := got[held.ID]; ok {
			t.Error("a pending message was announced")
		}
		if _, ok := got[spam.ID]; ok {
			t.Error("spam was announced")
		}
		p := got[reply.ID].Parent
		if p == nil || p.ID != parent.ID || p.AuthorEmail != "ana@example.net" || p.Language != "fr" || p.ArticleSlug != "debat" || p.ArticleLang != "fr" {
			t.Errorf("reply's parent = %+v", p)
		}
		if got[own.ID].Parent != nil {
			t.Error("an author would be told of their own reply (address in another case)")
		}
		if got[toQuiet.ID].Parent != nil {
			t.Error("a reply is announced to someone who did not ask")
		}

		// Approval announces; approving again does not.
		_, err := s.Moderate(ctx, th.f.site.ID, []int64{held.ID, spam.ID}, comment.Published, false, th.f.author.ID, "")
		must(t, err)
		got = claim()
		if len(got) != 2 || !got[held.ID].NotifyPublished || got[held.ID].Parent == nil || got[spam.ID].Parent == nil {
			t.Fatalf("after approval: %+v", got)
		}
		_, err = s.Moderate(ctx, th.f.site.ID, []int64{held.ID}, comment.Published, false, th.f.author.ID, "")
		must(t, err)
		if got := claim(); len(got) != 0 {
			t.Errorf("a message published twice is announced twice: %+v", got)
		}
		// A message whose parent is withdrawn is still announced to its
		// author, but no longer to the parent's.
		_, err = s.Moderate(ctx, th.f.site.ID, []int64{parent.ID}, comment.Rejected, false, th.f.author.ID, "")
		must(t, err)
		late := th.post(t, s, comment.Comment{Status: comment.Published, ParentID: parent.ID, AuthorEmail: "dee@example.net", NotifyPublished: true})
		if got := claim(); got[late.ID].Parent != nil {
			t.Error("a reply is announced to the author of a withdrawn message")
		}
	})
}

// TestConcurrentClaims has several workers claim at once, as several
// processes do: every message is handed to exactly one of them.
func TestConcurrentClaims(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		th := newNotifyThread(t, s)
		var want []int64
		for i := range 30 {
			st := comment.Pending
			if i%2 == 1 {
				st = comment.Published
			}
			want = append(want, th.post(t, s, comment.Comment{Status: st}).ID)
		}
		var mu sync.Mutex
		seen := map[int64]int{}
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for {
					n1, err := s.ClaimNewPending(ctx, 4, func(items []store.QueueItem) ([]store.Mail, error) {
						mu.Lock()
						defer mu.Unlock()
						for _, it := range items {
							seen[it.ID]++
						}
						return nil, nil
					})
					if err != nil {
						t.Error(err)
						return
					}
					n2, err := s.ClaimPublications(ctx, 4, func(ps []store.Publication) ([]store.Mail, error) {
						mu.Lock()
						defer mu.Unlock()
						for _, p := range ps {
							seen[p.ID]++
						}
						return nil, nil
					})
					if err != nil {
						t.Error(err)
						return
					}
					if n1+n2 == 0 {
						return
					}
				}
			})
		}
		wg.Wait()
		for _, id := range want {
			if seen[id] != 1 {
				t.Errorf("message %d announced %d times", id, seen[id])
			}
		}
		if len(seen) != len(want) {
			t.Errorf("%d messages announced, want %d", len(seen), len(want))
		}
	})
}

func TestUnsubscribeCommenter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		th := newNotifyThread(t, s)
		key, err := s.UnsubscribeKey(ctx)
		must(t, err)
		again, err := s.UnsubscribeKey(ctx)
		must(t, err)
		if len(key) < 32 || string(again) != string(key) {
			t.Fatal("the unsubscribe key is not kept")
		}
		token := store.UnsubscribeToken(key, th.f.site.ID, " Ana@Example.net")
		if email, ok := store.CheckUnsubscribeToken(key, th.f.site.ID, token); !ok || email != "ana@example.net" {
			t.Fatalf("token gives %q, %v", email, ok)
		}
		eve, _, _ := strings.Cut(store.UnsubscribeToken(key, th.f.site.ID, "eve@example.net"), ".")
		_, anaMAC, _ := strings.Cut(token, ".")
		for _, bad := range []string{"", ".", token + "x", token[:len(token)-2], eve + "." + anaMAC, "x" + token, token + ".x"} {
			if _, ok := store.CheckUnsubscribeToken(key, th.f.site.ID, bad); ok {
				t.Errorf("token %q accepted", bad)
			}
		}
		if _, ok := store.CheckUnsubscribeToken(key, th.f.site.ID+1, token); ok {
			t.Error("a token works on another site")
		}
		if _, ok := store.CheckUnsubscribeToken([]byte("another key"), th.f.site.ID, token); ok {
			t.Error("a token works with another key")
		}

		parent := th.post(t, s, comment.Comment{Status: comment.Published, AuthorEmail: "Ana@example.net", NotifyReplies: true})
		held := th.post(t, s, comment.Comment{Status: comment.Pending, AuthorEmail: "ana@example.net", NotifyPublished: true, NotifyReplies: true})
		other := th.post(t, s, comment.Comment{Status: comment.Published, AuthorEmail: "bob@example.net", NotifyReplies: true})
		_, err = s.ClaimPublications(ctx, 100, nil)
		must(t, err)
		n, err := s.UnsubscribeCommenter(ctx, th.f.site.ID, "ana@example.net")
		must(t, err)
		if n != 2 {
			t.Errorf("unsubscribed %d messages, want 2", n)
		}
		if n, _ := s.UnsubscribeCommenter(ctx, th.f.site.ID+1, "bob@example.net"); n != 0 {
			t.Error("an unsubscription reached another site")
		}
		th.post(t, s, comment.Comment{Status: comment.Published, ParentID: parent.ID, AuthorEmail: "cy@example.net"})
		th.post(t, s, comment.Comment{Status: comment.Published, ParentID: other.ID, AuthorEmail: "cy@example.net"})
		_, err = s.Moderate(ctx, th.f.site.ID, []int64{held.ID}, comment.Published, false, 0, "")
		must(t, err)
		_, err = s.ClaimPublications(ctx, 100, func(ps []store.Publication) ([]store.Mail, error) {
			for _, p := range ps {
				switch {
				case p.ID == held.ID && (p.NotifyPublished || p.NotifyReplies):
					t.Error("the unsubscribed author is still to be told of the publication")
				case p.ParentID == parent.ID && p.Parent != nil:
					t.Error("the unsubscribed author is still to be told of replies")
				case p.ParentID == other.ID && p.Parent == nil:
					t.Error("another commenter was unsubscribed too")
				}
			}
			return nil, nil
		})
		must(t, err)
	})
}

func TestPurgeCommenterData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		th := newNotifyThread(t, s)
		cutoff := t0.AddDate(0, 1, 0)
		old := th.post(t, s, comment.Comment{Status: comment.Published, AuthorName: "Ana", AuthorEmail: "ana@example.net", IPHash: "ip-old",
			NetHash: "net-old", CreatedAt: cutoff.Add(-time.Second)})
		recent := th.post(t, s, comment.Comment{Status: comment.Pending, AuthorEmail: "bob@example.net", IPHash: "ip-new", NetHash: "net-new",
			CreatedAt: cutoff})
		// Enough old rows for several batches.
		must(t, s.ExecForTest(ctx, `INSERT INTO comments (site_id, article_id, group_id, language, author_name, author_email, body, status,
			ip_hash, created_at, updated_at)
			WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500)
			SELECT $1, $2, $3, 'fr', 'Bulk', 'bulk@example.net', 'x', 'published', 'h', $4, $4 FROM n`,
			th.f.site.ID, th.art.ID, th.art.GroupID, cutoff.AddDate(0, -1, 0)))
		n, err := s.PurgeCommenterData(ctx, cutoff)
		must(t, err)
		if n != 2501 {
			t.Errorf("purged %d comments, want 2501", n)
		}
		if n, _ := s.PurgeCommenterData(ctx, cutoff); n != 0 {
			t.Errorf("a second purge changed %d comments", n)
		}
		thread, err := s.Thread(ctx, store.ThreadQuery{SiteID: th.f.site.ID, GroupID: th.art.GroupID,
			Statuses: []comment.Status{comment.Published, comment.Pending}})
		must(t, err)
		for _, c := range thread {
			switch c.ID {
			case old.ID:
				if c.AuthorEmail != "" || c.IPHash != "" || c.AuthorName != "Ana" || c.Body != old.Body {
					t.Errorf("old comment after purge: %+v", c)
				}
			case recent.ID:
				if c.AuthorEmail != "bob@example.net" || c.IPHash != "ip-new" {
					t.Errorf("recent comment lost its data: %+v", c)
				}
			}
		}
		for hash, want := range map[string]int{"net-old": 0, "net-new": 1} {
			if n, _ := s.RecentComments(ctx, th.f.site.ID, hash, true, t0.AddDate(-1, 0, 0)); n != want {
				t.Errorf("%d comments with network hash %s, want %d", n, hash, want)
			}
		}
	})
}
