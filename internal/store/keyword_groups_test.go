package store_test

import (
	"errors"
	"fmt"
	"testing"

	"depeche/internal/content"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
)

func TestKeywordGroupsListUpdateDelete(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		countries := &content.KeywordGroup{SiteID: f.site.ID, Position: 2, Titles: map[string]string{"fr": "Pays", "en": "Countries"}}
		themes := &content.KeywordGroup{SiteID: f.site.ID, Position: 1, Titles: map[string]string{"fr": "Thèmes", "ar": "مواضيع"}}
		untitled := &content.KeywordGroup{SiteID: f.site.ID, Position: 3}
		for _, g := range []*content.KeywordGroup{countries, themes, untitled} {
			must(t, s.CreateKeywordGroup(ctx, g))
		}
		// Another site's group never shows.
		other := &content.Site{BaseURL: "https://autre.example", Host: "autre.example", DefaultLanguage: "fr", TimeZone: "UTC",
			CommentPolicy: content.ModerateBefore, Languages: []content.Language{{Code: "fr", Name: "Français", Direction: content.LTR}},
			Texts: map[string]content.SiteText{"fr": {Name: "Autre"}}}
		must(t, s.CreateSite(ctx, other))
		foreign := &content.KeywordGroup{SiteID: other.ID, Titles: map[string]string{"fr": "Ailleurs"}}
		must(t, s.CreateKeywordGroup(ctx, foreign))

		list, err := s.KeywordGroups(ctx, f.site.ID)
		must(t, err)
		if got := groupSummary(list); got != "[1:fr=Thèmes,ar=مواضيع 2:fr=Pays,en=Countries 3:]" {
			t.Fatalf("KeywordGroups = %s", got)
		}
		if list[2].ID != untitled.ID || list[2].Titles == nil {
			t.Errorf("a group without titles: %+v", list[2])
		}

		// Rename and move: titles are replaced, not merged.
		countries.Position = 0
		countries.Titles = map[string]string{"fr": "Pays et régions", "es": "Países"}
		must(t, s.UpdateKeywordGroup(ctx, countries))
		got, err := s.KeywordGroupByID(ctx, f.site.ID, countries.ID)
		must(t, err)
		if got.Position != 0 || len(got.Titles) != 2 || got.Titles["fr"] != "Pays et régions" || got.Titles["es"] != "Países" {
			t.Errorf("after the update: %+v", got)
		}
		list, err = s.KeywordGroups(ctx, f.site.ID)
		must(t, err)
		if list[0].ID != countries.ID {
			t.Errorf("groups are not ordered by position: %s", groupSummary(list))
		}
		if err := s.UpdateKeywordGroup(ctx, &content.KeywordGroup{SiteID: f.site.ID, ID: countries.ID}); err == nil {
			t.Error("a group was saved without any title")
		}
		if err := s.UpdateKeywordGroup(ctx, &content.KeywordGroup{SiteID: f.site.ID, ID: countries.ID, Titles: map[string]string{"fr": "Pays", "en": ""}}); err == nil {
			t.Error("a group was saved with an empty title")
		}
		if got, _ := s.KeywordGroupByID(ctx, f.site.ID, countries.ID); got.Titles["fr"] != "Pays et régions" {
			t.Errorf("a refused update changed the group: %+v", got)
		}
		// Ids of another site are not found, whatever the call.
		foreign.SiteID = f.site.ID
		if err := s.UpdateKeywordGroup(ctx, foreign); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("updating another site's group: %v", err)
		}
		if _, err := s.KeywordGroupByID(ctx, f.site.ID, foreign.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("reading another site's group: %v", err)
		}
		if err := s.DeleteKeywordGroup(ctx, f.site.ID, foreign.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleting another site's group: %v", err)
		}

		// A group with keywords stays; an empty one goes.
		f.keyword.GroupID = themes.ID
		must(t, s.UpdateKeyword(ctx, f.keyword))
		if err := s.DeleteKeywordGroup(ctx, f.site.ID, themes.ID); !errors.Is(err, store.ErrInUse) {
			t.Errorf("deleting a group with a keyword: %v", err)
		}
		must(t, s.DeleteKeywordGroup(ctx, f.site.ID, untitled.ID))
		if err := s.DeleteKeywordGroup(ctx, f.site.ID, untitled.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleting twice: %v", err)
		}
		f.keyword.GroupID = 0
		must(t, s.UpdateKeyword(ctx, f.keyword))
		must(t, s.DeleteKeywordGroup(ctx, f.site.ID, themes.ID))
		list, err = s.KeywordGroups(ctx, f.site.ID)
		must(t, err)
		if got := groupSummary(list); got != "[0:fr=Pays et régions,es=Países]" {
			t.Errorf("after deletions: %s", got)
		}
	})
}

// groupSummary writes groups as position:lang=title,… in a stable order.
func groupSummary(list []*content.KeywordGroup) string {
	var out []string
	for _, g := range list {
		s := fmt.Sprintf("%d:", g.Position)
		first := true
		for _, lang := range []string{"fr", "en", "es", "ar"} {
			if title, ok := g.Titles[lang]; ok {
				if !first {
					s += ","
				}
				s += lang + "=" + title
				first = false
			}
		}
		out = append(out, s)
	}
	return fmt.Sprint(out)
}
