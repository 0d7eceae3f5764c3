package admin

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"

	"depeche/internal/content"
	"depeche/internal/store"
)

// keywordRow is one keyword in its group's table.
type keywordRow struct {
	Href                    string
	Name, NameLang, NameDir string
	Cells                   []structureCell
}

// keywordBlock is a keyword group with its keywords; ID 0 gathers the
// keywords of no group.
type keywordBlock struct {
	ID                      int64
	Href                    string
	Name, NameLang, NameDir string
	Position                int
	Titles                  []structureCell
	Rows                    []keywordRow
	Count                   int64
}

type keywordsView struct {
	Page                   string
	Blocks                 []keywordBlock
	Heads                  []structureHead
	Total                  int64
	GroupForm, KeywordForm *structureForm
	Groups                 []option
	Notice                 string
	// Problems are those of the form sent, whichever it was.
	Problems     []structureProblem
	ProblemCount int64
}

type keywordEditView struct {
	Page                    string
	ID                      int64
	Name, NameLang, NameDir string
	Form                    *structureForm
	Groups                  []option
}

type keywordGroupEditView struct {
	Page                    string
	ID                      int64
	Name, NameLang, NameDir string
	Form                    *structureForm
	DeleteError             string
}

// keywordData is a site's keyword groups and keywords.
type keywordData struct {
	groups   []*content.KeywordGroup // by position
	keywords map[int64]*content.Keyword
}

func (a *Admin) keywordData(r *req) (*keywordData, error) {
	groups, err := a.cfg.Store.KeywordGroups(r.Context(), r.site.ID)
	if err != nil {
		return nil, err
	}
	keywords, err := a.cfg.Store.Keywords(r.Context(), r.site.ID)
	if err != nil {
		return nil, err
	}
	return &keywordData{groups: groups, keywords: keywords}, nil
}

func (d *keywordData) group(id int64) *content.KeywordGroup {
	for _, g := range d.groups {
		if g.ID == id {
			return g
		}
	}
	return nil
}

func (d *keywordData) slugTaken(self int64) func(lang, slug string) bool {
	return func(lang, slug string) bool {
		for _, k := range d.keywords {
			if k.ID != self && k.Texts[lang].Slug == slug {
				return true
			}
		}
		return false
	}
}

func (d *keywordData) nextGroupPosition(moving int64) int {
	next := 0
	for _, g := range d.groups {
		if g.ID != moving {
			next = max(next, g.Position+1)
		}
	}
	return min(next, maxStructurePosition)
}

func (d *keywordData) groupOptions(r *req, selected string) []option {
	out := []option{{Value: "0", Text: r.L.T("admin.structure.field.group.none"), Selected: selected == "" || selected == "0"}}
	for _, g := range d.groups {
		out = append(out, option{Value: itoa(g.ID), Text: keywordGroupName(r, g), Selected: selected == itoa(g.ID)})
	}
	return out
}

// keywordGroupName names a group, "Group 3" when it has no title at all.
func keywordGroupName(r *req, g *content.KeywordGroup) string {
	name, _, _ := structureName(r, g.Titles)
	if name == "" {
		name = r.L.T("admin.structure.group.untitled", itoa(g.ID))
	}
	return name
}

func keywordTitles(k *content.Keyword) map[string]string {
	out := map[string]string{}
	for lang, t := range k.Texts {
		out[lang] = t.Title
	}
	return out
}

func newKeywordGroupForm(site *content.Site, prefix string) *structureForm {
	return newStructureForm(site, prefix, false, false)
}

func newKeywordForm(site *content.Site, prefix string) *structureForm {
	f := newStructureForm(site, prefix, true, false)
	f.ParentID = prefix + "group"
	return f
}

// keywordsPage lists the groups and their keywords, with the creation forms.
func (a *Admin) keywordsPage(w http.ResponseWriter, r *req) {
	a.showKeywords(w, r, http.StatusOK, nil, nil)
}

// showKeywords renders the list; sent is the form that was refused, if any.
func (a *Admin) showKeywords(w http.ResponseWriter, r *req, status int, groupForm, keywordForm *structureForm) {
	d, err := a.keywordData(r)
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	v := &keywordsView{Page: "keywords", Heads: structureHeads(r.site), GroupForm: groupForm, KeywordForm: keywordForm,
		Total: int64(len(d.keywords))}
	for _, f := range []*structureForm{groupForm, keywordForm} {
		if f != nil {
			v.Problems = append(v.Problems, f.Problems()...)
		}
	}
	v.ProblemCount = int64(len(v.Problems))
	if v.GroupForm == nil {
		v.GroupForm = newKeywordGroupForm(r.site, "group-")
	}
	if v.KeywordForm == nil {
		v.KeywordForm = newKeywordForm(r.site, "keyword-")
		v.KeywordForm.Parent = "0"
	}
	v.Groups = d.groupOptions(r, v.KeywordForm.Parent)
	if status == http.StatusOK {
		v.Notice = structureNotice(r)
	}
	byGroup := map[int64][]*content.Keyword{}
	for _, k := range d.keywords {
		g := k.GroupID
		if d.group(g) == nil {
			g = 0
		}
		byGroup[g] = append(byGroup[g], k)
	}
	coll := structureCollator(r)
	rows := func(list []*content.Keyword) []keywordRow {
		var out []keywordRow
		for _, k := range list {
			row := keywordRow{Href: "/admin/keywords/" + itoa(k.ID)}
			row.Name, row.NameLang, row.NameDir = structureName(r, keywordTitles(k))
			row.Cells = structureCells(r.site, func(lang string) (string, string) { return k.Texts[lang].Title, k.Texts[lang].Slug })
			out = append(out, row)
		}
		slices.SortStableFunc(out, func(x, y keywordRow) int { return coll.CompareString(x.Name, y.Name) })
		return out
	}
	for _, g := range d.groups {
		b := keywordBlock{ID: g.ID, Href: "/admin/keyword-groups/" + itoa(g.ID), Position: g.Position, Rows: rows(byGroup[g.ID])}
		b.Name, b.NameLang, b.NameDir = structureName(r, g.Titles)
		if b.Name == "" {
			b.Name = keywordGroupName(r, g)
		}
		b.Titles = structureCells(r.site, func(lang string) (string, string) { return g.Titles[lang], "" })
		b.Count = int64(len(b.Rows))
		v.Blocks = append(v.Blocks, b)
	}
	if len(byGroup[0]) > 0 {
		v.Blocks = append(v.Blocks, keywordBlock{Name: r.L.T("admin.structure.groups.none"), Rows: rows(byGroup[0]), Count: int64(len(byGroup[0]))})
	}
	a.render(w, r, status, "structure", r.L.T("admin.structure.keywords.title"), v)
}

// readKeywordGroupForm reads and checks a keyword group's form.
func readKeywordGroupForm(r *req, prefix string) *structureForm {
	f := newKeywordGroupForm(r.site, prefix)
	f.read(r)
	return f
}

func keywordGroupFrom(r *req, d *keywordData, f *structureForm, g *content.KeywordGroup) {
	g.SiteID = r.site.ID
	pos, _ := f.position()
	if pos < 0 {
		pos = d.nextGroupPosition(g.ID)
	}
	g.Position = pos
	titles := map[string]string{}
	for lang, title := range g.Titles {
		if _, ok := r.site.Language(lang); !ok && title != "" {
			titles[lang] = title // a language the site dropped: kept as it was
		}
	}
	maps.Copy(titles, f.titles())
	g.Titles = titles
}

func (a *Admin) createKeywordGroup(w http.ResponseWriter, r *req) {
	if !a.parseStructureForm(w, r) {
		return
	}
	f := readKeywordGroupForm(r, "group-")
	if !f.valid() {
		a.showKeywords(w, r, http.StatusUnprocessableEntity, f, nil)
		return
	}
	d, err := a.keywordData(r)
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	g := &content.KeywordGroup{}
	keywordGroupFrom(r, d, f, g)
	if err := a.cfg.Store.CreateKeywordGroup(r.Context(), g); err != nil {
		a.fail(w, r.Request, err)
		return
	}
	http.Redirect(w, r.Request, "/admin/keywords?done=group-created", http.StatusSeeOther)
}

// loadKeywordGroup finds the keyword group of the URL.
func (a *Admin) loadKeywordGroup(w http.ResponseWriter, r *req) (*keywordData, *content.KeywordGroup, bool) {
	id, ok := structurePathID(w, r)
	if !ok {
		return nil, nil, false
	}
	d, err := a.keywordData(r)
	if err != nil {
		a.fail(w, r.Request, err)
		return nil, nil, false
	}
	g := d.group(id)
	if g == nil {
		http.Error(w, "Not found", http.StatusNotFound)
		return nil, nil, false
	}
	return d, g, true
}

func keywordGroupForm(site *content.Site, g *content.KeywordGroup) *structureForm {
	f := newKeywordGroupForm(site, "")
	f.Position = strconv.Itoa(g.Position)
	for i := range f.Langs {
		f.Langs[i].Title = g.Titles[f.Langs[i].Code]
	}
	return f
}

func (a *Admin) editKeywordGroup(w http.ResponseWriter, r *req) {
	_, g, ok := a.loadKeywordGroup(w, r)
	if !ok {
		return
	}
	a.showKeywordGroup(w, r, http.StatusOK, g, keywordGroupForm(r.site, g), "")
}

func (a *Admin) showKeywordGroup(w http.ResponseWriter, r *req, status int, g *content.KeywordGroup, f *structureForm, deleteError string) {
	v := &keywordGroupEditView{Page: "group", ID: g.ID, Form: f, DeleteError: deleteError}
	v.Name, v.NameLang, v.NameDir = structureName(r, g.Titles)
	if v.Name == "" {
		v.Name = keywordGroupName(r, g)
	}
	a.render(w, r, status, "structure", r.L.T("admin.structure.group.edit.title", v.Name), v)
}

func (a *Admin) saveKeywordGroup(w http.ResponseWriter, r *req) {
	if !a.parseStructureForm(w, r) {
		return
	}
	d, saved, ok := a.loadKeywordGroup(w, r)
	if !ok {
		return
	}
	f := readKeywordGroupForm(r, "")
	if !f.valid() {
		a.showKeywordGroup(w, r, http.StatusUnprocessableEntity, saved, f, "")
		return
	}
	g := &content.KeywordGroup{ID: saved.ID, Titles: maps.Clone(saved.Titles)}
	keywordGroupFrom(r, d, f, g)
	err := a.cfg.Store.UpdateKeywordGroup(r.Context(), g)
	if errors.Is(err, store.ErrNotFound) {
		http.Error(w, "Not found", http.StatusNotFound) // deleted meanwhile
		return
	}
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	http.Redirect(w, r.Request, "/admin/keywords?done=group-saved", http.StatusSeeOther)
}

func (a *Admin) deleteKeywordGroup(w http.ResponseWriter, r *req) {
	_, g, ok := a.loadKeywordGroup(w, r)
	if !ok {
		return
	}
	err := a.cfg.Store.DeleteKeywordGroup(r.Context(), r.site.ID, g.ID)
	switch {
	case errors.Is(err, store.ErrInUse):
		a.showKeywordGroup(w, r, http.StatusConflict, g, keywordGroupForm(r.site, g), r.L.T("admin.structure.error.inuse.group"))
		return
	case errors.Is(err, store.ErrNotFound):
		http.Error(w, "Not found", http.StatusNotFound)
		return
	case err != nil:
		a.fail(w, r.Request, fmt.Errorf("deleting keyword group %d: %w", g.ID, err))
		return
	}
	http.Redirect(w, r.Request, "/admin/keywords?done=group-deleted", http.StatusSeeOther)
}

// readKeywordForm reads and checks a keyword's form: the group must be one
// of the site's, the slugs free.
func readKeywordForm(r *req, d *keywordData, prefix string, self int64) *structureForm {
	f := newKeywordForm(r.site, prefix)
	f.read(r)
	if id, ok := f.parentID(); !ok || id != 0 && d.group(id) == nil {
		f.ParentErr = r.L.T("admin.structure.error.group")
	}
	f.markTakenSlugs(d.slugTaken(self), r.L.T("admin.structure.error.slug.taken.keyword"))
	return f
}

func keywordFrom(r *req, f *structureForm, k *content.Keyword) {
	k.SiteID = r.site.ID
	k.GroupID, _ = f.parentID()
	texts := map[string]content.KeywordText{}
	for lang, text := range k.Texts {
		if _, ok := r.site.Language(lang); !ok {
			texts[lang] = text // a language the site dropped: kept as it was
		}
	}
	for _, l := range f.Langs {
		if l.Title != "" {
			texts[l.Code] = content.KeywordText{Title: l.Title, Slug: l.slug}
		}
	}
	k.Texts = texts
}

func (a *Admin) createKeyword(w http.ResponseWriter, r *req) {
	if !a.parseStructureForm(w, r) {
		return
	}
	d, err := a.keywordData(r)
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	f := readKeywordForm(r, d, "keyword-", 0)
	if !f.valid() {
		a.showKeywords(w, r, http.StatusUnprocessableEntity, nil, f)
		return
	}
	k := &content.Keyword{}
	keywordFrom(r, f, k)
	err = a.cfg.Store.CreateKeyword(r.Context(), k)
	if errors.Is(err, store.ErrConflict) {
		if d, err = a.keywordData(r); err != nil {
			a.fail(w, r.Request, err)
			return
		}
		markSlugConflict(f, d.slugTaken(0), r.L.T("admin.structure.error.slug.taken.keyword"))
		a.showKeywords(w, r, http.StatusUnprocessableEntity, nil, f)
		return
	}
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	http.Redirect(w, r.Request, "/admin/keywords?done=keyword-created", http.StatusSeeOther)
}

// loadKeyword finds the keyword of the URL.
func (a *Admin) loadKeyword(w http.ResponseWriter, r *req) (*keywordData, *content.Keyword, bool) {
	id, ok := structurePathID(w, r)
	if !ok {
		return nil, nil, false
	}
	d, err := a.keywordData(r)
	if err != nil {
		a.fail(w, r.Request, err)
		return nil, nil, false
	}
	k := d.keywords[id]
	if k == nil {
		http.Error(w, "Not found", http.StatusNotFound)
		return nil, nil, false
	}
	return d, k, true
}

func (a *Admin) editKeyword(w http.ResponseWriter, r *req) {
	d, k, ok := a.loadKeyword(w, r)
	if !ok {
		return
	}
	f := newKeywordForm(r.site, "")
	f.Parent = itoa(k.GroupID)
	for i := range f.Langs {
		l := &f.Langs[i]
		if text, ok := k.Texts[l.Code]; ok {
			l.Title, l.Slug = text.Title, text.Slug
		}
	}
	a.showKeyword(w, r, http.StatusOK, d, k, f)
}

func (a *Admin) showKeyword(w http.ResponseWriter, r *req, status int, d *keywordData, k *content.Keyword, f *structureForm) {
	v := &keywordEditView{Page: "keyword", ID: k.ID, Form: f, Groups: d.groupOptions(r, f.Parent)}
	v.Name, v.NameLang, v.NameDir = structureName(r, keywordTitles(k))
	a.render(w, r, status, "structure", r.L.T("admin.structure.keyword.edit.title", v.Name), v)
}

func (a *Admin) saveKeyword(w http.ResponseWriter, r *req) {
	if !a.parseStructureForm(w, r) {
		return
	}
	d, saved, ok := a.loadKeyword(w, r)
	if !ok {
		return
	}
	f := readKeywordForm(r, d, "", saved.ID)
	if !f.valid() {
		a.showKeyword(w, r, http.StatusUnprocessableEntity, d, saved, f)
		return
	}
	k := &content.Keyword{ID: saved.ID, LegacyID: saved.LegacyID, Texts: maps.Clone(saved.Texts)}
	keywordFrom(r, f, k)
	// The store rebuilds the search entries of the articles that have it.
	err := a.cfg.Store.UpdateKeyword(r.Context(), k)
	switch {
	case errors.Is(err, store.ErrConflict):
		if d, err = a.keywordData(r); err != nil {
			a.fail(w, r.Request, err)
			return
		}
		markSlugConflict(f, d.slugTaken(saved.ID), r.L.T("admin.structure.error.slug.taken.keyword"))
		a.showKeyword(w, r, http.StatusUnprocessableEntity, d, saved, f)
		return
	case errors.Is(err, store.ErrNotFound):
		http.Error(w, "Not found", http.StatusNotFound) // deleted meanwhile
		return
	case err != nil:
		a.fail(w, r.Request, err)
		return
	}
	http.Redirect(w, r.Request, "/admin/keywords?done=keyword-saved", http.StatusSeeOther)
}

// deleteKeyword removes a keyword from every article that has it, then
// the keyword itself.
func (a *Admin) deleteKeyword(w http.ResponseWriter, r *req) {
	_, k, ok := a.loadKeyword(w, r)
	if !ok {
		return
	}
	err := a.cfg.Store.DeleteKeyword(r.Context(), r.site.ID, k.ID)
	if errors.Is(err, store.ErrNotFound) {
		http.Error(w, "Not found", http.StatusNotFound)
		return
	}
	if err != nil {
		a.fail(w, r.Request, fmt.Errorf("deleting keyword %d: %w", k.ID, err))
		return
	}
	http.Redirect(w, r.Request, "/admin/keywords?done=keyword-deleted", http.StatusSeeOther)
}
