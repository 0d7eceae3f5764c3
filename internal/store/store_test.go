package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"depeche/internal/comment"
	"depeche/internal/content"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
	"depeche/internal/user"
)

var ctx = context.Background()

// t0 is the fixed instant the fixtures are written at.
var t0 = time.Date(2026, 3, 18, 10, 41, 0, 0, time.UTC)

// fixture is a small site: two languages, one section, one author, one keyword.
type fixture struct {
	site    *content.Site
	section *content.Section
	author  *user.User
	keyword *content.Keyword
}

func newFixture(t *testing.T, s *store.Store) *fixture {
	t.Helper()
	f := &fixture{}
	f.site = &content.Site{
		BaseURL: "https://diplomatie.example", DefaultLanguage: "fr", TimeZone: "Europe/Paris",
		CommentPolicy: content.ModerateBefore,
		Languages: []content.Language{
			{Code: "fr", Name: "Français", Direction: content.LTR},
			{Code: "en", Name: "English", Direction: content.LTR},
			{Code: "ar", Name: "العربية", Direction: content.RTL},
		},
		Texts: map[string]content.SiteText{
			"fr": {Name: "Diplomatie numérique", LegalNotice: "Mentions"},
			"en": {Name: "Digital diplomacy"},
			"ar": {Name: "الدبلوماسية الرقمية"},
		},
	}
	must(t, s.CreateSite(ctx, f.site))
	f.section = &content.Section{SiteID: f.site.ID, Texts: map[string]content.SectionText{
		"fr": {Slug: "pole-web", Title: "Le pôle web"}, "en": {Slug: "web-team", Title: "The web team"},
	}}
	must(t, s.CreateSection(ctx, f.section))
	f.author = &user.User{Email: "claire@example.org", DisplayName: "Claire Martin", Role: user.Editor, Bio: map[string]string{"fr": "Rédactrice"}}
	must(t, s.CreateUser(ctx, f.author))
	f.keyword = &content.Keyword{SiteID: f.site.ID, Texts: map[string]content.KeywordText{
		"fr": {Slug: "donnees-ouvertes", Title: "Données ouvertes"}, "en": {Slug: "open-data", Title: "Open data"},
	}}
	must(t, s.CreateKeyword(ctx, f.keyword))
	return f
}

// article creates a group (when groupID is 0) and a version in it.
func (f *fixture) article(t *testing.T, s *store.Store, groupID int64, lang, slug string, st content.Status, published time.Time) *content.Article {
	t.Helper()
	if groupID == 0 {
		g := &content.TranslationGroup{SiteID: f.site.ID, SourceLanguage: lang, SharedComments: true}
		must(t, s.CreateGroup(ctx, g))
		groupID = g.ID
	}
	a := &content.Article{SiteID: f.site.ID, GroupID: groupID, SectionID: f.section.ID, Language: lang, Slug: slug,
		Title: "Title " + slug, Body: "Body of " + slug, Status: st, PublishedAt: published,
		AuthorIDs: []int64{f.author.ID}, KeywordIDs: []int64{f.keyword.ID}}
	must(t, s.CreateArticle(ctx, a, f.author.ID))
	return a
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		applied, err := s.Migrate(ctx)
		if err != nil || len(applied) != 0 {
			t.Fatalf("second Migrate applied %v, %v; want nothing", applied, err)
		}
		status, err := s.MigrationStatus(ctx)
		if err != nil || len(status) == 0 {
			t.Fatalf("MigrationStatus = %v, %v", status, err)
		}
		for _, m := range status {
			if m.AppliedAt.IsZero() {
				t.Errorf("migration %d not applied", m.Version)
			}
		}
		if err := s.Ready(ctx); err != nil {
			t.Errorf("Ready = %v", err)
		}
	})
}

func TestConcurrentMigrate(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			cfg := store.Config{}
			if kind == "sqlite" {
				cfg.DataDir = t.TempDir()
			} else {
				cfg.DatabaseURL = storetest.PostgresSchema(t)
			}
			var wg sync.WaitGroup
			errs := make(chan error, 4)
			for range 4 {
				wg.Go(func() {
					s, err := store.Open(ctx, cfg)
					if err != nil {
						errs <- err
						return
					}
					defer s.Close()
					_, err = s.Migrate(ctx)
					errs <- err
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Errorf("concurrent Migrate: %v", err)
				}
			}
		})
	}
}

func TestRefusesNewerSchema(t *testing.T) {
	dir := t.TempDir()
	s, err := store.Open(ctx, store.Config{DataDir: dir})
	must(t, err)
	_, err = s.Migrate(ctx)
	must(t, err)
	status, _ := s.MigrationStatus(ctx)
	s.Close()

	// Simulate a newer binary having migrated the file.
	raw, err := store.Open(ctx, store.Config{DataDir: dir})
	must(t, err)
	must(t, raw.ExecForTest(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, 'future', '2030-01-01T00:00:00Z')`, len(status)+1))
	raw.Close()

	s, err = store.Open(ctx, store.Config{DataDir: dir})
	must(t, err)
	defer s.Close()
	var tooNew *store.ErrSchemaTooNew
	if _, err := s.Migrate(ctx); !errors.As(err, &tooNew) {
		t.Fatalf("Migrate on a newer schema = %v, want ErrSchemaTooNew", err)
	}
	if err := s.Ready(ctx); !errors.As(err, &tooNew) {
		t.Fatalf("Ready on a newer schema = %v, want ErrSchemaTooNew", err)
	}
}

func TestOpenBadDataDir(t *testing.T) {
	// A file where the directory should be.
	file := filepath.Join(t.TempDir(), "plain-file")
	must(t, os.WriteFile(file, []byte("x"), 0o600))
	if _, err := store.Open(ctx, store.Config{DataDir: file}); err == nil || !strings.Contains(err.Error(), file) {
		t.Errorf("Open on a file = %v, want an error naming it", err)
	}
	if os.Geteuid() != 0 { // root writes anywhere, so this case cannot be shown as root
		ro := t.TempDir()
		must(t, os.Chmod(ro, 0o500))
		if _, err := store.Open(ctx, store.Config{DataDir: ro}); err == nil || !strings.Contains(err.Error(), "not writable") {
			t.Errorf("Open on a read-only dir = %v, want 'not writable'", err)
		}
	}
}

func TestOpenCorruptFileChangesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, store.SQLiteFile)
	garbage := []byte(strings.Repeat("this is not a database ", 200))
	must(t, os.WriteFile(path, garbage, 0o600))
	_, err := store.Open(ctx, store.Config{DataDir: dir})
	if err == nil || !strings.Contains(err.Error(), "Nothing was changed") {
		t.Fatalf("Open on garbage = %v, want a clear refusal", err)
	}
	after, _ := os.ReadFile(path)
	if string(after) != string(garbage) {
		t.Fatal("the corrupt file was modified")
	}
}

func TestOpenUnreachablePostgres(t *testing.T) {
	_, err := store.Open(ctx, store.Config{DatabaseURL: "postgres://nobody:secret@127.0.0.1:1/none?connect_timeout=2"})
	if err == nil || !strings.Contains(err.Error(), "127.0.0.1:1") || strings.Contains(err.Error(), "secret") {
		t.Fatalf("Open on a closed port = %v, want the host named and no password", err)
	}
	if _, err := store.Open(ctx, store.Config{DatabaseURL: "postgres://%zz"}); err == nil {
		t.Fatal("a malformed URL was accepted")
	}
}

func TestSiteRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		got, err := s.SiteByHost(ctx, "any.example")
		must(t, err)
		if got.ID != f.site.ID || got.DefaultLanguage != "fr" || got.TimeZone != "Europe/Paris" || got.CommentPolicy != content.ModerateBefore {
			t.Fatalf("site = %+v", got)
		}
		if len(got.Languages) != 3 || got.Languages[2].Code != "ar" || got.Languages[2].Direction != content.RTL {
			t.Fatalf("languages = %+v", got.Languages)
		}
		if got.Texts["fr"].LegalNotice != "Mentions" || got.Texts["ar"].Name != "الدبلوماسية الرقمية" {
			t.Fatalf("texts = %+v", got.Texts)
		}
		if !got.CreatedAt.Equal(f.site.CreatedAt.Truncate(time.Microsecond)) {
			t.Errorf("created_at = %v, want %v", got.CreatedAt, f.site.CreatedAt)
		}
		if got.FeedFullContent {
			t.Error("feed_full_content should round-trip as false")
		}
		got.Languages = got.Languages[:2]
		got.CommentPolicy = content.ModerateAfter
		got.FeedFullContent = true
		must(t, s.UpdateSite(ctx, got))
		again, err := s.SiteByID(ctx, f.site.ID)
		must(t, err)
		if len(again.Languages) != 2 || again.CommentPolicy != content.ModerateAfter || !again.FeedFullContent {
			t.Fatalf("after update: %+v", again)
		}
		if _, err := s.SiteByID(ctx, 999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing site: %v", err)
		}
		bad := &content.Site{DefaultLanguage: "de", Languages: f.site.Languages, CommentPolicy: content.ModerateBefore}
		if err := s.CreateSite(ctx, bad); err == nil {
			t.Error("a default language outside the site's languages was accepted")
		}
	})
}

func TestSectionsTree(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		child := &content.Section{SiteID: f.site.ID, ParentID: f.section.ID, Position: 0, Texts: map[string]content.SectionText{"fr": {Slug: "equipe", Title: "L'équipe"}}}
		must(t, s.CreateSection(ctx, child))
		second := &content.Section{SiteID: f.site.ID, Position: 1, Texts: map[string]content.SectionText{"fr": {Slug: "donnees", Title: "Données"}}}
		must(t, s.CreateSection(ctx, second))
		all, err := s.Sections(ctx, f.site.ID)
		must(t, err)
		var order []string
		for _, sec := range all {
			order = append(order, sec.Texts["fr"].Slug)
		}
		if strings.Join(order, ",") != "pole-web,equipe,donnees" {
			t.Fatalf("tree order = %v", order)
		}
		got, err := s.SectionBySlug(ctx, f.site.ID, "en", "web-team")
		must(t, err)
		if got.ID != f.section.ID || got.Texts["fr"].Title != "Le pôle web" {
			t.Fatalf("SectionBySlug = %+v", got)
		}
		if _, err := s.SectionBySlug(ctx, f.site.ID, "fr", "web-team"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("slug looked up in the wrong language: %v", err)
		}
		dup := &content.Section{SiteID: f.site.ID, Texts: map[string]content.SectionText{"fr": {Slug: "pole-web", Title: "Doublon"}}}
		if err := s.CreateSection(ctx, dup); !errors.Is(err, store.ErrConflict) {
			t.Errorf("duplicate slug: %v, want ErrConflict", err)
		}
	})
}

func TestArticleRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		a := f.article(t, s, 0, "fr", "les-mains-dans-le-moteur", content.Published, t0)
		got, err := s.ArticleBySlug(ctx, f.site.ID, "fr", "les-mains-dans-le-moteur")
		must(t, err)
		if got.ID != a.ID || got.Title != a.Title || got.Body != a.Body || got.Status != content.Published || got.Revision != 1 {
			t.Fatalf("article = %+v", got)
		}
		if !got.PublishedAt.Equal(t0) || got.ScheduledAt != (time.Time{}) {
			t.Errorf("dates: published %v scheduled %v", got.PublishedAt, got.ScheduledAt)
		}
		if fmt.Sprint(got.AuthorIDs) != fmt.Sprint([]int64{f.author.ID}) || fmt.Sprint(got.KeywordIDs) != fmt.Sprint([]int64{f.keyword.ID}) {
			t.Errorf("links: authors %v keywords %v", got.AuthorIDs, got.KeywordIDs)
		}
		if _, err := s.ArticleBySlug(ctx, f.site.ID, "en", "les-mains-dans-le-moteur"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("wrong language: %v", err)
		}
		dup := &content.Article{SiteID: f.site.ID, GroupID: a.GroupID, SectionID: f.section.ID, Language: "fr", Slug: "autre", Title: "x", Status: content.Draft}
		if err := s.CreateArticle(ctx, dup, 0); !errors.Is(err, store.ErrConflict) {
			t.Errorf("second French version in one group: %v, want ErrConflict", err)
		}
	})
}

func TestPublicFilterAgreesWithRule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		now := t0.Add(24 * time.Hour)
		cases := []struct {
			slug string
			st   content.Status
			at   time.Time
		}{
			{"past", content.Published, now.Add(-time.Hour)},
			{"exactly-now", content.Published, now},
			{"future", content.Published, now.Add(time.Second)},
			{"undated", content.Draft, time.Time{}},
			{"draft", content.Draft, now.Add(-time.Hour)},
			{"proposed", content.Proposed, now.Add(-time.Hour)},
			{"refused", content.Refused, now.Add(-time.Hour)},
			{"trashed", content.Trashed, now.Add(-time.Hour)},
		}
		want := map[string]bool{}
		for _, c := range cases {
			a := f.article(t, s, 0, "fr", c.slug, c.st, c.at)
			stored, err := s.ArticleByID(ctx, f.site.ID, a.ID)
			must(t, err)
			want[c.slug] = stored.IsPublicAt(now)
		}
		list, total, err := s.PublicArticles(ctx, store.ArticleQuery{SiteID: f.site.ID, Language: "fr", Now: now, Limit: 50})
		must(t, err)
		got := map[string]bool{}
		for _, a := range list {
			got[a.Slug] = true
		}
		for slug, public := range want {
			if got[slug] != public {
				t.Errorf("%s: listed %v, IsPublicAt %v", slug, got[slug], public)
			}
		}
		if total != len(list) || total != 2 {
			t.Errorf("total = %d, listed %d, want 2", total, len(list))
		}
		if list[0].Slug != "exactly-now" {
			t.Errorf("newest first: got %s first", list[0].Slug)
		}
	})
}

func TestPublicArticlesFiltersAndPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		other := &content.Section{SiteID: f.site.ID, Texts: map[string]content.SectionText{"fr": {Slug: "autre", Title: "Autre"}}}
		must(t, s.CreateSection(ctx, other))
		for i := range 5 {
			f.article(t, s, 0, "fr", fmt.Sprintf("a%d", i), content.Published, t0.Add(time.Duration(i)*time.Hour))
		}
		g := &content.TranslationGroup{SiteID: f.site.ID, SourceLanguage: "fr"}
		must(t, s.CreateGroup(ctx, g))
		lone := &content.Article{SiteID: f.site.ID, GroupID: g.ID, SectionID: other.ID, Language: "fr", Slug: "seul", Title: "Seul",
			Status: content.Published, PublishedAt: t0}
		must(t, s.CreateArticle(ctx, lone, 0))

		now := t0.Add(48 * time.Hour)
		page, total, err := s.PublicArticles(ctx, store.ArticleQuery{SiteID: f.site.ID, Language: "fr", SectionID: f.section.ID, Now: now, Limit: 2, Offset: 2})
		must(t, err)
		if total != 5 || len(page) != 2 || page[0].Slug != "a2" || page[1].Slug != "a1" {
			t.Fatalf("section page 2: total %d, %v", total, slugs(page))
		}
		byKw, total, err := s.PublicArticles(ctx, store.ArticleQuery{SiteID: f.site.ID, Language: "fr", KeywordID: f.keyword.ID, Now: now})
		must(t, err)
		if total != 5 || len(byKw) != 5 {
			t.Errorf("by keyword: %d %v", total, slugs(byKw))
		}
		byAuthor, total, err := s.PublicArticles(ctx, store.ArticleQuery{SiteID: f.site.ID, Language: "fr", AuthorID: f.author.ID, Now: now})
		must(t, err)
		if total != 5 || len(byAuthor) != 5 {
			t.Errorf("by author: %d %v", total, slugs(byAuthor))
		}
		otherSite, total, err := s.PublicArticles(ctx, store.ArticleQuery{SiteID: f.site.ID + 1, Language: "fr", Now: now})
		must(t, err)
		if total != 0 || len(otherSite) != 0 {
			t.Errorf("another site sees %v", slugs(otherSite))
		}
	})
}

func slugs(list []*content.Article) []string {
	var out []string
	for _, a := range list {
		out = append(out, a.Slug)
	}
	return out
}

func TestTranslationsAndOutdated(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		src := f.article(t, s, 0, "fr", "source", content.Published, t0)
		tr := f.article(t, s, src.GroupID, "en", "translation", content.Published, t0)
		if tr.SourceRevision != 1 || tr.Outdated(src) {
			t.Fatalf("fresh translation: source revision %d", tr.SourceRevision)
		}
		// A change that is not text keeps the revision: nothing to translate.
		src.Place = "Paris, France"
		must(t, s.UpdateArticle(ctx, src, f.author.ID))
		if src.Revision != 1 {
			t.Fatalf("metadata change made revision %d", src.Revision)
		}
		src.Body = "New body"
		must(t, s.UpdateArticle(ctx, src, f.author.ID))
		versions, err := s.GroupVersions(ctx, f.site.ID, src.GroupID)
		must(t, err)
		if len(versions) != 2 || versions[0].Language != "en" || versions[1].Language != "fr" {
			t.Fatalf("versions = %v", slugs(versions))
		}
		en, fr := versions[0], versions[1]
		if fr.Revision != 2 || fr.Place != "Paris, France" || !en.Outdated(fr) {
			t.Fatalf("after source change: fr rev %d, en source rev %d", fr.Revision, en.SourceRevision)
		}
		old, err := s.ArticleRevision(ctx, fr.ID, en.SourceRevision)
		must(t, err)
		if old.Body != "Body of source" {
			t.Errorf("base revision body = %q", old.Body)
		}
		must(t, s.MarkUpToDate(ctx, f.site.ID, en.ID))
		en, err = s.ArticleByID(ctx, f.site.ID, en.ID)
		must(t, err)
		if en.Outdated(fr) || en.SourceRevision != 2 {
			t.Errorf("after MarkUpToDate: source revision %d", en.SourceRevision)
		}
		if err := s.MarkUpToDate(ctx, f.site.ID, fr.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("MarkUpToDate on the source itself: %v", err)
		}
	})
}

func TestUpdateRefusesStaleRevision(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		a := f.article(t, s, 0, "fr", "conflit", content.Draft, time.Time{})
		first, _ := s.ArticleByID(ctx, f.site.ID, a.ID)
		second, _ := s.ArticleByID(ctx, f.site.ID, a.ID)
		first.Body = "Alice's version"
		must(t, s.UpdateArticle(ctx, first, 0))
		second.Body = "Bob's version"
		if err := s.UpdateArticle(ctx, second, 0); !errors.Is(err, store.ErrStale) {
			t.Fatalf("second save = %v, want ErrStale", err)
		}
		got, _ := s.ArticleByID(ctx, f.site.ID, a.ID)
		if got.Body != "Alice's version" {
			t.Errorf("body = %q: the first save was overwritten", got.Body)
		}
	})
}

func TestStatusWorkflow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		now := t0
		s2 := storetest.Open(t, s.Dialect(), func() time.Time { return now })
		f := newFixture(t, s2)
		a := f.article(t, s2, 0, "fr", "brouillon", content.Draft, time.Time{})
		if err := s2.SetStatus(ctx, f.site.ID, a.ID, content.Refused); err == nil {
			t.Error("draft → refused accepted")
		}
		must(t, s2.SetStatus(ctx, f.site.ID, a.ID, content.Proposed))
		now = t0.Add(time.Hour)
		must(t, s2.SetStatus(ctx, f.site.ID, a.ID, content.Published))
		got, _ := s2.ArticleByID(ctx, f.site.ID, a.ID)
		if got.Status != content.Published || !got.PublishedAt.Equal(t0.Add(time.Hour)) {
			t.Fatalf("published: %s at %v", got.Status, got.PublishedAt)
		}
		now = t0.Add(5 * time.Hour)
		must(t, s2.SetStatus(ctx, f.site.ID, a.ID, content.Draft))
		must(t, s2.SetStatus(ctx, f.site.ID, a.ID, content.Published))
		got, _ = s2.ArticleByID(ctx, f.site.ID, a.ID)
		if !got.PublishedAt.Equal(t0.Add(time.Hour)) {
			t.Errorf("republishing moved the date to %v", got.PublishedAt)
		}
		if err := s2.SetStatus(ctx, f.site.ID+1, a.ID, content.Trashed); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("status change through another site: %v", err)
		}
	})
}

func TestUsers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		got, err := s.UserByEmail(ctx, "claire@example.org")
		must(t, err)
		if got.ID != f.author.ID || got.Role != user.Editor || got.Slug != "claire-martin" || got.Bio["fr"] != "Rédactrice" {
			t.Fatalf("user = %+v", got)
		}
		must(t, s.SetPassword(ctx, got.ID, "$argon2id$x"))
		bySlug, err := s.UserBySlug(ctx, "claire-martin")
		must(t, err)
		if bySlug.PasswordHash != "$argon2id$x" {
			t.Errorf("hash = %q", bySlug.PasswordHash)
		}
		if _, err := s.UserByEmail(ctx, "nobody@example.org"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing user: %v", err)
		}
		if err := s.SetPassword(ctx, 999, "x"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("SetPassword on a missing user: %v", err)
		}
		dup := &user.User{Email: "claire@example.org", DisplayName: "Other", Role: user.Author}
		if err := s.CreateUser(ctx, dup); !errors.Is(err, store.ErrConflict) {
			t.Errorf("duplicate e-mail: %v", err)
		}
		n, err := s.CountUsers(ctx, user.Editor)
		must(t, err)
		all, _ := s.CountUsers(ctx, "")
		admins, _ := s.CountUsers(ctx, user.Administrator)
		if n != 1 || all != 1 || admins != 0 {
			t.Errorf("counts: editors %d all %d admins %d", n, all, admins)
		}
	})
}

func TestKeywordsAndMedia(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		k, err := s.KeywordBySlug(ctx, f.site.ID, "en", "open-data")
		must(t, err)
		if k.ID != f.keyword.ID || k.Texts["fr"].Title != "Données ouvertes" {
			t.Fatalf("keyword = %+v", k)
		}
		m := &content.Media{SiteID: f.site.ID, Path: "demo/forum.jpg", MimeType: "image/jpeg", Size: 1234, Width: 1600, Height: 900,
			Credit: "Pôle web", Texts: map[string]content.MediaText{"fr": {Alt: "Illustration", Caption: "Le forum"}}}
		must(t, s.CreateMedia(ctx, m))
		got, err := s.MediaByPath(ctx, f.site.ID, "demo/forum.jpg")
		must(t, err)
		if got.Width != 1600 || got.Credit != "Pôle web" || got.Texts["fr"].Caption != "Le forum" {
			t.Fatalf("media = %+v", got)
		}
		if _, err := s.MediaByPath(ctx, f.site.ID+1, "demo/forum.jpg"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("media of another site: %v", err)
		}
	})
}

func TestCommentThreads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		fr := f.article(t, s, 0, "fr", "debat", content.Published, t0)
		en := f.article(t, s, fr.GroupID, "en", "debate", content.Published, t0)
		elsewhere := f.article(t, s, 0, "fr", "ailleurs", content.Published, t0)

		post := func(articleID, parent int64, lang string, st comment.Status, min int) *comment.Comment {
			c := &comment.Comment{SiteID: f.site.ID, ArticleID: articleID, ParentID: parent, Language: lang, AuthorName: "Ana",
				AuthorEmail: "ana@example.net", Body: "Message", Status: st, CreatedAt: t0.Add(time.Duration(min) * time.Minute)}
			must(t, s.CreateComment(ctx, c))
			return c
		}
		root := post(fr.ID, 0, "fr", comment.Published, 1)
		reply := post(en.ID, root.ID, "en", comment.Published, 2)
		deep := post(fr.ID, reply.ID, "fr", comment.Pending, 3)
		post(elsewhere.ID, 0, "fr", comment.Published, 4)

		if root.RootID != root.ID || reply.RootID != root.ID || deep.RootID != root.ID || reply.GroupID != fr.GroupID {
			t.Fatalf("roots: %d %d %d group %d", root.RootID, reply.RootID, deep.RootID, reply.GroupID)
		}
		public, err := s.Thread(ctx, store.ThreadQuery{SiteID: f.site.ID, GroupID: fr.GroupID, Statuses: []comment.Status{comment.Published}})
		must(t, err)
		if len(public) != 2 || public[0].ID != root.ID || public[1].Language != "en" || public[1].ParentID != root.ID {
			t.Fatalf("public thread = %+v", public)
		}
		all, err := s.Thread(ctx, store.ThreadQuery{SiteID: f.site.ID, GroupID: fr.GroupID, Statuses: []comment.Status{comment.Published, comment.Pending}})
		must(t, err)
		if len(all) != 3 {
			t.Fatalf("with pending: %d comments", len(all))
		}
		perLanguage, err := s.Thread(ctx, store.ThreadQuery{SiteID: f.site.ID, GroupID: fr.GroupID, ArticleID: en.ID, Statuses: []comment.Status{comment.Published}})
		must(t, err)
		if len(perLanguage) != 1 || perLanguage[0].ID != reply.ID {
			t.Fatalf("English-only thread = %+v", perLanguage)
		}
		forged := &comment.Comment{SiteID: f.site.ID, ArticleID: elsewhere.ID, ParentID: root.ID, Language: "fr", AuthorName: "X", Body: "x", Status: comment.Pending}
		if err := s.CreateComment(ctx, forged); !errors.Is(err, store.ErrParentMismatch) {
			t.Errorf("reply grafted onto another article's thread: %v", err)
		}
		must(t, s.SetCommentStatus(ctx, f.site.ID, deep.ID, comment.Published))
		public, _ = s.Thread(ctx, store.ThreadQuery{SiteID: f.site.ID, GroupID: fr.GroupID, Statuses: []comment.Status{comment.Published}})
		if len(public) != 3 {
			t.Errorf("after approval: %d public comments", len(public))
		}
	})
}

func TestGroupViews(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		fr := &content.Article{SiteID: f.site.ID, SectionID: f.section.ID, Language: "fr", Slug: "vues", Title: "Vues", Status: content.Draft, ViewCount: 7000}
		g := &content.TranslationGroup{SiteID: f.site.ID, SourceLanguage: "fr"}
		must(t, s.CreateGroup(ctx, g))
		fr.GroupID = g.ID
		must(t, s.CreateArticle(ctx, fr, 0))
		en := &content.Article{SiteID: f.site.ID, GroupID: g.ID, SectionID: f.section.ID, Language: "en", Slug: "views", Title: "Views", Status: content.Draft, ViewCount: 371}
		must(t, s.CreateArticle(ctx, en, 0))
		n, err := s.GroupViews(ctx, g.ID)
		must(t, err)
		if n != 7371 {
			t.Errorf("group views = %d, want 7371", n)
		}
	})
}

// TestAcknowledgedWritesAreDurable closes and reopens the SQLite file: what
// the store acknowledged must be there.
func TestAcknowledgedWritesAreDurable(t *testing.T) {
	dir := t.TempDir()
	s, err := store.Open(ctx, store.Config{DataDir: dir})
	must(t, err)
	_, err = s.Migrate(ctx)
	must(t, err)
	f := newFixture(t, s)
	a := f.article(t, s, 0, "fr", "durable", content.Published, t0)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			c := &comment.Comment{SiteID: f.site.ID, ArticleID: a.ID, Language: "fr", AuthorName: fmt.Sprint("n", i), Body: "b", Status: comment.Pending}
			if err := s.CreateComment(ctx, c); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	s.Close()
	s, err = store.Open(ctx, store.Config{DataDir: dir})
	must(t, err)
	defer s.Close()
	got, err := s.Thread(ctx, store.ThreadQuery{SiteID: f.site.ID, GroupID: a.GroupID, Statuses: []comment.Status{comment.Pending}})
	must(t, err)
	if len(got) != 20 {
		t.Fatalf("%d comments after reopening, want 20", len(got))
	}
}

func TestRedirectsAndOldSlugs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		must(t, s.PutRedirect(ctx, f.site.ID, "/old/page.html", "/fr/nouvelle"))
		must(t, s.PutRedirect(ctx, f.site.ID, "/old/page.html", "/fr/encore-plus-neuve"))
		got, err := s.Redirect(ctx, f.site.ID, "/old/page.html")
		if err != nil || got != "/fr/encore-plus-neuve" {
			t.Fatalf("Redirect = %q, %v", got, err)
		}
		if _, err := s.Redirect(ctx, f.site.ID+1, "/old/page.html"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("redirect of another site: %v", err)
		}
		if err := s.PutRedirect(ctx, f.site.ID, "relative", "/fr/x"); err == nil {
			t.Error("a relative old path was accepted")
		}
		must(t, s.DeleteRedirect(ctx, f.site.ID, "/old/page.html"))
		if err := s.DeleteRedirect(ctx, f.site.ID, "/old/page.html"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleting twice: %v", err)
		}

		a := f.article(t, s, 0, "fr", "premier-nom", content.Published, t0)
		a.Slug = "second-nom"
		must(t, s.UpdateArticle(ctx, a, 0))
		a.Slug = "troisieme-nom"
		must(t, s.UpdateArticle(ctx, a, 0))
		for _, old := range []string{"premier-nom", "second-nom"} {
			got, err := s.ArticleByOldSlug(ctx, f.site.ID, "fr", old)
			if err != nil || got.ID != a.ID || got.Slug != "troisieme-nom" {
				t.Errorf("old slug %s: %v, %v", old, got, err)
			}
		}
		// Taking a slug back removes it from the history.
		a.Slug = "premier-nom"
		must(t, s.UpdateArticle(ctx, a, 0))
		if _, err := s.ArticleByOldSlug(ctx, f.site.ID, "fr", "premier-nom"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("current slug still in history: %v", err)
		}

		legacy := &content.Article{SiteID: f.site.ID, GroupID: a.GroupID, SectionID: f.section.ID, Language: "en", Slug: "legacy",
			Title: "Legacy", Status: content.Published, PublishedAt: t0, LegacyID: 123}
		must(t, s.CreateArticle(ctx, legacy, 0))
		if got, err := s.ArticleByLegacyID(ctx, f.site.ID, 123); err != nil || got.ID != legacy.ID {
			t.Errorf("ArticleByLegacyID = %v, %v", got, err)
		}
		sec := &content.Section{SiteID: f.site.ID, LegacyID: 45, Texts: map[string]content.SectionText{"fr": {Slug: "ancienne", Title: "Ancienne"}}}
		must(t, s.CreateSection(ctx, sec))
		if got, err := s.SectionByLegacyID(ctx, f.site.ID, 45); err != nil || got.ID != sec.ID {
			t.Errorf("SectionByLegacyID = %v, %v", got, err)
		}
		kw := &content.Keyword{SiteID: f.site.ID, LegacyID: 7, Texts: map[string]content.KeywordText{"fr": {Slug: "ancien-mot", Title: "Ancien"}}}
		must(t, s.CreateKeyword(ctx, kw))
		if got, err := s.KeywordByLegacyID(ctx, f.site.ID, 7); err != nil || got.ID != kw.ID {
			t.Errorf("KeywordByLegacyID = %v, %v", got, err)
		}
		if _, err := s.ArticleByLegacyID(ctx, f.site.ID, 999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown legacy id: %v", err)
		}
	})
}
