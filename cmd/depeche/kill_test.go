package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"depeche/internal/comment"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
)

// TestAcknowledgedCommentsSurviveSIGKILL posts comments from many readers
// at once to the real server process, kills it with SIGKILL in the middle,
// restarts it, and finds every message that had been acknowledged.
func TestAcknowledgedCommentsSurviveSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the real server")
	}
	bin := filepath.Join(t.TempDir(), "depeche")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			dir := t.TempDir()
			args := []string{"serve", "--demo", "--data", dir, "--trusted-proxies", "127.0.0.1/32"}
			cfg := store.Config{DataDir: dir}
			if kind == "postgres" {
				url := storetest.PostgresSchema(t)
				args = append(args, "--database", url)
				cfg = store.Config{DatabaseURL: url}
			}
			addr := freeAddr(t)
			start := func() *exec.Cmd {
				cmd := exec.Command(bin, append(args, "--addr", addr)...)
				cmd.Env = append(os.Environ(), "DEPECHE_ADMIN_PASSWORD=a long enough password")
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
					if resp, err := http.Get("http://" + addr + "/readyz"); err == nil {
						resp.Body.Close()
						if resp.StatusCode == 200 {
							return cmd
						}
					}
				}
				cmd.Process.Kill()
				t.Fatal("the server did not become ready")
				return nil
			}
			server := start()
			page := "http://" + addr + "/fr/moderer-sans-censurer"
			resp, err := http.Get(page)
			if err != nil {
				t.Fatal(err)
			}
			var html strings.Builder
			buf := make([]byte, 64<<10)
			for {
				n, err := resp.Body.Read(buf)
				html.Write(buf[:n])
				if err != nil {
					break
				}
			}
			resp.Body.Close()
			token := url.Values{}
			for _, m := range regexp.MustCompile(`name="(t|sig)" value="([^"]*)"`).FindAllStringSubmatch(html.String(), -1) {
				token.Set(m[1], m[2])
			}
			time.Sleep(comment.MinFillTime + 200*time.Millisecond) // a human takes at least this long

			var mu sync.Mutex
			var acked []string
			client := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			var wg sync.WaitGroup
			killed := make(chan struct{})
			for w := range 8 {
				wg.Go(func() {
					for i := 0; ; i++ {
						select {
						case <-killed:
							return
						default:
						}
						body := fmt.Sprintf("Message %d du lecteur %d, envoyé avant la panne.", i, w)
						form := url.Values{"name": {"Lecteur"}, "email": {"l@example.net"}, "message": {body}, "t": token["t"], "sig": token["sig"]}
						req, _ := http.NewRequest("POST", page, strings.NewReader(form.Encode()))
						req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
						req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.1", w, i%250))
						resp, err := client.Do(req)
						if err != nil {
							return // the server is gone
						}
						resp.Body.Close()
						if resp.StatusCode == http.StatusSeeOther {
							mu.Lock()
							acked = append(acked, body)
							mu.Unlock()
						}
					}
				})
			}
			// Kill once a good number of messages were acknowledged.
			for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
				mu.Lock()
				n := len(acked)
				mu.Unlock()
				if n >= 60 {
					break
				}
			}
			server.Process.Signal(syscall.SIGKILL)
			server.Wait()
			close(killed)
			wg.Wait()
			if len(acked) < 60 {
				t.Fatalf("only %d messages acknowledged before the kill", len(acked))
			}
			server = start()
			defer func() { server.Process.Signal(syscall.SIGTERM); server.Wait() }()

			st, err := store.Open(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			site, _ := st.SiteByHost(context.Background(), "")
			art, _ := st.ArticleBySlug(context.Background(), site.ID, "fr", "moderer-sans-censurer")
			stored, err := st.Thread(context.Background(), store.ThreadQuery{SiteID: site.ID, GroupID: art.GroupID, Statuses: []comment.Status{comment.Pending}})
			if err != nil {
				t.Fatal(err)
			}
			have := map[string]bool{}
			for _, c := range stored {
				have[c.Body] = true
			}
			lost := 0
			for _, body := range acked {
				if !have[body] {
					lost++
				}
			}
			if lost > 0 {
				t.Fatalf("%d of %d acknowledged messages lost after SIGKILL", lost, len(acked))
			}
			t.Logf("%s: %d acknowledged messages, all found after SIGKILL and restart", kind, len(acked))
		})
	}
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
