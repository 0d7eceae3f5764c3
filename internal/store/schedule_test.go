package store_test

import (
	"testing"
	"time"

	"depeche/internal/content"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
)

// TestSaveAfterClaimDoesNotRescheduleIt: an editor's copy read before the
// scheduler claimed the publication and saved after must not bring the
// schedule back, or the publication would be handled twice (announced,
// logged) by the next scheduler tick, on any node.
func TestSaveAfterClaimDoesNotRescheduleIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		a := f.article(t, s, 0, "fr", "annonce-programmee", content.Draft, time.Time{})
		at := time.Now().Add(time.Hour).Truncate(time.Second)
		must(t, s.Publish(ctx, f.site.ID, a.ID, at))
		copyBefore, err := s.ArticleByID(ctx, f.site.ID, a.ID)
		must(t, err)
		if copyBefore.ScheduledAt.IsZero() {
			t.Fatal("Publish in the future did not schedule the article")
		}
		later := at.Add(time.Minute)
		if ok, err := s.ClaimScheduled(ctx, a.ID, later); err != nil || !ok {
			t.Fatalf("first claim = %v, %v", ok, err)
		}
		copyBefore.Title = "Titre corrigé après la mise en ligne"
		must(t, s.UpdateArticle(ctx, copyBefore, f.author.ID))
		due, err := s.DueScheduled(ctx, later)
		must(t, err)
		for _, d := range due {
			if d.ID == a.ID {
				t.Error("the save brought the claimed schedule back: due again")
			}
		}
		if ok, err := s.ClaimScheduled(ctx, a.ID, later); err != nil || ok {
			t.Errorf("second claim = %v, %v; want false", ok, err)
		}
		saved, err := s.ArticleByID(ctx, f.site.ID, a.ID)
		must(t, err)
		if saved.Title != copyBefore.Title || !saved.PublishedAt.Equal(at) {
			t.Errorf("after the save: title %q, published %v; want the new title, published at %v", saved.Title, saved.PublishedAt, at)
		}
	})
}
