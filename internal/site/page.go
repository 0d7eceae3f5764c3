package site

import (
	"bytes"
	"context"
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"sort"
	"strings"

	"depeche/internal/auth"
	"depeche/internal/content"
	"depeche/internal/i18n"
	"depeche/internal/media"
	"depeche/internal/render"
	"depeche/internal/stats"
)

// layout is what every page shows around its main content.
type layout struct {
	L           *i18n.Localizer
	Lang        string
	Dir         string
	Text        content.SiteText
	Title       string // this page's title, without the site name
	Description string
	Canonical   string
	Alternates  []alternate
	LangMenu    []langLink
	Nav         []link
	Home        string
	Search      string
	Legal       string
	A11y        string
	Sitemap     string
	Figures     string
	Privacy     string
	Year        string
	Feeds       []feedLink
	Social      social
	Main        any // the page's own data
	// counted pages record a view; articleID and groupID say which.
	counted            bool
	articleID, groupID int64
	// tags name what the page shows besides the site (see dependsOn).
	tags []string
}

type feedLink struct{ Type, Title, Href string }

// social is the page's Open Graph, Twitter Card and JSON-LD description.
type social struct {
	Type                string // "website" or "article"
	Locale              string
	LocaleAlternates    []string
	Image, ImageAlt     string
	Published, Modified string
	JSONLD              template.JS
}

type alternate struct{ Lang, Href string }

type langLink struct {
	Code, Name, Dir, Href string
	Current               bool
}

type link struct {
	Text, Href string
	Current    bool
	Lang, Dir  string // set when the text is in another language than the page
}

// variants says where the current page exists in each language; a language
// without an entry falls back to its home page in the menu.
type variants map[string]string

func (s *Site) loadTemplates() error {
	funcs := template.FuncMap{
		"asset": s.assetURL,
	}
	base, err := template.New("base.html").Funcs(funcs).ParseFS(templateFiles, "templates/base.html", "templates/partials.html")
	if err != nil {
		return err
	}
	s.pages = map[string]*template.Template{}
	entries, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return err
	}
	for _, p := range entries {
		name := strings.TrimSuffix(path.Base(p), ".html")
		if name == "base" || name == "partials" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFiles, p)
		if err != nil {
			return err
		}
		s.pages[name] = t
	}
	return nil
}

// newLayout fills what every page of a language shares.
func (s *Site) newLayout(r *request, title string, vs variants) *layout {
	site := r.site
	lo := &layout{
		L: r.L, Lang: r.lang, Dir: dirOf(site, r.lang), Text: site.Texts[r.lang], Title: title,
		Home: homePath(r.lang), Search: kindPath(r.lang, kindSearch), Legal: kindPath(r.lang, kindLegal),
		A11y: kindPath(r.lang, kindAccessibility), Sitemap: kindPath(r.lang, kindSitemap),
		Figures: kindPath(r.lang, kindFigures), Privacy: kindPath(r.lang, kindPrivacy),
		Year:    r.L.Year(s.now().In(site.Location())),
		counted: true,
	}
	if p, ok := vs[r.lang]; ok {
		lo.Canonical = site.BaseURL + p
	}
	lo.Social = social{Type: "website", Locale: ogLocale(r.lang)}
	for code := range vs {
		if code != r.lang {
			lo.Social.LocaleAlternates = append(lo.Social.LocaleAlternates, ogLocale(code))
		}
	}
	sort.Strings(lo.Social.LocaleAlternates)
	lo.Feeds = []feedLink{
		{Type: "application/atom+xml", Title: "Atom — " + site.Texts[r.lang].Name, Href: feedPath(r.lang, "", "atom")},
		{Type: "application/rss+xml", Title: "RSS — " + site.Texts[r.lang].Name, Href: feedPath(r.lang, "", "rss")},
		{Type: "application/feed+json", Title: "JSON Feed — " + site.Texts[r.lang].Name, Href: feedPath(r.lang, "", "json")},
	}
	for _, l := range site.Languages {
		href, exists := vs[l.Code]
		if exists {
			lo.Alternates = append(lo.Alternates, alternate{Lang: l.Code, Href: site.BaseURL + href})
		} else {
			href = homePath(l.Code)
		}
		lo.LangMenu = append(lo.LangMenu, langLink{Code: l.Code, Name: l.Name, Dir: string(l.Direction), Href: href, Current: l.Code == r.lang})
	}
	if len(lo.Alternates) > 1 {
		def := vs[site.DefaultLanguage]
		if def == "" {
			def = vs[r.lang]
		}
		lo.Alternates = append(lo.Alternates, alternate{Lang: "x-default", Href: site.BaseURL + def})
	} else {
		lo.Alternates = nil
	}
	sections, err := s.sections(r)
	if err == nil {
		for _, sec := range sections {
			if t, ok := sec.Texts[r.lang]; ok && sec.ParentID == 0 {
				href := objectPath(r.lang, kindSection, t.Slug)
				lo.Nav = append(lo.Nav, link{Text: t.Title, Href: href, Current: strings.HasPrefix(r.URL.Path, href)})
			}
		}
	}
	return lo
}

// ogLocale gives Open Graph's language_TERRITORY form for a language.
func ogLocale(lang string) string {
	if l, ok := map[string]string{"fr": "fr_FR", "en": "en_GB", "es": "es_ES", "ar": "ar_AR", "de": "de_DE", "it": "it_IT", "pt": "pt_PT"}[lang]; ok {
		return l
	}
	return lang
}

func dirOf(site *content.Site, lang string) string {
	if l, ok := site.Language(lang); ok {
		return string(l.Direction)
	}
	return i18n.Direction(lang)
}

// render writes a page. Rendering into a buffer first means a template
// error becomes a clean 500, never half a page.
func (s *Site) render(w http.ResponseWriter, r *request, status int, name string, lo *layout) {
	t, ok := s.pages[name]
	if !ok {
		s.serverError(w, r.Request, errors.New("no template "+name))
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "base.html", lo); err != nil {
		s.serverError(w, r.Request, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", r.lang)
	if status == http.StatusOK {
		dependsOn(w, r.site.ID, lo.tags...)
		if h.Get("Cache-Control") == "" {
			h.Set("Cache-Control", pageCacheControl)
		}
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
	if status != http.StatusOK || !lo.counted {
		return
	}
	if m := capturing(r.Context()); m != nil {
		// Rendered for the cache: every copy served counts, this one too.
		*m = pageMeta{counted: true, siteID: r.site.ID, lang: r.lang, articleID: lo.articleID, groupID: lo.groupID}
		return
	}
	s.count(r, lo)
}

// count records a reader's page view in memory: never for HEAD, errors,
// or the site's own staff (who carry a back-office session cookie).
func (s *Site) count(r *request, lo *layout) {
	if s.stats == nil || r.Method != http.MethodGet {
		return
	}
	if _, err := r.Cookie(auth.CookieName); err == nil {
		return
	}
	ip := s.clientIP(r.Request)
	s.stats.Record(stats.View{SiteID: r.site.ID, Path: r.URL.Path, Language: r.lang, ArticleID: lo.articleID, GroupID: lo.groupID,
		Referrer: r.Referer(), UserAgent: r.UserAgent(), IP: ip, AcceptLanguage: r.Header.Get("Accept-Language"), At: s.now()})
}

// errorPage answers with a localized status page.
func (s *Site) errorPage(w http.ResponseWriter, r *request, status int) {
	key := "error.404"
	switch status {
	case http.StatusGone:
		key = "error.410"
	case http.StatusBadRequest, http.StatusMethodNotAllowed:
		key = "error.400"
	}
	lo := s.newLayout(r, r.L.T(key+".title"), nil)
	lo.Main = struct{ Heading, Text string }{r.L.T(key + ".title"), r.L.T(key + ".text")}
	lo.counted = false
	s.render(w, r, status, "error", lo)
}

// notFound answers a path outside any language in the reader's best one.
func (s *Site) notFound(w http.ResponseWriter, r *http.Request) {
	site, err := s.siteFor(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	lang := s.negotiate(site, r)
	w.Header().Add("Vary", "Accept-Language")
	s.errorPage(w, &request{Request: r, site: site, lang: lang, L: s.bundle.For(lang)}, http.StatusNotFound)
}

func (s *Site) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("reader page failed", "path", r.URL.Path, "err", err)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	w.Write([]byte("Internal error / Erreur interne. Please try again later.\n"))
}

// labels are the render package's strings in the reader's language.
func labels(L *i18n.Localizer) render.Labels {
	return render.Labels{
		Source: L.T("media.source", "{1}"), VideoPlay: L.T("video.play"), VideoNotice: L.T("video.notice", "{1}"),
		VideoOpen: L.T("video.open", "{1}"), VideoTitle: L.T("video.title", "{1}"), ExternalLink: L.T("link.external"), FootnotesTitle: L.T("footnotes.title"),
		FootnoteBack: L.T("footnote.back"), HeadingAnchor: L.T("heading.anchor"),
	}
}

// markdown renders site-written Markdown (articles, statements).
func (s *Site) markdown(r *request, src string) template.HTML {
	return s.renderMarkdown(r.ctx(), r.site.ID, r.L, src)
}

// Preview renders an article body exactly as its public page will, for the
// back office's editor.
func (s *Site) Preview(ctx context.Context, siteID int64, lang, src string) template.HTML {
	return s.renderMarkdown(ctx, siteID, s.bundle.For(lang), src)
}

func (s *Site) renderMarkdown(ctx context.Context, siteID int64, L *i18n.Localizer, src string) template.HTML {
	res, err := render.Article(src, render.Options{Lang: L.Lang(), Media: mediaResolver{s, ctx, siteID}, Labels: labels(L)})
	if err != nil {
		s.log.Warn("markdown", "err", err)
	}
	return res.HTML
}

// mediaResolver finds an image's library entry for srcset, alt and credit.
type mediaResolver struct {
	s      *Site
	ctx    context.Context
	siteID int64
}

func (m mediaResolver) Resolve(src, lang string) (render.Image, bool) {
	p, ok := strings.CutPrefix(src, "/media/")
	if !ok {
		return render.Image{}, false
	}
	med, err := m.s.store.MediaByPath(m.ctx, m.siteID, p)
	if err != nil {
		return render.Image{}, false
	}
	t := med.Texts[lang]
	img := render.Image{Src: src, Width: med.Width, Height: med.Height, Alt: t.Alt, Caption: t.Caption, Credit: med.Credit}
	for _, w := range content.VariantWidths(med.Width) {
		img.Variants = append(img.Variants, render.Variant{URL: "/media/" + media.VariantFile(med.Path, w, med.Width, med.MimeType), Width: w})
	}
	return img, true
}
