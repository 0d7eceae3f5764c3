package render

import (
	"net/url"
	"strings"

	"github.com/yuin/goldmark/util"
)

// urlKind classifies a URL accepted by safeURL.
type urlKind int

const (
	urlRelative urlKind = iota // path, query or protocol-less URL on the same site
	urlFragment                // "#section"
	urlAbsolute                // http(s):// or //host: another site as far as we know
	urlMailto                  // mailto:
)

// urlUse says what a URL will be used for.
type urlUse int

const (
	useLink  urlUse = iota // href: http, https, mailto, relative, fragment
	useImage               // src: http, https, relative
)

// safeURL validates and normalizes a URL written by a writer (already
// unescaped from Markdown). It returns ok=false for every scheme but http,
// https and (for links) mailto, and for anything a browser could read as
// such a scheme after stripping the characters it ignores. The returned URL
// is percent-encoded and safe to place in an attribute after HTML escaping.
func safeURL(raw string, use urlUse) (string, urlKind, bool) {
	// Browsers strip leading and trailing C0 controls and spaces, and remove
	// tabs and newlines anywhere: do the same before looking at the scheme.
	s := strings.TrimFunc(raw, func(r rune) bool { return r <= ' ' })
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, s)
	}
	if s == "" {
		return "", 0, false
	}
	for _, r := range s {
		if r < ' ' || r == 0x7f {
			return "", 0, false
		}
	}
	kind := urlRelative
	if i := strings.IndexAny(s, ":/?#\\"); i >= 0 && s[i] == ':' {
		switch strings.ToLower(s[:i]) {
		case "http", "https":
			kind = urlAbsolute
		case "mailto":
			if use != useLink {
				return "", 0, false
			}
			kind = urlMailto
		default:
			return "", 0, false
		}
	} else if strings.HasPrefix(s, "//") || strings.HasPrefix(s, "/\\") || strings.HasPrefix(s, "\\") {
		if strings.HasPrefix(s, "\\") || strings.HasPrefix(s, "/\\") {
			// Browsers read a backslash as a slash: "/\host" is "//host".
			s = "//" + strings.TrimLeft(s, "/\\")
		}
		kind = urlAbsolute
	} else if s[0] == '#' {
		if use != useLink {
			return "", 0, false
		}
		kind = urlFragment
	}
	// Backslashes are read as slashes by browsers in http(s) URLs; encode
	// them so that what the writer typed is what the link means.
	s = strings.ReplaceAll(s, "\\", "%5C")
	esc := string(util.URLEscape([]byte(s), false))
	u, err := url.Parse(esc)
	if err != nil {
		return "", 0, false
	}
	switch kind {
	case urlAbsolute:
		if u.Host == "" || u.User != nil {
			return "", 0, false
		}
		if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
			return "", 0, false
		}
	case urlRelative:
		if u.Scheme != "" || u.Host != "" {
			return "", 0, false
		}
	case urlMailto:
		if u.Opaque == "" {
			return "", 0, false
		}
	}
	return esc, kind, true
}
