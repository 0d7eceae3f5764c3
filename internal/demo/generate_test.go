package demo_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"depeche/internal/comment"
	"depeche/internal/content"
	"depeche/internal/demo"
	"depeche/internal/search"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
)

// until is the fixed "today" of the generated test sites.
var until = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

func smallSite(seed uint64) demo.GenerateOptions {
	return demo.GenerateOptions{Groups: 50, Languages: []string{"fr", "en", "es"}, Comments: 500, Seed: seed, Sections: 12,
		Keywords: 30, Until: until, BaseURL: "http://127.0.0.1:8080", AdminEmail: "admin@example.org", AdminPasswordHash: "x"}
}

// allArticles lists every article of the site, whatever its status.
func allArticles(t *testing.T, s *store.Store, siteID int64) []*content.Article {
	t.Helper()
	ctx := context.Background()
	var out []*content.Article
	for _, st := range []content.Status{"", content.Trashed} {
		for offset := 0; ; offset += 200 {
			page, _, err := s.AdminArticles(ctx, store.AdminQuery{SiteID: siteID, Status: st, Limit: 200, Offset: offset})
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, page...)
			if len(page) < 200 {
				break
			}
		}
	}
	return out
}

var allStatuses = []comment.Status{comment.Published, comment.Pending, comment.Rejected, comment.Spam}

func TestGenerate(t *testing.T) {
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		sum, err := demo.Generate(ctx, s, smallSite(1))
		if err != nil {
			t.Fatal(err)
		}
		if !sum.AdminCreated || sum.Groups != 50 || sum.Sections != 12 || sum.Keywords != 30 || sum.TotalComments() != 500 {
			t.Fatalf("summary = %+v", sum)
		}
		site, err := s.SiteByID(ctx, sum.SiteID)
		if err != nil {
			t.Fatal(err)
		}
		if len(site.Languages) != 3 || site.DefaultLanguage != "fr" {
			t.Errorf("site languages %+v, default %s", site.Languages, site.DefaultLanguage)
		}

		articles := allArticles(t, s, site.ID)
		if len(articles) != sum.TotalArticles() || len(articles) < 100 || len(articles) >= 150 {
			t.Fatalf("%d articles stored, summary says %d (most groups should have most languages, not all)", len(articles), sum.TotalArticles())
		}
		public := map[string]int{}
		groups := map[int64][]*content.Article{}
		var oldest, newest time.Time
		var markup struct{ headings, lists, links, internal int }
		for _, a := range articles {
			groups[a.GroupID] = append(groups[a.GroupID], a)
			words := len(strings.Fields(search.MarkdownText(a.Body)))
			if words < 300 || words > 1200 {
				t.Errorf("%s %s: %d words, want 300 to 1,200", a.Language, a.Slug, words)
			}
			if strings.Contains(a.Body, "\n## ") {
				markup.headings++
			}
			if strings.Contains(a.Body, "\n- ") {
				markup.lists++
			}
			if strings.Contains(a.Body, "](https://") {
				markup.links++
			}
			if strings.Contains(a.Body, "](/"+a.Language+"/") {
				markup.internal++
			}
			if !a.IsPublicAt(until) {
				continue
			}
			public[a.Language]++
			// Every public article answers at its address.
			got, err := s.ArticleBySlug(ctx, site.ID, a.Language, a.Slug)
			if err != nil || got.ID != a.ID || !got.IsPublicAt(until) {
				t.Errorf("%s/%s: %v, %+v", a.Language, a.Slug, err, got)
			}
			if len(got.AuthorIDs) == 0 {
				t.Errorf("%s/%s has no author", a.Language, a.Slug)
			}
			if oldest.IsZero() || a.PublishedAt.Before(oldest) {
				oldest = a.PublishedAt
			}
			if a.PublishedAt.After(newest) {
				newest = a.PublishedAt
			}
		}
		if markup.headings < len(articles)/2 || markup.lists == 0 || markup.links == 0 || markup.internal == 0 {
			t.Errorf("bodies with headings, lists, external and internal links: %+v of %d", markup, len(articles))
		}
		if newest.Sub(oldest) < 9*365*24*time.Hour {
			t.Errorf("publications from %s to %s: want about ten years", oldest, newest)
		}
		for _, lang := range []string{"fr", "en", "es"} {
			_, total, err := s.PublicArticles(ctx, store.ArticleQuery{SiteID: site.ID, Language: lang, Now: until})
			if err != nil || total != public[lang] {
				t.Errorf("%s: %d public articles listed, %d generated (%v)", lang, total, public[lang], err)
			}
		}
		if sum.Statuses[content.Published] < len(articles)*3/4 || sum.Statuses[content.Draft] == 0 || sum.Scheduled == 0 || sum.Outdated == 0 {
			t.Errorf("statuses %v, %d scheduled, %d outdated: want mostly published, some drafts, scheduled and outdated", sum.Statuses, sum.Scheduled, sum.Outdated)
		}
		outdated := 0
		for _, versions := range groups {
			var source *content.Article
			for _, v := range versions {
				g, err := s.GroupByID(ctx, site.ID, v.GroupID)
				if err != nil {
					t.Fatal(err)
				}
				if v.Language == g.SourceLanguage {
					source = v
				}
			}
			if source == nil {
				t.Fatalf("group %d has no source version", versions[0].GroupID)
			}
			for _, v := range versions {
				if v.Outdated(source) {
					outdated++
				}
			}
		}
		if outdated != sum.Outdated {
			t.Errorf("%d outdated translations stored, summary says %d", outdated, sum.Outdated)
		}

		// Search finds generated words: the index was filled with the articles.
		found, n, err := s.Search(ctx, store.SearchQuery{SiteID: site.ID, Language: "fr", Query: search.ParseQuery("fr", "commission"), Now: until})
		if err != nil || n == 0 || len(found) == 0 {
			t.Errorf("search for a common word: %d results, %v", n, err)
		}

		// Comments: every one stored, threads valid, a long tail, some depth.
		total, biggest, deepest := 0, 0, 0
		statuses := map[comment.Status]int{}
		for groupID, versions := range groups {
			thread, err := s.Thread(ctx, store.ThreadQuery{SiteID: site.ID, GroupID: groupID, Statuses: allStatuses})
			if err != nil {
				t.Fatal(err)
			}
			total += len(thread)
			biggest = max(biggest, len(thread))
			g, err := s.GroupByID(ctx, site.ID, groupID)
			if err != nil {
				t.Fatal(err)
			}
			byID := map[int64]*comment.Comment{}
			for _, c := range thread {
				byID[c.ID] = c
			}
			for _, c := range thread {
				statuses[c.Status]++
				var article *content.Article
				for _, v := range versions {
					if v.ID == c.ArticleID {
						article = v
					}
				}
				if article == nil || !article.IsPublicAt(c.CreatedAt) || c.Language != article.Language || c.CreatedAt.After(until) {
					t.Errorf("comment %d on article %d (%s) at %s: not on a version public then", c.ID, c.ArticleID, c.Language, c.CreatedAt)
				}
				depth, root := 0, c
				for root.ParentID != 0 {
					parent := byID[root.ParentID]
					if parent == nil {
						t.Fatalf("comment %d: parent %d is not in group %d", root.ID, root.ParentID, groupID)
					}
					if parent.CreatedAt.After(root.CreatedAt) || parent.Status != comment.Published {
						t.Errorf("comment %d answers %d, which is later or not published", root.ID, parent.ID)
					}
					if !g.SharedComments && parent.ArticleID != root.ArticleID {
						t.Errorf("comment %d answers %d on another language's own thread", root.ID, parent.ID)
					}
					root, depth = parent, depth+1
				}
				if c.RootID != root.ID {
					t.Errorf("comment %d: root %d, want %d", c.ID, c.RootID, root.ID)
				}
				deepest = max(deepest, depth)
			}
		}
		if total != 500 {
			t.Errorf("%d comments stored, want 500", total)
		}
		if biggest < 5*500/50 || deepest < 3 {
			t.Errorf("busiest thread %d comments (mean %d), deepest reply %d: want a long tail and deep threads", biggest, 500/50, deepest)
		}
		if statuses[comment.Published] < total*3/4 || statuses[comment.Pending] == 0 || statuses[comment.Spam] == 0 {
			t.Errorf("comment statuses %v: want mostly published, some pending and spam", statuses)
		}

		// A second run is refused: the site has articles now.
		if _, err := demo.Generate(ctx, s, smallSite(2)); !errors.Is(err, demo.ErrSiteHasArticles) {
			t.Errorf("second generation: %v, want ErrSiteHasArticles", err)
		}
	})
}

// dump writes what a reader sees of a site — titles, slugs, bodies,
// comments and who they answer — without database ids.
func dump(t *testing.T, s *store.Store, siteID int64) string {
	t.Helper()
	ctx := context.Background()
	articles := allArticles(t, s, siteID)
	slices.SortFunc(articles, func(a, b *content.Article) int { return strings.Compare(a.Language+"/"+a.Slug, b.Language+"/"+b.Slug) })
	var b strings.Builder
	slugOf := map[int64]string{}
	for _, a := range articles {
		slugOf[a.ID] = a.Language + "/" + a.Slug
	}
	done := map[int64]bool{}
	for _, a := range articles {
		fmt.Fprintf(&b, "%s %s %s %q %q %s\n%s\n", a.Language, a.Slug, a.Status, a.Title, a.Lead, a.PublishedAt.Format(time.RFC3339), a.Body)
		if done[a.GroupID] {
			continue
		}
		done[a.GroupID] = true
		thread, err := s.Thread(ctx, store.ThreadQuery{SiteID: siteID, GroupID: a.GroupID, Statuses: allStatuses})
		if err != nil {
			t.Fatal(err)
		}
		index := map[int64]int{}
		for i, c := range thread {
			index[c.ID] = i
			parent := -1
			if c.ParentID != 0 {
				parent = index[c.ParentID]
			}
			fmt.Fprintf(&b, "  #%d→%d %s %s %q %s\n", i, parent, slugOf[c.ArticleID], c.Status, c.AuthorName, c.Body)
		}
	}
	return b.String()
}

// The same seed makes the same site, on either database; another seed
// makes another.
func TestGenerateIsDeterministic(t *testing.T) {
	ctx := context.Background()
	build := func(kind string, seed uint64) string {
		s := storetest.Open(t, kind, nil)
		opt := smallSite(seed)
		opt.Groups, opt.Comments = 20, 200
		sum, err := demo.Generate(ctx, s, opt)
		if err != nil {
			t.Fatal(err)
		}
		return dump(t, s, sum.SiteID)
	}
	first, again := build("sqlite", 7), build("sqlite", 7)
	if first != again {
		t.Fatalf("two runs with seed 7 differ:\n%s", firstDifference(first, again))
	}
	if other := build("sqlite", 8); other == first {
		t.Error("seeds 7 and 8 made the same site")
	}
	if pg := build("postgres", 7); pg != first {
		t.Errorf("seed 7 on PostgreSQL differs from SQLite:\n%s", firstDifference(first, pg))
	}
}

func firstDifference(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d:\n  %s\n  %s", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("%d lines and %d lines", len(la), len(lb))
}

// A site created empty (as "serve" does on a first start) is filled, and
// gains the languages it lacks; its administrator is kept.
func TestGenerateFillsAnEmptySite(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t, "sqlite", nil)
	site := &content.Site{BaseURL: "http://127.0.0.1:8080", DefaultLanguage: "fr", TimeZone: "Europe/Paris", CommentPolicy: content.ModerateBefore,
		Languages: []content.Language{{Code: "fr", Name: "Français", Direction: content.LTR}, {Code: "en", Name: "English", Direction: content.LTR}},
		Texts:     map[string]content.SiteText{"fr": {Name: "Mon site"}, "en": {Name: "My site"}}}
	if err := s.CreateSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	opt := smallSite(3)
	opt.Groups, opt.Comments, opt.Languages = 5, 10, []string{"es", "fr"}
	sum, err := demo.Generate(ctx, s, opt)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.SiteByID(ctx, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, l := range got.Languages {
		codes = append(codes, l.Code)
	}
	if sum.SiteID != site.ID || !slices.Equal(codes, []string{"fr", "en", "es"}) || got.Texts["fr"].Name != "Mon site" {
		t.Errorf("site %d, languages %v, French name %q", sum.SiteID, codes, got.Texts["fr"].Name)
	}
	if sum.Articles["en"] != 0 || sum.Articles["es"] == 0 {
		t.Errorf("articles per language %v: want only the requested ones", sum.Articles)
	}
}

func TestGenerateOptionsValidate(t *testing.T) {
	for _, tt := range []struct {
		change func(*demo.GenerateOptions)
		want   string
	}{
		{func(o *demo.GenerateOptions) { o.Groups = 0 }, "at least 1"},
		{func(o *demo.GenerateOptions) { o.Comments = -1 }, "negative"},
		{func(o *demo.GenerateOptions) { o.Sections = 0 }, "sections"},
		{func(o *demo.GenerateOptions) { o.Languages = []string{"fr", "de"} }, `unknown language "de"`},
		{func(o *demo.GenerateOptions) { o.Languages = []string{"fr", "fr"} }, "twice"},
		{func(o *demo.GenerateOptions) { o.Languages = nil }, "at least one language"},
	} {
		opt := smallSite(1)
		tt.change(&opt)
		if err := opt.Validate(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want %q", opt, err, tt.want)
		}
	}
}
