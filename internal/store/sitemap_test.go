package store_test

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"depeche/internal/content"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
)

// sitemapSite is a site whose groups mix public versions with every kind
// of version a sitemap must leave out, written at known instants so that
// each version's last modification is known.
type sitemapSite struct {
	f   *fixture
	now time.Time
	// public is what a sitemap must list: slug by language, by group.
	public map[int64]map[string]string
	// modified is the last modification of each group's public versions.
	modified map[int64]time.Time
}

func newSitemapSite(t *testing.T, s *store.Store, clock *time.Time) *sitemapSite {
	t.Helper()
	ss := &sitemapSite{f: newFixture(t, s), now: t0.Add(30 * 24 * time.Hour), public: map[int64]map[string]string{}, modified: map[int64]time.Time{}}
	type version struct {
		lang string
		st   content.Status
		pub  time.Duration // after t0; 0: never
	}
	day := 24 * time.Hour
	groups := [][]version{
		{{"fr", content.Published, day}, {"en", content.Published, 2 * day}, {"ar", content.Published, 3 * day}},
		{{"fr", content.Published, day}, {"en", content.Draft, 0}},
		// Nothing public: a future publication, a refusal, a proposal.
		{{"fr", content.Published, 40 * day}, {"en", content.Refused, day}, {"ar", content.Proposed, day}},
		{{"en", content.Published, 5 * day}, {"fr", content.Trashed, day}},
		// Published after it was last saved: its publication is its
		// last modification.
		{{"ar", content.Published, 29 * day}},
		{{"fr", content.Published, day}, {"en", content.Published, day}},
		{{"fr", content.Published, day}, {"en", content.Published, day}, {"ar", content.Published, day}},
		{{"fr", content.Published, 40 * day}},
		{{"fr", content.Published, day}},
		{{"en", content.Published, 2 * day}, {"ar", content.Published, 2 * day}},
		{{"fr", content.Published, day}, {"ar", content.Published, 3 * day}},
	}
	for i, vs := range groups {
		var groupID int64
		for j, v := range vs {
			// Every save happens at its own instant.
			*clock = t0.Add(time.Duration(i*10+j) * time.Hour)
			var pub time.Time
			if v.pub != 0 {
				pub = t0.Add(v.pub)
			}
			a := ss.f.article(t, s, groupID, v.lang, fmt.Sprintf("g%d-%s", i, v.lang), v.st, pub)
			groupID = a.GroupID
			if !(&content.Article{Status: v.st, PublishedAt: pub}).IsPublicAt(ss.now) {
				continue
			}
			if ss.public[groupID] == nil {
				ss.public[groupID] = map[string]string{}
			}
			ss.public[groupID][v.lang] = a.Slug
			ss.modified[groupID] = latest(ss.modified[groupID], *clock, pub)
		}
	}
	// Another site's article is never listed.
	other := &content.Site{BaseURL: "https://other.example", Host: "other.example", DefaultLanguage: "fr", TimeZone: "UTC", CommentPolicy: content.ModerateBefore,
		Languages: []content.Language{{Code: "fr", Name: "Français", Direction: content.LTR}},
		Texts:     map[string]content.SiteText{"fr": {Name: "Autre"}}}
	must(t, s.CreateSite(ctx, other))
	sec := &content.Section{SiteID: other.ID, Texts: map[string]content.SectionText{"fr": {Slug: "autre", Title: "Autre"}}}
	must(t, s.CreateSection(ctx, sec))
	g := &content.TranslationGroup{SiteID: other.ID, SourceLanguage: "fr"}
	must(t, s.CreateGroup(ctx, g))
	must(t, s.CreateArticle(ctx, &content.Article{SiteID: other.ID, GroupID: g.ID, SectionID: sec.ID, Language: "fr", Slug: "ailleurs",
		Title: "Ailleurs", Status: content.Published, PublishedAt: t0}, 0))
	return ss
}

func latest(ts ...time.Time) time.Time {
	var m time.Time
	for _, t := range ts {
		if t.After(m) {
			m = t
		}
	}
	return m
}

// sitemapMeasure weighs a group by its slugs, so that groups differ in size.
func sitemapMeasure(g *store.SitemapGroup) (int, int) {
	size := 0
	for _, v := range g.Versions {
		size += 10 + len(v.Slug)
	}
	return len(g.Versions), size
}

func TestSitemapParts(t *testing.T) {
	store.SetSitemapBatchForTest(t, 2) // groups straddle queries
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			clock := t0
			s := storetest.Open(t, kind, func() time.Time { return clock })
			ss := newSitemapSite(t, s, &clock)
			wantURLs := 0
			for _, langs := range ss.public {
				wantURLs += len(langs)
			}
			for _, lim := range []store.SitemapLimits{
				{URLs: 3, Bytes: 1 << 20, FirstURLs: 2, FirstBytes: 20},
				{URLs: 4, Bytes: 1 << 20},
				{URLs: 100, Bytes: 60, FirstURLs: 1, FirstBytes: 30},
				{URLs: 100, Bytes: 1 << 20, FirstURLs: 5, FirstBytes: 50},
			} {
				lim.Measure = sitemapMeasure
				t.Run(fmt.Sprintf("%d URLs %d bytes", lim.URLs, lim.Bytes), func(t *testing.T) {
					checkSitemapParts(t, s, ss, lim, wantURLs)
				})
			}
		})
	}
}

func checkSitemapParts(t *testing.T, s *store.Store, ss *sitemapSite, lim store.SitemapLimits, wantURLs int) {
	parts, err := s.SitemapParts(ctx, ss.f.site.ID, ss.now, lim)
	must(t, err)
	if len(parts) == 0 {
		t.Fatal("no parts")
	}
	seen := map[int64]int{} // part of each group
	listed := 0
	var after int64
	for i, p := range parts {
		n := i + 1
		groups := sitemapGroups(t, s, ss, p.After, p.Last)
		if p.After != after || (n > 1 && len(groups) == 0) {
			t.Errorf("part %d: after %d, want %d; %d groups", n, p.After, after, len(groups))
		}
		after = p.Last
		urls, size := 0, 0
		if n == 1 {
			urls, size = lim.FirstURLs, lim.FirstBytes
		}
		var lastMod time.Time
		for _, g := range groups {
			if prev, dup := seen[g.ID]; dup {
				t.Errorf("group %d in parts %d and %d", g.ID, prev, n)
			}
			seen[g.ID] = n
			if g.ID <= p.After || g.ID > p.Last {
				t.Errorf("part %d (%d, %d] holds group %d", n, p.After, p.Last, g.ID)
			}
			// The whole group, nothing else, in language order.
			langs := map[string]string{}
			for _, v := range g.Versions {
				langs[v.Language] = v.Slug
			}
			if fmt.Sprint(langs) != fmt.Sprint(ss.public[g.ID]) || !slices.IsSortedFunc(g.Versions, func(a, b store.SitemapVersion) int {
				return cmpString(a.Language, b.Language)
			}) {
				t.Errorf("group %d: versions %+v, want %v", g.ID, g.Versions, ss.public[g.ID])
			}
			if !g.Modified.Equal(ss.modified[g.ID]) {
				t.Errorf("group %d: modified %v, want %v", g.ID, g.Modified, ss.modified[g.ID])
			}
			lastMod = latest(lastMod, ss.modified[g.ID])
			u, b := sitemapMeasure(&g)
			urls, size = urls+u, size+b
			listed += u
		}
		if p.URLs != urls || p.Bytes != size || urls > lim.URLs || size > lim.Bytes {
			t.Errorf("part %d: %d URLs %d bytes, counted %d %d, limits %d %d", n, p.URLs, p.Bytes, urls, size, lim.URLs, lim.Bytes)
		}
		if !p.LastMod.Equal(lastMod) {
			t.Errorf("part %d: last modified %v, want %v", n, p.LastMod, lastMod)
		}
		// Greedy: the next part's first group did not fit in this one.
		if n < len(parts) {
			next := sitemapGroups(t, s, ss, parts[n].After, parts[n].Last)
			if len(next) == 0 {
				t.Fatalf("part %d is empty", n+1)
			}
			u, b := sitemapMeasure(&next[0])
			if urls+u <= lim.URLs && size+b <= lim.Bytes {
				t.Errorf("part %d was cut early: group %d fits", n, next[0].ID)
			}
		}
	}
	if len(seen) != len(ss.public) || listed != wantURLs {
		t.Errorf("parts list %d groups and %d versions, want %d and %d", len(seen), listed, len(ss.public), wantURLs)
	}
}

// sitemapGroups reads the groups in (after, last], copied.
func sitemapGroups(t *testing.T, s *store.Store, ss *sitemapSite, after, last int64) []store.SitemapGroup {
	t.Helper()
	var groups []store.SitemapGroup
	must(t, s.EachSitemapGroup(ctx, ss.f.site.ID, ss.now, after, last, func(g *store.SitemapGroup) error {
		c := *g
		c.Versions = slices.Clone(g.Versions)
		groups = append(groups, c)
		return nil
	}))
	return groups
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestEachSitemapGroupRange reads ranges of groups: (after, last].
func TestEachSitemapGroupRange(t *testing.T) {
	store.SetSitemapBatchForTest(t, 2)
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		clock := t0
		ss := newSitemapSite(t, s, &clock)
		var ids []int64
		for id := range ss.public {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		idsOf := func(groups []store.SitemapGroup) []int64 {
			var out []int64
			for _, g := range groups {
				out = append(out, g.ID)
			}
			return out
		}
		for _, r := range []struct {
			after, last int64
			want        []int64
		}{
			{0, math.MaxInt64, ids},
			{ids[1], math.MaxInt64, ids[2:]},
			{0, ids[2], ids[:3]},
			{ids[1], ids[4], ids[2:5]},
			{ids[1] - 1, ids[1], ids[1:2]},
			{ids[2], ids[2], nil},
			{ids[len(ids)-1], math.MaxInt64, nil},
			{0, 0, nil},
		} {
			if got := idsOf(sitemapGroups(t, s, ss, r.after, r.last)); !slices.Equal(got, r.want) {
				t.Errorf("(%d, %d]: groups %v, want %v", r.after, r.last, got, r.want)
			}
		}
		boom := errors.New("boom")
		calls := 0
		err := s.EachSitemapGroup(ctx, ss.f.site.ID, ss.now, 0, math.MaxInt64, func(*store.SitemapGroup) error {
			calls++
			return boom
		})
		if !errors.Is(err, boom) || calls != 1 {
			t.Errorf("err %v after %d calls, want boom after 1", err, calls)
		}
	})
}

func TestSitemapEmptySite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		f.article(t, s, 0, "fr", "brouillon", content.Draft, time.Time{})
		lim := store.SitemapLimits{URLs: 10, Bytes: 1000, Measure: sitemapMeasure}
		parts, err := s.SitemapParts(ctx, f.site.ID, t0, lim)
		if err != nil || len(parts) != 0 {
			t.Errorf("no public article, no pages: %v, %v", parts, err)
		}
		lim.FirstURLs, lim.FirstBytes = 3, 30
		parts, err = s.SitemapParts(ctx, f.site.ID, t0, lim)
		if err != nil || len(parts) != 1 || parts[0] != (store.SitemapPart{URLs: 3, Bytes: 30}) {
			t.Errorf("home pages only: %+v, %v", parts, err)
		}
	})
}
