package store_test

import (
	"fmt"
	"testing"
	"time"

	"depeche/internal/content"
	"depeche/internal/search"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
)

func TestSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		now := t0.Add(24 * time.Hour)
		put := func(lang, slug, title, body string, st content.Status, at time.Time) *content.Article {
			g := &content.TranslationGroup{SiteID: f.site.ID, SourceLanguage: lang}
			must(t, s.CreateGroup(ctx, g))
			a := &content.Article{SiteID: f.site.ID, GroupID: g.ID, SectionID: f.section.ID, Language: lang, Slug: slug, Title: title,
				Body: body, Status: st, PublishedAt: at, KeywordIDs: []int64{f.keyword.ID}}
			must(t, s.CreateArticle(ctx, a, 0))
			return a
		}
		put("fr", "ete", "Un été studieux", "Les **données** publiques du ministère.", content.Published, t0)
		put("fr", "corps", "Autre sujet", "Nous avons publié des donnée ouverte cet été.", content.Published, t0.Add(time.Hour))
		put("fr", "brouillon", "Été caché", "Pas encore publié.", content.Draft, time.Time{})
		put("fr", "futur", "Été futur", "Programmé.", content.Published, now.Add(time.Hour))
		put("en", "translations", "Managing translations", "We translated the publications.", content.Published, t0)
		put("es", "publicaciones", "Las publicaciones", "Una publicación sobre accesibilidad.", content.Published, t0)
		put("ar", "arabic", "الدبلوماسية الرقمية", "نشر البيانات المفتوحة", content.Published, t0)

		find := func(lang, q string) string {
			list, total, err := s.Search(ctx, store.SearchQuery{SiteID: f.site.ID, Language: lang, Query: search.ParseQuery(lang, q), Now: now, Limit: 10})
			if err != nil {
				t.Fatalf("%s %q: %v", lang, q, err)
			}
			if total != len(list) {
				t.Errorf("%s %q: total %d, listed %d", lang, q, total, len(list))
			}
			return fmt.Sprint(slugs(list))
		}
		tests := []struct{ lang, q, want string }{
			{"fr", "ete", "[ete corps]"},              // accents ignored; title match first
			{"fr", "ÉTÉ", "[ete corps]"},              // case too
			{"fr", "données", "[corps ete]"},          // singular/plural, body only: newest first
			{"fr", "donnee ouvertes", "[corps ete]"},  // the keyword "Données ouvertes" counts for "ete"
			{"fr", "donnee studieux", "[ete]"},        // every word must match
			{"fr", `"donnee ouverte"`, "[corps ete]"}, // a phrase
			{"fr", `"ouverte donnee"`, "[]"},          // word order matters in a phrase
			{"fr", "open data", "[]"},                 // keyword titles are indexed in the article's language only
			{"fr", "ouvertes", "[corps ete]"},         // the keyword "Données ouvertes" is indexed: both match
			{"fr", "caché", "[]"},                     // drafts never appear
			{"fr", "futur", "[]"},                     // nor scheduled articles
			{"en", "translation", "[translations]"},   // plural in the title
			{"en", "publication", "[translations]"},   // plural in the body
			{"es", "publicacion", "[publicaciones]"},
			{"es", "accesibilidád", "[publicaciones]"},
			{"ar", "دبلوماسية", "[arabic]"}, // without the article
			{"ar", "البيانات", "[arabic]"},
			{"fr", `AND OR NOT "`, "[]"}, // operators are words, never syntax errors
			{"fr", "*) (( col:val ^x -y", "[]"},
			{"fr", "", "[]"},
		}
		for _, tt := range tests {
			if got := find(tt.lang, tt.q); got != tt.want {
				t.Errorf("search %s %q = %s, want %s", tt.lang, tt.q, got, tt.want)
			}
		}
		// Pages cut across the title phase and the rest.
		for offset, want := range map[int]string{0: "[ete]", 1: "[corps]", 2: "[]"} {
			list, total, err := s.Search(ctx, store.SearchQuery{SiteID: f.site.ID, Language: "fr", Query: search.ParseQuery("fr", "ete"), Now: now, Limit: 1, Offset: offset})
			must(t, err)
			if got := fmt.Sprint(slugs(list)); got != want || total != 2 {
				t.Errorf("offset %d: %s (total %d), want %s", offset, got, total, want)
			}
		}
		// The index follows changes.
		a, err := s.ArticleBySlug(ctx, f.site.ID, "fr", "ete")
		must(t, err)
		a.Title = "Un hiver studieux"
		must(t, s.UpdateArticle(ctx, a, 0))
		if got := find("fr", "hiver"); got != "[ete]" {
			t.Errorf("after an edit: %s", got)
		}
		if got := find("fr", "ete"); got != "[corps]" {
			t.Errorf("the old title still matches: %s", got)
		}
		must(t, s.SetStatus(ctx, f.site.ID, a.ID, content.Trashed))
		if got := find("fr", "hiver"); got != "[]" {
			t.Errorf("a trashed article is found: %s", got)
		}
	})
}
