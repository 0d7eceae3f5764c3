package store_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"depeche/internal/content"
	"depeche/internal/search"
	"depeche/internal/store"
)

// benchVocabulary makes n pronounceable words for a language, the same on
// every run, so that stemming and folding see word-like input.
func benchVocabulary(lang string, n int) []string {
	syllables := map[string][]string{
		"fr": {"ma", "ré", "son", "té", "pli", "quo", "dé", "lan", "cha", "ten", "vé", "rou", "gné", "bel", "for"},
		"en": {"ma", "re", "son", "te", "pli", "quo", "de", "lan", "sha", "ten", "ve", "row", "ning", "bel", "for"},
		"es": {"ma", "re", "són", "te", "pli", "quo", "de", "lan", "cha", "ten", "ve", "rro", "ñe", "bel", "for"},
	}[lang]
	r := rand.New(rand.NewPCG(uint64(len(lang)), 42))
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		var b strings.Builder
		for range 2 + r.IntN(3) {
			b.WriteString(syllables[r.IntN(len(syllables))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// benchText draws words with a Zipf distribution, like real text: a few
// words are everywhere, most are rare.
func benchText(z *rand.Zipf, vocab []string, words int) string {
	var b strings.Builder
	for i := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(vocab[z.Uint64()])
	}
	return b.String()
}

// openBenchStore builds (once, then reuses from the temp folder) a SQLite
// site of groups×3 articles of about 180 words each.
func openBenchStore(b *testing.B, groups int) (*store.Store, int64) {
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("depeche-search-bench-%d-v2", groups))
	ready := filepath.Join(dir, "ready")
	if _, err := os.Stat(ready); err != nil {
		os.RemoveAll(dir)
		b.Logf("building %d articles in %s (once)", groups*3, dir)
		start := time.Now()
		s, err := store.Open(ctx, store.Config{DataDir: dir})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		site := &content.Site{BaseURL: "https://bench.example", DefaultLanguage: "fr", TimeZone: "UTC", CommentPolicy: content.ModerateBefore,
			Languages: []content.Language{{Code: "fr", Name: "Français", Direction: content.LTR}, {Code: "en", Name: "English", Direction: content.LTR},
				{Code: "es", Name: "Español", Direction: content.LTR}},
			Texts: map[string]content.SiteText{"fr": {Name: "Bench"}, "en": {Name: "Bench"}, "es": {Name: "Bench"}}}
		if err := s.CreateSite(ctx, site); err != nil {
			b.Fatal(err)
		}
		sec := &content.Section{SiteID: site.ID, Texts: map[string]content.SectionText{"fr": {Slug: "s", Title: "S"}}}
		if err := s.CreateSection(ctx, sec); err != nil {
			b.Fatal(err)
		}
		r := rand.New(rand.NewPCG(1, 2))
		vocab := map[string][]string{}
		zipf := map[string]*rand.Zipf{}
		for _, l := range []string{"fr", "en", "es"} {
			vocab[l] = benchVocabulary(l, 20000)
			zipf[l] = rand.NewZipf(r, 1.1, 2, uint64(len(vocab[l])-1))
		}
		const batch = 2000
		for done := 0; done < groups; done += batch {
			n := min(batch, groups-done)
			gs := make([]*content.TranslationGroup, n)
			for i := range gs {
				gs[i] = &content.TranslationGroup{SiteID: site.ID, SourceLanguage: "fr", SharedComments: true}
			}
			if err := s.CreateGroups(ctx, gs); err != nil {
				b.Fatal(err)
			}
			var list []*content.Article
			for i, g := range gs {
				for _, l := range []string{"fr", "en", "es"} {
					list = append(list, &content.Article{SiteID: site.ID, GroupID: g.ID, SectionID: sec.ID, Language: l,
						Slug: fmt.Sprintf("a-%d", done+i), Title: benchText(zipf[l], vocab[l], 6), Lead: benchText(zipf[l], vocab[l], 25),
						Body: benchText(zipf[l], vocab[l], 150), Status: content.Published,
						PublishedAt: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(done+i) * time.Minute)})
				}
			}
			if err := s.ImportArticles(ctx, list, 0); err != nil {
				b.Fatal(err)
			}
		}
		s.Close()
		os.WriteFile(ready, nil, 0o600)
		b.Logf("built in %s", time.Since(start).Round(time.Second))
	}
	s, err := store.Open(ctx, store.Config{DataDir: dir})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx); err != nil { // a cached database from an older schema
		b.Fatal(err)
	}
	site, err := s.SiteByHost(ctx, "")
	if err != nil {
		b.Fatal(err)
	}
	return s, site.ID
}

// BenchmarkSearch measures reader searches (first page and total count) on
// 100,000 groups × 3 languages in SQLite, with one- and two-word queries
// drawn like real text, and reports latency percentiles.
//
//	go test ./internal/store -run NONE -bench Search -benchtime 2000x
func BenchmarkSearch(b *testing.B) {
	s, siteID := openBenchStore(b, 100000)
	r := rand.New(rand.NewPCG(7, 7))
	langs := []string{"fr", "en", "es"}
	vocab := map[string][]string{}
	zipf := map[string]*rand.Zipf{}
	for _, l := range langs {
		vocab[l] = benchVocabulary(l, 20000)
		zipf[l] = rand.NewZipf(r, 1.1, 2, uint64(len(vocab[l])-1))
	}
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	latencies := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		l := langs[i%3]
		q := benchText(zipf[l], vocab[l], 1+i%2)
		start := time.Now()
		if _, _, err := s.Search(ctx, store.SearchQuery{SiteID: siteID, Language: l, Query: search.ParseQuery(l, q), Now: now, Limit: 10}); err != nil {
			b.Fatal(err)
		}
		latencies = append(latencies, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(latencies)
	pct := func(p float64) float64 {
		return float64(latencies[int(p*float64(len(latencies)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}
