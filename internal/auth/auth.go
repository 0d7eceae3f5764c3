// Package auth logs back-office users in and out: argon2id passwords,
// server-side sessions whose tokens are stored hashed, and login rate
// limits shared by every process through the database.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"time"

	"depeche/internal/store"
	"depeche/internal/user"
)

// CookieName is the back-office session cookie. Readers never get one.
const CookieName = "depeche_session"

// Session lifetimes: an idle session ends after IdleTimeout, any session
// after MaxAge.
const (
	IdleTimeout = 12 * time.Hour
	MaxAge      = 7 * 24 * time.Hour
)

// Rate limits: after freeFailures failures within failureWindow, each new
// attempt must wait twice as long as the previous one, up to maxDelay.
const (
	freeFailures  = 5
	failureWindow = time.Hour
	maxDelay      = 15 * time.Minute
)

// ErrInvalid is the one answer for an unknown account, a wrong password and
// a disabled account, so the form reveals nothing about who has an account.
var ErrInvalid = errors.New("invalid e-mail or password")

// ErrThrottled says how long to wait before the next attempt.
type ErrThrottled struct{ Wait time.Duration }

func (e *ErrThrottled) Error() string {
	return fmt.Sprintf("too many attempts: wait %s", e.Wait.Round(time.Second))
}

// Auth is the login service.
type Auth struct {
	store *store.Store
	now   func() time.Time
	rnd   io.Reader
	// dummyHash is checked when an account does not exist, so that a wrong
	// e-mail takes as long as a wrong password.
	dummyHash string
	// hashing bounds the password checks running at once: each takes
	// 64 MiB, and a flood of logins from many addresses (which the per-network
	// limits do not stop) must not exhaust memory.
	hashing chan struct{}
}

// ErrBusy is returned when too many password checks are waiting: the login
// page asks to try again in a moment.
var ErrBusy = errors.New("too many logins at once: try again in a moment")

// hashWait is how long a login waits for a free password check.
const hashWait = 2 * time.Second

func (a *Auth) checkPassword(ctx context.Context, hash, password string) (bool, error) {
	t := time.NewTimer(hashWait)
	defer t.Stop()
	select {
	case a.hashing <- struct{}{}:
	case <-t.C:
		return false, ErrBusy
	case <-ctx.Done():
		return false, ctx.Err()
	}
	defer func() { <-a.hashing }()
	return user.CheckPassword(hash, password)
}

// New makes the service; now and rnd are injected for tests.
func New(st *store.Store, now func() time.Time, rnd io.Reader) (*Auth, error) {
	if now == nil {
		now = time.Now
	}
	if rnd == nil {
		rnd = rand.Reader
	}
	dummy, err := user.UnmatchableHash(rnd)
	if err != nil {
		return nil, err
	}
	return &Auth{store: st, now: now, rnd: rnd, dummyHash: dummy, hashing: make(chan struct{}, max(2, runtime.NumCPU()))}, nil
}

// Login checks credentials and opens a session, returning its token.
func (a *Auth) Login(ctx context.Context, email, password, remoteAddr string) (*user.User, string, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	keys := []string{"account:" + email, "network:" + Network(remoteAddr)}
	for _, k := range keys {
		if wait, err := a.throttle(ctx, k); err != nil {
			return nil, "", err
		} else if wait > 0 {
			return nil, "", &ErrThrottled{Wait: wait}
		}
	}
	u, err := a.store.UserByEmail(ctx, email)
	ok := false
	switch {
	case err == nil && u.PasswordHash != "":
		var cerr error
		ok, cerr = a.checkPassword(ctx, u.PasswordHash, password)
		if cerr == ErrBusy || ctx.Err() != nil {
			return nil, "", ErrBusy
		}
		ok = ok && u.Active()
	case err == nil || errors.Is(err, store.ErrNotFound):
		if _, cerr := a.checkPassword(ctx, a.dummyHash, password); cerr == ErrBusy || ctx.Err() != nil {
			return nil, "", ErrBusy
		}
	default:
		return nil, "", err
	}
	if !ok {
		if err := a.store.RecordLoginFailure(ctx, keys, failureWindow); err != nil {
			return nil, "", err
		}
		return nil, "", ErrInvalid
	}
	a.store.ClearLoginFailures(ctx, keys[0])
	token, err := a.newSession(ctx, u.ID)
	if err != nil {
		return nil, "", err
	}
	return u, token, nil
}

// throttle tells how long a key must still wait before another attempt.
func (a *Auth) throttle(ctx context.Context, key string) (time.Duration, error) {
	now := a.now()
	n, last, err := a.store.LoginFailures(ctx, key, now.Add(-failureWindow))
	if err != nil || n < freeFailures {
		return 0, err
	}
	delay := time.Second << min(n-freeFailures+1, 20)
	delay = min(delay, maxDelay)
	if wait := last.Add(delay).Sub(now); wait > 0 {
		return wait, nil
	}
	return 0, nil
}

// newSession stores a fresh session. A login always gets a new token, so a
// token planted before login (session fixation) is worthless.
func (a *Auth) newSession(ctx context.Context, userID int64) (string, error) {
	raw := make([]byte, 32)
	if _, err := io.ReadFull(a.rnd, raw); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	if err := a.store.CreateSession(ctx, hashToken(token), userID, a.now().Add(MaxAge)); err != nil {
		return "", err
	}
	return token, nil
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// User returns the logged-in account of a request, or ErrNotFound.
func (a *Auth) User(r *http.Request) (*user.User, error) { return SessionUser(a.store, r) }

// SessionUser returns the logged-in account of a request, or ErrNotFound,
// for handlers that only need to know who is signed in (the public site,
// for members-only threads).
func SessionUser(st *store.Store, r *http.Request) (*user.User, error) {
	c, err := r.Cookie(CookieName)
	if err != nil || c.Value == "" || len(c.Value) > 100 {
		return nil, store.ErrNotFound
	}
	return st.SessionUser(r.Context(), hashToken(c.Value), IdleTimeout)
}

// SetCookie hands the session token to the browser: HttpOnly, SameSite=Lax,
// Secure when the site is served over TLS. Its path is the whole site so
// that staff reading public pages are not counted as readers; public pages
// never set a cookie themselves.
func SetCookie(w http.ResponseWriter, token string, secure bool) {
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: token, Path: "/", MaxAge: int(MaxAge / time.Second),
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
}

// Logout ends the request's session and clears the cookie.
func (a *Auth) Logout(w http.ResponseWriter, r *http.Request, secure bool) error {
	if c, err := r.Cookie(CookieName); err == nil {
		if err := a.store.DeleteSession(r.Context(), hashToken(c.Value)); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
	return nil
}

// Network is the unit address-based limits apply to: the /24 of an IPv4
// address, the /64 of an IPv6 one, so that one machine cannot dodge a
// limit by hopping between neighbouring addresses.
func Network(remoteAddr string) string {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	ip := net.ParseIP(host)
	switch {
	case ip == nil:
		return "unknown"
	case ip.To4() != nil:
		return ip.Mask(net.CIDRMask(24, 32)).String() + "/24"
	default:
		return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
	}
}
