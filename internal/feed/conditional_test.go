package feed

import (
	"net/http/httptest"
	"regexp"
	"testing"
	"time"
)

func TestETag(t *testing.T) {
	a, b := ETag([]byte("<feed/>")), ETag([]byte("<feed/> "))
	if !regexp.MustCompile(`^"[0-9a-f]{32}"$`).MatchString(a) {
		t.Errorf("ETag %s is not a quoted strong tag", a)
	}
	if a == b || a != ETag([]byte("<feed/>")) {
		t.Errorf("ETag not a function of the bytes: %s %s", a, b)
	}
}

func TestNotModified(t *testing.T) {
	const etag = `"abc"`
	mod := time.Date(2026, 3, 14, 17, 5, 7, 500_000_000, time.UTC) // half a second in
	tests := []struct {
		name    string
		method  string
		inm     []string // If-None-Match lines
		ims     string   // If-Modified-Since
		etag    string
		lastMod time.Time
		want    bool
	}{
		{name: "no headers", want: false},
		{name: "match", inm: []string{`"abc"`}, want: true},
		{name: "no match", inm: []string{`"abd"`}, want: false},
		{name: "list", inm: []string{`"x", "y" ,"abc"`}, want: true},
		{name: "list without match", inm: []string{`"x", "y"`}, want: false},
		{name: "second field line", inm: []string{`"x"`, `"abc"`}, want: true},
		{name: "comma inside a tag", inm: []string{`"a,b", "abc"`}, want: true},
		{name: "weak in request", inm: []string{`W/"abc"`}, want: true},
		{name: "weak on both sides", inm: []string{`W/"abc"`}, etag: `W/"abc"`, want: true},
		{name: "weak resource", inm: []string{`"abc"`}, etag: `W/"abc"`, want: true},
		{name: "unquoted", inm: []string{`abc`}, want: false},
		{name: "unterminated", inm: []string{`"abc`}, want: false},
		{name: "prefix only", inm: []string{`"ab"`}, want: false},
		{name: "star", inm: []string{`*`}, want: true},
		{name: "star without etag", inm: []string{`*`}, etag: "-", want: true},
		{name: "empty If-None-Match is absent", inm: []string{" "}, ims: "Sat, 14 Mar 2026 17:05:07 GMT", want: true},
		{name: "If-None-Match wins over a matching date", inm: []string{`"x"`}, ims: "Sat, 14 Mar 2026 17:05:07 GMT", want: false},
		{name: "If-None-Match wins over an old date", inm: []string{`"abc"`}, ims: "Sat, 14 Mar 2020 17:05:07 GMT", want: true},
		{name: "date equal to the second", ims: "Sat, 14 Mar 2026 17:05:07 GMT", want: true},
		{name: "date after", ims: "Sat, 14 Mar 2026 17:05:08 GMT", want: true},
		{name: "date before", ims: "Sat, 14 Mar 2026 17:05:06 GMT", want: false},
		{name: "RFC 850 date", ims: "Saturday, 14-Mar-26 17:05:07 GMT", want: true},
		{name: "asctime date", ims: "Sat Mar 14 17:05:07 2026", want: true},
		{name: "malformed date", ims: "yesterday", want: false},
		{name: "RFC 3339 date is not HTTP", ims: "2026-03-14T17:05:07Z", want: false},
		{name: "zero lastMod", ims: "Sat, 14 Mar 2026 17:05:07 GMT", lastMod: time.Time{}, want: false},
		{name: "POST", method: "POST", inm: []string{`"abc"`}, want: false},
		{name: "HEAD", method: "HEAD", inm: []string{`"abc"`}, want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := tt.method
			if method == "" {
				method = "GET"
			}
			r := httptest.NewRequest(method, "/fr/flux.atom", nil)
			for _, v := range tt.inm {
				r.Header.Add("If-None-Match", v)
			}
			if tt.ims != "" {
				r.Header.Set("If-Modified-Since", tt.ims)
			}
			e := tt.etag
			if e == "" {
				e = etag
			}
			if e == "-" {
				e = ""
			}
			lm := tt.lastMod
			if lm.IsZero() && tt.name != "zero lastMod" {
				lm = mod
			}
			if got := NotModified(r, e, lm); got != tt.want {
				t.Errorf("NotModified = %v, want %v", got, tt.want)
			}
		})
	}
}
