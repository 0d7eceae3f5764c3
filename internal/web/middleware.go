// Package web holds the HTTP plumbing shared by the reader site and the back
// office: security headers, panic recovery, error pages.
package web

import (
	"log/slog"
	"net/http"
	"runtime/debug"
)

// ContentSecurityPolicy allows first-party resources only: no inline
// script, no third-party anything. Video embeds are the one exception, and
// they load only after the reader clicks.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; " +
	"frame-src https://www.youtube-nocookie.com https://player.vimeo.com https://www.dailymotion.com"

// securityHeaders are the values every response carries, built once: a
// cached page is served in microseconds, and six fresh slices per request
// showed in its profile. net/http only reads them; each has len == cap, so
// an Add elsewhere copies instead of writing into the shared array.
var securityHeaders = []struct {
	key   string
	value []string
}{
	{"Content-Security-Policy", []string{ContentSecurityPolicy}},
	{"X-Content-Type-Options", []string{"nosniff"}},
	{"Referrer-Policy", []string{"strict-origin-when-cross-origin"}},
	{"X-Frame-Options", []string{"DENY"}},
	{"Permissions-Policy", []string{"camera=(), microphone=(), geolocation=(), interest-cohort=()"}},
	{"Cross-Origin-Opener-Policy", []string{"same-origin"}},
}

var hsts = []string{"max-age=31536000"}

// SecurityHeaders sets the headers every response carries.
func SecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for _, f := range securityHeaders {
			h[f.key] = f.value
		}
		if r.TLS != nil {
			h["Strict-Transport-Security"] = hsts
		}
		next.ServeHTTP(w, r)
	})
}

// Recover turns a panic into a logged 500 instead of a dropped connection.
func Recover(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				log.Error("panic serving request", "method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				w.Header().Set("Content-Type", "text/plain; charset=utf-8")
				w.WriteHeader(http.StatusInternalServerError)
				w.Write([]byte("Internal error. The team has been told.\n"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}
