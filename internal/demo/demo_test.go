package demo_test

import (
	"bytes"
	"context"
	"image/jpeg"
	"testing"
	"time"

	"depeche/internal/comment"
	"depeche/internal/content"
	"depeche/internal/demo"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
)

func TestLoad(t *testing.T) {
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		written := map[string][]byte{}
		site, err := demo.Load(ctx, s, demo.Options{BaseURL: "http://127.0.0.1:8080", AdminEmail: "admin@example.org", AdminPasswordHash: "x",
			MediaWriter: func(p string, data []byte) error { written[p] = data; return nil }})
		if err != nil {
			t.Fatal(err)
		}
		if len(site.Languages) != 4 || site.Languages[3].Direction != content.RTL {
			t.Fatalf("languages = %+v", site.Languages)
		}
		now := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
		want := map[string]int{"fr": 10, "en": 10, "es": 8, "ar": 2}
		for lang, n := range want {
			_, total, err := s.PublicArticles(ctx, store.ArticleQuery{SiteID: site.ID, Language: lang, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			if total != n {
				t.Errorf("%s: %d public articles, want %d", lang, total, n)
			}
		}

		// The accessibility audit's English version lags behind the French.
		en, err := s.ArticleBySlug(ctx, site.ID, "en", "what-our-accessibility-audit-taught-us")
		if err != nil {
			t.Fatal(err)
		}
		versions, err := s.GroupVersions(ctx, site.ID, en.GroupID)
		if err != nil {
			t.Fatal(err)
		}
		outdated := map[string]bool{}
		for _, v := range versions {
			if v.Language == "fr" {
				for _, tr := range versions {
					outdated[tr.Language] = tr.Outdated(v)
				}
			}
		}
		if !outdated["en"] || outdated["es"] || outdated["fr"] {
			t.Errorf("outdated = %v, want only en", outdated)
		}

		// Comments: every status, threads deeper than the display.
		counts := map[comment.Status]int{}
		deepest := 0
		fr, err := s.ArticleBySlug(ctx, site.ID, "fr", "moderer-sans-censurer")
		if err != nil {
			t.Fatal(err)
		}
		thread, err := s.Thread(ctx, store.ThreadQuery{SiteID: site.ID, GroupID: fr.GroupID,
			Statuses: []comment.Status{comment.Published, comment.Pending, comment.Spam, comment.Rejected}})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range thread {
			counts[c.Status]++
		}
		var walk func([]*comment.Node)
		walk = func(ns []*comment.Node) {
			for _, n := range ns {
				if n.Flattened {
					deepest++
				}
				walk(n.Replies)
			}
		}
		walk(comment.Tree(thread, 3))
		if counts[comment.Published] == 0 || deepest == 0 {
			t.Errorf("moderation thread: statuses %v, %d flattened replies", counts, deepest)
		}

		// Images exist at every width, decodable, at the declared size.
		m, err := s.MediaByPath(ctx, site.ID, "demo/equipe-pole-web.jpg")
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range content.VariantWidths(m.Width) {
			data := written[content.VariantPath(m.Path, w, m.Width)]
			cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
			if err != nil || cfg.Width != w {
				t.Errorf("variant %d: %v, width %d", w, err, cfg.Width)
			}
		}
	})
}
