package auth_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"depeche/internal/auth"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
	"depeche/internal/user"
)

var ctx = context.Background()

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func setup(t *testing.T, kind string) (*auth.Auth, *store.Store, *clock, *user.User) {
	c := &clock{t: time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)}
	st := storetest.Open(t, kind, c.now)
	hash, err := user.HashPassword("correct horse battery", bytes.NewReader(bytes.Repeat([]byte{1}, 64)))
	if err != nil {
		t.Fatal(err)
	}
	u := &user.User{Email: "claire@example.org", DisplayName: "Claire", Role: user.Editor, PasswordHash: hash}
	if err := st.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	a, err := auth.New(st, c.now, nil)
	if err != nil {
		t.Fatal(err)
	}
	return a, st, c, u
}

func withCookie(token string) *http.Request {
	r := httptest.NewRequest("GET", "/admin/", nil)
	r.AddCookie(&http.Cookie{Name: auth.CookieName, Value: token})
	return r
}

func TestLoginAndSessions(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			a, _, c, u := setup(t, kind)
			if _, _, err := a.Login(ctx, "claire@example.org", "wrong password!", "203.0.113.7:5000"); !errors.Is(err, auth.ErrInvalid) {
				t.Fatalf("wrong password: %v", err)
			}
			if _, _, err := a.Login(ctx, "nobody@example.org", "correct horse battery", "203.0.113.8:5000"); !errors.Is(err, auth.ErrInvalid) {
				t.Fatalf("unknown account: %v (must be the same answer)", err)
			}
			got, tok1, err := a.Login(ctx, " Claire@Example.org ", "correct horse battery", "203.0.113.7:5000")
			if err != nil || got.ID != u.ID || tok1 == "" {
				t.Fatalf("login: %v", err)
			}
			_, tok2, err := a.Login(ctx, "claire@example.org", "correct horse battery", "203.0.113.7:5000")
			if err != nil || tok2 == tok1 {
				t.Fatal("each login must get a fresh token")
			}
			if who, err := a.User(withCookie(tok1)); err != nil || who.ID != u.ID {
				t.Fatalf("session 1: %v", err)
			}
			rec := httptest.NewRecorder()
			if err := a.Logout(rec, withCookie(tok1), true); err != nil {
				t.Fatal(err)
			}
			if _, err := a.User(withCookie(tok1)); !errors.Is(err, store.ErrNotFound) {
				t.Error("a logged-out token still works")
			}
			if _, err := a.User(withCookie(tok2)); err != nil {
				t.Error("logging out one session ended another")
			}
			// Idle for longer than the timeout: the session is gone.
			c.t = c.t.Add(auth.IdleTimeout + time.Minute)
			if _, err := a.User(withCookie(tok2)); !errors.Is(err, store.ErrNotFound) {
				t.Error("an idle session survived")
			}
			// Active, but past the maximum age.
			_, tok3, _ := a.Login(ctx, "claire@example.org", "correct horse battery", "203.0.113.7:5000")
			for range 16 {
				c.t = c.t.Add(auth.IdleTimeout - time.Hour)
				a.User(withCookie(tok3))
			}
			if _, err := a.User(withCookie(tok3)); !errors.Is(err, store.ErrNotFound) {
				t.Error("a session outlived its maximum age")
			}
			for _, bad := range []string{"", "garbage", strings.Repeat("a", 500)} {
				if _, err := a.User(withCookie(bad)); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("token %q accepted", bad)
				}
			}
		})
	}
}

func TestLoginRateLimit(t *testing.T) {
	a, _, c, _ := setup(t, "sqlite")
	for i := range 5 {
		if _, _, err := a.Login(ctx, "claire@example.org", "guess", "198.51.100.1:1"); !errors.Is(err, auth.ErrInvalid) {
			t.Fatalf("attempt %d: %v", i+1, err)
		}
	}
	// Now even the right password must wait, from any address.
	var throttled *auth.ErrThrottled
	if _, _, err := a.Login(ctx, "claire@example.org", "correct horse battery", "192.0.2.50:1"); !errors.As(err, &throttled) {
		t.Fatalf("sixth attempt: %v, want a delay", err)
	}
	first := throttled.Wait
	c.t = c.t.Add(first + time.Second)
	a.Login(ctx, "claire@example.org", "guess", "192.0.2.50:1")
	if _, _, err := a.Login(ctx, "claire@example.org", "correct horse battery", "192.0.2.50:1"); !errors.As(err, &throttled) || throttled.Wait <= first {
		t.Fatalf("delays should grow: %v after %v", err, first)
	}
	// An unknown account is limited the same way.
	for range 5 {
		a.Login(ctx, "ghost@example.org", "guess", "203.0.113.99:1")
	}
	if _, _, err := a.Login(ctx, "ghost@example.org", "guess", "203.0.113.99:1"); !errors.As(err, &throttled) {
		t.Fatalf("unknown account not limited: %v", err)
	}
	// The /24 network is limited as a whole: a neighbour address is too.
	if _, _, err := a.Login(ctx, "other@example.org", "guess", "203.0.113.100:1"); !errors.As(err, &throttled) {
		t.Fatalf("neighbouring address not limited: %v", err)
	}
	// After the window, everything is forgotten.
	c.t = c.t.Add(2 * time.Hour)
	if _, _, err := a.Login(ctx, "claire@example.org", "correct horse battery", "192.0.2.50:1"); err != nil {
		t.Fatalf("after the window: %v", err)
	}
}

func TestDisabledAccount(t *testing.T) {
	a, st, _, u := setup(t, "sqlite")
	_, tok, err := a.Login(ctx, u.Email, "correct horse battery", "192.0.2.1:1")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.DisableUser(ctx, u.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := a.User(withCookie(tok)); !errors.Is(err, store.ErrNotFound) {
		t.Error("a disabled account keeps its session")
	}
	if _, _, err := a.Login(ctx, u.Email, "correct horse battery", "192.0.2.1:1"); !errors.Is(err, auth.ErrInvalid) {
		t.Errorf("a disabled account logs in: %v", err)
	}
}

func TestNetwork(t *testing.T) {
	for in, want := range map[string]string{
		"203.0.113.7:443":         "203.0.113.0/24",
		"[2001:db8:1:2:3::4]:443": "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff::1":    "2001:db8:1:2::/64",
		"garbage":                 "unknown",
		"198.51.100.255":          "198.51.100.0/24",
	} {
		if got := auth.Network(in); got != want {
			t.Errorf("Network(%q) = %q, want %q", in, got, want)
		}
	}
}
