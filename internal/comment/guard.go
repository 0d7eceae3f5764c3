package comment

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Form tokens: each comment form carries the time it was served and an
// HMAC over the thread and that time, so a post must come from a form this
// site served, no sooner than a human can type and no later than a day.
const (
	MinFillTime   = 3 * time.Second
	TokenLifetime = 24 * time.Hour
)

var (
	ErrTokenInvalid = errors.New("comment form token invalid")
	ErrTooFast      = errors.New("comment form sent too fast")
	ErrTokenExpired = errors.New("comment form expired")
)

// SignForm signs a form served at issued for a thread (translation group).
func SignForm(secret []byte, groupID int64, issued time.Time) string {
	mac := hmac.New(sha256.New, secret)
	fmt.Fprintf(mac, "comment-form|%d|%d", groupID, issued.Unix())
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// CheckForm verifies a form's token fields at now.
func CheckForm(secret []byte, groupID int64, issuedField, sig string, now time.Time, minFill time.Duration) error {
	unix, err := strconv.ParseInt(issuedField, 10, 64)
	if err != nil {
		return ErrTokenInvalid
	}
	issued := time.Unix(unix, 0)
	if !hmac.Equal([]byte(SignForm(secret, groupID, issued)), []byte(sig)) {
		return ErrTokenInvalid
	}
	age := now.Sub(issued)
	switch {
	case age < minFill:
		return ErrTooFast
	case age > TokenLifetime:
		return ErrTokenExpired
	}
	return nil
}

// SpamThreshold is the score from which a message goes to the spam status
// instead of the moderation queue.
const SpamThreshold = 5

// MaxLinks is how many links a message may carry before it counts as spam.
const MaxLinks = 3

var linkRE = regexp.MustCompile(`(?i)\bhttps?://|\bwww\.`)

// Assess scores a message; the reasons are shown to moderators.
func Assess(in Input, honeypot string) (score float64, reasons []string) {
	if strings.TrimSpace(honeypot) != "" {
		score += 10
		reasons = append(reasons, "honeypot field filled")
	}
	if n := len(linkRE.FindAllStringIndex(in.Body, -1)); n > MaxLinks {
		score += 5
		reasons = append(reasons, fmt.Sprintf("%d links", n))
	}
	if strings.Contains(strings.ToLower(in.Website), "://") && len(linkRE.FindAllStringIndex(in.Body, -1)) > 0 && len(in.Body) < 80 {
		score += 2
		reasons = append(reasons, "short message with a link and a website")
	}
	return score, reasons
}
