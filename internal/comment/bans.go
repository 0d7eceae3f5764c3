package comment

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Bans are a site's banned words, names and e-mail domains, edited by
// moderators. A message that matches one goes to spam with the reason.
type Bans struct {
	Words   []string // matched as whole words in the message, name and website
	Names   []string // matched as whole words in the name
	Domains []string // the e-mail's domain or any of its parent domains
}

// BanScore is what one match adds: enough on its own to reach the spam
// status, since a moderator listed it on purpose.
const BanScore = SpamThreshold

// Check returns the reasons an input matches the bans, one per match.
func (b Bans) Check(in Input) []string {
	var reasons []string
	text := fold(in.Body + " " + in.Name + " " + in.Website)
	for _, w := range b.Words {
		if f := fold(w); f != "" && containsWord(text, f) {
			reasons = append(reasons, "banned word: "+w)
		}
	}
	name := fold(in.Name)
	for _, n := range b.Names {
		if f := fold(n); f != "" && containsWord(name, f) {
			reasons = append(reasons, "banned name: "+n)
		}
	}
	if at := strings.LastIndexByte(in.Email, '@'); at >= 0 {
		domain := strings.ToLower(in.Email[at+1:])
		for _, d := range b.Domains {
			d = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(d)), "@")
			if d != "" && (domain == d || strings.HasSuffix(domain, "."+d)) {
				reasons = append(reasons, "banned e-mail domain: "+d)
			}
		}
	}
	return reasons
}

// fold lowercases and strips accents, so "Arnaque" bans "arnaqué" too.
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(strings.TrimSpace(s))) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// containsWord finds w in s with no letter or digit on either side, so a
// banned "con" does not catch "conseil".
func containsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(w)
		if !wordRuneBefore(s, start) && !wordRuneAfter(s, end) {
			return true
		}
		i = start + 1
		for i < len(s) && !isRuneStart(s[i]) {
			i++
		}
		if i >= len(s) {
			return false
		}
	}
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func wordRuneBefore(s string, i int) bool {
	r, n := utf8.DecodeLastRuneInString(s[:i])
	return n > 0 && isWordRune(r)
}

func wordRuneAfter(s string, i int) bool {
	r, n := utf8.DecodeRuneInString(s[i:])
	return n > 0 && isWordRune(r)
}
