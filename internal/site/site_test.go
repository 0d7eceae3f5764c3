package site_test

import (
	"context"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"depeche/internal/comment"
	"depeche/internal/content"
	"depeche/internal/demo"
	"depeche/internal/site"
	"depeche/internal/stats"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fixedNow is the instant every reader-page test runs at.
var fixedNow = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

const testBaseURL = "https://diplomatie.example"

type app struct {
	h  http.Handler
	st *store.Store
}

// newApp loads the demo site into a fresh database of the given kind.
func newApp(t *testing.T, kind string) *app {
	t.Helper()
	st := storetest.Open(t, kind, func() time.Time { return fixedNow })
	media := t.TempDir()
	_, err := demo.Load(context.Background(), st, demo.Options{BaseURL: testBaseURL, MediaWriter: func(p string, data []byte) error {
		full := filepath.Join(media, p)
		os.MkdirAll(filepath.Dir(full), 0o750)
		return os.WriteFile(full, data, 0o600)
	}})
	if err != nil {
		t.Fatal(err)
	}
	h, err := site.New(site.Config{Store: st, MediaDir: media, Now: func() time.Time { return fixedNow }, CommentMinFill: -1})
	if err != nil {
		t.Fatal(err)
	}
	return &app{h: h, st: st}
}

func (a *app) get(t *testing.T, path string, header ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return a.do(req)
}

func (a *app) do(req *http.Request) (*http.Response, string) {
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	resp := rec.Result()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

var tokenRE = regexp.MustCompile(`name="(t|sig)" value="([^"]*)"`)

// post sends a form as a reader would: with the token of the page's form.
func (a *app) post(t *testing.T, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	_, page := a.get(t, path)
	for _, m := range tokenRE.FindAllStringSubmatch(page, -1) {
		if form.Get(m[1]) == "" {
			form.Set(m[1], m[2])
		}
	}
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return a.do(req)
}

func TestStatusCodes(t *testing.T) {
	a := newApp(t, "sqlite")
	tests := []struct {
		path string
		want int
	}{
		{"/fr/", 200}, {"/en/", 200}, {"/es/", 200}, {"/ar/", 200},
		{"/fr", 301},
		{"/fr/moderer-sans-censurer", 200}, {"/en/moderating-without-censoring", 200},
		{"/fr/moderer-sans-censurer/", 301},
		{"/fr/rubrique/pole-web", 200}, {"/es/seccion/unidad-web", 200}, {"/en/section/web-unit", 200},
		{"/fr/rubrique/web-unit", 404}, // an English slug under French
		{"/fr/mot/moderation", 200}, {"/fr/auteur/claire-martin", 200},
		{"/fr/plan-du-site", 200}, {"/en/sitemap", 200}, {"/fr/mentions-legales", 200}, {"/fr/accessibilite", 200},
		{"/ar/accessibility", 200},
		{"/fr/en-chiffres", 200}, {"/en/in-figures", 200}, {"/es/en-cifras", 200}, {"/ar/in-figures", 200},
		{"/fr/confidentialite", 200}, {"/en/privacy", 200}, {"/es/privacidad", 200},
		{"/fr/search?q=donn%C3%A9es", 200}, {"/fr/search?q=%ff%fe", 200}, {"/fr/search?q=" + strings.Repeat("a", 5000), 200},
		{"/fr/search?%zz", 200},
		{"/fr/?page=abc", 200}, {"/fr/?page=999", 404},
		{"/fr/nope", 404}, {"/de/", 404}, {"/xx/yy/zz/ww", 404}, {"/fr/rubrique/nope", 404},
		{"/fr/auteur/administrateur", 404},
		{"/assets/0000/site.css", 200}, {"/assets/0000/nope.css", 404},
		{"/media/demo/equipe-pole-web.jpg", 200}, {"/media/demo/", 404}, {"/media/demo/..%2f..%2fdepeche.db", 404},
		{"/fr/share/mastodon?instance=mastodon.social&path=/fr/moderer-sans-censurer", 303},
		{"/fr/share/mastodon?instance=javascript:alert(1)&path=/fr/moderer-sans-censurer", 400},
		{"/fr/share/mastodon?instance=mastodon.social&path=https://evil.example/", 400},
	}
	for _, tt := range tests {
		resp, body := a.get(t, tt.path)
		if resp.StatusCode != tt.want {
			t.Errorf("GET %s = %d, want %d", tt.path, resp.StatusCode, tt.want)
		}
		if c := resp.Header.Get("Set-Cookie"); c != "" {
			t.Errorf("GET %s sets a cookie: %s", tt.path, c)
		}
		if resp.StatusCode == 404 && strings.HasPrefix(tt.path, "/fr/") && !strings.Contains(body, "Page introuvable") {
			t.Errorf("GET %s: the 404 page is not in French", tt.path)
		}
	}
}

func TestRootNegotiatesLanguage(t *testing.T) {
	a := newApp(t, "sqlite")
	for accept, want := range map[string]string{"es-MX,es;q=0.9": "/es/", "ar-MA": "/ar/", "de-DE": "/fr/", "": "/fr/", "en;q=0.1, fr;q=0": "/en/"} {
		resp, _ := a.get(t, "/", "Accept-Language", accept)
		if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != want || !strings.Contains(resp.Header.Get("Vary"), "Accept-Language") {
			t.Errorf("Accept-Language %q: %d → %s (Vary %q), want %s", accept, resp.StatusCode, resp.Header.Get("Location"), resp.Header.Get("Vary"), want)
		}
	}
}

func TestUnpublishedAndTrashed(t *testing.T) {
	a := newApp(t, "sqlite")
	ctx := context.Background()
	site, _ := a.st.SiteByHost(ctx, "")
	// The Spanish map article is only proposed in the demo.
	if resp, _ := a.get(t, "/es/un-mapa-debe-responder-a-una-pregunta"); resp.StatusCode != 404 {
		t.Errorf("proposed article answered %d, want 404", resp.StatusCode)
	}
	art, err := a.st.ArticleBySlug(ctx, site.ID, "fr", "moderer-sans-censurer")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.st.SetStatus(ctx, site.ID, art.ID, "trashed"); err != nil {
		t.Fatal(err)
	}
	resp, body := a.get(t, "/fr/moderer-sans-censurer")
	if resp.StatusCode != http.StatusGone || !strings.Contains(body, "<html lang=\"fr\"") {
		t.Errorf("trashed article: %d", resp.StatusCode)
	}
	// The English version no longer lists the French one.
	_, body = a.get(t, "/en/moderating-without-censoring")
	if strings.Contains(body, `href="/fr/moderer-sans-censurer"`) {
		t.Error("a trashed version is still linked from its translation")
	}
}

func TestLanguageMenuAndAlternates(t *testing.T) {
	a := newApp(t, "sqlite")
	_, body := a.get(t, "/fr/moderer-sans-censurer")
	for _, want := range []string{
		`<link rel="alternate" hreflang="en" href="https://diplomatie.example/en/moderating-without-censoring">`,
		`<link rel="alternate" hreflang="es" href="https://diplomatie.example/es/moderar-sin-censurar">`,
		`<link rel="alternate" hreflang="x-default" href="https://diplomatie.example/fr/moderer-sans-censurer">`,
		`<link rel="canonical" href="https://diplomatie.example/fr/moderer-sans-censurer">`,
		// No Arabic version: the menu leads to the Arabic home page.
		`<a href="/ar/" hreflang="ar" lang="ar" dir="rtl">العربية</a>`,
		`<a href="/en/moderating-without-censoring" hreflang="en" lang="en" dir="ltr">[English]</a>`,
		`<span lang="fr" dir="ltr" aria-current="page">[Français]</span>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("article page lacks %s", want)
		}
	}
	if strings.Contains(body, `hreflang="ar" href=`) {
		t.Error("an alternate is advertised for a language without a version")
	}
	_, body = a.get(t, "/es/seccion/unidad-web")
	if !strings.Contains(body, `<a href="/fr/rubrique/pole-web" hreflang="fr"`) {
		t.Error("the section page's language menu does not lead to the French section")
	}
	_, body = a.get(t, "/ar/")
	if !strings.Contains(body, `<html lang="ar" dir="rtl">`) {
		t.Error("the Arabic home page is not right-to-left")
	}
}

func TestArticlePageContents(t *testing.T) {
	a := newApp(t, "sqlite")
	_, body := a.get(t, "/fr/moderer-sans-censurer")
	checks := map[string]string{
		"skip links first":          `<body>` + "\n" + `<nav class="skip-links" aria-label="Accès rapide">`,
		"share at top and foot":     `id="share-top"`,
		"share at foot":             `id="share-foot"`,
		"views, localized":          "vues</p>",
		"moderation notice":         "modérés avant publication",
		"staff reply":               `comment--staff`,
		"flattened reply":           `class="comment__inreplyto"`,
		"reply link":                `?reply=`,
		"typography in title":       "censurer\u00a0: comment",
		"keywords link":             `href="/fr/mot/moderation" rel="tag"`,
		"author link":               `href="/fr/auteur/karim-benali" rel="author"`,
		"reader HTML shown as text": "&lt;b&gt;",
	}
	for name, want := range checks {
		if !strings.Contains(body, want) {
			t.Errorf("%s: page lacks %q", name, want)
		}
	}
	for _, banned := range []string{"<script>", "onclick"} {
		if strings.Contains(strings.ToLower(body), banned) {
			t.Errorf("page contains %q", banned)
		}
	}
	// Pending and spam messages of the demo thread never reach the page.
	ctx := context.Background()
	site, _ := a.st.SiteByHost(ctx, "")
	art, _ := a.st.ArticleBySlug(ctx, site.ID, "fr", "moderer-sans-censurer")
	hidden, _ := a.st.Thread(ctx, store.ThreadQuery{SiteID: site.ID, GroupID: art.GroupID, Statuses: []comment.Status{comment.Pending, comment.Spam, comment.Rejected}})
	if len(hidden) == 0 {
		t.Fatal("the demo thread should have unpublished messages")
	}
	for _, c := range hidden {
		if strings.Contains(body, `id="comment-`+itoa(c.ID)+`"`) {
			t.Errorf("%s comment %d is on the public page", c.Status, c.ID)
		}
	}
}

func TestOutdatedTranslationNotice(t *testing.T) {
	a := newApp(t, "sqlite")
	_, body := a.get(t, "/en/what-our-accessibility-audit-taught-us")
	if !strings.Contains(body, "notice--outdated") {
		t.Error("the outdated English translation carries no notice")
	}
	_, body = a.get(t, "/es/lo-que-nos-enseno-la-auditoria-de-accesibilidad")
	if strings.Contains(body, "notice--outdated") {
		t.Error("an up-to-date translation is flagged outdated")
	}
}

func TestCommentPosting(t *testing.T) {
	a := newApp(t, "sqlite")
	path := "/fr/moderer-sans-censurer"
	// Everything wrong at once: each problem next to its field, every value kept.
	resp, body := a.post(t, path, url.Values{"name": {""}, "email": {"pas-une-adresse"}, "website": {"javascript:x"}, "message": {"Court"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid form answered %d", resp.StatusCode)
	}
	for _, want := range []string{"Ce champ est obligatoire", "adresse électronique valide", "value=\"pas-une-adresse\"", "value=\"javascript:x\"", ">Court</textarea>", `aria-invalid="true"`, `id="error-summary"`} {
		if !strings.Contains(body, want) {
			t.Errorf("error page lacks %q", want)
		}
	}
	// Invalid UTF-8 and control characters are refused, never a 500.
	for _, msg := range []string{"Un message \xff\xfe invalide", "Un message avec \x07 cloche"} {
		resp, _ = a.post(t, path, url.Values{"name": {"Ana"}, "email": {"ana@example.net"}, "message": {msg}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("message %q answered %d", msg, resp.StatusCode)
		}
	}
	// Preview shows the message rendered, stores nothing.
	resp, body = a.post(t, path, url.Values{"name": {"Ana"}, "email": {"ana@example.net"}, "message": {"Bonjour <b>à tous</b>, voici un avis."}, "action": {"preview"}})
	if resp.StatusCode != 200 || !strings.Contains(body, "comment-preview") || !strings.Contains(body, "&lt;b&gt;à tous&lt;/b&gt;") {
		t.Errorf("preview: %d", resp.StatusCode)
	}
	// A valid message is stored as pending and does not appear.
	resp, _ = a.post(t, path, url.Values{"name": {"Ana"}, "email": {"ana@example.net"}, "message": {"Un message tout à fait valable."}})
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "comment=pending") {
		t.Fatalf("valid post: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, body = a.get(t, resp.Header.Get("Location"))
	if strings.Contains(body, "tout à fait valable") || !strings.Contains(body, "attente") {
		t.Error("a pending message is shown, or the reader is not told it awaits validation")
	}
	ctx := context.Background()
	site, _ := a.st.SiteByHost(ctx, "")
	art, _ := a.st.ArticleBySlug(ctx, site.ID, "fr", "moderer-sans-censurer")
	pending, _ := a.st.Thread(ctx, store.ThreadQuery{SiteID: site.ID, GroupID: art.GroupID, Statuses: []comment.Status{comment.Pending}})
	found := false
	for _, c := range pending {
		found = found || c.Body == "Un message tout à fait valable."
	}
	if !found {
		t.Error("the acknowledged message is not in the database")
	}
	// A reply whose parent is in another article's thread is refused.
	other, _ := a.st.ArticleBySlug(ctx, site.ID, "fr", "mesurer-l-audience-sans-pister-personne")
	if other != nil {
		foreign, _ := a.st.Thread(ctx, store.ThreadQuery{SiteID: site.ID, GroupID: other.GroupID, Statuses: []comment.Status{comment.Published}})
		if len(foreign) > 0 {
			resp, body = a.post(t, path, url.Values{"name": {"Ana"}, "email": {"ana@example.net"}, "message": {"Une réponse égarée ici."}, "parent": {itoa(foreign[0].ID)}})
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "n’existe plus") {
				t.Errorf("foreign parent: %d", resp.StatusCode)
			}
		}
	}
	// A body over the limit is a clear 400 page, not a 500.
	resp, _ = a.post(t, path, url.Values{"name": {"Ana"}, "email": {"ana@example.net"}, "message": {strings.Repeat("x", 70<<10)}})
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("oversized post answered %d", resp.StatusCode)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

var (
	assetRE = regexp.MustCompile(`/assets/[0-9a-f]+/`)
	sigRE   = regexp.MustCompile(`name="sig" value="[^"]*"`)
)

// TestGoldenArticlePages compares the article page in each demo language
// with its golden file. Run with -update after an intended change.
func TestGoldenArticlePages(t *testing.T) {
	a := newApp(t, "sqlite")
	for lang, path := range map[string]string{
		"fr": "/fr/une-heure-en-direct-avec-l-ambassadrice-a-rabat",
		"en": "/en/one-hour-live-with-the-ambassador-in-rabat",
		"es": "/es/una-hora-en-directo-con-la-embajadora-en-rabat",
		"ar": "/ar/saa-mubashira-maa-al-safira-fi-al-ribat",
	} {
		resp, body := a.get(t, path)
		if resp.StatusCode != 200 {
			t.Errorf("%s: %d", path, resp.StatusCode)
			continue
		}
		body = assetRE.ReplaceAllString(body, "/assets/HASH/")
		// The form's signature depends on a random per-site secret.
		body = sigRE.ReplaceAllString(body, `name="sig" value="SIGNATURE"`)
		golden := filepath.Join("testdata", "golden", "article-"+lang+".html")
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o750)
			if err := os.WriteFile(golden, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./internal/site -run Golden -update)", err)
		}
		if string(want) != body {
			t.Errorf("%s differs from %s; run with -update if the change is intended\n%s", path, golden, firstDiff(string(want), body))
		}
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return "line " + itoa(int64(i+1)) + ":\n- " + al[i] + "\n+ " + bl[i]
		}
	}
	return "lengths differ"
}

// TestSameOnBothDatabases renders the same pages from SQLite and PostgreSQL
// and expects the same bytes.
func TestSameOnBothDatabases(t *testing.T) {
	lite, pg := newApp(t, "sqlite"), newApp(t, "postgres")
	for _, path := range []string{"/fr/", "/fr/moderer-sans-censurer", "/ar/", "/es/seccion/unidad-web", "/en/sitemap", "/fr/search?q=donnees"} {
		r1, b1 := lite.get(t, path)
		r2, b2 := pg.get(t, path)
		// Each database has its own random form-signing secret.
		b1, b2 = sigRE.ReplaceAllString(b1, ""), sigRE.ReplaceAllString(b2, "")
		if r1.StatusCode != 200 || r2.StatusCode != 200 {
			t.Errorf("%s: sqlite %d, postgres %d", path, r1.StatusCode, r2.StatusCode)
			continue
		}
		// Comment ids are the only thing allowed to differ: none here, both
		// databases number rows the same way from an empty start.
		if b1 != b2 {
			t.Errorf("%s differs between databases\n%s", path, firstDiff(b1, b2))
		}
	}
}

func TestLegacyRedirects(t *testing.T) {
	a := newApp(t, "sqlite")
	ctx := context.Background()
	site, _ := a.st.SiteByHost(ctx, "")
	sections, _ := a.st.Sections(ctx, site.ID)
	g := &content.TranslationGroup{SiteID: site.ID, SourceLanguage: "fr"}
	if err := a.st.CreateGroup(ctx, g); err != nil {
		t.Fatal(err)
	}
	old := &content.Article{SiteID: site.ID, GroupID: g.ID, SectionID: sections[0].ID, Language: "fr", Slug: "importe-de-spip",
		Title: "Importé", Status: content.Published, PublishedAt: fixedNow.Add(-time.Hour), LegacyID: 123}
	if err := a.st.CreateArticle(ctx, old, 0); err != nil {
		t.Fatal(err)
	}
	sec := &content.Section{SiteID: site.ID, LegacyID: 45, Texts: map[string]content.SectionText{"fr": {Slug: "archives", Title: "Archives"}}}
	kw := &content.Keyword{SiteID: site.ID, LegacyID: 7, Texts: map[string]content.KeywordText{"en": {Slug: "archive", Title: "Archive"}}}
	if err := a.st.CreateSection(ctx, sec); err != nil {
		t.Fatal(err)
	}
	if err := a.st.CreateKeyword(ctx, kw); err != nil {
		t.Fatal(err)
	}
	if err := a.st.PutRedirect(ctx, site.ID, "/ancien/chemin.html", "/fr/importe-de-spip"); err != nil {
		t.Fatal(err)
	}
	tests := map[string]string{
		"/spip.php?article123":                   "/fr/importe-de-spip",
		"/article123.html":                       "/fr/importe-de-spip",
		"/spip.php?page=article&id_article=123":  "/fr/importe-de-spip",
		"/123":                                   "/fr/importe-de-spip",
		"/spip.php?rubrique45":                   "/fr/rubrique/archives",
		"/rubrique45.html":                       "/fr/rubrique/archives",
		"/spip.php?page=rubrique&id_rubrique=45": "/fr/rubrique/archives",
		"/spip.php?mot7":                         "/en/keyword/archive",
		"/mot7.html":                             "/en/keyword/archive",
		"/spip.php?page=mot&id_mot=7":            "/en/keyword/archive",
		"/spip.php?page=backend":                 "/fr/feed.rss",
		"/ancien/chemin.html":                    "/fr/importe-de-spip",
	}
	for path, want := range tests {
		resp, _ := a.get(t, path)
		if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != want {
			t.Errorf("GET %s = %d → %q, want 301 → %s", path, resp.StatusCode, resp.Header.Get("Location"), want)
		}
	}
	for _, path := range []string{"/spip.php?article999", "/999", "/spip.php?page=article&id_article=abc", "/spip.php?%zz", "/article0.html"} {
		if resp, _ := a.get(t, path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", path, resp.StatusCode)
		}
	}
	// A renamed article keeps answering at its old address.
	old.Slug = "nouveau-nom"
	if err := a.st.UpdateArticle(ctx, old, 0); err != nil {
		t.Fatal(err)
	}
	if resp, _ := a.get(t, "/fr/importe-de-spip"); resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/fr/nouveau-nom" {
		t.Errorf("old slug: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestSearchPage(t *testing.T) {
	a := newApp(t, "sqlite")
	for _, tt := range []struct{ path, want string }{
		{"/fr/search?q=accessibilite", "<mark>"},
		{"/fr/search?q=donnees+ouvertes", "résultat"},
		{"/es/search?q=accesibilidad", "<mark>"},
		{"/en/search?q=translations", "<mark>"},
		{"/ar/search?q=" + url.QueryEscape("الدبلوماسية"), "<mark>"},
		{"/fr/search?q=zzzzqqq", "Aucun résultat"},
		{"/fr/search?q=%22unbalanced+AND+(", "Aucun résultat"},
		{"/fr/search", `id="search-page-q"`},
	} {
		resp, body := a.get(t, tt.path)
		if resp.StatusCode != 200 || !strings.Contains(body, tt.want) {
			t.Errorf("GET %s: %d, want %q in the page", tt.path, resp.StatusCode, tt.want)
		}
	}
}

func TestMediaServedSafely(t *testing.T) {
	a := newApp(t, "sqlite")
	resp, _ := a.get(t, "/media/demo/equipe-pole-web.jpg")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/jpeg" || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("image: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Security-Policy"))
	}
	for _, p := range []string{"/media/demo/", "/media/demo/x.svg", "/media/demo/x.html", "/media/.tmp-upload"} {
		if resp, _ := a.get(t, p); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, resp.StatusCode)
		}
	}
}

func TestViewsAreCounted(t *testing.T) {
	st := storetest.Open(t, "sqlite", func() time.Time { return fixedNow })
	if _, err := demo.Load(context.Background(), st, demo.Options{BaseURL: testBaseURL}); err != nil {
		t.Fatal(err)
	}
	rec := stats.NewRecorder(stats.Options{Now: func() time.Time { return fixedNow }, Random: strings.NewReader(strings.Repeat("k", 256)),
		OwnHosts: []string{"diplomatie.example"}})
	// The page cache is off: this test reads the counter as soon as it is
	// flushed, which cached pages show within pageMaxAge.
	h, err := site.New(site.Config{Store: st, Now: func() time.Time { return fixedNow }, Stats: rec, CacheBytes: -1})
	if err != nil {
		t.Fatal(err)
	}
	a := &app{h: h, st: st}
	firefox := "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0"
	a.get(t, "/fr/moderer-sans-censurer", "User-Agent", firefox, "Referer", "https://www.example.org/some/page")
	a.get(t, "/fr/moderer-sans-censurer", "User-Agent", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
	a.get(t, "/fr/nope", "User-Agent", firefox)
	a.get(t, "/fr/moderer-sans-censurer", "User-Agent", firefox, "Cookie", "depeche_session=staff")
	req := httptest.NewRequest("HEAD", "/fr/moderer-sans-censurer", nil)
	req.Header.Set("User-Agent", firefox)
	a.do(req)
	a.get(t, "/fr/feed.atom", "User-Agent", firefox)
	b := rec.Take()
	if len(b.Pages) != 1 || b.Pages[0].Views != 1 || b.Pages[0].ArticleID == 0 || b.Pages[0].Path != "/fr/moderer-sans-censurer" {
		t.Fatalf("pages counted: %+v (only the browser's GET of the article should count)", b.Pages)
	}
	if len(b.Referrers) != 1 || b.Referrers[0].Key != "example.org" {
		t.Errorf("referrers: %+v", b.Referrers)
	}
	// The "in figures" page draws what was counted.
	if err := st.AddStats(context.Background(), stats.Batch{Visitors: []stats.VisitorCount{{Day: "2026-11-29", SiteID: 1, Visitors: 1234}}}); err != nil {
		t.Fatal(err)
	}
	_, figures := a.get(t, "/en/in-figures")
	if !strings.Contains(figures, "Visitors this month: 1,234") || !strings.Contains(figures, `<rect class="chart__bar"`) ||
		!strings.Contains(figures, "<th scope=\"row\">November 2026</th><td>1,234</td>") {
		t.Errorf("the figures page does not show the month's 1,234 visitors")
	}
	// The flush reaches the article's public counter.
	_, before := a.get(t, "/fr/moderer-sans-censurer")
	if err := st.AddStats(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	_, after := a.get(t, "/fr/moderer-sans-censurer")
	if !strings.Contains(before, "12\u202f220 vues") || !strings.Contains(after, "12\u202f221 vues") {
		t.Errorf("the view counter did not move from 12 220 to 12 221")
	}
	// A site may count each language version on its own.
	site, _ := st.SiteByHost(context.Background(), "")
	site.ViewsPerLanguage = true
	if err := st.UpdateSite(context.Background(), site); err != nil {
		t.Fatal(err)
	}
	if _, own := a.get(t, "/fr/moderer-sans-censurer"); !strings.Contains(own, "8\u202f976 vues") {
		t.Errorf("per-language counter: want the French version's own 8 976 views")
	}
}

func TestCommentGuard(t *testing.T) {
	a := newApp(t, "sqlite")
	ctx := context.Background()
	path := "/fr/moderer-sans-censurer"
	site, _ := a.st.SiteByHost(ctx, "")
	art, _ := a.st.ArticleBySlug(ctx, site.ID, "fr", "moderer-sans-censurer")
	statusOf := func(body string) comment.Status {
		all, _ := a.st.Thread(ctx, store.ThreadQuery{SiteID: site.ID, GroupID: art.GroupID,
			Statuses: []comment.Status{comment.Pending, comment.Spam, comment.Published, comment.Rejected}})
		for _, c := range all {
			if c.Body == body {
				return c.Status
			}
		}
		return ""
	}
	form := func(msg string, extra ...string) url.Values {
		v := url.Values{"name": {"Ana"}, "email": {"ana@example.net"}, "message": {msg}}
		for i := 0; i+1 < len(extra); i += 2 {
			v.Set(extra[i], extra[i+1])
		}
		return v
	}
	// A forged token is refused, with the text kept.
	resp, body := a.post(t, path, form("Un message au jeton forgé.", "sig", "forged"))
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Un message au jeton forgé.") {
		t.Errorf("forged token: %d", resp.StatusCode)
	}
	// A honeypot filled: kept as spam; the sender sees the usual answer.
	resp, _ = a.post(t, path, form("Un message de robot tout à fait banal.", "homepage", "http://spam.example"))
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "comment=pending") {
		t.Errorf("honeypot: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if st := statusOf("Un message de robot tout à fait banal."); st != comment.Spam {
		t.Errorf("honeypot message status %q, want spam", st)
	}
	// The same text twice in a thread is refused the second time.
	a.post(t, path, form("Une remarque qui ne vaut qu'une fois."))
	resp, _ = a.post(t, path, form("Une remarque qui ne vaut qu'une fois."))
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("duplicate: %d", resp.StatusCode)
	}
	// Three messages a minute from one address (the honeypot one, the first
	// remark, this one), then a pause is required.
	if resp, _ := a.post(t, path, form("Troisième message de la minute.")); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("third message: %d", resp.StatusCode)
	}
	resp, _ = a.post(t, path, form("Quatrième message de la minute."))
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Errorf("fourth message in a minute: %d", resp.StatusCode)
	}
	// Another address elsewhere still posts.
	page := httptest.NewRequest("GET", path, nil)
	_, html := a.do(page)
	v := form("Un lecteur ailleurs peut toujours écrire.")
	for _, m := range tokenRE.FindAllStringSubmatch(html, -1) {
		v.Set(m[1], m[2])
	}
	req := httptest.NewRequest("POST", path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = "203.0.113.50:4444"
	if resp, _ := a.do(req); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a reader on another network: %d", resp.StatusCode)
	}
	// No address is stored: only keyed hashes.
	all, _ := a.st.Thread(ctx, store.ThreadQuery{SiteID: site.ID, GroupID: art.GroupID, Statuses: []comment.Status{comment.Pending, comment.Spam}})
	for _, c := range all {
		if strings.Contains(c.IPHash, "192.0.2") || strings.Contains(c.IPHash, "203.0.113") {
			t.Errorf("an address is stored: %q", c.IPHash)
		}
	}
}

// TestCommentTooFast uses the real minimum fill time on a clock that moves.
func TestCommentTooFast(t *testing.T) {
	now := fixedNow
	st := storetest.Open(t, "sqlite", func() time.Time { return now })
	if _, err := demo.Load(context.Background(), st, demo.Options{BaseURL: testBaseURL}); err != nil {
		t.Fatal(err)
	}
	h, err := site.New(site.Config{Store: st, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	a := &app{h: h, st: st}
	path := "/fr/moderer-sans-censurer"
	_, page := a.get(t, path)
	send := func() int {
		v := url.Values{"name": {"Ana"}, "email": {"ana@example.net"}, "message": {"Un message écrit trop vite ou pas."}}
		for _, m := range tokenRE.FindAllStringSubmatch(page, -1) {
			v.Set(m[1], m[2])
		}
		req := httptest.NewRequest("POST", path, strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, _ := a.do(req)
		return resp.StatusCode
	}
	now = fixedNow.Add(time.Second)
	if got := send(); got != http.StatusUnprocessableEntity {
		t.Errorf("posted one second after the form was served: %d, want 422", got)
	}
	now = fixedNow.Add(30 * time.Second)
	if got := send(); got != http.StatusSeeOther {
		t.Errorf("posted after thirty seconds: %d, want 303", got)
	}
	now = fixedNow.Add(25 * time.Hour)
	if got := send(); got != http.StatusUnprocessableEntity {
		t.Errorf("posted a day later: %d, want 422", got)
	}
}

func TestClientAddressBehindProxies(t *testing.T) {
	st := storetest.Open(t, "sqlite", nil)
	h, err := site.New(site.Config{Store: st, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ peer, xff, want string }{
		{"203.0.113.9:1", "198.51.100.1", "203.0.113.9"},                  // an untrusted peer's header is ignored
		{"10.0.0.2:1", "198.51.100.1", "198.51.100.1"},                    // from the load balancer
		{"10.0.0.2:1", "6.6.6.6, 198.51.100.1, 10.0.0.3", "198.51.100.1"}, // forged first hop skipped
		{"10.0.0.2:1", "garbage", "10.0.0.2"},
		{"10.0.0.2:1", "", "10.0.0.2"},
	} {
		req := httptest.NewRequest("GET", "/", nil)
		req.RemoteAddr = tt.peer
		if tt.xff != "" {
			req.Header.Set("X-Forwarded-For", tt.xff)
		}
		if got := h.ClientIPForTest(req); got != tt.want {
			t.Errorf("peer %s, XFF %q: %s, want %s", tt.peer, tt.xff, got, tt.want)
		}
	}
}
