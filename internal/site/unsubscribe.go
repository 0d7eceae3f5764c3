package site

import (
	"net/http"
	"net/url"

	"depeche/internal/store"
)

// unsubscribePath is where the links of commenters' notification mails
// lead (jobs.UnsubscribePath on the sending side).
const unsubscribePath = "/unsubscribe"

type unsubscribeView struct {
	Heading, Text       string
	AddressLabel, Email string
	Action, Submit      string
}

// unsubscribe stops every notification mail an address asked for on the
// site. The link carries a signed token, so neither an account nor a
// cookie is needed. GET shows the address and one button; POST — that
// button, or a mail client acting on the List-Unsubscribe-Post header of
// RFC 8058 without showing anything — does it. A token that does not
// verify gets a page saying so, never the change.
func (s *Site) unsubscribe(w http.ResponseWriter, r *http.Request) {
	site, err := s.siteFor(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	q := r.URL.Query()
	lang := q.Get("lang")
	if _, ok := site.Language(lang); !ok {
		lang = site.DefaultLanguage
	}
	req := &request{Request: r, site: site, lang: lang, L: s.bundle.For(lang)}
	// The URL holds a personal token: not for caches, nor for search engines.
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Robots-Tag", "noindex")
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodPost:
	default:
		w.Header().Set("Allow", "GET, HEAD, POST")
		s.errorPage(w, req, http.StatusMethodNotAllowed)
		return
	}
	key, err := s.store.UnsubscribeKey(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	L := req.L
	name := site.Texts[lang].Name
	email, ok := store.CheckUnsubscribeToken(key, site.ID, q.Get("t"))
	if !ok {
		s.unsubscribePage(w, req, http.StatusBadRequest, unsubscribeView{Heading: L.T("unsubscribe.invalid.title"), Text: L.T("unsubscribe.invalid.text")})
		return
	}
	if r.Method == http.MethodPost {
		if _, err := s.store.UnsubscribeCommenter(r.Context(), site.ID, email); err != nil {
			s.serverError(w, r, err)
			return
		}
		s.unsubscribePage(w, req, http.StatusOK, unsubscribeView{Heading: L.T("unsubscribe.done.title"), Text: L.T("unsubscribe.done.text", name),
			AddressLabel: L.T("unsubscribe.address"), Email: email})
		return
	}
	action := unsubscribePath + "?" + url.Values{"lang": {lang}, "t": {q.Get("t")}}.Encode()
	s.unsubscribePage(w, req, http.StatusOK, unsubscribeView{Heading: L.T("unsubscribe.title"), Text: L.T("unsubscribe.text", name),
		AddressLabel: L.T("unsubscribe.address"), Email: email, Action: action, Submit: L.T("unsubscribe.submit")})
}

func (s *Site) unsubscribePage(w http.ResponseWriter, r *request, status int, v unsubscribeView) {
	lo := s.newLayout(r, v.Heading, nil)
	lo.Main = v
	// Not an audience page: nobody reads it but the address's owner.
	lo.counted = false
	s.render(w, r, status, "unsubscribe", lo)
}
