package stats

import "strings"

// Bounds on the Accept-Language work: the header is attacker-controlled and
// may be several kilobytes long; a browser sends a handful of entries.
const (
	maxAcceptLanguageBytes = 1024
	maxAcceptLanguageItems = 32
)

// PrimaryLanguage is the primary subtag of the reader's preferred language
// in an Accept-Language header, lowercased: "es" for "es-MX,es;q=0.9,en;q=0.5".
// The preferred language is the entry with the highest quality, the first
// one among equals; "*", malformed entries and q=0 are skipped. Primary
// subtags are 2 or 3 letters (ISO 639); "" if the header has none. Only the
// first 1024 bytes and 32 entries are read.
func PrimaryLanguage(acceptLanguage string) string {
	s := acceptLanguage
	if len(s) > maxAcceptLanguageBytes {
		s = s[:maxAcceptLanguageBytes]
	}
	best, bestQ := "", 0
	for n := 0; n < maxAcceptLanguageItems && s != ""; n++ {
		var item string
		if i := strings.IndexByte(s, ','); i >= 0 {
			item, s = s[:i], s[i+1:]
		} else {
			item, s = s, ""
		}
		tag, params, _ := strings.Cut(item, ";")
		lang := primarySubtag(strings.TrimSpace(tag))
		if lang == "" {
			continue
		}
		q, ok := quality(params)
		if !ok || q <= bestQ {
			continue
		}
		best, bestQ = lang, q
		if q == 1000 {
			break // nothing can beat it, and the first among equals wins
		}
	}
	return lowerASCII(best)
}

// primarySubtag is the part of a language tag before the first "-" (or "_",
// which some clients send), if it is 2 or 3 ASCII letters.
func primarySubtag(tag string) string {
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	if len(tag) < 2 || len(tag) > 3 {
		return ""
	}
	for i := 0; i < len(tag); i++ {
		if c := tag[i] | 0x20; c < 'a' || c > 'z' {
			return ""
		}
	}
	return tag
}

// quality reads the q parameter among an entry's parameters, in thousandths
// (1000 when absent). ok is false when it is malformed.
func quality(params string) (q int, ok bool) {
	q = 1000
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		name, value, found := strings.Cut(strings.TrimSpace(p), "=")
		if !found || strings.TrimSpace(name) != "q" && strings.TrimSpace(name) != "Q" {
			continue
		}
		v := strings.TrimSpace(value)
		// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
		if v == "" || len(v) > 5 || (v[0] != '0' && v[0] != '1') {
			return 0, false
		}
		q = int(v[0]-'0') * 1000
		if len(v) > 1 {
			if v[1] != '.' {
				return 0, false
			}
			scale := 100
			for i := 2; i < len(v); i++ {
				if v[i] < '0' || v[i] > '9' {
					return 0, false
				}
				q += int(v[i]-'0') * scale
				scale /= 10
			}
		}
		if q > 1000 {
			return 0, false
		}
	}
	return q, true
}
