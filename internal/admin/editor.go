package admin

import (
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"

	"depeche/internal/access"
	"depeche/internal/content"
)

type option struct {
	Value    string
	Text     string
	Selected bool
}

type actionButton struct {
	Name, Label string
	NeedsNote   bool
	Primary     bool
}

type versionRow struct {
	Lang, Name, Status, Href string
	Outdated, Current        bool
}

type eventRow struct{ When, Who, What, Note string }

type editorView struct {
	Form          *articleForm
	New           bool
	ID            int64
	Status        string
	Sections      []option
	Keywords      []option
	Staff         []option
	Languages     []option
	Policies      []option
	CanEdit       bool
	CanSchedule   bool
	Actions       []actionButton
	Versions      []versionRow
	TranslateInto []option
	Outdated      bool
	SourceHref    string
	Diff          []diffLine
	Events        []eventRow
	Preview       template.HTML
	PublicURL     string
	// SharedComments: one thread for every language version of the group.
	SharedComments bool
}

// showEditor renders the article editor for a form, with everything around
// it: the workflow buttons the account may use, the language versions, the
// source's changes a translation has not caught up with, the history.
func (a *Admin) showEditor(w http.ResponseWriter, r *req, status int, f *articleForm, art *content.Article) {
	ctx := r.Context()
	v := &editorView{Form: f, New: art == nil}
	sections, err := a.cfg.Store.Sections(ctx, r.site.ID)
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	lang := f.Language
	for _, s := range sections {
		if r.scope != nil && !r.scope[s.ID] && s.ID != f.SectionID {
			continue
		}
		t, ok := s.Texts[lang]
		if !ok {
			t = s.Texts[r.site.DefaultLanguage]
		}
		v.Sections = append(v.Sections, option{Value: itoa(s.ID), Text: t.Title, Selected: s.ID == f.SectionID})
	}
	keywords, err := a.cfg.Store.Keywords(ctx, r.site.ID)
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	for id, k := range keywords {
		t, ok := k.Texts[lang]
		if !ok {
			t = k.Texts[r.site.DefaultLanguage]
		}
		v.Keywords = append(v.Keywords, option{Value: itoa(id), Text: t.Title, Selected: f.HasKeyword(id)})
	}
	slices.SortFunc(v.Keywords, func(a, b option) int { return strings.Compare(a.Text, b.Text) })
	staff, err := a.cfg.Store.Staff(ctx)
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	for _, u := range staff {
		v.Staff = append(v.Staff, option{Value: itoa(u.ID), Text: u.DisplayName, Selected: f.HasAuthor(u.ID)})
	}
	for _, l := range r.site.Languages {
		v.Languages = append(v.Languages, option{Value: l.Code, Text: l.Name, Selected: l.Code == f.Language})
	}
	for _, p := range []content.CommentPolicy{content.Inherit, content.ModerateBefore, content.ModerateAfter, content.MembersOnly, content.Closed, content.NoComments} {
		v.Policies = append(v.Policies, option{Value: string(p), Text: policyLabel(r, p), Selected: string(p) == f.CommentPolicy})
	}
	v.SharedComments = f.SharedComments || !f.sharedSent
	if art == nil {
		v.CanEdit = access.Can(r.u, access.CreateArticle, nil, false, nil)
		a.render(w, r, status, "editor", r.L.T("admin.article.new"), v)
		return
	}
	mine := false
	for _, id := range art.AuthorIDs {
		mine = mine || id == r.u.ID
	}
	v.ID = art.ID
	v.Status = r.L.T("admin.status." + string(art.Status))
	v.CanEdit = access.Can(r.u, access.EditArticle, art, mine, r.scope)
	v.CanSchedule = access.Can(r.u, access.PublishArticle, art, mine, r.scope)
	for _, name := range []string{"propose", "publish", "refuse", "unpublish", "trash", "restore"} {
		sa := statusActions[name]
		if !access.Can(r.u, sa.act, art, mine, r.scope) {
			continue
		}
		valid := content.CanMove(art.Status, sa.to) || (name == "publish" && art.Status == content.Published)
		switch name {
		case "unpublish":
			valid = art.Status == content.Published
		case "restore":
			valid = art.Status == content.Trashed
		case "publish":
			valid = valid && art.Status != content.Trashed
		}
		if valid {
			v.Actions = append(v.Actions, actionButton{Name: name, Label: r.L.T("admin.action." + name), NeedsNote: name == "refuse",
				Primary: name == "publish" || name == "propose"})
		}
	}
	if art.IsPublicAt(a.cfg.Now()) {
		v.PublicURL = fmt.Sprintf("/%s/%s", art.Language, art.Slug)
	}
	group, err := a.cfg.Store.GroupVersions(ctx, r.site.ID, art.GroupID)
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	g, err := a.cfg.Store.GroupByID(ctx, r.site.ID, art.GroupID)
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	if !f.sharedSent {
		v.SharedComments = g.SharedComments
	}
	var source *content.Article
	have := map[string]bool{}
	for _, ver := range group {
		have[ver.Language] = true
		if ver.Language == g.SourceLanguage {
			source = ver
		}
	}
	for _, l := range r.site.Languages {
		for _, ver := range group {
			if ver.Language == l.Code {
				v.Versions = append(v.Versions, versionRow{Lang: l.Code, Name: l.Name, Status: r.L.T("admin.status." + string(ver.Status)),
					Href: "/admin/articles/" + itoa(ver.ID), Outdated: ver.Outdated(source), Current: ver.ID == art.ID})
			}
		}
		if !have[l.Code] {
			v.TranslateInto = append(v.TranslateInto, option{Value: l.Code, Text: l.Name})
		}
	}
	if !access.Can(r.u, access.TranslateArticle, art, mine, r.scope) {
		v.TranslateInto = nil
	}
	if source != nil && art.Outdated(source) {
		v.Outdated = true
		v.SourceHref = "/admin/articles/" + itoa(source.ID)
		if base, err := a.cfg.Store.ArticleRevision(ctx, source.ID, art.SourceRevision); err == nil {
			v.Diff = diffLines(revisionText(base.Title, base.Lead, base.Body), revisionText(source.Title, source.Lead, source.Body))
		}
	}
	events, err := a.cfg.Store.ArticleEvents(ctx, art.ID)
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	loc := r.site.Location()
	for _, e := range events {
		v.Events = append(v.Events, eventRow{When: r.L.DateTime(e.At.In(loc)), Who: e.UserName, What: r.L.T("admin.event." + e.Action), Note: e.Note})
	}
	v.Preview = a.cfg.Preview(r.site.ID, art.Language, f.Body)
	a.render(w, r, status, "editor", f.Title, v)
}

func revisionText(title, lead, body string) string { return title + "\n\n" + lead + "\n\n" + body }

// policyLabel names an article's comment policy. An article without one
// follows its section, which may follow its parent, then the site.
func policyLabel(r *req, p content.CommentPolicy) string {
	if p == content.Inherit {
		return r.L.T("admin.article.policy.inherit")
	}
	return r.L.T("admin.policy." + string(p))
}
