package admin

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"depeche/internal/access"
	"depeche/internal/content"
	"depeche/internal/site"
	"depeche/internal/store"
)

// articleForm is the editor's form as typed: it is shown again, intact,
// whenever something refuses it.
type articleForm struct {
	ID, SectionID         int64
	Revision              int
	Language              string
	Surtitle, Title       string
	Subtitle, Lead, Body  string
	Place, Slug           string
	CommentPolicy         string
	AuthorIDs, KeywordIDs []int64
	Errors                map[string]string
	Stale                 bool
	// SharedComments is the translation group's choice as typed; it is
	// only read from a form that showed the checkbox (sharedSent), since
	// an unchecked box is not sent at all.
	SharedComments bool
	sharedSent     bool
}

func (f *articleForm) Error(field string) string { return f.Errors[field] }
func (f *articleForm) HasAuthor(id int64) bool   { return slices.Contains(f.AuthorIDs, id) }
func (f *articleForm) HasKeyword(id int64) bool  { return slices.Contains(f.KeywordIDs, id) }

func formFrom(a *content.Article) *articleForm {
	return &articleForm{ID: a.ID, SectionID: a.SectionID, Revision: a.Revision, Language: a.Language, Surtitle: a.Surtitle,
		Title: a.Title, Subtitle: a.Subtitle, Lead: a.Lead, Body: a.Body, Place: a.Place, Slug: a.Slug,
		CommentPolicy: string(a.CommentPolicy), AuthorIDs: a.AuthorIDs, KeywordIDs: a.KeywordIDs, Errors: map[string]string{}}
}

const maxArticleForm = 2 << 20

var errFormSyntax = errors.New("malformed form")

// readForm parses the editor's POST into a form, checking every field.
func (a *Admin) readForm(w http.ResponseWriter, r *req) (*articleForm, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxArticleForm)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, err
		}
		return nil, errFormSyntax
	}
	p := r.PostForm
	f := &articleForm{Language: p.Get("language"), Surtitle: strings.TrimSpace(p.Get("surtitle")), Title: strings.TrimSpace(p.Get("title")),
		Subtitle: strings.TrimSpace(p.Get("subtitle")), Lead: strings.TrimSpace(p.Get("lead")), Body: strings.ReplaceAll(p.Get("body"), "\r\n", "\n"),
		Place: strings.TrimSpace(p.Get("place")), Slug: strings.TrimSpace(p.Get("slug")), CommentPolicy: p.Get("comment_policy"),
		Errors: map[string]string{}}
	f.sharedSent = p.Get("shared_comments_field") == "1"
	f.SharedComments = f.sharedSent && p.Get("shared_comments") == "on"
	f.SectionID, _ = strconv.ParseInt(p.Get("section"), 10, 64)
	f.Revision, _ = strconv.Atoi(p.Get("revision"))
	for _, v := range p["authors"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			f.AuthorIDs = append(f.AuthorIDs, id)
		}
	}
	for _, v := range p["keywords"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			f.KeywordIDs = append(f.KeywordIDs, id)
		}
	}
	if f.Title == "" {
		f.Errors["title"] = r.L.T("admin.error.required")
	}
	if f.Slug == "" {
		f.Slug = content.Slugify(f.Title)
	}
	if f.Slug == "" && f.Title != "" {
		// A title with no Latin letters (Arabic): a neutral, unique-enough slug.
		f.Slug = "article-" + strconv.FormatInt(a.cfg.Now().Unix(), 36)
	}
	switch {
	case f.Slug != "" && !content.ValidSlug(f.Slug):
		f.Errors["slug"] = r.L.T("admin.error.slug")
	case site.ReservedSlugs()[f.Slug]:
		f.Errors["slug"] = r.L.T("admin.error.slug.reserved")
	}
	if !content.CommentPolicy(f.CommentPolicy).Valid() {
		f.Errors["comment_policy"] = r.L.T("admin.error.invalid")
	}
	if _, ok := r.site.Language(f.Language); !ok {
		f.Errors["language"] = r.L.T("admin.error.invalid")
	}
	sections, err := a.cfg.Store.Sections(r.Context(), r.site.ID)
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(sections, func(s *content.Section) bool { return s.ID == f.SectionID }) {
		f.Errors["section"] = r.L.T("admin.error.required")
	}
	return f, nil
}

func (f *articleForm) apply(a *content.Article) {
	a.SectionID, a.Language, a.Surtitle, a.Title, a.Subtitle = f.SectionID, f.Language, f.Surtitle, f.Title, f.Subtitle
	a.Lead, a.Body, a.Place, a.Slug, a.CommentPolicy = f.Lead, f.Body, f.Place, f.Slug, content.CommentPolicy(f.CommentPolicy)
	a.AuthorIDs, a.KeywordIDs = f.AuthorIDs, f.KeywordIDs
}

func (a *Admin) newArticle(w http.ResponseWriter, r *req) {
	f := &articleForm{Language: r.site.DefaultLanguage, AuthorIDs: []int64{r.u.ID}, Errors: map[string]string{}}
	a.showEditor(w, r, http.StatusOK, f, nil)
}

func (a *Admin) createArticle(w http.ResponseWriter, r *req) {
	f, err := a.readForm(w, r)
	if err != nil {
		a.badForm(w, r, err)
		return
	}
	if len(f.AuthorIDs) == 0 || !access.Can(r.u, access.PublishArticle, nil, false, nil) {
		// Authors always sign what they write; editors may sign for others.
		if !slices.Contains(f.AuthorIDs, r.u.ID) {
			f.AuthorIDs = append([]int64{r.u.ID}, f.AuthorIDs...)
		}
	}
	if r.scope != nil && !r.scope[f.SectionID] {
		f.Errors["section"] = r.L.T("admin.error.scope")
	}
	if len(f.Errors) > 0 {
		a.showEditor(w, r, http.StatusUnprocessableEntity, f, nil)
		return
	}
	g := &content.TranslationGroup{SiteID: r.site.ID, SourceLanguage: f.Language, SharedComments: f.SharedComments || !f.sharedSent}
	if err := a.cfg.Store.CreateGroup(r.Context(), g); err != nil {
		a.fail(w, r.Request, err)
		return
	}
	art := &content.Article{SiteID: r.site.ID, GroupID: g.ID, Status: content.Draft}
	f.apply(art)
	if err := a.cfg.Store.CreateArticle(r.Context(), art, r.u.ID); err != nil {
		if errors.Is(err, store.ErrConflict) {
			f.Errors["slug"] = r.L.T("admin.error.slug.taken")
			a.showEditor(w, r, http.StatusUnprocessableEntity, f, nil)
			return
		}
		a.fail(w, r.Request, err)
		return
	}
	a.cfg.Store.AddArticleEvent(r.Context(), art.ID, r.u.ID, "created", "")
	http.Redirect(w, r.Request, fmt.Sprintf("/admin/articles/%d?done=saved", art.ID), http.StatusSeeOther)
}

// load reads the article of the URL and whether the account signs it.
func (a *Admin) load(w http.ResponseWriter, r *req) (*content.Article, bool, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.Error(w, "Not found", http.StatusNotFound)
		return nil, false, false
	}
	art, err := a.cfg.Store.ArticleByID(r.Context(), r.site.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		http.Error(w, "Not found", http.StatusNotFound)
		return nil, false, false
	}
	if err != nil {
		a.fail(w, r.Request, err)
		return nil, false, false
	}
	return art, slices.Contains(art.AuthorIDs, r.u.ID), true
}

func (a *Admin) editArticle(w http.ResponseWriter, r *req) {
	art, mine, ok := a.load(w, r)
	if !ok {
		return
	}
	if !access.Can(r.u, access.EditArticle, art, mine, r.scope) && !access.Can(r.u, access.PublishArticle, art, mine, r.scope) &&
		!access.Can(r.u, access.TranslateArticle, art, mine, r.scope) {
		a.forbidden(w, r)
		return
	}
	a.showEditor(w, r, http.StatusOK, formFrom(art), art)
}

func (a *Admin) saveArticle(w http.ResponseWriter, r *req) {
	art, mine, ok := a.load(w, r)
	if !ok {
		return
	}
	if !access.Can(r.u, access.EditArticle, art, mine, r.scope) {
		a.forbidden(w, r)
		return
	}
	f, err := a.readForm(w, r)
	if err != nil {
		a.badForm(w, r, err)
		return
	}
	f.ID, f.Language = art.ID, art.Language
	delete(f.Errors, "language")
	if len(f.AuthorIDs) == 0 {
		f.AuthorIDs = art.AuthorIDs
	}
	if len(f.Errors) > 0 {
		a.showEditor(w, r, http.StatusUnprocessableEntity, f, art)
		return
	}
	updated := *art
	f.apply(&updated)
	updated.Revision = f.Revision
	err = a.cfg.Store.UpdateArticle(r.Context(), &updated, r.u.ID)
	switch {
	case errors.Is(err, store.ErrStale):
		// Someone saved first: keep this text on screen, say so, and let the
		// writer merge by hand; nothing is overwritten.
		f.Stale = true
		a.showEditor(w, r, http.StatusConflict, f, art)
		return
	case errors.Is(err, store.ErrConflict):
		f.Errors["slug"] = r.L.T("admin.error.slug.taken")
		a.showEditor(w, r, http.StatusUnprocessableEntity, f, art)
		return
	case err != nil:
		a.fail(w, r.Request, err)
		return
	}
	if f.sharedSent {
		if err := a.saveSharedComments(r, art, f.SharedComments); err != nil {
			a.fail(w, r.Request, err)
			return
		}
	}
	http.Redirect(w, r.Request, fmt.Sprintf("/admin/articles/%d?done=saved", art.ID), http.StatusSeeOther)
}

// saveSharedComments records the translation group's choice of threads
// when it changed; it concerns every language version, so it is logged.
func (a *Admin) saveSharedComments(r *req, art *content.Article, shared bool) error {
	g, err := a.cfg.Store.GroupByID(r.Context(), r.site.ID, art.GroupID)
	if err != nil || g.SharedComments == shared {
		return err
	}
	if err := a.cfg.Store.SetSharedComments(r.Context(), r.site.ID, g.ID, shared); err != nil {
		return err
	}
	a.cfg.Log.Info("comment threads changed", "by", r.u.ID, "group", g.ID, "shared", shared)
	return nil
}

// statusActions maps the editor's workflow buttons to permissions and moves.
var statusActions = map[string]struct {
	act access.Action
	to  content.Status
}{
	"propose":   {access.ProposeArticle, content.Proposed},
	"publish":   {access.PublishArticle, content.Published},
	"refuse":    {access.RefuseArticle, content.Refused},
	"unpublish": {access.PublishArticle, content.Draft},
	"trash":     {access.TrashArticle, content.Trashed},
	"restore":   {access.RestoreArticle, content.Draft},
}

func (a *Admin) changeStatus(w http.ResponseWriter, r *req) {
	art, mine, ok := a.load(w, r)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "Bad request", http.StatusBadRequest)
		return
	}
	name := r.PostForm.Get("action")
	sa, known := statusActions[name]
	if !known {
		http.Error(w, "Bad request", http.StatusBadRequest)
		return
	}
	if !access.Can(r.u, sa.act, art, mine, r.scope) || (name == "restore" && art.Status != content.Trashed) ||
		(name == "unpublish" && art.Status != content.Published) {
		a.forbidden(w, r)
		return
	}
	note := strings.TrimSpace(r.PostForm.Get("note"))
	if name == "refuse" && note == "" {
		f := formFrom(art)
		f.Errors["note"] = r.L.T("admin.error.reason")
		a.showEditor(w, r, http.StatusUnprocessableEntity, f, art)
		return
	}
	if art.Status != sa.to && sa.to != content.Published && !content.CanMove(art.Status, sa.to) {
		f := formFrom(art)
		f.Errors["note"] = r.L.T("admin.error.move")
		a.showEditor(w, r, http.StatusConflict, f, art)
		return
	}
	var err error
	if sa.to == content.Published {
		var at time.Time
		at, err = parseLocal(r.PostForm.Get("publish_at"), r.site.Location())
		if err != nil {
			f := formFrom(art)
			f.Errors["publish_at"] = r.L.T("admin.error.date")
			a.showEditor(w, r, http.StatusUnprocessableEntity, f, art)
			return
		}
		err = a.cfg.Store.Publish(r.Context(), r.site.ID, art.ID, at)
	} else {
		err = a.cfg.Store.SetStatus(r.Context(), r.site.ID, art.ID, sa.to)
	}
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	a.cfg.Store.AddArticleEvent(r.Context(), art.ID, r.u.ID, name, note)
	a.notify(r.Context(), r, art, name, note)
	http.Redirect(w, r.Request, fmt.Sprintf("/admin/articles/%d?done=status", art.ID), http.StatusSeeOther)
}

// parseLocal reads a datetime-local field in the site's time zone; empty
// means "now".
func parseLocal(v string, loc *time.Location) (time.Time, error) {
	if strings.TrimSpace(v) == "" {
		return time.Time{}, nil
	}
	return time.ParseInLocation("2006-01-02T15:04", v, loc)
}

// translate creates a draft in another language, in the same group,
// prefilled from this version.
func (a *Admin) translate(w http.ResponseWriter, r *req) {
	src, mine, ok := a.load(w, r)
	if !ok {
		return
	}
	if !access.Can(r.u, access.TranslateArticle, src, mine, r.scope) && !access.Can(r.u, access.PublishArticle, src, mine, r.scope) {
		a.forbidden(w, r)
		return
	}
	r.ParseForm()
	lang := r.PostForm.Get("language")
	if _, ok := r.site.Language(lang); !ok || lang == src.Language {
		http.Error(w, "Bad request", http.StatusBadRequest)
		return
	}
	authors := src.AuthorIDs
	if !slices.Contains(authors, r.u.ID) {
		authors = append(slices.Clone(authors), r.u.ID)
	}
	tr := &content.Article{SiteID: r.site.ID, GroupID: src.GroupID, SectionID: src.SectionID, Language: lang, Slug: src.Slug,
		Surtitle: src.Surtitle, Title: src.Title, Subtitle: src.Subtitle, Lead: src.Lead, Body: src.Body, Place: src.Place,
		Status: content.Draft, CommentPolicy: src.CommentPolicy, AuthorIDs: authors, KeywordIDs: src.KeywordIDs}
	if err := a.cfg.Store.CreateArticle(r.Context(), tr, r.u.ID); err != nil {
		if errors.Is(err, store.ErrConflict) {
			// A version in that language exists, or the slug is taken there.
			tr.Slug = src.Slug + "-" + lang
			err = a.cfg.Store.CreateArticle(r.Context(), tr, r.u.ID)
		}
		if err != nil {
			a.fail(w, r.Request, err)
			return
		}
	}
	a.cfg.Store.AddArticleEvent(r.Context(), tr.ID, r.u.ID, "translated", src.Language)
	http.Redirect(w, r.Request, fmt.Sprintf("/admin/articles/%d?done=translated", tr.ID), http.StatusSeeOther)
}

func (a *Admin) markUpToDate(w http.ResponseWriter, r *req) {
	art, mine, ok := a.load(w, r)
	if !ok {
		return
	}
	if !access.Can(r.u, access.MarkUpToDate, art, mine, r.scope) {
		a.forbidden(w, r)
		return
	}
	if err := a.cfg.Store.MarkUpToDate(r.Context(), r.site.ID, art.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
		a.fail(w, r.Request, err)
		return
	}
	a.cfg.Store.AddArticleEvent(r.Context(), art.ID, r.u.ID, "uptodate", "")
	http.Redirect(w, r.Request, fmt.Sprintf("/admin/articles/%d?done=uptodate", art.ID), http.StatusSeeOther)
}

// preview renders Markdown with the public page's renderer, for the
// editor's live preview.
func (a *Admin) preview(w http.ResponseWriter, r *req) {
	r.Body = http.MaxBytesReader(w, r.Body, maxArticleForm)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "Bad request", http.StatusBadRequest)
		return
	}
	lang := r.PostForm.Get("language")
	if _, ok := r.site.Language(lang); !ok {
		lang = r.site.DefaultLanguage
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(a.cfg.Preview(r.site.ID, lang, r.PostForm.Get("body"))))
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// badForm answers a form that could not be read: too large (413) or
// malformed (400), with a page saying so.
func (a *Admin) badForm(w http.ResponseWriter, r *req, err error) {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		a.render(w, r, http.StatusRequestEntityTooLarge, "message", r.L.T("admin.error.toolarge.title"),
			struct{ Heading, Text string }{r.L.T("admin.error.toolarge.title"), r.L.T("admin.error.toolarge.text")})
		return
	}
	if errors.Is(err, errFormSyntax) {
		http.Error(w, "Bad request", http.StatusBadRequest)
		return
	}
	a.fail(w, r.Request, err)
}
