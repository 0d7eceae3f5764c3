package store_test

import (
	"errors"
	"fmt"
	"maps"
	"testing"
	"time"

	"depeche/internal/content"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
)

// newMedia records a library item of a site, created at t0 plus hours.
func newMedia(t *testing.T, s *store.Store, siteID int64, path string, hours int, texts map[string]content.MediaText) *content.Media {
	t.Helper()
	m := &content.Media{SiteID: siteID, Path: path, MimeType: "image/jpeg", Size: 1234, Width: 1600, Height: 900,
		Credit: "AFP", Texts: texts, CreatedAt: t0.Add(time.Duration(hours) * time.Hour)}
	must(t, s.CreateMedia(ctx, m))
	return m
}

// otherSite is a second site of the install, to prove every query is
// scoped to its site.
func otherSite(t *testing.T, s *store.Store) *content.Site {
	t.Helper()
	site := &content.Site{Host: "other.example", BaseURL: "https://other.example", DefaultLanguage: "en", TimeZone: "UTC",
		CommentPolicy: content.ModerateBefore, Languages: []content.Language{{Code: "en", Name: "English", Direction: content.LTR}},
		Texts: map[string]content.SiteText{"en": {Name: "Other"}}}
	must(t, s.CreateSite(ctx, site))
	return site
}

func TestMediaListAndByID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		other := otherSite(t, s)
		var items []*content.Media
		for i := range 5 {
			items = append(items, newMedia(t, s, f.site.ID, fmt.Sprintf("ab/%02d.jpg", i), i, map[string]content.MediaText{
				"fr": {Alt: fmt.Sprintf("Image %d", i), Caption: "Légende"}, "en": {Alt: fmt.Sprintf("Picture %d", i)}}))
		}
		// Same instant as the newest: the higher id comes first.
		items = append(items, newMedia(t, s, f.site.ID, "ab/tie.jpg", 4, nil))
		newMedia(t, s, other.ID, "ab/00.jpg", 9, nil)

		tests := []struct {
			name          string
			limit, offset int
			want          []int // indexes into items, in the expected order
		}{
			{"first page", 2, 0, []int{5, 4}},
			{"second page", 2, 2, []int{3, 2}},
			{"last page", 2, 4, []int{1, 0}},
			{"past the end", 2, 10, nil},
			{"default limit", 0, 0, []int{5, 4, 3, 2, 1, 0}},
			{"negative offset", 3, -4, []int{5, 4, 3}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				list, total, err := s.MediaList(ctx, f.site.ID, tt.limit, tt.offset)
				must(t, err)
				if total != len(items) {
					t.Errorf("total = %d, want %d", total, len(items))
				}
				if len(list) != len(tt.want) {
					t.Fatalf("got %d items, want %d", len(list), len(tt.want))
				}
				for i, w := range tt.want {
					if list[i].ID != items[w].ID {
						t.Errorf("item %d = %s, want %s", i, list[i].Path, items[w].Path)
					}
					want := items[w].Texts
					if want == nil {
						want = map[string]content.MediaText{}
					}
					if list[i].Texts == nil || !maps.Equal(list[i].Texts, want) {
						t.Errorf("item %d texts = %v, want %v", i, list[i].Texts, want)
					}
				}
			})
		}

		got, err := s.MediaByID(ctx, f.site.ID, items[2].ID)
		must(t, err)
		if got.Path != "ab/02.jpg" || got.Width != 1600 || got.Height != 900 || got.MimeType != "image/jpeg" || got.Size != 1234 ||
			got.Credit != "AFP" || !got.CreatedAt.Equal(t0.Add(2*time.Hour)) || got.Texts["fr"].Alt != "Image 2" || got.Texts["en"].Alt != "Picture 2" {
			t.Errorf("MediaByID = %+v", got)
		}
		if _, err := s.MediaByID(ctx, other.ID, items[2].ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another site's item: %v, want ErrNotFound", err)
		}
		if _, err := s.MediaByID(ctx, f.site.ID, 999999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing item: %v, want ErrNotFound", err)
		}
		if list, total, err := s.MediaList(ctx, other.ID, 10, 0); err != nil || total != 1 || len(list) != 1 || list[0].SiteID != other.ID {
			t.Errorf("other site's library: %d items of %d, %v", len(list), total, err)
		}
	})
}

func TestUpdateMediaTexts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		other := otherSite(t, s)
		m := newMedia(t, s, f.site.ID, "cd/photo.jpg", 0, map[string]content.MediaText{
			"fr": {Alt: "Ancien texte", Caption: "Ancienne légende"}, "ar": {Alt: "نص قديم"}})
		tests := []struct {
			name   string
			siteID int64
			credit string
			texts  map[string]content.MediaText
			err    error
			want   map[string]content.MediaText
		}{
			{"replace every language", f.site.ID, "Reuters",
				map[string]content.MediaText{"fr": {Alt: "Une salle de conférence"}, "en": {Alt: "A conference room", Caption: "Geneva"}},
				nil, map[string]content.MediaText{"fr": {Alt: "Une salle de conférence"}, "en": {Alt: "A conference room", Caption: "Geneva"}}},
			{"empty languages get no row", f.site.ID, "",
				map[string]content.MediaText{"fr": {Alt: "Salle"}, "en": {}, "ar": {Caption: "جنيف"}},
				nil, map[string]content.MediaText{"fr": {Alt: "Salle"}, "ar": {Caption: "جنيف"}}},
			{"another site's item", other.ID, "Stolen", map[string]content.MediaText{"en": {Alt: "x"}},
				store.ErrNotFound, map[string]content.MediaText{"fr": {Alt: "Salle"}, "ar": {Caption: "جنيف"}}},
		}
		credit := ""
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := s.UpdateMediaTexts(ctx, tt.siteID, m.ID, tt.credit, tt.texts)
				if !errors.Is(err, tt.err) || (tt.err == nil && err != nil) {
					t.Fatalf("UpdateMediaTexts = %v, want %v", err, tt.err)
				}
				if err == nil {
					credit = tt.credit
				}
				got, err := s.MediaByID(ctx, f.site.ID, m.ID)
				must(t, err)
				if !maps.Equal(got.Texts, tt.want) || got.Credit != credit {
					t.Errorf("after: credit %q texts %v, want %q %v", got.Credit, got.Texts, credit, tt.want)
				}
			})
		}
		if err := s.UpdateMediaTexts(ctx, f.site.ID, 999999, "", nil); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing item: %v", err)
		}
	})
}

func TestDeleteMedia(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		other := otherSite(t, s)
		texts := map[string]content.MediaText{"fr": {Alt: "Texte"}}
		shared := newMedia(t, s, f.site.ID, "ef/shared.jpg", 0, texts)
		sharedOther := newMedia(t, s, other.ID, "ef/shared.jpg", 0, nil)
		alone := newMedia(t, s, f.site.ID, "ef/alone.png", 1, texts)
		tests := []struct {
			name      string
			siteID    int64
			id        int64
			err       error
			path      string
			stillUsed bool
		}{
			{"not this site's", other.ID, alone.ID, store.ErrNotFound, "", false},
			{"another site shares the file", f.site.ID, shared.ID, nil, "ef/shared.jpg", true},
			{"last user of the file", other.ID, sharedOther.ID, nil, "ef/shared.jpg", false},
			{"alone", f.site.ID, alone.ID, nil, "ef/alone.png", false},
			{"already deleted", f.site.ID, alone.ID, store.ErrNotFound, "", false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				path, used, err := s.DeleteMedia(ctx, tt.siteID, tt.id)
				if !errors.Is(err, tt.err) || (tt.err == nil && err != nil) {
					t.Fatalf("DeleteMedia = %v, want %v", err, tt.err)
				}
				if path != tt.path || used != tt.stillUsed {
					t.Errorf("DeleteMedia = %q, still used %v; want %q, %v", path, used, tt.path, tt.stillUsed)
				}
				if tt.err == nil {
					if _, err := s.MediaByID(ctx, tt.siteID, tt.id); !errors.Is(err, store.ErrNotFound) {
						t.Errorf("the row is still there: %v", err)
					}
				}
			})
		}
		// The path is free again: the same file can be added back, texts
		// start empty (the old ones went with the row).
		again := newMedia(t, s, f.site.ID, "ef/alone.png", 2, nil)
		got, err := s.MediaByID(ctx, f.site.ID, again.ID)
		must(t, err)
		if len(got.Texts) != 0 {
			t.Errorf("texts of a deleted row came back: %v", got.Texts)
		}
		if list, total, err := s.MediaList(ctx, f.site.ID, 10, 0); err != nil || total != 1 || len(list) != 1 {
			t.Errorf("library after deletes: %d of %d, %v", len(list), total, err)
		}
	})
}
