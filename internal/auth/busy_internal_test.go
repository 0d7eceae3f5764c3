package auth

import (
	"context"
	"errors"
	"testing"
	"time"

	"depeche/internal/store/storetest"
	"depeche/internal/user"
)

// TestLoginBusy: when every password check is taken (a flood of logins),
// the next login is told to come back instead of queueing without end.
func TestLoginBusy(t *testing.T) {
	st := storetest.Open(t, "sqlite", nil)
	hash, err := user.HashPassword("correct horse battery", user.SystemRandom)
	if err != nil {
		t.Fatal(err)
	}
	u := &user.User{Email: "ana@example.org", DisplayName: "Ana", Role: user.Editor, PasswordHash: hash}
	if err := st.CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	a, err := New(st, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for range cap(a.hashing) {
		a.hashing <- struct{}{}
	}
	start := time.Now()
	if _, _, err := a.Login(context.Background(), "ana@example.org", "correct horse battery", "192.0.2.1:1"); !errors.Is(err, ErrBusy) {
		t.Fatalf("login with every check taken: %v, want ErrBusy", err)
	}
	if waited := time.Since(start); waited < hashWait {
		t.Errorf("gave up after %s, before the %s wait", waited, hashWait)
	}
	<-a.hashing // one check frees up
	if _, _, err := a.Login(context.Background(), "ana@example.org", "correct horse battery", "192.0.2.1:1"); err != nil {
		t.Errorf("login once a check is free: %v", err)
	}
}
