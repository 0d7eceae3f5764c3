package admin

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"depeche/internal/content"
	"depeche/internal/store"
)

// sectionRow is one line of the sections table, in tree order.
type sectionRow struct {
	Href                              string
	Name, NameLang, NameDir           string
	Depth                             int // 0 for a top-level section, capped for the indentation
	ParentName, ParentLang, ParentDir string
	Position                          int
	Cells                             []structureCell
}

type sectionsView struct {
	Page    string
	Rows    []sectionRow
	Count   int64
	Heads   []structureHead
	Form    *structureForm
	Parents []option
	Notice  string
	Policy  sectionPolicy
}

type sectionEditView struct {
	Page                    string
	ID                      int64
	Name, NameLang, NameDir string
	Form                    *structureForm
	Parents                 []option
	DeleteError             string
	Policy                  sectionPolicy
}

// sectionPolicy is the comment policy field of a section form: the
// articles of the section and of its sub-sections follow it, unless they
// say otherwise.
type sectionPolicy struct {
	Value   string // as typed; "" inherits
	Options []option
	Error   string
}

// policyField is the element id of the policy select.
const policyField = "comment_policy"

// sectionProblems is the form's error summary, the policy after the
// parent and position as on the page.
func sectionProblems(f *structureForm, p sectionPolicy) []structureProblem {
	out := f.Problems()
	if p.Error != "" {
		at := 0
		for at < len(out) && (out[at].Field == f.ParentID || out[at].Field == f.PositionID) {
			at++
		}
		out = slices.Insert(out, at, structureProblem{Field: policyField, Message: p.Error})
	}
	return out
}

func (v *sectionsView) Problems() []structureProblem    { return sectionProblems(v.Form, v.Policy) }
func (v *sectionsView) ProblemCount() int64             { return int64(len(v.Problems())) }
func (v *sectionEditView) Problems() []structureProblem { return sectionProblems(v.Form, v.Policy) }
func (v *sectionEditView) ProblemCount() int64          { return int64(len(v.Problems())) }

// newSectionPolicy offers inheritance and the five policies.
func newSectionPolicy(r *req, value, problem string) sectionPolicy {
	p := sectionPolicy{Value: value, Error: problem}
	p.Options = append(p.Options, option{Value: "", Text: r.L.T("admin.structure.policy.inherit"), Selected: value == ""})
	for _, c := range []content.CommentPolicy{content.ModerateBefore, content.ModerateAfter, content.MembersOnly, content.Closed, content.NoComments} {
		p.Options = append(p.Options, option{Value: string(c), Text: r.L.T("admin.policy." + string(c)), Selected: value == string(c)})
	}
	return p
}

// readSectionPolicy reads the policy of a posted section form. A form
// without the field (from before it existed) keeps the saved policy.
func readSectionPolicy(r *req, saved content.CommentPolicy) sectionPolicy {
	values, sent := r.PostForm[policyField]
	if !sent || len(values) == 0 {
		return newSectionPolicy(r, string(saved), "")
	}
	value := values[0]
	problem := ""
	if !content.CommentPolicy(value).Valid() {
		problem = r.L.T("admin.error.invalid")
	}
	return newSectionPolicy(r, value, problem)
}

// sectionTree is a site's sections with what the screens ask of them.
type sectionTree struct {
	list     []*content.Section // tree order
	byID     map[int64]*content.Section
	children map[int64][]int64
}

func (a *Admin) sectionTree(r *req) (*sectionTree, error) {
	list, err := a.cfg.Store.Sections(r.Context(), r.site.ID)
	if err != nil {
		return nil, err
	}
	t := &sectionTree{list: list, byID: map[int64]*content.Section{}, children: map[int64][]int64{}}
	for _, s := range list {
		t.byID[s.ID] = s
	}
	for _, s := range list {
		parent := s.ParentID
		if t.byID[parent] == nil {
			parent = 0
		}
		t.children[parent] = append(t.children[parent], s.ID)
	}
	return t, nil
}

// ancestors lists a section's parents, nearest first. The store refuses
// cycles; the bound only keeps a damaged database from looping here.
func (t *sectionTree) ancestors(id int64) []*content.Section {
	var out []*content.Section
	s := t.byID[id]
	for s != nil && s.ParentID != 0 && len(out) < len(t.list) {
		s = t.byID[s.ParentID]
		if s != nil {
			out = append(out, s)
		}
	}
	return out
}

// subtree is a section with all its descendants.
func (t *sectionTree) subtree(id int64) map[int64]bool {
	out := map[int64]bool{}
	var walk func(int64)
	walk = func(id int64) {
		if out[id] {
			return
		}
		out[id] = true
		for _, c := range t.children[id] {
			walk(c)
		}
	}
	walk(id)
	return out
}

// nextPosition is the position after the last child of parent, not
// counting the section being moved.
func (t *sectionTree) nextPosition(parent, moving int64) int {
	next := 0
	for _, id := range t.children[parent] {
		if id != moving {
			next = max(next, t.byID[id].Position+1)
		}
	}
	return min(next, maxStructurePosition)
}

// slugTaken tells whether another section uses a slug in a language.
func (t *sectionTree) slugTaken(self int64) func(lang, slug string) bool {
	return func(lang, slug string) bool {
		for _, s := range t.list {
			if s.ID != self && s.Texts[lang].Slug == slug {
				return true
			}
		}
		return false
	}
}

func sectionTitles(s *content.Section) map[string]string {
	out := map[string]string{}
	for lang, t := range s.Texts {
		out[lang] = t.Title
	}
	return out
}

// parentOptions offers every section as a parent, named by its path, but
// the excluded ones (a section being edited and its descendants).
func (t *sectionTree) parentOptions(r *req, selected string, exclude map[int64]bool) []option {
	out := []option{{Value: "0", Text: r.L.T("admin.structure.field.parent.none"), Selected: selected == "" || selected == "0"}}
	for _, s := range t.list {
		if exclude[s.ID] {
			continue
		}
		var parts []string
		for _, p := range t.ancestors(s.ID) {
			name, _, _ := structureName(r, sectionTitles(p))
			parts = append([]string{name}, parts...)
		}
		name, _, _ := structureName(r, sectionTitles(s))
		parts = append(parts, name)
		out = append(out, option{Value: itoa(s.ID), Text: strings.Join(parts, " › "), Selected: selected == itoa(s.ID)})
	}
	return out
}

func newSectionForm(site *content.Site) *structureForm {
	return newStructureForm(site, "", true, true)
}

// sectionForm is the form of a saved section.
func sectionForm(site *content.Site, s *content.Section) *structureForm {
	f := newSectionForm(site)
	f.Parent, f.Position = itoa(s.ParentID), strconv.Itoa(s.Position)
	for i := range f.Langs {
		l := &f.Langs[i]
		if text, ok := s.Texts[l.Code]; ok {
			l.Title, l.Slug, l.Description = text.Title, text.Slug, text.Description
		}
	}
	return f
}

// sectionsPage is the tree with the creation form.
func (a *Admin) sectionsPage(w http.ResponseWriter, r *req) {
	f := newSectionForm(r.site)
	f.Parent = "0"
	a.showSections(w, r, http.StatusOK, f, newSectionPolicy(r, "", ""))
}

func (a *Admin) showSections(w http.ResponseWriter, r *req, status int, f *structureForm, policy sectionPolicy) {
	t, err := a.sectionTree(r)
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	v := &sectionsView{Page: "sections", Heads: structureHeads(r.site), Form: f, Parents: t.parentOptions(r, f.Parent, nil), Policy: policy}
	if status == http.StatusOK {
		v.Notice = structureNotice(r)
	}
	for _, s := range t.list {
		row := sectionRow{Href: "/admin/sections/" + itoa(s.ID), Position: s.Position}
		row.Name, row.NameLang, row.NameDir = structureName(r, sectionTitles(s))
		up := t.ancestors(s.ID)
		row.Depth = min(len(up), 6)
		if len(up) > 0 {
			row.ParentName, row.ParentLang, row.ParentDir = structureName(r, sectionTitles(up[0]))
		}
		row.Cells = structureCells(r.site, func(lang string) (string, string) {
			return s.Texts[lang].Title, s.Texts[lang].Slug
		})
		v.Rows = append(v.Rows, row)
	}
	v.Count = int64(len(v.Rows))
	a.render(w, r, status, "structure", r.L.T("admin.structure.sections.title"), v)
}

// readSectionForm reads and checks a section form against the tree: the
// parent must be one of the site's sections, the slugs free.
func readSectionForm(r *req, t *sectionTree, self int64) *structureForm {
	f := newSectionForm(r.site)
	f.read(r)
	if id, ok := f.parentID(); !ok || id != 0 && t.byID[id] == nil {
		f.ParentErr = r.L.T("admin.structure.error.parent")
	}
	f.markTakenSlugs(t.slugTaken(self), r.L.T("admin.structure.error.slug.taken.section"))
	return f
}

// sectionFrom builds the section to save from a checked form.
func sectionFrom(r *req, t *sectionTree, f *structureForm, s *content.Section) {
	s.SiteID = r.site.ID
	s.ParentID, _ = f.parentID()
	pos, _ := f.position()
	if pos < 0 {
		pos = t.nextPosition(s.ParentID, s.ID)
	}
	s.Position = pos
	texts := map[string]content.SectionText{}
	for lang, text := range s.Texts {
		if _, ok := r.site.Language(lang); !ok {
			texts[lang] = text // a language the site dropped: kept as it was
		}
	}
	for _, l := range f.Langs {
		if l.Title != "" {
			texts[l.Code] = content.SectionText{Title: l.Title, Slug: l.slug, Description: l.Description}
		}
	}
	s.Texts = texts
}

// slugConflict shows a form again after the store refused a slug that was
// free a moment before: someone else took it meanwhile.
func markSlugConflict(f *structureForm, taken func(lang, slug string) bool, msg string) {
	if !f.markTakenSlugs(taken, msg) {
		for i := range f.Langs {
			if f.Langs[i].Title != "" {
				f.Langs[i].SlugErr = msg
				break
			}
		}
	}
}

func (a *Admin) createSection(w http.ResponseWriter, r *req) {
	if !a.parseStructureForm(w, r) {
		return
	}
	t, err := a.sectionTree(r)
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	f := readSectionForm(r, t, 0)
	policy := readSectionPolicy(r, content.Inherit)
	if !f.valid() || policy.Error != "" {
		a.showSections(w, r, http.StatusUnprocessableEntity, f, policy)
		return
	}
	s := &content.Section{CommentPolicy: content.CommentPolicy(policy.Value)}
	sectionFrom(r, t, f, s)
	err = a.cfg.Store.CreateSection(r.Context(), s)
	if errors.Is(err, store.ErrConflict) {
		if t, err = a.sectionTree(r); err != nil {
			a.fail(w, r.Request, err)
			return
		}
		markSlugConflict(f, t.slugTaken(0), r.L.T("admin.structure.error.slug.taken.section"))
		a.showSections(w, r, http.StatusUnprocessableEntity, f, policy)
		return
	}
	if errors.Is(err, store.ErrNotFound) {
		// The parent was deleted meanwhile.
		f.ParentErr = r.L.T("admin.structure.error.parent")
		a.showSections(w, r, http.StatusUnprocessableEntity, f, policy)
		return
	}
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	http.Redirect(w, r.Request, "/admin/sections?done=section-created", http.StatusSeeOther)
}

// loadSection finds the section of the URL in the tree.
func (a *Admin) loadSection(w http.ResponseWriter, r *req) (*sectionTree, *content.Section, bool) {
	id, ok := structurePathID(w, r)
	if !ok {
		return nil, nil, false
	}
	t, err := a.sectionTree(r)
	if err != nil {
		a.fail(w, r.Request, err)
		return nil, nil, false
	}
	s := t.byID[id]
	if s == nil {
		http.Error(w, "Not found", http.StatusNotFound)
		return nil, nil, false
	}
	return t, s, true
}

func (a *Admin) editSection(w http.ResponseWriter, r *req) {
	t, s, ok := a.loadSection(w, r)
	if !ok {
		return
	}
	a.showSection(w, r, http.StatusOK, t, s, sectionForm(r.site, s), newSectionPolicy(r, string(s.CommentPolicy), ""), "")
}

func (a *Admin) showSection(w http.ResponseWriter, r *req, status int, t *sectionTree, s *content.Section, f *structureForm,
	policy sectionPolicy, deleteError string) {
	v := &sectionEditView{Page: "section", ID: s.ID, Form: f, DeleteError: deleteError, Policy: policy,
		Parents: t.parentOptions(r, f.Parent, t.subtree(s.ID))}
	v.Name, v.NameLang, v.NameDir = structureName(r, sectionTitles(s))
	a.render(w, r, status, "structure", r.L.T("admin.structure.section.edit.title", v.Name), v)
}

func (a *Admin) saveSection(w http.ResponseWriter, r *req) {
	if !a.parseStructureForm(w, r) {
		return
	}
	t, saved, ok := a.loadSection(w, r)
	if !ok {
		return
	}
	f := readSectionForm(r, t, saved.ID)
	policy := readSectionPolicy(r, saved.CommentPolicy)
	if !f.valid() || policy.Error != "" {
		a.showSection(w, r, http.StatusUnprocessableEntity, t, saved, f, policy, "")
		return
	}
	s := &content.Section{ID: saved.ID, LegacyID: saved.LegacyID, Texts: maps.Clone(saved.Texts), CommentPolicy: content.CommentPolicy(policy.Value)}
	sectionFrom(r, t, f, s)
	err := a.cfg.Store.UpdateSection(r.Context(), s)
	switch {
	case errors.Is(err, store.ErrCycle):
		f.ParentErr = r.L.T("admin.structure.error.cycle")
		a.showSection(w, r, http.StatusUnprocessableEntity, t, saved, f, policy, "")
		return
	case errors.Is(err, store.ErrConflict):
		if t, err = a.sectionTree(r); err != nil {
			a.fail(w, r.Request, err)
			return
		}
		markSlugConflict(f, t.slugTaken(saved.ID), r.L.T("admin.structure.error.slug.taken.section"))
		a.showSection(w, r, http.StatusUnprocessableEntity, t, saved, f, policy, "")
		return
	case errors.Is(err, store.ErrNotFound):
		// The section, or its new parent, was deleted meanwhile.
		if t, err = a.sectionTree(r); err != nil {
			a.fail(w, r.Request, err)
			return
		}
		if t.byID[saved.ID] == nil {
			http.Error(w, "Not found", http.StatusNotFound)
			return
		}
		f.ParentErr = r.L.T("admin.structure.error.parent")
		a.showSection(w, r, http.StatusUnprocessableEntity, t, saved, f, policy, "")
		return
	case err != nil:
		a.fail(w, r.Request, err)
		return
	}
	http.Redirect(w, r.Request, "/admin/sections?done=section-saved", http.StatusSeeOther)
}

// deleteSection removes an empty section; one with articles or
// sub-sections is shown again with the reason.
func (a *Admin) deleteSection(w http.ResponseWriter, r *req) {
	t, s, ok := a.loadSection(w, r)
	if !ok {
		return
	}
	err := a.cfg.Store.DeleteSection(r.Context(), r.site.ID, s.ID)
	switch {
	case errors.Is(err, store.ErrInUse):
		a.showSection(w, r, http.StatusConflict, t, s, sectionForm(r.site, s), newSectionPolicy(r, string(s.CommentPolicy), ""),
			r.L.T("admin.structure.error.inuse.section"))
		return
	case errors.Is(err, store.ErrNotFound):
		http.Error(w, "Not found", http.StatusNotFound)
		return
	case err != nil:
		a.fail(w, r.Request, fmt.Errorf("deleting section %d: %w", s.ID, err))
		return
	}
	http.Redirect(w, r.Request, "/admin/sections?done=section-deleted", http.StatusSeeOther)
}
