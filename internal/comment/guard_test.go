package comment

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestFormToken(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	issued := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	sig := SignForm(secret, 7, issued)
	field := strconv.FormatInt(issued.Unix(), 10)
	tests := []struct {
		name  string
		group int64
		field string
		sig   string
		at    time.Time
		want  error
	}{
		{"a human after a minute", 7, field, sig, issued.Add(time.Minute), nil},
		{"a bot within a second", 7, field, sig, issued.Add(time.Second), ErrTooFast},
		{"two days later", 7, field, sig, issued.Add(48 * time.Hour), ErrTokenExpired},
		{"another thread", 8, field, sig, issued.Add(time.Minute), ErrTokenInvalid},
		{"a forged time", 7, strconv.FormatInt(issued.Add(-time.Hour).Unix(), 10), sig, issued.Add(time.Minute), ErrTokenInvalid},
		{"no token", 7, "", "", issued.Add(time.Minute), ErrTokenInvalid},
		{"another secret", 7, field, SignForm([]byte("other"), 7, issued), issued.Add(time.Minute), ErrTokenInvalid},
	}
	for _, tt := range tests {
		if err := CheckForm(secret, tt.group, tt.field, tt.sig, tt.at, MinFillTime); !errors.Is(err, tt.want) && err != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestAssess(t *testing.T) {
	tests := []struct {
		name     string
		in       Input
		honeypot string
		spam     bool
	}{
		{"plain message", Input{Body: "Merci pour cet article très clair."}, "", false},
		{"one link", Input{Body: "Voir https://example.org/rapport pour le détail."}, "", false},
		{"honeypot", Input{Body: "Merci pour cet article très clair."}, "http://spam.example", true},
		{"link farm", Input{Body: strings.Repeat("http://a.example ", 4)}, "", true},
	}
	for _, tt := range tests {
		score, reasons := Assess(tt.in, tt.honeypot)
		if (score >= SpamThreshold) != tt.spam {
			t.Errorf("%s: score %v (%v), spam want %v", tt.name, score, reasons, tt.spam)
		}
		if tt.spam && len(reasons) == 0 {
			t.Errorf("%s: no reason recorded", tt.name)
		}
	}
}
