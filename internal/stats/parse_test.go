package stats

import (
	"strings"
	"testing"
	"time"
)

func TestReferrerHost(t *testing.T) {
	own := []string{"www.Example.fr", "depeche.test:8443"}
	for _, c := range []struct{ ref, want string }{
		{"", ""},
		{"   ", ""},
		{"https://www.qwant.com/?q=d%C3%A9p%C3%AAche", "qwant.com"},
		{"https://news.ycombinator.com/item?id=1", "news.ycombinator.com"},
		{"http://WWW.Google.FR/", "google.fr"},
		{"HTTPS://duckduckgo.com", "duckduckgo.com"},
		{"https://user:secret@mastodon.social:443/@someone/123", "mastodon.social"},
		{"https://t.co/abc#frag", "t.co"},
		{"https://lemonde.fr?x=1", "lemonde.fr"},
		{"https://evil.example\\@good.example/", "evil.example"},
		{"https://example.org./page", "example.org"},
		{"https://192.0.2.10/", "192.0.2.10"},
		{"https://www./", "www"},
		// Own hosts, however written, are internal.
		{"https://example.fr/fr/autre-article", ""},
		{"https://www.example.fr/", ""},
		{"https://EXAMPLE.FR:443/", ""},
		{"http://depeche.test/es/", ""},
		{"https://sub.example.fr/", "sub.example.fr"},
		// Not an http(s) URL, or no usable host.
		{"android-app://com.google.android.gm/", ""},
		{"ftp://example.org/", ""},
		{"javascript:alert(1)", ""},
		{"//example.org/", ""},
		{"example.org", ""},
		{"https://", ""},
		{"https:///path", ""},
		{"https://[2001:db8::1]/", ""},
		{"https://exa mple.org/", ""},
		{"https://exämple.org/", ""},
		{"https://a..b/", ""},
		{"https://.a/", ""},
		{"HTTP://0..", ""},
		{"https://example.org:80x/", ""},
		{"https://" + strings.Repeat("a", 254) + "/", ""},
	} {
		if got := ReferrerHost(c.ref, own); got != c.want {
			t.Errorf("ReferrerHost(%q) = %q, want %q", c.ref, got, c.want)
		}
	}
}

func TestPrimaryLanguage(t *testing.T) {
	for _, c := range []struct{ header, want string }{
		{"", ""},
		{"fr", "fr"},
		{"fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", "fr"},
		{"es-MX,es;q=0.9,en;q=0.5", "es"},
		{"EN-gb", "en"},
		{"pt_BR", "pt"},
		{"  ar-MA ; q=1 , fr;q=0.5", "ar"},
		{"en;q=0.5, de;q=0.8", "de"},                // the highest quality wins
		{"en;q=0.8, de;q=0.8", "en"},                // then the first
		{"*, it;q=0.5", "it"},                       // "*" is no language
		{"fr;q=0, es;q=0.1", "es"},                  // q=0: not acceptable
		{"en;q=2, ca", "ca"},                        // malformed quality
		{"en;q=0.1234, ca;q=0.2", "ca"},             // too many decimals
		{"en;level=1;q=0.4, gl;q=0.3", "en"},        // other parameters ignored
		{"x-klingon, i-default, 12, de-1996", "de"}, // 1-letter or non-letter subtags
		{"tlh-Latn", "tlh"},
		{"haw", "haw"},
		{"english", ""},
		{";;;,,,", ""},
		{",,,fi", "fi"},
		{"zh-Hant-TW;q=1.000", "zh"},
		{"en;q=1.0001", ""},
		{"en;q=.5", ""},
		{"nl;q=1.", "nl"},
		{"nl;q=0.", ""},
		// Only the first 32 entries and 1024 bytes are read.
		{strings.Repeat("xx-invalid-entry-but-still-a-tag;q=0.001,", 40) + "fr", "xx"},
		{strings.Repeat("1,", 40) + "fr", ""},
		{strings.Repeat(" ", 1100) + "fr", ""},
	} {
		if got := PrimaryLanguage(c.header); got != c.want {
			t.Errorf("PrimaryLanguage(%.60q) = %q, want %q", c.header, got, c.want)
		}
	}
}

func TestCivil(t *testing.T) {
	epoch := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	for d := -800_000; d <= 3_000_000; d += 97 {
		tm := epoch.AddDate(0, 0, d)
		c := civilFromDate(tm.Year(), int(tm.Month()), tm.Day())
		if int(c) != d {
			t.Fatalf("civilFromDate(%v) = %d, want %d", tm, c, d)
		}
		y, m, dd := c.date()
		if y != tm.Year() || m != int(tm.Month()) || dd != tm.Day() {
			t.Fatalf("%d.date() = %d-%d-%d, want %v", d, y, m, dd, tm)
		}
		if tm.Year() >= 0 && tm.Year() <= 9999 {
			if s := c.String(); s != tm.Format("2006-01-02") {
				t.Fatalf("%d.String() = %q, want %q", d, s, tm.Format("2006-01-02"))
			}
			if p, ok := parseCivil(c.String()); !ok || p != c {
				t.Fatalf("parseCivil(%q) = %d, %v", c.String(), p, ok)
			}
		}
	}
	if _, ok := parseCivil("2026-13-01"); ok {
		t.Error("parseCivil accepted month 13")
	}
}

func FuzzPrimaryLanguage(f *testing.F) {
	for _, s := range []string{"", "fr-FR,fr;q=0.9", "en;q=0.5, de;q=0.8", "*", ";q=", "a;q=1.", "\xff\xfe", strings.Repeat("en,", 500)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		got := PrimaryLanguage(h)
		if got == "" {
			return
		}
		if len(got) < 2 || len(got) > 3 || strings.ToLower(got) != got {
			t.Fatalf("PrimaryLanguage(%q) = %q", h, got)
		}
		for _, c := range []byte(got) {
			if c < 'a' || c > 'z' {
				t.Fatalf("PrimaryLanguage(%q) = %q", h, got)
			}
		}
		if !strings.Contains(strings.ToLower(h[:min(len(h), maxAcceptLanguageBytes)]), got) {
			t.Fatalf("PrimaryLanguage(%q) = %q, not in the header's first bytes", h, got)
		}
	})
}

func FuzzReferrerHost(f *testing.F) {
	for _, s := range []string{"", "https://www.example.org/a?b#c", "http://u:p@h:1/", "https://[::1]/", "https://\xff/", "HTTP://A.B.", "https://a@b@c:99999"} {
		f.Add(s, "example.org")
	}
	f.Fuzz(func(t *testing.T, ref, own string) {
		got := ReferrerHost(ref, []string{own})
		if got == "" {
			return
		}
		if len(got) > maxHostLen || strings.ToLower(got) != got || strings.HasPrefix(got, "www.") {
			t.Fatalf("ReferrerHost(%q) = %q", ref, got)
		}
		for _, c := range []byte(got) {
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
				t.Fatalf("ReferrerHost(%q) = %q: byte %q", ref, got, c)
			}
		}
		if got == ownHost(own) {
			t.Fatalf("ReferrerHost(%q, %q) = own host %q", ref, own, got)
		}
		if !strings.Contains(strings.ToLower(ref), got) {
			t.Fatalf("ReferrerHost(%q) = %q, not in the referrer", ref, got)
		}
		if ReferrerHost("https://"+got+"/", nil) != got {
			t.Fatalf("ReferrerHost(%q) = %q is not stable", ref, got)
		}
	})
}
