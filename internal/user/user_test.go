package user

import (
	"bytes"
	"strings"
	"testing"
)

// fixedRandom gives the same bytes every run so hashes are reproducible.
func fixedRandom() *bytes.Reader { return bytes.NewReader(bytes.Repeat([]byte{7}, 64)) }

func TestPasswordRoundTrip(t *testing.T) {
	hash, err := HashPassword("correct horse battery", fixedRandom())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Fatalf("unexpected encoding %q", hash)
	}
	for pw, want := range map[string]bool{
		"correct horse battery":  true,
		"correct horse battery ": false,
		"Correct horse battery":  false,
		"":                       false,
	} {
		ok, err := CheckPassword(hash, pw)
		if err != nil || ok != want {
			t.Errorf("CheckPassword(%q) = %v, %v; want %v", pw, ok, err, want)
		}
	}
}

func TestWeakPassword(t *testing.T) {
	if _, err := HashPassword("short", fixedRandom()); err != ErrWeakPassword {
		t.Fatalf("got %v, want ErrWeakPassword", err)
	}
}

func TestCheckPasswordMalformed(t *testing.T) {
	for _, h := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=0,t=1,p=1$AAAA$AAAA",
		"$argon2id$v=19$m=1,t=1,p=1$!!$AAAA", "$argon2id$v=18$m=1,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=1,t=1,p=1$AAAA$"} {
		if ok, err := CheckPassword(h, "x"); ok || err == nil {
			t.Errorf("CheckPassword(%q) = %v, %v; want an error", h, ok, err)
		}
	}
}

func TestParseRole(t *testing.T) {
	for in, want := range map[string]Role{"editor": Editor, " Administrator ": Administrator, "MODERATOR": Moderator, "author": Author} {
		if got, err := ParseRole(in); err != nil || got != want {
			t.Errorf("ParseRole(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseRole("root"); err == nil {
		t.Error("ParseRole accepted root")
	}
}

func TestNormalizeEmail(t *testing.T) {
	for in, want := range map[string]string{" Claire.Martin@Example.ORG ": "claire.martin@example.org", "a@b.fr": "a@b.fr"} {
		if got, err := NormalizeEmail(in); err != nil || got != want {
			t.Errorf("NormalizeEmail(%q) = %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "claire", "claire@", "@example.org", "Claire <c@example.org>", "c@localhost", "a b@c.fr"} {
		if _, err := NormalizeEmail(bad); err == nil {
			t.Errorf("NormalizeEmail(%q) accepted", bad)
		}
	}
}

func TestRandomPassword(t *testing.T) {
	pw, err := RandomPassword(fixedRandom())
	if err != nil || len(pw) != 20 || len(pw) < MinPasswordLength {
		t.Fatalf("RandomPassword = %q, %v", pw, err)
	}
	if _, err := RandomPassword(bytes.NewReader(nil)); err == nil {
		t.Error("RandomPassword should fail when randomness runs out")
	}
}

// TestUnmatchableHash: the timing twin of unknown accounts is well formed,
// has today's cost (so checking it takes as long as a real hash), and no
// password matches it, not even the empty one.
func TestUnmatchableHash(t *testing.T) {
	hash, err := UnmatchableHash(fixedRandom())
	if err != nil {
		t.Fatal(err)
	}
	real, _ := HashPassword("correct horse battery", fixedRandom())
	if cost := func(h string) string { return strings.Join(strings.Split(h, "$")[:4], "$") }; cost(hash) != cost(real) {
		t.Errorf("cost part %q, want the same as a real hash %q", cost(hash), cost(real))
	}
	for _, pw := range []string{"", "correct horse battery", "not a real password"} {
		if ok, err := CheckPassword(hash, pw); ok || err != nil {
			t.Errorf("CheckPassword(unmatchable, %q) = %v, %v; want false, nil", pw, ok, err)
		}
	}
	if _, err := UnmatchableHash(bytes.NewReader(nil)); err == nil {
		t.Error("no randomness: want an error")
	}
}
