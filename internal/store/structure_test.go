package store_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"depeche/internal/content"
	"depeche/internal/search"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
)

func TestSectionMovesAndDeletes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		child := &content.Section{SiteID: f.site.ID, ParentID: f.section.ID, Texts: map[string]content.SectionText{"fr": {Slug: "enfant", Title: "Enfant"}}}
		must(t, s.CreateSection(ctx, child))
		// The parent cannot move under its own child.
		f.section.ParentID = child.ID
		if err := s.UpdateSection(ctx, f.section); !errors.Is(err, store.ErrCycle) {
			t.Fatalf("moving a section under its child: %v", err)
		}
		f.section.ParentID = 0
		f.section.Texts["fr"] = content.SectionText{Slug: "pole-numerique", Title: "Le pôle numérique"}
		must(t, s.UpdateSection(ctx, f.section))
		got, err := s.SectionBySlug(ctx, f.site.ID, "fr", "pole-numerique")
		if err != nil || got.ID != f.section.ID {
			t.Fatalf("renamed section: %v", err)
		}
		if err := s.DeleteSection(ctx, f.site.ID, f.section.ID); !errors.Is(err, store.ErrInUse) {
			t.Errorf("deleting a section with a child: %v", err)
		}
		f.article(t, s, 0, "fr", "dans-enfant", content.Draft, time.Time{})
		must(t, s.DeleteSection(ctx, f.site.ID, child.ID)) // the article is in the parent
		if err := s.DeleteSection(ctx, f.site.ID, child.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleting twice: %v", err)
		}
		if err := s.DeleteSection(ctx, f.site.ID, f.section.ID); !errors.Is(err, store.ErrInUse) {
			t.Errorf("deleting a section with articles: %v", err)
		}
	})
}

func TestKeywordRenameFollowsIntoSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		f.article(t, s, 0, "fr", "avec-mot", content.Published, t0)
		find := func(q string) string {
			list, _, err := s.Search(ctx, store.SearchQuery{SiteID: f.site.ID, Language: "fr", Query: search.ParseQuery("fr", q), Now: t0.Add(time.Hour)})
			must(t, err)
			return fmt.Sprint(slugs(list))
		}
		if got := find("ouvertes"); got != "[avec-mot]" {
			t.Fatalf("before: %s", got)
		}
		f.keyword.Texts["fr"] = content.KeywordText{Slug: "transparence", Title: "Transparence"}
		must(t, s.UpdateKeyword(ctx, f.keyword))
		if got := find("transparence"); got != "[avec-mot]" {
			t.Errorf("after renaming the keyword: %s", got)
		}
		if got := find("ouvertes"); got != "[]" {
			t.Errorf("the old keyword title still matches: %s", got)
		}
		must(t, s.DeleteKeyword(ctx, f.site.ID, f.keyword.ID))
		if got := find("transparence"); got != "[]" {
			t.Errorf("a deleted keyword still matches: %s", got)
		}
		a, err := s.ArticleBySlug(ctx, f.site.ID, "fr", "avec-mot")
		must(t, err)
		if len(a.KeywordIDs) != 0 {
			t.Errorf("keywords left on the article: %v", a.KeywordIDs)
		}
	})
}
