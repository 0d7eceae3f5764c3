package store_test

import (
	"fmt"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"depeche/internal/comment"
	"depeche/internal/content"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
)

// benchPosters is how many readers post at once, whatever the number of
// cores: a comment form's load is many waiting requests, not busy CPUs.
const benchPosters = 64

// BenchmarkSubmitComment stores comments from many readers at once, with the
// comment form's checks, on each database, the way the form did before
// group commit (three reads, then one transaction per message) and through
// SubmitComment, side by side:
//
//	go test ./internal/store -run NONE -bench SubmitComment -benchtime 2000x -count 3
func BenchmarkSubmitComment(b *testing.B) {
	for _, kind := range storetest.Kinds {
		for _, path := range []string{"one-tx-each", "group-commit"} {
			b.Run(kind+"/"+path, func(b *testing.B) {
				s := storetest.Open(b, kind, nil)
				siteID, articleID, groupID := benchArticle(b, s)
				post := func(c *comment.Comment) error { return s.SubmitComment(ctx, c, siteLimits) }
				if path == "one-tx-each" {
					post = func(c *comment.Comment) error { return legacyPost(s, groupID, c, siteLimits) }
				}
				postConcurrently(b, func(i int) error { return post(reader(siteID, articleID, i)) })
			})
		}
	}
}

// BenchmarkCommentsOnBusyThread posts, as BenchmarkSubmitComment does
// through SubmitComment, on a thread that already holds busyThread messages
// of the last day — all of them within the duplicate window — on databases
// whose planner statistics are gathered, as a running site's are:
//
//	go test ./internal/store -run NONE -bench CommentsOnBusyThread -benchtime 2000x -count 3
func BenchmarkCommentsOnBusyThread(b *testing.B) {
	const busyThread = 20000
	for _, kind := range storetest.Kinds {
		b.Run(kind, func(b *testing.B) {
			s := storetest.Open(b, kind, nil)
			siteID, articleID, _ := benchArticle(b, s)
			earlier := make([]store.ImportedComment, busyThread)
			now := time.Now()
			for i := range earlier {
				c := reader(siteID, articleID, -1-i)
				c.CreatedAt = now.Add(-time.Duration(i+1) * 4 * time.Second)
				earlier[i] = store.ImportedComment{Comment: c}
			}
			if err := s.ImportComments(ctx, earlier); err != nil {
				b.Fatal(err)
			}
			analyze := "ANALYZE"
			if kind == "postgres" {
				analyze = "ANALYZE comments"
			}
			if err := s.ExecForTest(ctx, analyze); err != nil {
				b.Fatal(err)
			}
			postConcurrently(b, func(i int) error { return s.SubmitComment(ctx, reader(siteID, articleID, i), siteLimits) })
		})
	}
}

// postConcurrently runs post(0) … post(b.N-1) from benchPosters posters
// at once and reports the comments accepted per second and the p99 of one
// post's latency.
func postConcurrently(b *testing.B, post func(i int) error) {
	var n atomic.Int64
	lat := make([]time.Duration, b.N)
	b.SetParallelism((benchPosters + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := int(n.Add(1)) - 1
			t0 := time.Now()
			if err := post(i); err != nil {
				b.Error(err)
				return
			}
			lat[i] = time.Since(t0)
		}
	})
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "comments/s")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// legacyPost is the comment form's path before group commit: the limits
// and the duplicate check read apart, then the message's own transaction.
func legacyPost(s *store.Store, groupID int64, c *comment.Comment, lim store.SubmitLimits) error {
	now := time.Now()
	if n, err := s.RecentComments(ctx, c.SiteID, c.IPHash, false, now.Add(-lim.AddressWindow)); err != nil || n >= lim.PerAddress {
		return fmt.Errorf("address limit: %d, %v", n, err)
	}
	if n, err := s.RecentComments(ctx, c.SiteID, c.NetHash, true, now.Add(-lim.NetworkWindow)); err != nil || n >= lim.PerNetwork {
		return fmt.Errorf("network limit: %d, %v", n, err)
	}
	if dup, err := s.DuplicateComment(ctx, groupID, c.Body, now.Add(-lim.DuplicateWindow)); err != nil || dup {
		return fmt.Errorf("duplicate: %v, %v", dup, err)
	}
	return s.LegacyCreateCommentForTest(ctx, c)
}

// benchArticle makes a site with one published article and returns the ids
// of the site, the article and its translation group.
func benchArticle(b *testing.B, s *store.Store) (siteID, articleID, groupID int64) {
	b.Helper()
	site := &content.Site{BaseURL: "https://bench.example", DefaultLanguage: "fr", TimeZone: "Europe/Paris",
		CommentPolicy: content.ModerateBefore, Languages: []content.Language{{Code: "fr", Name: "Français", Direction: content.LTR}},
		Texts: map[string]content.SiteText{"fr": {Name: "Banc d'essai"}}}
	if err := s.CreateSite(ctx, site); err != nil {
		b.Fatal(err)
	}
	sec := &content.Section{SiteID: site.ID, Texts: map[string]content.SectionText{"fr": {Slug: "essais", Title: "Essais"}}}
	if err := s.CreateSection(ctx, sec); err != nil {
		b.Fatal(err)
	}
	g := &content.TranslationGroup{SiteID: site.ID, SourceLanguage: "fr"}
	if err := s.CreateGroup(ctx, g); err != nil {
		b.Fatal(err)
	}
	a := &content.Article{SiteID: site.ID, GroupID: g.ID, SectionID: sec.ID, Language: "fr", Slug: "debit", Title: "Débit",
		Body: "Un article très commenté.", Status: content.Published, PublishedAt: time.Now().Add(-time.Hour)}
	if err := s.CreateArticle(ctx, a, 0); err != nil {
		b.Fatal(err)
	}
	return site.ID, a.ID, g.ID
}
