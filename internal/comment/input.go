package comment

import (
	"net/mail"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on what a reader may post.
const (
	MinBodyRunes = 10
	MaxBodyBytes = 20 << 10
	MaxNameRunes = 100
	MaxURLBytes  = 300
)

// Input is what a reader typed in the comment form.
type Input struct {
	Name, Email, Website, Body string
	Parent                     int64
}

// Problem is one thing wrong with an input, for one field.
type Problem struct {
	Field string // "name", "email", "website", "message"
	Code  string // "required", "tooshort", "toolong", "email", "url", "utf8", "control"
	Limit int    // for tooshort and toolong
}

// Normalize trims what readers never mean to type: surrounding spaces and
// Windows line endings. It keeps everything else, so nothing typed is lost.
func (in Input) Normalize() Input {
	in.Name = strings.TrimSpace(in.Name)
	in.Email = strings.TrimSpace(in.Email)
	in.Website = strings.TrimSpace(in.Website)
	in.Body = strings.TrimSpace(strings.ReplaceAll(in.Body, "\r\n", "\n"))
	return in
}

// Validate lists every problem of a normalized input, in form order.
func (in Input) Validate(emailRequired bool) []Problem {
	var out []Problem
	text := func(field, v string, required bool, min, maxBytes int) {
		switch {
		case !utf8.ValidString(v):
			out = append(out, Problem{Field: field, Code: "utf8"})
		case hasControl(v):
			out = append(out, Problem{Field: field, Code: "control"})
		case v == "" && required:
			out = append(out, Problem{Field: field, Code: "required"})
		case v != "" && utf8.RuneCountInString(v) < min:
			out = append(out, Problem{Field: field, Code: "tooshort", Limit: min})
		case len(v) > maxBytes:
			out = append(out, Problem{Field: field, Code: "toolong", Limit: maxBytes})
		}
	}
	text("name", in.Name, true, 1, MaxNameRunes*4)
	if strings.ContainsAny(in.Name, "\n") {
		out = append(out, Problem{Field: "name", Code: "control"})
	}
	if in.Email == "" {
		if emailRequired {
			out = append(out, Problem{Field: "email", Code: "required"})
		}
	} else if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email || !strings.Contains(in.Email[strings.LastIndexByte(in.Email, '@'):], ".") {
		out = append(out, Problem{Field: "email", Code: "email"})
	}
	if in.Website != "" {
		u, err := url.Parse(in.Website)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(in.Website) > MaxURLBytes {
			out = append(out, Problem{Field: "website", Code: "url"})
		}
	}
	text("message", in.Body, true, MinBodyRunes, MaxBodyBytes)
	return out
}

// hasControl finds characters that have no place in a message: control
// characters other than newline and tab, and invisible bidi overrides that
// could disguise a message.
func hasControl(s string) bool {
	for _, r := range s {
		if r == '\n' || r == '\t' {
			continue
		}
		if unicode.IsControl(r) || (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069') {
			return true
		}
	}
	return false
}
