package stats

import "strings"

// maxHostLen is the longest DNS name.
const maxHostLen = 253

// ReferrerHost reduces a Referer header to the host of the page the reader
// came from: lowercase, without port, user information or a leading "www.".
// It is "" when the referrer is empty, not an http or https URL, has no
// valid host name (IP version 6 literals and non-ASCII names included:
// browsers send names in punycode), or names one of own, the site's own
// hosts (compared the same way, so "www.example.fr" in own covers
// "example.fr"). Nothing of the path or the query is kept.
func ReferrerHost(referrer string, own []string) string {
	h := referrerHost(referrer)
	if h == "" {
		return ""
	}
	for _, o := range own {
		if ownHost(o) == h {
			return ""
		}
	}
	return h
}

// referrerHost is ReferrerHost without the own-host check. The result may
// share memory with referrer; the Recorder clones what it keeps.
func referrerHost(ref string) string {
	ref = strings.TrimSpace(ref)
	switch {
	case hasPrefixFold(ref, "https://"):
		ref = ref[len("https://"):]
	case hasPrefixFold(ref, "http://"):
		ref = ref[len("http://"):]
	default:
		return ""
	}
	// The authority ends at the path, the query or the fragment (a
	// backslash too: browsers read it as a slash).
	if i := strings.IndexAny(ref, "/?#\\"); i >= 0 {
		ref = ref[:i]
	}
	if i := strings.LastIndexByte(ref, '@'); i >= 0 {
		ref = ref[i+1:]
	}
	if i := strings.IndexByte(ref, ':'); i >= 0 {
		port := ref[i+1:]
		for j := 0; j < len(port); j++ {
			if port[j] < '0' || port[j] > '9' {
				return ""
			}
		}
		ref = ref[:i]
	}
	return normalizeHost(ref)
}

// ownHost normalizes a host the site answers to, as given by the operator
// ("Example.fr", "www.example.fr:8443").
func ownHost(h string) string {
	h = strings.TrimSpace(h)
	if i := strings.LastIndexByte(h, ':'); i >= 0 {
		h = h[:i]
	}
	return normalizeHost(h)
}

// normalizeHost checks and canonicalizes a bare host name: letters, digits,
// "-", "_" and dots; lowercase; without a trailing dot or a leading "www.".
func normalizeHost(h string) string {
	h = strings.TrimSuffix(h, ".")
	if h == "" || len(h) > maxHostLen {
		return ""
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_':
		case c == '.':
			if i == 0 || h[i-1] == '.' || i == len(h)-1 {
				return "" // empty label
			}
		default:
			return ""
		}
	}
	h = lowerASCII(h)
	h = strings.TrimPrefix(h, "www.")
	return h
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
