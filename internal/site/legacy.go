package site

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"depeche/internal/content"
)

// SPIP-style addresses: spip.php?article123, article123.html,
// spip.php?page=article&id_article=123, /123, and the same for rubrique
// (section) and mot (keyword).
var (
	spipShortQuery = regexp.MustCompile(`^(article|rubrique|mot)(\d{1,18})$`)
	spipHTML       = regexp.MustCompile(`^/(article|rubrique|mot)(\d{1,18})\.html$`)
	bareNumber     = regexp.MustCompile(`^/(\d{1,18})$`)
)

// legacyTarget finds where an address of the site's previous life leads:
// the editable redirect table first, then SPIP's URL styles. It returns ""
// when the address means nothing.
func (s *Site) legacyTarget(r *http.Request, site *content.Site) string {
	ctx := r.Context()
	if r.URL.RawQuery != "" {
		if t, err := s.store.Redirect(ctx, site.ID, r.URL.Path+"?"+r.URL.RawQuery); err == nil {
			return t
		}
	}
	if t, err := s.store.Redirect(ctx, site.ID, r.URL.Path); err == nil {
		return t
	}
	kind, id := "", int64(0)
	switch {
	case r.URL.Path == "/spip.php":
		q, _ := url.ParseQuery(r.URL.RawQuery)
		if m := spipShortQuery.FindStringSubmatch(r.URL.RawQuery); m != nil {
			kind, id = m[1], atoi64(m[2])
		} else if page := q.Get("page"); page == "backend" || page == "backend-breves" {
			return feedPath(site.DefaultLanguage, "", "rss")
		} else if page == "article" || page == "rubrique" || page == "mot" {
			kind, id = page, atoi64(q.Get("id_"+page))
		}
	case spipHTML.MatchString(r.URL.Path):
		m := spipHTML.FindStringSubmatch(r.URL.Path)
		kind, id = m[1], atoi64(m[2])
	case bareNumber.MatchString(r.URL.Path):
		kind, id = "article", atoi64(bareNumber.FindStringSubmatch(r.URL.Path)[1])
	}
	if id <= 0 {
		return ""
	}
	switch kind {
	case "article":
		if a, err := s.store.ArticleByLegacyID(ctx, site.ID, id); err == nil && a.IsPublicAt(s.now()) {
			return articlePath(a.Language, a.Slug)
		}
	case "rubrique":
		if sec, err := s.store.SectionByLegacyID(ctx, site.ID, id); err == nil {
			return localizedObject(site, kindSection, func(lang string) (string, bool) { t, ok := sec.Texts[lang]; return t.Slug, ok })
		}
	case "mot":
		if k, err := s.store.KeywordByLegacyID(ctx, site.ID, id); err == nil {
			return localizedObject(site, kindKeyword, func(lang string) (string, bool) { t, ok := k.Texts[lang]; return t.Slug, ok })
		}
	}
	return ""
}

// localizedObject is the object's page in the site's default language, or
// in the first language that has it.
func localizedObject(site *content.Site, kind string, slugIn func(string) (string, bool)) string {
	if slug, ok := slugIn(site.DefaultLanguage); ok {
		return objectPath(site.DefaultLanguage, kind, slug)
	}
	for _, l := range site.Languages {
		if slug, ok := slugIn(l.Code); ok {
			return objectPath(l.Code, kind, slug)
		}
	}
	return ""
}

// redirectLegacy answers with a permanent redirect when the address has a
// known new home.
func (s *Site) redirectLegacy(w http.ResponseWriter, r *http.Request, site *content.Site) bool {
	target := s.legacyTarget(r, site)
	if target == "" {
		return false
	}
	http.Redirect(w, r, target, http.StatusMovedPermanently)
	return true
}

func atoi64(s string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return 0
	}
	return n
}
