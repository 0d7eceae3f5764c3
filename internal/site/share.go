package site

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"depeche/internal/i18n"
)

// shareView holds plain share links: no third-party script or pixel, the
// reader's browser only goes to a network when they click.
type shareView struct {
	L                              *i18n.Localizer
	Place                          string // "top" or "foot", for unique ids
	Title, URL, Path               string
	Facebook, X, LinkedIn, Bluesky string
	Email, MastodonAction          string
}

func (s *Site) shareView(r *request, place, title, canonical, path string) shareView {
	q := url.QueryEscape
	return shareView{
		L: r.L, Place: place, Title: title, URL: canonical, Path: path,
		Facebook:       "https://www.facebook.com/sharer/sharer.php?u=" + q(canonical),
		X:              "https://x.com/intent/post?" + url.Values{"text": {title}, "url": {canonical}}.Encode(),
		LinkedIn:       "https://www.linkedin.com/sharing/share-offsite/?url=" + q(canonical),
		Bluesky:        "https://bsky.app/intent/compose?text=" + q(title+" "+canonical),
		Email:          "mailto:?subject=" + pathEscape(r.L.T("share.email.subject", title)) + "&body=" + pathEscape(canonical),
		MastodonAction: "/" + r.lang + "/share/mastodon",
	}
}

// pathEscape encodes for mailto: spaces as %20, which every mail client
// reads, unlike "+".
func pathEscape(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }

var instanceRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?)+$`)

// shareMastodon sends the reader to their own instance's share page. Only
// pages of this site can be shared this way, so it is not an open redirect
// for arbitrary text.
func (s *Site) shareMastodon(w http.ResponseWriter, r *request) {
	q := r.URL.Query()
	instance := strings.ToLower(strings.TrimSpace(q.Get("instance")))
	instance = strings.TrimPrefix(strings.TrimPrefix(instance, "https://"), "http://")
	instance = strings.TrimPrefix(instance, "@")
	if at := strings.LastIndexByte(instance, '@'); at >= 0 { // "@user@instance" typed whole
		instance = instance[at+1:]
	}
	instance = strings.TrimRight(instance, "/")
	path := q.Get("path")
	prefix := "/" + r.lang + "/"
	slug := strings.TrimPrefix(path, prefix)
	if !instanceRE.MatchString(instance) || !strings.HasPrefix(path, prefix) || strings.Contains(slug, "/") || slug == "" {
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	a, err := s.store.ArticleBySlug(r.ctx(), r.site.ID, r.lang, slug)
	if err != nil || !a.IsPublicAt(s.now()) {
		s.errorPage(w, r, http.StatusNotFound)
		return
	}
	text := a.Title + " " + r.site.BaseURL + path
	http.Redirect(w, r.Request, "https://"+instance+"/share?"+url.Values{"text": {text}}.Encode(), http.StatusSeeOther)
}
