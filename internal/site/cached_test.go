package site_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"depeche/internal/comment"
	"depeche/internal/demo"
	"depeche/internal/site"
	"depeche/internal/stats"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
)

// TestPageCache: pages are served from the cache, compressed once, counted
// on every copy, and a write shows on the next request — only where it
// changed something.
func TestPageCache(t *testing.T) {
	st := storetest.Open(t, "sqlite", func() time.Time { return fixedNow })
	if _, err := demo.Load(context.Background(), st, demo.Options{BaseURL: testBaseURL}); err != nil {
		t.Fatal(err)
	}
	rec := stats.NewRecorder(stats.Options{Now: func() time.Time { return fixedNow }, Random: strings.NewReader(strings.Repeat("k", 256)),
		OwnHosts: []string{"diplomatie.example"}})
	h, err := site.New(site.Config{Store: st, Now: func() time.Time { return fixedNow }, Stats: rec, CommentMinFill: -1})
	if err != nil {
		t.Fatal(err)
	}
	a := &app{h: h, st: st}
	ctx := context.Background()
	page, other := "/fr/moderer-sans-censurer", "/fr/mesurer-l-audience-sans-pister-personne"
	firefox := "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0"

	first, body := a.get(t, page, "User-Agent", firefox)
	_, again := a.get(t, page, "User-Agent", firefox)
	if first.StatusCode != 200 || body != again || h.CacheStats().Hits != 1 {
		t.Fatalf("second read not a hit with the same bytes: %+v", h.CacheStats())
	}
	if keys := first.Header.Get("Surrogate-Key"); !strings.Contains(keys, "site:1") || !strings.Contains(keys, "group:") {
		t.Errorf("Surrogate-Key %q", keys)
	}
	if cc := first.Header.Get("Cache-Control"); !strings.Contains(cc, "s-maxage") {
		t.Errorf("Cache-Control %q", cc)
	}
	a.get(t, other, "User-Agent", firefox)
	// Every copy served counts; a HEAD does not.
	a.do(httptest.NewRequest("HEAD", page, nil))
	if b := rec.Take(); len(b.Pages) != 2 || b.Pages[0].Views+b.Pages[1].Views != 3 {
		t.Errorf("views counted from the cache: %+v", b.Pages)
	}

	// Precompressed brotli decodes to the same page; its ETag answers 304.
	br, coded := a.get(t, page, "Accept-Encoding", "gzip, br")
	if br.Header.Get("Content-Encoding") != "br" || !strings.Contains(br.Header.Get("Vary"), "Accept-Encoding") {
		t.Fatalf("brotli variant: %q, Vary %q", br.Header.Get("Content-Encoding"), br.Header.Get("Vary"))
	}
	plain, err := io.ReadAll(brotli.NewReader(bytes.NewReader([]byte(coded))))
	if err != nil || string(plain) != body {
		t.Errorf("brotli body does not decode to the page: %v", err)
	}
	if resp, _ := a.get(t, page, "Accept-Encoding", "br", "If-None-Match", br.Header.Get("ETag")); resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", resp.StatusCode)
	}

	// An approved comment shows on the next read of its article, and the
	// other article's page stays cached.
	site1, _ := st.SiteByHost(ctx, "")
	art, _ := st.ArticleBySlug(ctx, site1.ID, "fr", "moderer-sans-censurer")
	pending, _ := st.Thread(ctx, store.ThreadQuery{SiteID: site1.ID, GroupID: art.GroupID, Statuses: []comment.Status{comment.Pending}})
	if len(pending) == 0 {
		t.Fatal("the demo has no pending comment here")
	}
	if _, err := st.Moderate(ctx, site1.ID, []int64{pending[0].ID}, comment.Published, false, 0, ""); err != nil {
		t.Fatal(err)
	}
	hits := h.CacheStats().Hits
	if _, fresh := a.get(t, page); !strings.Contains(fresh, "comment-"+itoa(pending[0].ID)) {
		t.Error("the approved comment is not on the next page served")
	}
	a.get(t, other)
	if got := h.CacheStats().Hits; got != hits+1 {
		t.Errorf("approving a comment invalidated more than its article (hits %d → %d)", hits, got)
	}

	// A title changed in the back office shows at once.
	art, _ = st.ArticleBySlug(ctx, site1.ID, "fr", "moderer-sans-censurer")
	art.Title = "Un titre tout neuf pour la page"
	if err := st.UpdateArticle(ctx, art, 0); err != nil {
		t.Fatal(err)
	}
	if _, fresh := a.get(t, page); !strings.Contains(fresh, "Un titre tout neuf pour la page") {
		t.Error("the new title is not on the next page served")
	}
	if _, home := a.get(t, "/fr/"); !strings.Contains(home, "Un titre tout neuf pour la page") {
		t.Error("the home page still lists the old title")
	}

	// A staff member (session cookie) always gets a fresh page.
	hits = h.CacheStats().Hits
	a.get(t, page, "Cookie", "depeche_session=staff")
	if h.CacheStats().Hits != hits {
		t.Error("a page with a session cookie came from the cache")
	}
}

// TestTwoNodes: two processes on one PostgreSQL; a change made through one
// is served by the other within a second.
func TestTwoNodes(t *testing.T) {
	url := storetest.PostgresSchema(t)
	ctx := context.Background()
	var nodes []http.Handler
	var stores []*store.Store
	for i := range 2 {
		st, err := store.Open(ctx, store.Config{DatabaseURL: url, Now: func() time.Time { return fixedNow }})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		if _, err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if _, err := demo.Load(ctx, st, demo.Options{BaseURL: testBaseURL}); err != nil {
				t.Fatal(err)
			}
		}
		h, err := site.New(site.Config{Store: st, Now: func() time.Time { return fixedNow }})
		if err != nil {
			t.Fatal(err)
		}
		lctx, cancel := context.WithCancel(ctx)
		ready, done := make(chan struct{}), make(chan struct{})
		go func() { st.ListenChanges(lctx, func() { close(ready) }); close(done) }()
		t.Cleanup(func() { cancel(); <-done })
		<-ready
		nodes, stores = append(nodes, h), append(stores, st)
	}
	page := "/fr/moderer-sans-censurer"
	b := &app{h: nodes[1], st: stores[1]}
	if _, body := b.get(t, page); !strings.Contains(body, "Modérer") {
		t.Fatal("node B does not serve the article")
	}
	site1, _ := stores[0].SiteByHost(ctx, "")
	art, _ := stores[0].ArticleBySlug(ctx, site1.ID, "fr", "moderer-sans-censurer")
	art.Title = "Publié sur le nœud A"
	if err := stores[0].UpdateArticle(ctx, art, 0); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Second)
	for {
		if _, body := b.get(t, page); strings.Contains(body, "Publié sur le nœud A") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("node B still serves the old page a second after node A's change")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
