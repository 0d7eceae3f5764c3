package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golang.org/x/net/html"

	"depeche/internal/content"
	"depeche/internal/mail/mailtest"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
)

// visibleWithin is the bound: a change saved through one process is
// served by every other within a second. It is the requirement, not a
// tolerance to widen on a slow machine; start-up timeouts are what is
// generous.
const visibleWithin = time.Second

const nodesAdminPassword = "a long enough password for two nodes"

// TestTwoProcessesOnePostgres runs two real server processes on one
// PostgreSQL schema, as two machines behind a load balancer would:
//
//   - a title saved through node A's back office is served by node B,
//     which had the page cached, within a second;
//   - readers spread over both keep getting 200 from B while A is killed
//     with SIGKILL under load;
//   - with A gone, B still hears changes made by another process;
//   - a scheduled publication goes live once and a queued mail is sent
//     once, although both processes run the scheduler and the mailer.
func TestTwoProcessesOnePostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the server and runs two processes of it")
	}
	// Before the build: without PostgreSQL there is nothing to run (under
	// CI=true, storetest fails instead of skipping).
	dbURL := storetest.PostgresSchema(t)
	ctx := context.Background()
	bin := filepath.Join(t.TempDir(), "depeche")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	smtp := mailtest.NewServer(t, mailtest.WithoutSTARTTLS())
	// One media folder for both, as shared storage would be; each node
	// signs its mail with its own sender so the test can tell who sent what.
	data := t.TempDir()
	common := []string{"serve", "--demo", "--database", dbURL, "--data", data,
		"--smtp-host", smtp.Host(), "--smtp-port", strconv.Itoa(smtp.Port()), "--smtp-starttls", "none"}

	// 1. A fills the empty database with the demo; B comes up on the same
	// database with --demo too, which must leave the filled one alone.
	a := startNode(t, bin, "A", slices.Concat(common, []string{"--smtp-from", "Node A <a@nodes.test>"}))
	st, err := store.Open(ctx, store.Config{DatabaseURL: dbURL})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	site, err := st.SiteByHost(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	frBefore, err := st.ArticlesInLanguage(ctx, site.ID, "fr")
	if err != nil {
		t.Fatal(err)
	}
	b := startNode(t, bin, "B", slices.Concat(common, []string{"--smtp-from", "Node B <b@nodes.test>"}))
	if n, err := st.CountSites(ctx); err != nil || n != 1 {
		t.Fatalf("after B started with --demo: %d sites (%v), want the one A created", n, err)
	}
	if n, _ := st.ArticlesInLanguage(ctx, site.ID, "fr"); n != frBefore {
		t.Fatalf("B's --demo changed the French articles: %d, was %d", n, frBefore)
	}

	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	token := randomToken(t)
	art, err := st.ArticleBySlug(ctx, site.ID, "fr", "moderer-sans-censurer")
	if err != nil {
		t.Fatal(err)
	}
	articlePath := "/fr/" + art.Slug
	sectionPath := ""
	sections, err := st.Sections(ctx, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sections {
		if s.ID == art.SectionID {
			sectionPath = "/fr/rubrique/" + s.Texts["fr"].Slug
		}
	}
	if sectionPath == "" {
		t.Fatalf("section %d of the article not found", art.SectionID)
	}
	readers := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 32},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	// Mail waits in the outbox for the mailers of both nodes, which tick
	// every 10 s: queued now, it is checked once step 5 has waited anyway.
	const mails = 30 // more than one mailer tick takes (20), so both nodes claim
	for i := range mails {
		if err := st.QueueMail(ctx, store.Mail{Recipient: fmt.Sprintf("lecteur%02d@nodes.test", i), Subject: "Essai " + token,
			Body: "Un message, un envoi.", Language: "fr", Kind: "two-nodes-test"}); err != nil {
			t.Fatal(err)
		}
	}

	// 2. Publish on A, read on B.
	for range 2 {
		if status, _, err := get(readers, b.base+articlePath); err != nil || status != 200 {
			t.Fatalf("B %s: %d %v", articlePath, status, err)
		}
	}
	// Proof that B answers from its cache, so that what follows tests
	// invalidation and not a fresh render per request: a title written
	// behind the store's back (no announcement) is what a fresh render
	// shows, and B must not show it.
	silent := "Titre silencieux " + token
	if _, err := db.ExecContext(ctx, `UPDATE articles SET title = $1 WHERE id = $2`, silent, art.ID); err != nil {
		t.Fatal(err)
	}
	admin := signIn(t, a.base)
	if status, page, err := get(admin, a.base+articlePath); err != nil || status != 200 || !strings.Contains(page, silent) {
		t.Fatalf("a fresh render on A (staff session) does not show the silent title: %d %v", status, err)
	}
	if _, page, err := get(readers, b.base+articlePath); err != nil || strings.Contains(page, silent) {
		t.Fatalf("B rendered the page again instead of serving its cached copy (%v)", err)
	}
	published := "Titre publié sur le nœud A " + token
	saveTitle(t, admin, a.base, art.ID, published)
	saved := time.Now()
	seen := waitServed(t, readers, b.base+articlePath, published, saved)
	t.Logf("title saved through A's back office, served by B after %v", seen.Round(time.Millisecond))
	if _, page, err := get(readers, a.base+articlePath); err != nil || !strings.Contains(page, published) {
		t.Errorf("A does not serve its own change (%v)", err)
	}

	// 5. Jobs run once cluster-wide. An article due in a few seconds, with
	// the scheduler running in both nodes. (Scheduled only now: its going
	// live announces its section and lists, which would have let B drop
	// the page whose caching step 2 proves.)
	group := &content.TranslationGroup{SiteID: site.ID, SourceLanguage: "fr"}
	if err := st.CreateGroup(ctx, group); err != nil {
		t.Fatal(err)
	}
	scheduled := &content.Article{SiteID: site.ID, GroupID: group.ID, SectionID: art.SectionID, Language: "fr", Status: content.Draft,
		Slug: "annonce-programmee-" + token, Title: "Annonce programmée " + token, Body: "Publiée par le planificateur, une seule fois.",
		AuthorIDs: art.AuthorIDs}
	if err := st.CreateArticle(ctx, scheduled, 0); err != nil {
		t.Fatal(err)
	}
	goLive := time.Now().Add(4 * time.Second)
	if err := st.Publish(ctx, site.ID, scheduled.ID, goLive); err != nil {
		t.Fatal(err)
	}
	// Early readers of B: not the article before its time, and a home page
	// without it that B keeps in its cache.
	status, _, err := get(readers, b.base+"/fr/"+scheduled.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if early := time.Now().Before(goLive); early && status != http.StatusNotFound {
		t.Errorf("B served the scheduled article before its time: %d", status)
	}
	if status, home, err := get(readers, b.base+"/fr/"); err != nil || status != 200 {
		t.Fatalf("B home: %d %v", status, err)
	} else if time.Now().Before(goLive) && strings.Contains(home, scheduled.Title) {
		t.Errorf("B's home lists the scheduled article before its time")
	}

	// The scheduler records "went-live" when it claims the publication.
	for deadline := goLive.Add(40 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if n := wentLive(t, st, scheduled.ID); n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no scheduler handled the scheduled publication")
		}
	}
	handled := time.Now()
	t.Logf("scheduled publication handled %v after its time", handled.Sub(goLive).Round(100*time.Millisecond))
	// The claim announces the article's lists: B drops the home it kept.
	waitServed(t, readers, b.base+"/fr/", scheduled.Title, handled)
	if status, page, err := get(readers, b.base+"/fr/"+scheduled.Slug); err != nil || status != 200 || !strings.Contains(page, scheduled.Title) {
		t.Fatalf("B does not serve the scheduled article once live: %d %v", status, err)
	}
	// Every scheduler ticks every 15 s: past goLive+15 s both have looked
	// at the due article, and a second claim would have shown by then.
	time.Sleep(time.Until(goLive.Add(18 * time.Second)))
	if n := wentLive(t, st, scheduled.ID); n != 1 {
		t.Errorf("the scheduled publication was handled %d times, want once", n)
	}
	byNode := checkMailOnce(t, smtp, db, mails, time.Now().Add(30*time.Second))
	t.Logf("%d queued mails sent once each: %d by A, %d by B", mails, byNode["a@nodes.test"], byNode["b@nodes.test"])

	// 3. Load across both, then a crash of A.
	pages := []string{"/fr/", articlePath, sectionPath, "/fr/feed.atom", "/sitemap.xml"}
	for _, n := range []*node{a, b} {
		for _, p := range pages {
			if status, _, err := get(readers, n.base+p); err != nil || status != 200 {
				t.Fatalf("warm-up %s%s: %d %v", n.name, p, status, err)
			}
		}
	}
	var (
		killed, balanced atomic.Bool
		bOK, aBefore     atomic.Int64
		aCut             atomic.Int64 // requests to A that the crash cut or refused
		mu               sync.Mutex
		faults           []string
	)
	fault := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if len(faults) < 10 {
			faults = append(faults, fmt.Sprintf(format, args...))
		}
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 16 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				target := b
				if !balanced.Load() && (w+i)%2 == 0 {
					target = a
				}
				p := pages[(w+i)%len(pages)]
				// Read before the request: a request under way when A
				// dies is the crash's, whatever it reads later.
				crashed := killed.Load()
				status, _, err := get(readers, target.base+p)
				switch {
				case target == b && (err != nil || status != 200):
					fault("B %s: %d %v", p, status, err)
				case target == b:
					bOK.Add(1)
				case err != nil && (crashed || killed.Load()):
					aCut.Add(1)
				case err != nil || status != 200:
					fault("A %s before the kill: %d %v", p, status, err)
				default:
					aBefore.Add(1)
				}
			}
		})
	}
	time.Sleep(2 * time.Second)
	bBeforeKill := bOK.Load()
	killed.Store(true)
	a.crash()
	// The balancer takes a moment to notice; meanwhile A's share fails.
	time.Sleep(250 * time.Millisecond)
	balanced.Store(true)
	time.Sleep(2 * time.Second)
	close(stop)
	wg.Wait()
	t.Logf("load: A answered %d (all 200) before the kill, %d requests to A failed after it; B answered %d (all 200): %d before, %d after the kill",
		aBefore.Load(), aCut.Load(), bOK.Load(), bBeforeKill, bOK.Load()-bBeforeKill)
	if len(faults) > 0 {
		t.Fatalf("failed requests:\n%s", strings.Join(faults, "\n"))
	}
	if aBefore.Load() == 0 || bBeforeKill == 0 || bOK.Load() == bBeforeKill {
		t.Fatal("a phase of the load sent no request")
	}
	if status, _, err := get(readers, b.base+"/readyz"); err != nil || status != 200 {
		t.Fatalf("B not ready after A's crash: %d %v", status, err)
	}

	// 4. B's own LISTEN connection outlives A: a change made by another
	// process reaches it.
	cur, err := st.ArticleByID(ctx, site.ID, art.ID)
	if err != nil {
		t.Fatal(err)
	}
	cur.Title = "Titre changé après la panne " + token
	if err := st.UpdateArticle(ctx, cur, 0); err != nil {
		t.Fatal(err)
	}
	seen = waitServed(t, readers, b.base+articlePath, cur.Title, time.Now())
	t.Logf("after A's crash, a change made through another process was served by B after %v", seen.Round(time.Millisecond))
}

// node is one server process.
type node struct {
	name, base string
	cmd        *exec.Cmd
	out        *syncBuffer
	exited     chan struct{}
}

// startNode starts the server with args and waits until it is ready. The
// process is stopped when the test ends, and its output shown if it failed.
func startNode(t *testing.T, bin, name string, args []string) *node {
	t.Helper()
	addr := freeAddr(t)
	n := &node{name: name, base: "http://" + addr, out: &syncBuffer{}, exited: make(chan struct{})}
	n.cmd = exec.Command(bin, slices.Concat(args, []string{"--addr", addr})...)
	n.cmd.Env = append(os.Environ(), "DEPECHE_ADMIN_PASSWORD="+nodesAdminPassword)
	n.cmd.Stdout, n.cmd.Stderr = n.out, n.out
	if err := n.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { n.cmd.Wait(); close(n.exited) }()
	t.Cleanup(func() {
		// Gracefully if it still runs: its shutdown is not under test
		// here, but a clean one leaves no half-written statistics behind.
		n.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-n.exited:
		case <-time.After(30 * time.Second):
			n.crash()
		}
		if t.Failed() {
			out := n.out.String()
			t.Logf("node %s output (last 8 KB):\n%s", name, out[max(0, len(out)-8<<10):])
		}
	})
	// Generous: A loads the demo site first, on a machine that may be busy.
	probe := &http.Client{Timeout: 5 * time.Second}
	for deadline := time.Now().Add(120 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		select {
		case <-n.exited:
			t.Fatalf("node %s exited before it was ready:\n%s", name, n.out.String())
		default:
		}
		if resp, err := probe.Get(n.base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return n
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("node %s did not become ready", name)
		}
	}
}

// crash kills the process as a power cut would: no shutdown, no flush.
func (n *node) crash() {
	n.cmd.Process.Signal(syscall.SIGKILL)
	<-n.exited
}

// get reads a whole response: a body cut short by a crash is an error.
func get(c *http.Client, u string) (int, string, error) {
	resp, err := c.Get(u)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), err
}

// waitServed polls u every 20 ms until its page contains want, and fails
// the test if that takes more than visibleWithin from since.
func waitServed(t *testing.T, c *http.Client, u, want string, since time.Time) time.Duration {
	t.Helper()
	want = html.EscapeString(want)
	for {
		status, page, err := get(c, u)
		if err == nil && status == 200 && strings.Contains(page, want) {
			return time.Since(since)
		}
		if time.Since(since) > visibleWithin {
			t.Fatalf("%s still does not show %q %v after the change (last answer: %d %v)", u, want, visibleWithin, status, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func randomToken(t *testing.T) string {
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b[:])
}

// signIn logs the demo administrator into a node's back office and returns
// a client carrying the session. The requests look like a browser's form
// posts (Sec-Fetch-Site), which the cross-origin protection accepts.
func signIn(t *testing.T, base string) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := postForm(c, base, "/admin/login", url.Values{"email": {demoAdminEmail}, "password": {nodesAdminPassword}})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", resp.StatusCode)
	}
	return c
}

func postForm(c *http.Client, base, path string, form url.Values) (*http.Response, error) {
	req, err := http.NewRequest("POST", base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp, nil
}

// saveTitle does what an editor does: open the article's editor, change
// the title, submit the form with every other field as the page had it.
func saveTitle(t *testing.T, c *http.Client, base string, id int64, title string) {
	t.Helper()
	status, page, err := get(c, fmt.Sprintf("%s/admin/articles/%d", base, id))
	if err != nil || status != 200 {
		t.Fatalf("editor: %d %v", status, err)
	}
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	form := findByID(doc, "editor")
	if form == nil {
		t.Fatal("no form #editor on the editor page")
	}
	values := formValues(form)
	if values.Get("title") == "" || values.Get("revision") == "" {
		t.Fatalf("editor form without title or revision: %v", values)
	}
	values.Set("title", title)
	resp, err := postForm(c, base, attr(form, "action"), values)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "done=saved") {
		t.Fatalf("save: %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	return slices.ContainsFunc(n.Attr, func(a html.Attribute) bool { return a.Key == key })
}

func findByID(n *html.Node, id string) *html.Node {
	if n.Type == html.ElementNode && attr(n, "id") == id {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if found := findByID(c, id); found != nil {
			return found
		}
	}
	return nil
}

// formValues is what a browser submits for a form nobody touched: text
// fields, checked boxes, selected options, textareas; no buttons.
func formValues(form *html.Node) url.Values {
	v := url.Values{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && attr(n, "name") != "" && !hasAttr(n, "disabled") {
			name := attr(n, "name")
			switch n.Data {
			case "input":
				switch strings.ToLower(attr(n, "type")) {
				case "submit", "button", "image", "reset", "file":
				case "checkbox", "radio":
					if hasAttr(n, "checked") {
						val := attr(n, "value")
						if !hasAttr(n, "value") {
							val = "on"
						}
						v.Add(name, val)
					}
				default:
					v.Add(name, attr(n, "value"))
				}
			case "textarea":
				var text strings.Builder
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					text.WriteString(c.Data)
				}
				v.Add(name, text.String())
			case "select":
				var first *html.Node
				chosen := false
				for o := range n.Descendants() {
					if o.Type != html.ElementNode || o.Data != "option" {
						continue
					}
					if first == nil {
						first = o
					}
					if hasAttr(o, "selected") {
						v.Add(name, optionValue(o))
						chosen = true
					}
				}
				if !chosen && first != nil && !hasAttr(n, "multiple") {
					v.Add(name, optionValue(first))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(form)
	return v
}

func optionValue(o *html.Node) string {
	if hasAttr(o, "value") {
		return attr(o, "value")
	}
	var text strings.Builder
	for c := range o.Descendants() {
		if c.Type == html.TextNode {
			text.WriteString(c.Data)
		}
	}
	return strings.TrimSpace(text.String())
}

// wentLive counts the scheduler's records of an article going live.
func wentLive(t *testing.T, st *store.Store, id int64) int {
	t.Helper()
	events, err := st.ArticleEvents(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range events {
		if e.Action == "went-live" {
			n++
		}
	}
	return n
}

// checkMailOnce waits until the SMTP server received each of the test's n
// messages and the outbox marked them sent, checks that none arrived twice
// nor was attempted twice, and tells how many each node's sender address sent.
func checkMailOnce(t *testing.T, smtp *mailtest.Server, db *sql.DB, n int, deadline time.Time) map[string]int {
	t.Helper()
	for {
		perRecipient := map[string]int{}
		byNode := map[string]int{}
		for _, m := range smtp.Messages() {
			for _, to := range m.To {
				if strings.HasSuffix(to, "@nodes.test") {
					perRecipient[to]++
					byNode[m.From]++
				}
			}
		}
		for to, k := range perRecipient {
			if k > 1 {
				t.Fatalf("%s received the same message %d times", to, k)
			}
		}
		// Delivery is recorded after the SMTP conversation: wait for both.
		var sent, attempts int
		if err := db.QueryRow(`SELECT COUNT(sent_at), COALESCE(SUM(attempts), 0) FROM mail_outbox WHERE kind = 'two-nodes-test'`).
			Scan(&sent, &attempts); err != nil {
			t.Fatal(err)
		}
		if attempts > n {
			t.Fatalf("outbox: %d attempts for %d messages", attempts, n)
		}
		if len(perRecipient) == n && sent == n {
			return byNode
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d queued messages received, %d marked sent", len(perRecipient), n, sent)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
