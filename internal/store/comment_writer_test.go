package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"depeche/internal/comment"
	"depeche/internal/content"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
)

// siteLimits are the comment form's limits.
var siteLimits = store.SubmitLimits{PerAddress: 3, AddressWindow: time.Minute, PerNetwork: 10, NetworkWindow: 10 * time.Minute,
	DuplicateWindow: 24 * time.Hour}

// reader is a root message on a, from its own address and network.
func reader(siteID, articleID int64, i int) *comment.Comment {
	return &comment.Comment{SiteID: siteID, ArticleID: articleID, Language: "fr", AuthorName: "Lecteur",
		Body: fmt.Sprintf("Message numéro %d.", i), Status: comment.Pending,
		IPHash: fmt.Sprintf("ip-%d", i), NetHash: fmt.Sprintf("net-%d", i)}
}

// submitAll submits every comment at once, each from its own goroutine.
func submitAll(s *store.Store, cs []*comment.Comment, lim store.SubmitLimits) []error {
	errs := make([]error, len(cs))
	var wg sync.WaitGroup
	for i, c := range cs {
		wg.Go(func() { errs[i] = s.SubmitComment(ctx, c, lim) })
	}
	wg.Wait()
	return errs
}

// stored returns the thread's comments of every status.
func stored(t *testing.T, s *store.Store, siteID, groupID int64) []*comment.Comment {
	t.Helper()
	all, err := s.Thread(ctx, store.ThreadQuery{SiteID: siteID, GroupID: groupID,
		Statuses: []comment.Status{comment.Pending, comment.Published, comment.Rejected, comment.Spam}})
	must(t, err)
	return all
}

func TestSubmitCommentConcurrent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		a := f.article(t, s, 0, "fr", "affluence", content.Published, t0)
		cs := make([]*comment.Comment, 300)
		for i := range cs {
			cs[i] = reader(f.site.ID, a.ID, i)
		}
		ids := map[int64]bool{}
		for i, err := range submitAll(s, cs, siteLimits) {
			if err != nil {
				t.Fatalf("comment %d: %v", i, err)
			}
			c := cs[i]
			if c.ID == 0 || ids[c.ID] || c.RootID != c.ID || c.GroupID != a.GroupID {
				t.Fatalf("comment %d came back as id %d root %d group %d", i, c.ID, c.RootID, c.GroupID)
			}
			ids[c.ID] = true
		}
		got := stored(t, s, f.site.ID, a.GroupID)
		if len(got) != len(cs) {
			t.Fatalf("%d comments stored, want %d", len(got), len(cs))
		}
		byID := map[int64]*comment.Comment{}
		for _, c := range cs {
			byID[c.ID] = c
		}
		for _, c := range got {
			if sent := byID[c.ID]; sent == nil || sent.Body != c.Body || sent.IPHash != c.IPHash {
				t.Errorf("stored comment %d (%q) was acknowledged as %+v", c.ID, c.Body, sent)
			}
		}
	})
}

// TestCreateCommentAlikeInOneBatch stores one batch larger than an insert
// statement's chunk, in which some messages agree in everything a
// statement's result can tell rows apart by: each message must still get the
// id of its own row.
func TestCreateCommentAlikeInOneBatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		a := f.article(t, s, 0, "fr", "jumeaux", content.Published, t0)
		var cs []*comment.Comment
		for i := range 37 {
			c := reader(f.site.ID, a.ID, i)
			if i < 5 {
				c = reader(f.site.ID, a.ID, 0)
			}
			c.Body, c.CreatedAt = fmt.Sprintf("Jumeau %d.", i), t0
			cs = append(cs, c)
		}
		for i, err := range s.SubmitBatchForTest(ctx, nil, cs, nil) {
			if err != nil {
				t.Fatalf("message %d: %v", i, err)
			}
		}
		got := stored(t, s, f.site.ID, a.GroupID)
		if len(got) != len(cs) {
			t.Fatalf("%d stored, want %d", len(got), len(cs))
		}
		bodies := map[int64]string{}
		for _, g := range got {
			bodies[g.ID] = g.Body
		}
		for _, c := range cs {
			if bodies[c.ID] != c.Body {
				t.Errorf("%q was acknowledged as comment %d, which holds %q", c.Body, c.ID, bodies[c.ID])
			}
		}
	})
}

func TestSubmitCommentLimitsAreExactUnderConcurrency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		count := func(errs []error) (ok, limited, dup int) {
			t.Helper()
			for _, err := range errs {
				switch {
				case err == nil:
					ok++
				case errors.Is(err, store.ErrRateLimited):
					limited++
				case errors.Is(err, store.ErrDuplicate):
					dup++
				default:
					t.Fatalf("unexpected error: %v", err)
				}
			}
			return
		}

		oneAddress := f.article(t, s, 0, "fr", "une-adresse", content.Published, t0)
		cs := make([]*comment.Comment, 20)
		for i := range cs {
			cs[i] = reader(f.site.ID, oneAddress.ID, i)
			cs[i].IPHash = "ip-flood"
		}
		if ok, limited, _ := count(submitAll(s, cs, siteLimits)); ok != 3 || limited != 17 {
			t.Errorf("one address, limit 3: %d accepted, %d limited", ok, limited)
		}
		if n := len(stored(t, s, f.site.ID, oneAddress.GroupID)); n != 3 {
			t.Errorf("one address: %d stored, want 3", n)
		}

		oneNetwork := f.article(t, s, 0, "fr", "un-reseau", content.Published, t0)
		for i := range cs {
			cs[i] = reader(f.site.ID, oneNetwork.ID, 100+i)
			cs[i].NetHash = "net-flood"
		}
		lim := siteLimits
		lim.PerNetwork = 5
		if ok, limited, _ := count(submitAll(s, cs, lim)); ok != 5 || limited != 15 {
			t.Errorf("one network, limit 5: %d accepted, %d limited", ok, limited)
		}

		oneText := f.article(t, s, 0, "fr", "un-texte", content.Published, t0)
		for i := range cs {
			cs[i] = reader(f.site.ID, oneText.ID, 200+i)
			cs[i].Body = "Le même texte, envoyé par tout le monde."
		}
		if ok, _, dup := count(submitAll(s, cs, siteLimits)); ok != 1 || dup != 19 {
			t.Errorf("one text: %d accepted, %d duplicates", ok, dup)
		}
		if n := len(stored(t, s, f.site.ID, oneText.GroupID)); n != 1 {
			t.Errorf("one text: %d stored, want 1", n)
		}
	})
}

func TestSubmitCommentWindows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		a := f.article(t, s, 0, "fr", "fenetres", content.Published, t0)
		other := f.article(t, s, 0, "fr", "autre-fil", content.Published, t0)
		at := func(articleID int64, i int, offset time.Duration) *comment.Comment {
			c := reader(f.site.ID, articleID, i)
			c.IPHash, c.CreatedAt = "ip-patient", t0.Add(offset)
			return c
		}
		for i := range 3 {
			must(t, s.SubmitComment(ctx, at(a.ID, i, time.Duration(i)*time.Second), siteLimits))
		}
		if err := s.SubmitComment(ctx, at(a.ID, 3, 30*time.Second), siteLimits); !errors.Is(err, store.ErrRateLimited) {
			t.Errorf("fourth message within the minute: %v", err)
		}
		// The window ends at the message's own time: a minute after the
		// first message, that one no longer counts.
		must(t, s.SubmitComment(ctx, at(a.ID, 4, time.Minute+time.Second/2), siteLimits))

		text := func(body string, offset time.Duration, articleID int64) error {
			c := reader(f.site.ID, articleID, 0)
			c.IPHash, c.NetHash = body+offset.String(), body+offset.String()
			c.Body, c.CreatedAt = body, t0.Add(offset)
			return s.SubmitComment(ctx, c, siteLimits)
		}
		must(t, text("Bis repetita.", 0, a.ID))
		if err := text("Bis repetita.", time.Hour, a.ID); !errors.Is(err, store.ErrDuplicate) {
			t.Errorf("same text an hour later: %v", err)
		}
		must(t, text("Bis repetita.", time.Hour, other.ID))   // another thread
		must(t, text("Bis repetita.", 25*time.Hour, a.ID))    // a day later
		must(t, text("Bis repetita !", 25*time.Hour+1, a.ID)) // another text

		// A zero limit checks nothing.
		for i := range 5 {
			c := at(a.ID, 10, 2*time.Minute)
			c.Body = fmt.Sprintf("Sans limites %d.", i%2)
			must(t, s.SubmitComment(ctx, c, store.SubmitLimits{}))
		}
	})
}

func TestSubmitCommentBatchConfinesFailures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		a := f.article(t, s, 0, "fr", "lot", content.Published, t0)
		elsewhere := f.article(t, s, 0, "fr", "lot-ailleurs", content.Published, t0)
		foreign := reader(f.site.ID, elsewhere.ID, 99)
		must(t, s.CreateComment(ctx, foreign))

		gaveUp, cancel := context.WithCancel(ctx)
		cancel()
		good := reader(f.site.ID, a.ID, 1)
		again := reader(f.site.ID, a.ID, 2)
		again.Body = good.Body
		grafted := reader(f.site.ID, a.ID, 3)
		grafted.ParentID = foreign.ID
		orphan := reader(f.site.ID, a.ID, 4)
		orphan.ParentID = foreign.ID + 1000
		lost := reader(f.site.ID, a.ID+1000, 5)
		abandoned := reader(f.site.ID, a.ID, 6)
		flood := reader(f.site.ID, a.ID, 7)
		flood.IPHash = good.IPHash
		lim := siteLimits
		lim.PerAddress = 1
		last := reader(f.site.ID, a.ID, 8)

		errs := s.SubmitBatchForTest(ctx, []context.Context{5: gaveUp},
			[]*comment.Comment{good, again, grafted, orphan, lost, abandoned, flood, last}, &lim)
		want := []error{nil, store.ErrDuplicate, store.ErrParentMismatch, store.ErrParentMismatch, store.ErrNotFound,
			context.Canceled, store.ErrRateLimited, nil}
		for i := range want {
			if (want[i] == nil) != (errs[i] == nil) || !errors.Is(errs[i], want[i]) {
				t.Errorf("message %d: %v, want %v", i, errs[i], want[i])
			}
		}
		got := stored(t, s, f.site.ID, a.GroupID)
		if len(got) != 2 || got[0].ID != good.ID || got[1].ID != last.ID {
			t.Fatalf("stored %+v, want messages %d and %d", got, good.ID, last.ID)
		}

		// An insert the checks do not foresee (here an account that does
		// not exist) rolls the batch back; the others are then stored one
		// by one, and only the faulty message fails.
		before, broken, after := reader(f.site.ID, a.ID, 10), reader(f.site.ID, a.ID, 11), reader(f.site.ID, a.ID, 12)
		broken.UserID = 1 << 40
		errs = s.SubmitBatchForTest(ctx, nil, []*comment.Comment{before, broken, after}, &siteLimits)
		if errs[0] != nil || errs[1] == nil || errs[2] != nil {
			t.Fatalf("batch with a failing insert: %v", errs)
		}
		got = stored(t, s, f.site.ID, a.GroupID)
		if len(got) != 4 || got[2].ID != before.ID || got[3].ID != after.ID || broken.ID != 0 {
			t.Errorf("after the failing insert: %d stored; ids %d %d, failed one %d", len(got), before.ID, after.ID, broken.ID)
		}
	})
}

func TestCommentRootsAndReplies(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		a := f.article(t, s, 0, "fr", "racines", content.Published, t0)
		root := reader(f.site.ID, a.ID, 1)
		must(t, s.SubmitComment(ctx, root, siteLimits))
		reply, deep := reader(f.site.ID, a.ID, 2), reader(f.site.ID, a.ID, 3)
		reply.ParentID = root.ID
		must(t, s.SubmitComment(ctx, reply, siteLimits))
		deep.ParentID = reply.ID
		other := reader(f.site.ID, a.ID, 4)
		for _, err := range s.SubmitBatchForTest(ctx, nil, []*comment.Comment{deep, other}, &siteLimits) {
			must(t, err)
		}
		byID := map[int64]*comment.Comment{}
		for _, c := range stored(t, s, f.site.ID, a.GroupID) {
			byID[c.ID] = c
		}
		for _, c := range []*comment.Comment{root, reply, deep, other} {
			wantRoot := root.ID
			if c == other {
				wantRoot = other.ID
			}
			if c.RootID != wantRoot || byID[c.ID] == nil || byID[c.ID].RootID != wantRoot {
				t.Errorf("comment %d: root %d, read back %+v, want root %d", c.ID, c.RootID, byID[c.ID], wantRoot)
			}
		}
	})
}

// reopenable opens a store of one kind that a test can close and open again.
func reopenable(t *testing.T, kind string) store.Config {
	t.Helper()
	if kind == "sqlite" {
		return store.Config{DataDir: t.TempDir()}
	}
	return store.Config{DatabaseURL: storetest.PostgresSchema(t)}
}

func TestCloseDrainsComments(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			cfg := reopenable(t, kind)
			s, err := store.Open(ctx, cfg)
			must(t, err)
			_, err = s.Migrate(ctx)
			must(t, err)
			f := newFixture(t, s)
			a := f.article(t, s, 0, "fr", "fermeture", content.Published, t0)

			const n = 200
			errs := make([]error, n)
			first := make(chan struct{})
			var once sync.Once
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					errs[i] = s.SubmitComment(ctx, reader(f.site.ID, a.ID, i), siteLimits)
					if errs[i] == nil {
						once.Do(func() { close(first) })
					}
				})
			}
			// Close while messages are still arriving and queued.
			<-first
			must(t, s.Close())
			wg.Wait()
			if err := s.CreateComment(ctx, reader(f.site.ID, a.ID, n)); !errors.Is(err, store.ErrClosed) {
				t.Errorf("a comment after Close: %v", err)
			}
			acknowledged := 0
			for i, err := range errs {
				switch {
				case err == nil:
					acknowledged++
				case !errors.Is(err, store.ErrClosed):
					t.Errorf("comment %d failed with %v: Close must drain the queue first", i, err)
				}
			}

			s, err = store.Open(ctx, cfg)
			must(t, err)
			defer s.Close()
			if got := len(stored(t, s, f.site.ID, a.GroupID)); got != acknowledged {
				t.Errorf("%d comments stored, %d acknowledged", got, acknowledged)
			}
		})
	}
}

// TestSubmitCommentCallerGivesUp stalls the writer behind another process's
// write lock: a caller whose context ends is answered at once, and the
// writer carries on afterwards.
func TestSubmitCommentCallerGivesUp(t *testing.T) {
	s := storetest.Open(t, "sqlite", nil)
	f := newFixture(t, s)
	a := f.article(t, s, 0, "fr", "patience", content.Published, t0)

	other, err := sql.Open("sqlite", "file:"+s.Where())
	must(t, err)
	defer other.Close()
	conn, err := other.Conn(ctx)
	must(t, err)
	defer conn.Close()
	_, err = conn.ExecContext(ctx, "BEGIN IMMEDIATE")
	must(t, err)

	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = s.SubmitComment(short, reader(f.site.ID, a.ID, 1), siteLimits)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
		t.Errorf("caller gave up after %v with %v", time.Since(start), err)
	}
	_, err = conn.ExecContext(ctx, "ROLLBACK")
	must(t, err)

	// The message given up on may be stored or not; the next one is.
	must(t, s.SubmitComment(ctx, reader(f.site.ID, a.ID, 2), siteLimits))
	if n := len(stored(t, s, f.site.ID, a.GroupID)); n < 1 || n > 2 {
		t.Errorf("%d comments stored", n)
	}
	if err := s.SubmitComment(short, reader(f.site.ID, a.ID, 3), siteLimits); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("an expired context: %v", err)
	}
}
