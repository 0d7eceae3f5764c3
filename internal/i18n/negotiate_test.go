package i18n

import (
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestNegotiate(t *testing.T) {
	site := []string{"fr", "en", "es", "ar"}
	tests := []struct {
		header    string
		available []string
		fallback  string
		want      string
	}{
		{"fr-CA,fr;q=0.9,en;q=0.8", site, "en", "fr"},
		{"en-US,en;q=0.9", site, "fr", "en"},
		{"de", site, "fr", "fr"},
		{"", site, "fr", "fr"},
		{"garbage!!", site, "fr", "fr"},
		{";;;q=x", site, "fr", "fr"},
		{"fr;q=abc", site, "en", "en"},
		{"es-419", site, "fr", "es"},
		{"es-MX,es;q=0.9", site, "fr", "es"},
		{"ar-MA", site, "fr", "ar"},
		{"ar-EG,ar;q=0.9,en;q=0.5", site, "fr", "ar"},
		{"fr;q=0, en", site, "es", "en"},   // q=0 means "not acceptable"
		{"fr;q=0", site, "es", "es"},       // ...even when it is the only entry
		{"de, es;q=0.5", site, "fr", "es"}, // a lower-ranked match beats no match
		{"en;q=0.5, ar", site, "fr", "ar"}, // order by q, not position
		{"*", site, "fr", "fr"},
		{"pt-BR", site, "en", "en"},
		{"fr-CA", []string{"en", "fr-FR"}, "en", "fr-FR"}, // returned as spelled in available
		{"fr", []string{"not a tag!", "fr"}, "en", "fr"},
		{"fr", nil, "en", "en"},
		{"fr", []string{"@@"}, "en", "en"},
		{strings.Repeat("fr,", 2000), site, "en", "en"}, // too long
	}
	for _, tt := range tests {
		if got := Negotiate(tt.header, tt.available, tt.fallback); got != tt.want {
			t.Errorf("Negotiate(%q, %q, %q) = %q, want %q", tt.header, tt.available, tt.fallback, got, tt.want)
		}
	}
}

// Negotiate runs on every request; the matcher cache must be race-free.
func TestNegotiateConcurrent(t *testing.T) {
	b := mustLoad(t)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				if got := Negotiate("es-419,en;q=0.5", []string{"fr", "en", "es", "ar"}, "fr"); got != "es" {
					t.Errorf("got %q", got)
					return
				}
				l := b.For([]string{"fr", "en", "es", "ar"}[i%4])
				_ = l.N("article.views", int64(i), "x")
			}
		}()
	}
	wg.Wait()
}

func FuzzNegotiate(f *testing.F) {
	for _, seed := range []string{
		"fr-CA,fr;q=0.9,en;q=0.8", "", "*", "de", "es-419", "ar-MA", "fr;q=0",
		"en;q=NaN", "x-private", "zh-Hant-TW;q=0.3, *;q=0.1", "a-b-c-d-e-f-g",
		"fr;q=1.0000001", "en;;;", ",,,", "i-klingon", "\xff\xfe",
	} {
		f.Add(seed, "fr")
	}
	available := []string{"fr", "en", "es", "ar"}
	f.Fuzz(func(t *testing.T, header, fallback string) {
		got := Negotiate(header, available, fallback)
		if got != fallback && !slices.Contains(available, got) {
			t.Errorf("Negotiate(%q) = %q: neither the fallback nor an available language", header, got)
		}
	})
}
