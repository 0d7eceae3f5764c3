package pagecache

import "strings"

// preference breaks ties between equally weighted codings: the densest
// first. Identity comes last, so a client that accepts a compressed form
// at the same weight gets it.
var preference = [numCodings]coding{brCoding, zstdCoding, gzipCoding, identity}

// negotiate picks the coding to send from Accept-Encoding field lines
// (RFC 9110, 12.5.3), among the available ones. It reports false when
// nothing available is acceptable, which only happens when identity is
// refused ("identity;q=0", or "*;q=0" without an identity entry).
//
// Weights are compared in thousandths, doubled so that identity, when the
// header does not mention it, can rank below every listed coding yet stay
// acceptable. An element whose weight cannot be read is ignored, as if
// absent. A request without the field gets identity: the RFC would allow
// any coding, but a client that says nothing may not decode one.
func negotiate(lines []string, available *[numCodings]bool) (coding, bool) {
	if len(lines) == 0 {
		return identity, true
	}
	weights := [numCodings]int{-1, -1, -1, -1}
	star := -1
	for _, line := range lines {
		// One pass over the bytes: a hit pays for this on every request.
		for i := 0; i < len(line); {
			for i < len(line) && (line[i] == ' ' || line[i] == '\t' || line[i] == ',') {
				i++
			}
			start := i
			for i < len(line) && line[i] != ',' && line[i] != ';' && line[i] != ' ' && line[i] != '\t' {
				i++
			}
			name := line[start:i]
			start = i
			for i < len(line) && line[i] != ',' {
				i++
			}
			params := line[start:i]
			if name == "" {
				continue
			}
			c, known := codingOf(name)
			if !known && name != "*" {
				continue
			}
			w, ok := parseWeight(params)
			if !ok {
				continue
			}
			if !known {
				star = max(star, w)
				continue
			}
			weights[c] = max(weights[c], w)
		}
	}
	best, bestRank := identity, 0
	for _, c := range preference {
		if !available[c] {
			continue
		}
		w := weights[c]
		if w < 0 {
			w = star
		}
		rank := 2 * w
		if w < 0 {
			if c != identity {
				continue
			}
			rank = 1
		}
		if rank > bestRank {
			best, bestRank = c, rank
		}
	}
	return best, bestRank > 0
}

// codingOf recognises the codings we store. Browsers send them in lower
// case, so exact comparison settles most names before a case-insensitive
// one is tried, and the length alone rules out most mismatches.
func codingOf(name string) (coding, bool) {
	var c coding
	switch len(name) {
	case 2:
		c = brCoding
	case 4:
		c = gzipCoding
		if name[0] == 'z' || name[0] == 'Z' {
			c = zstdCoding
		}
	case 6:
		if !strings.EqualFold(name, "x-gzip") {
			return 0, false
		}
		return gzipCoding, true
	case 8:
		c = identity
	default:
		return 0, false
	}
	want := codingNames[c]
	return c, name == want || strings.EqualFold(name, want)
}

// parseWeight reads the parameters after a coding: only q is defined for
// Accept-Encoding; others are skipped. The weight is in thousandths, 1000
// when absent.
func parseWeight(params string) (int, bool) {
	if params == "" {
		return 1000, true // what browsers send: no weights
	}
	params = strings.TrimLeft(params, " \t")
	if params == "" {
		return 1000, true
	}
	if params[0] != ';' {
		return 0, false // "gzip deflate": not one coding
	}
	w, rest := 1000, params[1:]
	for {
		p, more, found := strings.Cut(rest, ";")
		if p = strings.TrimSpace(p); len(p) >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=' {
			var ok bool
			if w, ok = parseQValue(p[2:]); !ok {
				return 0, false
			}
		}
		if !found {
			return w, true
		}
		rest = more
	}
}

// parseQValue reads qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ).
func parseQValue(s string) (int, bool) {
	if s == "" || len(s) > 5 || (s[0] != '0' && s[0] != '1') {
		return 0, false
	}
	w := int(s[0]-'0') * 1000
	if len(s) == 1 {
		return w, true
	}
	if s[1] != '.' {
		return 0, false
	}
	scale := 100
	for i := 2; i < len(s); i++ {
		d := s[i]
		if d < '0' || d > '9' || (w == 1000 && d != '0') {
			return 0, false
		}
		w += int(d-'0') * scale
		scale /= 10
	}
	return w, true
}

// noneMatch reports whether If-None-Match field lines match etag (quoted,
// strong) under the weak comparison RFC 9110 (13.1.2) prescribes for this
// field: a W/ prefix on a listed tag is ignored. "*" matches any current
// representation. A malformed line is read as far as it is well formed.
func noneMatch(lines []string, etag string) bool {
	for _, s := range lines {
		for {
			s = strings.TrimLeft(s, " \t,")
			if s == "" {
				break
			}
			if s[0] == '*' {
				return true
			}
			s = strings.TrimPrefix(s, "W/")
			if s == "" || s[0] != '"' {
				break
			}
			end := strings.IndexByte(s[1:], '"')
			if end < 0 {
				break
			}
			if s[:end+2] == etag {
				return true
			}
			s = s[end+2:]
		}
	}
	return false
}
