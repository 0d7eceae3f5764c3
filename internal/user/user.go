// Package user holds back-office accounts, their roles and their passwords.
package user

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Role decides what an account may do in the back office.
type Role string

const (
	Administrator Role = "administrator" // everything, users and settings included
	Editor        Role = "editor"        // publishes, validates, manages sections and keywords
	Author        Role = "author"        // writes and proposes for validation
	Moderator     Role = "moderator"     // comments only
	// Member is a reader with an account: no back office, but may comment
	// where a thread is for members only.
	Member Role = "member"
)

// Roles lists every role, most powerful first.
var Roles = []Role{Administrator, Editor, Author, Moderator, Member}

// ParseRole accepts a role name as typed on a command line.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	for _, v := range Roles {
		if r == v {
			return r, nil
		}
	}
	return "", fmt.Errorf("unknown role %q: expected one of administrator, editor, author, moderator, member", s)
}

// User is a person with a back-office account. Authors shown on articles are
// users too; one without a password hash simply cannot log in.
type User struct {
	ID           int64
	Email        string
	DisplayName  string
	Slug         string // for the public author page
	Role         Role
	PasswordHash string
	Bio          map[string]string // by language
	UILanguage   string            // back-office language, "" for the site's default
	// ModerationLanguages are the comment languages a moderator reads; new
	// messages are announced to those who read their language (none = all).
	ModerationLanguages []string
	DisabledAt          time.Time // zero while the account may log in
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

// Active reports whether the account may act.
func (u *User) Active() bool { return u.DisabledAt.IsZero() }

// NormalizeEmail trims and lowercases an address and checks its form.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndexByte(s, '@'):], ".") {
		return "", fmt.Errorf("invalid e-mail address %q: expected name@domain.tld", s)
	}
	return s, nil
}

// MinPasswordLength follows current guidance: length over composition rules.
const MinPasswordLength = 12

// ErrWeakPassword is returned for passwords too short to be safe.
var ErrWeakPassword = fmt.Errorf("password too short: at least %d characters", MinPasswordLength)

// Argon2id parameters (RFC 9106 second recommended option, with 64 MiB).
const (
	argonKeyLen  = 32
	argonSaltLen = 16
)

// HashCost is the argon2id cost of new hashes: RFC 9106's second
// recommended option (64 MiB, 3 passes). Test binaries lower it through
// FastHashesForTests, since every hash records its own parameters and
// verification follows them.
var HashCost = struct {
	Time, Memory uint32
	Threads      uint8
}{Time: 3, Memory: 64 * 1024, Threads: 2}

// FastHashesForTests makes new hashes cheap, for test binaries that log in
// many times (under the race detector a full-cost hash takes seconds).
// Never call it outside tests.
func FastHashesForTests() { HashCost.Time, HashCost.Memory, HashCost.Threads = 1, 64, 1 }

// HashPassword returns an encoded argon2id hash of password, salted from rnd.
func HashPassword(password string, rnd io.Reader) (string, error) {
	if utf8.RuneCountInString(password) < MinPasswordLength {
		return "", ErrWeakPassword
	}
	salt := make([]byte, argonSaltLen)
	if _, err := io.ReadFull(rnd, salt); err != nil {
		return "", fmt.Errorf("password salt: %w", err)
	}
	c := HashCost
	return encodeHash(salt, argon2.IDKey([]byte(password), salt, c.Time, c.Memory, c.Threads, argonKeyLen)), nil
}

// UnmatchableHash returns an encoded hash with today's cost whose key is
// random bytes, not derived from any password: checking a password against
// it takes as long as against a real one, and never succeeds. Login checks
// it for unknown accounts. Making it costs no hashing: a real dummy hash
// took 64 MiB at every start, which stayed in the process's resident
// memory.
func UnmatchableHash(rnd io.Reader) (string, error) {
	b := make([]byte, argonSaltLen+argonKeyLen)
	if _, err := io.ReadFull(rnd, b); err != nil {
		return "", fmt.Errorf("password salt: %w", err)
	}
	return encodeHash(b[:argonSaltLen], b[argonSaltLen:]), nil
}

func encodeHash(salt, key []byte) string {
	c := HashCost
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, c.Memory, c.Time, c.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

var errBadHash = errors.New("malformed password hash")

// CheckPassword reports whether password matches an encoded hash. It reads
// the parameters from the hash so that hashes made with older settings still
// verify after the defaults change.
func CheckPassword(encoded, password string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	var memory, iterations uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &iterations, &threads); err != nil || memory == 0 || iterations == 0 || threads == 0 {
		return false, errBadHash
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(password), salt, iterations, memory, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// RandomPassword makes a password for a first administrator: 20 characters
// from an alphabet without look-alikes, so it survives being read aloud.
func RandomPassword(rnd io.Reader) (string, error) {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	buf := make([]byte, 20)
	if _, err := io.ReadFull(rnd, buf); err != nil {
		return "", err
	}
	for i, b := range buf {
		buf[i] = alphabet[int(b)%len(alphabet)]
	}
	return string(buf), nil
}

// SystemRandom is the randomness used outside tests.
var SystemRandom io.Reader = rand.Reader
