package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"depeche/internal/store"
)

// syncBuffer is safe to write from the server goroutine while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func testEnv(stdin string, vars map[string]string) (env, *syncBuffer, *syncBuffer) {
	out, errb := &syncBuffer{}, &syncBuffer{}
	return env{stdin: strings.NewReader(stdin), stdout: out, stderr: errb, getenv: func(k string) string { return vars[k] }}, out, errb
}

func TestUsageErrorsExitTwo(t *testing.T) {
	tests := []struct {
		args []string
		vars map[string]string
		want string
	}{
		{nil, nil, "Usage: depeche <command>"},
		{[]string{"frobnicate"}, nil, `unknown command "frobnicate"`},
		{[]string{"serve", "--nope"}, nil, "unknown flag -nope"},
		{[]string{"serve", "--addr", "8080"}, nil, "--addr: expected host:port"},
		{[]string{"serve"}, map[string]string{"DEPECHE_ADDR": "localhost"}, "--addr: expected host:port"},
		{[]string{"serve", "--base-url", "example.org"}, nil, "--base-url: expected an absolute URL"},
		{[]string{"serve", "--debug-addr", "6060"}, nil, "--debug-addr: expected host:port"},
		{[]string{"serve", "--page-cache-mb", "lots"}, nil, "--page-cache-mb: expected a number of MiB"},
		{[]string{"serve"}, map[string]string{"DEPECHE_PAGE_CACHE_MB": "-5"}, "--page-cache-mb: expected a number of MiB"},
		{[]string{"serve", "--database", "mysql://x"}, nil, "--database: expected a URL of the form postgres://"},
		{[]string{"serve"}, map[string]string{"DEPECHE_DEMO": "maybe"}, "DEPECHE_DEMO=\"maybe\": expected true or false"},
		{[]string{"migrate", "sideways"}, nil, `unexpected argument "sideways"`},
		{[]string{"user", "add", "--role", "root", "--email", "a@example.org"}, nil, "--role: unknown role"},
		{[]string{"user", "add", "--role", "editor", "--email", "nope"}, nil, "--email: invalid e-mail"},
		{[]string{"user"}, nil, `expected "user add"`},
	}
	for _, tt := range tests {
		e, _, errb := testEnv("", tt.vars)
		code := run(context.Background(), tt.args, e)
		if code != 2 || !strings.Contains(errb.String(), tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, errb.String(), tt.want)
		}
		if strings.Count(strings.TrimSpace(errb.String()), "\n") > 0 && tt.args != nil {
			t.Errorf("%v: the error should be one line, got %q", tt.args, errb.String())
		}
	}
}

func TestHelpListsFlagsAndVariables(t *testing.T) {
	for cmd, want := range map[string][]string{
		"serve":    {"--addr", "DEPECHE_ADDR", "--data", "DEPECHE_DATA", "--database", "DEPECHE_DATABASE_URL", "--demo", "DEPECHE_DEMO", "--base-url", "DEPECHE_BASE_URL", "DEPECHE_ADMIN_PASSWORD", `default "127.0.0.1:8080"`},
		"migrate":  {"--data", "--database", "status"},
		"user add": {"--role", "--email", "--name", "--data", "standard input"},
		"version":  {"--help"},
	} {
		e, out, _ := testEnv("", nil)
		if code := run(context.Background(), append(strings.Fields(cmd), "--help"), e); code != 0 {
			t.Errorf("%s --help: exit %d", cmd, code)
		}
		for _, w := range want {
			if !strings.Contains(out.String(), w) {
				t.Errorf("%s --help does not mention %s:\n%s", cmd, w, out.String())
			}
		}
	}
}

func TestVersion(t *testing.T) {
	e, out, _ := testEnv("", nil)
	if code := run(context.Background(), []string{"version"}, e); code != 0 || !strings.HasPrefix(out.String(), "depeche ") {
		t.Fatalf("version: %d %q", code, out.String())
	}
}

func TestUserAddAndMigrateStatus(t *testing.T) {
	dir := t.TempDir()
	e, out, errb := testEnv("a long enough password\n", nil)
	if code := run(context.Background(), []string{"user", "add", "--data", dir, "--role", "editor", "--email", "Claire@Example.org", "--name", "Claire Martin"}, e); code != 0 {
		t.Fatalf("user add: exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "created editor claire@example.org") {
		t.Errorf("output %q", out.String())
	}
	e, _, errb = testEnv("a long enough password\n", nil)
	if code := run(context.Background(), []string{"user", "add", "--data", dir, "--role", "author", "--email", "claire@example.org"}, e); code != 1 || !strings.Contains(errb.String(), "already exists") {
		t.Errorf("duplicate user: exit %d, %q", code, errb.String())
	}
	e, _, errb = testEnv("short\n", nil)
	if code := run(context.Background(), []string{"user", "add", "--data", dir, "--role", "author", "--email", "b@example.org"}, e); code != 1 || !strings.Contains(errb.String(), "too short") {
		t.Errorf("weak password: exit %d, %q", code, errb.String())
	}
	e, _, errb = testEnv("", nil)
	if code := run(context.Background(), []string{"user", "add", "--data", dir, "--role", "author", "--email", "c@example.org"}, e); code != 1 || !strings.Contains(errb.String(), "no password") {
		t.Errorf("no password: exit %d, %q", code, errb.String())
	}
	e, out, _ = testEnv("", nil)
	if code := run(context.Background(), []string{"migrate", "status", "--data", dir}, e); code != 0 || !regexp.MustCompile(`0001\s+content\s+\d{4}-`).MatchString(out.String()) {
		t.Errorf("migrate status: exit %d\n%s", code, out.String())
	}
	e, out, _ = testEnv("", nil)
	if code := run(context.Background(), []string{"migrate", "--data", dir}, e); code != 0 || !strings.Contains(out.String(), "up to date") {
		t.Errorf("migrate: exit %d %q", code, out.String())
	}
}

func TestBadDataDirectory(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, []byte("x"), 0o600)
	e, _, errb := testEnv("", nil)
	if code := run(context.Background(), []string{"migrate", "--data", file}, e); code != 1 || !strings.Contains(errb.String(), file) {
		t.Errorf("exit %d, %q", code, errb.String())
	}
	if strings.Contains(errb.String(), "goroutine") {
		t.Error("a stack trace was printed")
	}
}

func TestUnreachablePostgres(t *testing.T) {
	e, _, errb := testEnv("", nil)
	code := run(context.Background(), []string{"migrate", "--database", "postgres://u:secret@127.0.0.1:1/db?connect_timeout=2"}, e)
	if code != 1 || !strings.Contains(errb.String(), "cannot reach PostgreSQL at 127.0.0.1:1") || strings.Contains(errb.String(), "secret") {
		t.Errorf("exit %d, %q", code, errb.String())
	}
}

// TestServeDemo runs the real command: first start loads the demo and
// prints the password, health endpoints answer, a signal stops it cleanly.
func TestServeDemo(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e, out, errb := testEnv("", nil)
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--demo", "--data", dir, "--addr", "127.0.0.1:0", "--debug-addr", "127.0.0.1:0"}, e)
	}()
	urlRE := regexp.MustCompile(`"depeche is serving" url=(http://127\.0\.0\.1:\d+)`)
	var base string
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if m := urlRE.FindStringSubmatch(errb.String()); m != nil {
			base = m[1]
			break
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited early with %d: %s", code, errb.String())
		default:
		}
	}
	if base == "" {
		t.Fatalf("server did not start: %s", errb.String())
	}
	if !regexp.MustCompile(`password: \S{20}`).MatchString(out.String()) {
		t.Errorf("the administrator's password was not printed: %q", out.String())
	}
	// A reader's view, counted in memory, must reach the database at shutdown.
	req, _ := http.NewRequest("GET", base+"/fr/moderer-sans-censurer", nil)
	req.Header.Set("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
		t.Fatalf("article: %v", err)
	} else {
		resp.Body.Close()
	}
	// Profiles are served on the debug listener only, never to readers.
	debug := regexp.MustCompile(`"profiling endpoints are served" url=(http://127\.0\.0\.1:\d+)/debug/pprof/`).FindStringSubmatch(errb.String())
	if debug == nil {
		t.Fatalf("no profiling listener in the log: %s", errb.String())
	}
	if resp, err := http.Get(debug[1] + "/debug/pprof/heap?debug=1"); err != nil || resp.StatusCode != 200 {
		t.Errorf("debug listener: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/fr/": 200, "/fr/does-not-exist": 404, "/debug/pprof/heap": 404} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s = %d, want %d", path, resp.StatusCode, want)
		}
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d after the signal: %s", code, errb.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	// A second start reuses the database and prints no new password.
	ctx2, cancel2 := context.WithCancel(context.Background())
	e2, out2, errb2 := testEnv("", nil)
	done2 := make(chan int, 1)
	go func() { done2 <- run(ctx2, []string{"serve", "--demo", "--data", dir, "--addr", "127.0.0.1:0"}, e2) }()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline) && !strings.Contains(errb2.String(), "serving"); time.Sleep(50 * time.Millisecond) {
	}
	cancel2()
	<-done2
	if strings.Contains(out2.String(), "password") {
		t.Errorf("second start printed a password again: %q", out2.String())
	}
	st, err := store.Open(context.Background(), store.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	site, _ := st.SiteByHost(context.Background(), "")
	a, err := st.ArticleBySlug(context.Background(), site.ID, "fr", "moderer-sans-censurer")
	if err != nil || a.ViewCount != 8976 {
		t.Errorf("view count after shutdown = %d (%v), want one more than the demo's 8975\n%s", a.ViewCount, err, errb.String())
	}
}
