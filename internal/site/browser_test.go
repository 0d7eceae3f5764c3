package site_test

// The reader site as readers and their tools meet it: the whole application
// on a fresh SQLite store with the demo site, served on a local port, driven
// by Debian's Chromium (through chromedp), audited with axe-core and checked
// with the Nu HTML Checker (vnu).
//
// The tools come from .ci/install-checkers.sh. When one is missing the
// checks that need it are skipped with the reason, except under CI=true,
// where they fail.
//
//	bash .ci/install-checkers.sh
//	go test -run 'Browser|VnuHTML' -v ./internal/site/
//
// TestBrowser starts one browser for all its subtests: the reader checks,
// then one axe audit per page type (TestBrowser/Axe/...), then the check that
// no page asked anything of another host. TestVnuHTML runs vnu once on the
// HTML of every page type.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"depeche/internal/demo"
	"depeche/internal/server"
	"depeche/internal/site"
	"depeche/internal/store/storetest"
)

// testNow is the clock of the site under test: after every demo article's
// publication, so the pages never change with the day the tests run.
func testNow() time.Time { return time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC) }

const (
	moderationFR = "/fr/moderer-sans-censurer"
	moderationEN = "/en/moderating-without-censoring"

	// actionTimeout bounds one browser step, so a page that never loads
	// fails its subtest instead of hanging the run.
	actionTimeout = 30 * time.Second
)

// checkedPage is a page type of the demo site that axe and vnu must pass.
type checkedPage struct {
	name   string // the subtest name, and the file name of its HTML for vnu
	path   string
	post   bool // submit the article's comment form empty instead of GET
	status int
}

// checkedPages has every page type of the reader site. The articles are
// chosen to cover what pages can show: a comment thread and form (fr), an
// outdated translation with an image, a table and footnotes (en), a
// figure with a table (es), a video placeholder in Arabic (ar).
var checkedPages = []checkedPage{
	{name: "home-fr", path: "/fr/", status: http.StatusOK},
	{name: "home-ar", path: "/ar/", status: http.StatusOK},
	{name: "article-fr", path: moderationFR, status: http.StatusOK},
	{name: "article-en", path: "/en/what-our-accessibility-audit-taught-us", status: http.StatusOK},
	{name: "article-es", path: "/es/tres-anos-de-datos-abiertos", status: http.StatusOK},
	{name: "article-ar", path: "/ar/saa-mubashira-maa-al-safira-fi-al-ribat", status: http.StatusOK},
	{name: "article-fr-form-errors", path: moderationFR, post: true, status: http.StatusUnprocessableEntity},
	{name: "section-fr", path: "/fr/rubrique/dialogue-en-ligne", status: http.StatusOK},
	{name: "keyword-fr", path: "/fr/mot/moderation", status: http.StatusOK},
	{name: "author-fr", path: "/fr/auteur/karim-benali", status: http.StatusOK},
	{name: "sitemap-fr", path: "/fr/plan-du-site", status: http.StatusOK},
	{name: "legal-fr", path: "/fr/mentions-legales", status: http.StatusOK},
	{name: "accessibility-fr", path: "/fr/accessibilite", status: http.StatusOK},
	{name: "search-fr", path: "/fr/search?q=accessibilite", status: http.StatusOK},
	{name: "figures-fr", path: "/fr/en-chiffres", status: http.StatusOK},
	{name: "figures-ar", path: "/ar/in-figures", status: http.StatusOK},
	{name: "privacy-es", path: "/es/privacidad", status: http.StatusOK},
	{name: "not-found-fr", path: "/fr/cette-page-n-existe-pas", status: http.StatusNotFound},
}

// startApp builds the whole application as `depeche serve --demo` does, on
// a fresh SQLite store, and serves it on a local port. The demo needs the
// base URL, known only once the listener is open, so it is loaded after
// Start: the site is read from the store on each request.
func startApp(t *testing.T) *httptest.Server {
	t.Helper()
	st := storetest.Open(t, "sqlite", nil)
	media := t.TempDir()
	logger := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	siteHandler, err := site.New(site.Config{Store: st, Log: logger, MediaDir: media, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(server.New(st, logger, server.Routes{Site: siteHandler}).Handler())
	srv.Start()
	t.Cleanup(srv.Close)
	_, err = demo.Load(t.Context(), st, demo.Options{BaseURL: srv.URL, AdminEmail: "admin@example.org", AdminPasswordHash: "unused",
		MediaWriter: func(p string, data []byte) error {
			full := filepath.Join(media, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				return err
			}
			return os.WriteFile(full, data, 0o644)
		}})
	if err != nil {
		t.Fatalf("loading the demo site: %v", err)
	}
	return srv
}

// --- the tools ---

// missingTool skips the test, or fails it under CI=true, where every check
// must run.
func missingTool(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...) + ": run .ci/install-checkers.sh"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// checkersDir is where .ci/install-checkers.sh puts axe-core and vnu-jar.
func checkersDir() string {
	if d := os.Getenv("DEPECHE_CHECKERS"); d != "" {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(".cache", "depeche-checkers")
	}
	return filepath.Join(home, ".cache", "depeche-checkers")
}

func chromiumPath(t *testing.T) string {
	t.Helper()
	p := os.Getenv("DEPECHE_CHROMIUM")
	if p == "" {
		p = "/usr/bin/chromium"
	}
	if _, err := os.Stat(p); err != nil {
		missingTool(t, "Chromium not found at %s (DEPECHE_CHROMIUM names another)", p)
	}
	return p
}

func axeSource(t *testing.T) string {
	t.Helper()
	p := filepath.Join(checkersDir(), "node_modules", "axe-core", "axe.min.js")
	src, err := os.ReadFile(p)
	if err != nil {
		missingTool(t, "axe-core not found at %s", p)
	}
	return string(src)
}

func vnuCommand(t *testing.T) (java, jar string) {
	t.Helper()
	java, err := exec.LookPath("java")
	if err != nil {
		missingTool(t, "java not found on PATH")
	}
	jar = filepath.Join(checkersDir(), "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	if _, err := os.Stat(jar); err != nil {
		missingTool(t, "vnu.jar not found at %s", jar)
	}
	return java, jar
}

// --- the browser ---

// browser is one headless Chromium with one tab, which records every
// request the pages make.
type browser struct {
	ctx    context.Context // the tab
	origin string          // http://127.0.0.1:port of the test server
	host   string          // 127.0.0.1:port

	mu       sync.Mutex
	local    int      // requests to the test server
	foreign  []string // anything asked of another host, and by which page
	problems []string // script errors and console errors, for the log
}

func startBrowser(t *testing.T, chromium, origin string) *browser {
	t.Helper()
	u, err := url.Parse(origin)
	if err != nil {
		t.Fatal(err)
	}
	var output lockedBuffer
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox, // root in CI
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		// No host name resolves, so a page that asks another host is
		// reported below and never reaches the network.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE "+u.Hostname()),
		chromedp.Flag("dns-prefetch-disable", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(&output),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { // before the user data folder is removed
		cancelTab()
		cancelAlloc()
	})
	// The first Do ties the browser's life to ctx, so it cannot carry a
	// timeout of its own: a watchdog stops a browser that never starts.
	watchdog := time.AfterFunc(60*time.Second, cancelAlloc)
	err = chromedp.Do(ctx)
	watchdog.Stop()
	if err != nil {
		t.Fatalf("starting %s: %v\n%s", chromium, err, output.String())
	}
	b := &browser{ctx: ctx, origin: origin, host: u.Host}
	if err := chromedp.Listen(ctx, b.onEvent); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.ListenBrowser(ctx, b.onEvent); err != nil {
		t.Fatal(err)
	}
	b.do(t, chromedp.EmulateViewport(1280, 900))
	b.colorScheme(t, "light")
	return b
}

// onEvent runs in the loop that reads the browser's messages: it only
// records.
func (b *browser) onEvent(ev any) {
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		b.noteRequest(ev.Request.URL, ev.DocumentURL)
	case *network.EventWebSocketCreated:
		b.noteRequest(ev.URL, "a WebSocket")
	case *target.EventTargetCreated:
		b.noteTarget(ev.TargetInfo)
	case *target.EventTargetInfoChanged:
		b.noteTarget(ev.TargetInfo)
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text = d.Exception.Description
		}
		b.noteProblem(fmt.Sprintf("script error at %s:%d: %s", d.URL, d.LineNumber+1, text))
	case *log.EventEntryAdded:
		// Network entries are HTTP statuses, which the checks test.
		if ev.Entry.Level == log.EntryLevelError && ev.Entry.Source != log.EntrySourceNetwork {
			b.noteProblem(fmt.Sprintf("console %s error: %s (%s)", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
		}
	}
}

// noteTarget catches frames and workers on other hosts, whose requests the
// tab's network events do not show (a cross-site frame is a target of its
// own).
func (b *browser) noteTarget(info *target.Info) {
	if info == nil {
		return
	}
	switch info.Type {
	case "page", "iframe", "worker", "shared_worker", "service_worker":
		b.noteRequest(info.URL, "a "+info.Type+" target")
	}
}

func (b *browser) noteRequest(raw, from string) {
	if raw == "" {
		return
	}
	u, err := url.Parse(raw)
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case err == nil && (u.Scheme == "data" || u.Scheme == "blob" || u.Scheme == "about"):
		// Nothing leaves the browser.
	case err == nil && slices.Contains([]string{"http", "https", "ws", "wss"}, u.Scheme) && u.Host == b.host:
		b.local++
	default:
		b.foreign = append(b.foreign, fmt.Sprintf("%s (asked by %s)", raw, from))
	}
}

func (b *browser) noteProblem(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.problems = append(b.problems, s)
}

// do runs browser steps with a timeout.
func (b *browser) do(t *testing.T, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// open loads a page of the test server and checks its status.
func (b *browser) open(t *testing.T, path string, status int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(b.origin+path))
	if err != nil {
		t.Fatalf("opening %s: %v", path, err)
	}
	if int(resp.Status) != status {
		t.Fatalf("opening %s: status %d, want %d", path, resp.Status, status)
	}
}

// await runs a step that makes the page navigate, waits for the new page
// and checks its status.
func (b *browser) await(t *testing.T, what string, status int, step chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, step)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if int(resp.Status) != status {
		t.Fatalf("%s: status %d, want %d", what, resp.Status, status)
	}
}

// colorScheme sets prefers-color-scheme for the next pages.
func (b *browser) colorScheme(t *testing.T, scheme string) {
	t.Helper()
	b.do(t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
		return err
	}))
}

// evalJS evaluates a script in the current page and decodes its result.
func evalJS[T any](t *testing.T, b *browser, script string, opts ...chromedp.EvaluateOption) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](script, opts...))
	if err != nil {
		t.Fatalf("script failed: %v\n%s", err, abbreviate(script, 300))
	}
	return v
}

// screenshot saves the viewport as testdata/artifacts/NAME.png.
func (b *browser) screenshot(t *testing.T, name string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return ""
	}
	dir := filepath.Join("testdata", "artifacts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// --- the reader checks ---

func TestBrowser(t *testing.T) {
	chromium := chromiumPath(t)
	srv := startApp(t)
	b := startBrowser(t, chromium, srv.URL)

	t.Run("SkipLinkFirst", func(t *testing.T) {
		b.open(t, moderationFR, http.StatusOK)
		b.do(t, chromedp.KeyEvent(kb.Tab))
		got := evalJS[struct {
			First, InSkipLinks, InViewport bool
			Tag, Text                      string
		}](t, b, `(() => {
			const el = document.activeElement;
			const r = el.getBoundingClientRect();
			return {
				First: el === document.querySelector("nav.skip-links a"),
				InSkipLinks: !!el.closest("nav.skip-links"),
				InViewport: r.width > 1 && r.height > 1 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
				Tag: el.tagName, Text: el.textContent.trim(),
			};
		})()`)
		if !got.First || got.Text != "Aller au contenu" {
			t.Fatalf("after one Tab the focus is on <%s> %q (the first link of nav.skip-links: %v, inside it: %v), want the link \"Aller au contenu\"",
				strings.ToLower(got.Tag), got.Text, got.First, got.InSkipLinks)
		}
		if !got.InViewport {
			t.Errorf("the focused skip link is not visible on screen (WCAG 2.4.7): it must show when it has the focus")
		}
	})

	t.Run("LanguageMenu", func(t *testing.T) {
		b.open(t, moderationFR, http.StatusOK)
		link := `nav.lang-menu a[hreflang="en"]`
		if text := evalJS[string](t, b, `(document.querySelector(`+jsString(link)+`) || {textContent: ""}).textContent.trim()`); text != "English" {
			t.Fatalf("%s: text %q, want a link \"English\" in the language menu", link, text)
		}
		b.await(t, "following the English link", http.StatusOK, chromedp.Click(chromedp.CSS(link)))
		got := evalJS[struct{ Path, Lang string }](t, b, `({Path: location.pathname, Lang: document.documentElement.lang})`)
		if got.Path != moderationEN || got.Lang != "en" {
			t.Fatalf("the English link led to %s with <html lang=%q>, want %s with lang=\"en\"", got.Path, got.Lang, moderationEN)
		}
	})

	t.Run("RightToLeft", func(t *testing.T) {
		b.open(t, "/ar/", http.StatusOK)
		got := evalJS[struct {
			Dir, Direction string
			Found          bool
			Left, Right    float64
			Width          float64
		}](t, b, `(() => {
			const el = document.querySelector(".site-name a") || document.querySelector(".site-name");
			const r = el ? el.getBoundingClientRect() : {left: 0, right: 0};
			return {Dir: document.documentElement.getAttribute("dir") || "", Direction: getComputedStyle(document.documentElement).direction,
				Found: !!el, Left: r.left, Right: r.right, Width: document.documentElement.clientWidth};
		})()`)
		shot := b.screenshot(t, "rtl-home-ar")
		t.Logf("screenshot: %s", shot)
		if got.Dir != "rtl" || got.Direction != "rtl" {
			t.Errorf(`/ar/: <html dir=%q>, computed direction %q, want "rtl"`, got.Dir, got.Direction)
		}
		if !got.Found {
			t.Fatal("/ar/: no .site-name")
		}
		if centre := (got.Left + got.Right) / 2; centre <= got.Width/2 {
			t.Errorf("/ar/: the site name spans x=%.0f–%.0f of a %.0f px wide page: its centre should be in the right half", got.Left, got.Right, got.Width)
		}
	})

	t.Run("ShareLinks", func(t *testing.T) {
		b.open(t, moderationFR, http.StatusOK)
		type block struct {
			Before, After                                         bool
			Facebook, X, LinkedIn, Bluesky, Mastodon, Email, Copy bool
		}
		got := evalJS[struct {
			HasBody bool
			Blocks  []block
		}](t, b, `(() => {
			const body = document.querySelector(".article__body");
			const canonical = location.origin + location.pathname;
			const shares = (s, prefix) => [...s.querySelectorAll("a[href]")].some(a =>
				a.href.startsWith(prefix) && decodeURIComponent(a.href).includes(canonical));
			return {HasBody: !!body, Blocks: [...document.querySelectorAll(".share")].map(s => ({
				Before: !!body && !!(s.compareDocumentPosition(body) & Node.DOCUMENT_POSITION_FOLLOWING) && !s.contains(body),
				After: !!body && !!(s.compareDocumentPosition(body) & Node.DOCUMENT_POSITION_PRECEDING) && !body.contains(s),
				Facebook: shares(s, "https://www.facebook.com/"),
				X: shares(s, "https://x.com/") || shares(s, "https://twitter.com/"),
				LinkedIn: shares(s, "https://www.linkedin.com/"),
				Bluesky: shares(s, "https://bsky.app/"),
				Mastodon: [...s.querySelectorAll("a, button, summary, form")].some(e => /mastodon/i.test(e.textContent + " " + (e.getAttribute("action") || ""))),
				Email: shares(s, "mailto:"),
				Copy: !!s.querySelector("[data-copy], .share__copy"),
			}))};
		})()`)
		if !got.HasBody {
			t.Fatal("no .article__body on the article page")
		}
		if len(got.Blocks) != 2 {
			t.Fatalf("%d .share blocks on the article, want 2 (before and after the body)", len(got.Blocks))
		}
		for i, want := range []struct {
			place         string
			before, after bool
		}{{"top", true, false}, {"foot", false, true}} {
			bl := got.Blocks[i]
			if bl.Before != want.before || bl.After != want.after {
				t.Errorf("share block %d (%s): before the body %v, after it %v", i+1, want.place, bl.Before, bl.After)
			}
			for name, ok := range map[string]bool{"Facebook": bl.Facebook, "X": bl.X, "LinkedIn": bl.LinkedIn, "Bluesky": bl.Bluesky,
				"Mastodon": bl.Mastodon, "e-mail": bl.Email, "copy": bl.Copy} {
				if !ok {
					t.Errorf("share block %d (%s): no %s link (to this article's address)", i+1, want.place, name)
				}
			}
		}
	})

	t.Run("CommentThread", func(t *testing.T) {
		b.open(t, moderationFR, http.StatusOK)
		depth := evalJS[int](t, b, `(() => {
			let deepest = 0;
			for (const li of document.querySelectorAll("li.comment")) {
				let d = 0;
				for (let el = li; el && el.matches("li.comment") && el.parentElement && el.parentElement.matches("ol.comments__list"); ) {
					d++;
					el = el.parentElement.parentElement ? el.parentElement.parentElement.closest("li.comment") : null;
				}
				deepest = Math.max(deepest, d);
			}
			return deepest;
		})()`)
		if depth < 3 {
			t.Fatalf("the deepest reply on %s is at level %d, want replies nested 3 levels deep (li.comment in ol.comments__list in li.comment)", moderationFR, depth)
		}
	})

	t.Run("Axe", func(t *testing.T) {
		axe := axeSource(t)
		for _, p := range checkedPages {
			t.Run(p.name, func(t *testing.T) {
				if p.post {
					// The server's answer is what is audited, whatever a
					// script would check first: submit() skips handlers.
					b.open(t, p.path, http.StatusOK)
					b.await(t, "submitting the empty comment form", p.status,
						chromedp.Evaluate[chromedp.Void](`document.querySelector("form.comment-form").submit()`))
					if !evalJS[bool](t, b, `!!document.querySelector(".error-summary, [aria-invalid=true]")`) {
						t.Fatal("the answer to an empty comment shows no errors")
					}
				} else {
					b.open(t, p.path, p.status)
				}
				b.audit(t, axe, p.name)
			})
		}
		t.Run("dark/article-fr", func(t *testing.T) {
			b.colorScheme(t, "dark")
			defer b.colorScheme(t, "light")
			b.open(t, moderationFR, http.StatusOK)
			if !evalJS[bool](t, b, `matchMedia("(prefers-color-scheme: dark)").matches`) {
				t.Fatal("the dark colour scheme is not in effect")
			}
			b.audit(t, axe, "dark-article-fr")
		})
	})

	t.Run("OnlyTestServer", func(t *testing.T) {
		// Checks everything the subtests above loaded, and at least this.
		b.open(t, moderationFR, http.StatusOK)
		b.mu.Lock()
		defer b.mu.Unlock()
		if b.local == 0 {
			t.Fatal("no request to the test server was seen: the request log does not work")
		}
		if len(b.foreign) > 0 {
			t.Errorf("the pages asked other hosts than the test server %s:\n  %s", b.host, strings.Join(b.foreign, "\n  "))
		}
		for _, p := range b.problems {
			t.Log(p)
		}
	})
}

// --- axe ---

// axeTags are the rules run: WCAG 2.1 levels A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

type axeResults struct {
	Violations []axeRule `json:"violations"`
	Incomplete []axeRule `json:"incomplete"`
	Passes     int       `json:"passes"`
}

type axeRule struct {
	ID      string    `json:"id"`
	Impact  string    `json:"impact"`
	Help    string    `json:"help"`
	HelpURL string    `json:"helpUrl"`
	Nodes   []axeNode `json:"nodes"`
}

type axeNode struct {
	Target  []string `json:"target"`
	HTML    string   `json:"html"`
	Summary string   `json:"summary"`
}

// audit runs axe-core on the current page and fails on any violation.
func (b *browser) audit(t *testing.T, axe, name string) {
	t.Helper()
	if !evalJS[bool](t, b, `typeof axe === "object"`) {
		evalJS[chromedp.Void](t, b, axe)
	}
	tags, _ := json.Marshal(axeTags)
	res := evalJS[axeResults](t, b, `(async () => {
		const r = await axe.run(document, {runOnly: {type: "tag", values: `+string(tags)+`}, resultTypes: ["violations", "incomplete"]});
		const rule = v => ({id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
			nodes: v.nodes.map(n => ({target: n.target.map(String), html: n.html, summary: n.failureSummary || ""}))});
		return {violations: r.violations.map(rule), incomplete: r.incomplete.map(rule), passes: r.passes.length};
	})()`, chromedp.EvalAwaitPromise)
	if res.Passes == 0 {
		t.Fatal("axe passed no rule at all: it did not audit the page")
	}
	for _, r := range res.Incomplete {
		var where []string
		for _, n := range r.Nodes {
			where = append(where, strings.Join(n.Target, " "))
		}
		t.Logf("axe could not decide %s (%s), to review by hand: %s", r.ID, r.Help, strings.Join(where, ", "))
	}
	if len(res.Violations) == 0 {
		return
	}
	var msg strings.Builder
	fmt.Fprintf(&msg, "%s: %d axe violation(s) (%s)", b.currentURL(t), len(res.Violations), strings.Join(axeTags, ", "))
	for _, v := range res.Violations {
		fmt.Fprintf(&msg, "\n[%s] %s: %s (%s)", v.Impact, v.ID, v.Help, v.HelpURL)
		for i, n := range v.Nodes {
			if i == 5 {
				fmt.Fprintf(&msg, "\n    … and %d more", len(v.Nodes)-i)
				break
			}
			fmt.Fprintf(&msg, "\n    %s  %s\n      %s", strings.Join(n.Target, " "), abbreviate(n.HTML, 160),
				strings.ReplaceAll(abbreviate(n.Summary, 400), "\n", "\n      "))
		}
	}
	if shot := b.screenshot(t, "axe-"+name); shot != "" {
		fmt.Fprintf(&msg, "\nscreenshot: %s", shot)
	}
	t.Error(msg.String())
}

func (b *browser) currentURL(t *testing.T) string {
	t.Helper()
	return strings.TrimPrefix(evalJS[string](t, b, `location.href`), b.origin)
}

// --- vnu ---

// TestVnuHTML checks the HTML of every page type with the Nu HTML Checker,
// in one run of the checker for all of them: the JVM is slow to start.
func TestVnuHTML(t *testing.T) {
	java, jar := vnuCommand(t)
	srv := startApp(t)
	client := &http.Client{Timeout: actionTimeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	dir := t.TempDir()
	var files []string
	for _, p := range checkedPages {
		var resp *http.Response
		var err error
		if p.post {
			resp, err = client.PostForm(srv.URL+p.path, url.Values{})
		} else {
			resp, err = client.Get(srv.URL + p.path)
		}
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != p.status {
			t.Errorf("%s %s: status %d, want %d", map[bool]string{false: "GET", true: "POST"}[p.post], p.path, resp.StatusCode, p.status)
		}
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("%s: Content-Type %q, want text/html", p.path, ct)
			continue
		}
		f := filepath.Join(dir, p.name+".html")
		if err := os.WriteFile(f, body, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}

	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, java, append([]string{"-jar", jar, "--errors-only", "--format", "json", "--stdout"}, files...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run() // exits 1 when it found errors: the report says which
	var report struct {
		Messages []struct {
			Type     string `json:"type"`
			SubType  string `json:"subType"`
			URL      string `json:"url"`
			LastLine int    `json:"lastLine"`
			FirstCol int    `json:"firstColumn"`
			LastCol  int    `json:"lastColumn"`
			Message  string `json:"message"`
			Extract  string `json:"extract"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &report); err != nil {
		t.Fatalf("vnu: %v; unreadable report (%v):\n%s\n%s", runErr, err, abbreviate(stdout.String(), 2000), abbreviate(stderr.String(), 2000))
	}
	pathOf := map[string]string{}
	for _, p := range checkedPages {
		pathOf[p.name] = map[bool]string{false: "GET ", true: "POST "}[p.post] + p.path
	}
	errorsIn := map[string][]string{}
	var order []string
	for _, m := range report.Messages {
		if m.Type == "info" { // warnings, if --errors-only ever lets one through
			continue
		}
		name := strings.TrimSuffix(filepath.Base(strings.TrimPrefix(m.URL, "file:")), ".html")
		if _, ok := errorsIn[name]; !ok {
			order = append(order, name)
		}
		line := fmt.Sprintf("line %d: %s", m.LastLine, m.Message)
		if m.Type != "error" {
			line = m.Type + ": " + line
		}
		if ex := strings.TrimSpace(m.Extract); ex != "" {
			line += "\n      " + abbreviate(strings.Join(strings.Fields(ex), " "), 160)
		}
		errorsIn[name] = append(errorsIn[name], line)
	}
	if len(order) == 0 && runErr != nil {
		t.Fatalf("vnu failed without reporting an error: %v\n%s", runErr, abbreviate(stderr.String(), 2000))
	}
	for _, name := range order {
		t.Errorf("vnu: %s.html (%s): %d error(s)\n    %s", name, pathOf[name], len(errorsIn[name]), strings.Join(errorsIn[name], "\n    "))
	}
}

// --- small helpers ---

// lockedBuffer collects the browser's output from its goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func abbreviate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
