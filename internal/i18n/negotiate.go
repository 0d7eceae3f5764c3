package i18n

import (
	"strings"
	"sync"

	"golang.org/x/text/language"
)

// maxAcceptLanguage bounds the work done for one header. Browsers send well
// under 200 bytes; anything this long is not a real preference list.
const maxAcceptLanguage = 4096

// Negotiate returns the language of available that best fits an
// Accept-Language header, as spelled in available. Entries with q=0 are
// excluded. It returns fallback when the header is empty, malformed or too
// long, when nothing in it matches, or when available holds no valid tag.
func Negotiate(acceptLanguage string, available []string, fallback string) string {
	if acceptLanguage == "" || len(acceptLanguage) > maxAcceptLanguage {
		return fallback
	}
	wanted, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(wanted) == 0 {
		return fallback
	}
	m := matcherFor(available)
	if m == nil {
		return fallback
	}
	_, i, confidence := m.matcher.Match(wanted...)
	if confidence == language.No {
		return fallback
	}
	return available[m.index[i]]
}

// cachedMatcher maps the matcher's indexes, which skip invalid tags, back to
// positions in the caller's available slice.
type cachedMatcher struct {
	matcher language.Matcher
	index   []int
}

// Building a Matcher costs tens of microseconds, more than the match itself,
// and a site passes the same few language lists on every request, so
// matchers are kept per list. The cache stops growing at maxMatchers so that
// a caller building lists dynamically cannot exhaust memory.
const maxMatchers = 64

var matchers struct {
	sync.Mutex
	byList map[string]*cachedMatcher
}

func matcherFor(available []string) *cachedMatcher {
	key := strings.Join(available, "\x00")
	matchers.Lock()
	m, ok := matchers.byList[key]
	matchers.Unlock()
	if ok {
		return m
	}

	var tags []language.Tag
	var index []int
	for i, a := range available {
		if t, err := language.Parse(a); err == nil {
			tags = append(tags, t)
			index = append(index, i)
		}
	}
	if len(tags) > 0 {
		m = &cachedMatcher{matcher: language.NewMatcher(tags), index: index}
	}

	matchers.Lock()
	defer matchers.Unlock()
	if matchers.byList == nil {
		matchers.byList = make(map[string]*cachedMatcher)
	}
	if len(matchers.byList) < maxMatchers {
		matchers.byList[key] = m
	}
	return m
}
