package site

import (
	"net/url"
	"strconv"
)

// Page kinds that have a fixed path word under /{lang}/.
const (
	kindSection       = "section"
	kindKeyword       = "keyword"
	kindAuthor        = "author"
	kindSitemap       = "sitemap"
	kindLegal         = "legal"
	kindAccessibility = "accessibility"
	kindSearch        = "search"
	kindFigures       = "figures"
	kindPrivacy       = "privacy"
)

// pathWords are the localized first path segments of reader pages, so a
// French reader sees /fr/rubrique/… and a Spanish one /es/seccion/…. A
// language without an entry uses the English words.
var pathWords = map[string]map[string]string{
	"fr": {kindSection: "rubrique", kindKeyword: "mot", kindAuthor: "auteur", kindSitemap: "plan-du-site",
		kindLegal: "mentions-legales", kindAccessibility: "accessibilite", kindSearch: "search",
		kindFigures: "en-chiffres", kindPrivacy: "confidentialite"},
	"en": {kindSection: "section", kindKeyword: "keyword", kindAuthor: "author", kindSitemap: "sitemap",
		kindLegal: "legal-notice", kindAccessibility: "accessibility", kindSearch: "search",
		kindFigures: "in-figures", kindPrivacy: "privacy"},
	"es": {kindSection: "seccion", kindKeyword: "palabra-clave", kindAuthor: "autor", kindSitemap: "mapa-del-sitio",
		kindLegal: "aviso-legal", kindAccessibility: "accesibilidad", kindSearch: "search",
		kindFigures: "en-cifras", kindPrivacy: "privacidad"},
}

// ReservedSlugs are path words no article slug may take, in any language.
func ReservedSlugs() map[string]bool {
	out := map[string]bool{"assets": true, "media": true, "admin": true, "share": true}
	for _, words := range pathWords {
		for _, w := range words {
			out[w] = true
		}
	}
	return out
}

func word(lang, kind string) string {
	if w, ok := pathWords[lang][kind]; ok {
		return w
	}
	return pathWords["en"][kind]
}

// kindOf recognizes a path word in a language.
func kindOf(lang, w string) (string, bool) {
	words, ok := pathWords[lang]
	if !ok {
		words = pathWords["en"]
	}
	for kind, v := range words {
		if v == w {
			return kind, true
		}
	}
	return "", false
}

// Reader URLs, all site-relative; absolute() adds the base URL.
func homePath(lang string) string               { return "/" + lang + "/" }
func articlePath(lang, slug string) string      { return "/" + lang + "/" + slug }
func kindPath(lang, kind string) string         { return "/" + lang + "/" + word(lang, kind) }
func objectPath(lang, kind, slug string) string { return kindPath(lang, kind) + "/" + slug }

// withPage adds ?page=N for pages after the first.
func withPage(p string, page int) string {
	if page <= 1 {
		return p
	}
	return p + "?" + url.Values{"page": {strconv.Itoa(page)}}.Encode()
}

// feedPath is the address of a feed: the language's, or a section's or
// keyword's when base is that page's path. format is atom, rss or json.
func feedPath(lang, base, format string) string {
	if base == "" {
		base = "/" + lang
	}
	return base + "/feed." + format
}
