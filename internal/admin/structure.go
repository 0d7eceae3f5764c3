package admin

// What the sections and keywords screens share: a form with one fieldset
// per site language (title, and for some a slug and a description), read,
// checked and shown again as typed, and the choice of the language a
// section or keyword is named in on a screen.

import (
	"errors"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"depeche/internal/content"
)

const (
	// maxStructureForm bounds the sections and keywords forms: their
	// fields have maxlength, so only a forged request comes near.
	maxStructureForm = 256 << 10

	maxStructureTitle       = 200
	maxStructureDescription = 2000
	maxStructurePosition    = 9999
)

// structureLang is one site language's part of a form, as typed, with the
// ids of its fields and their problems.
type structureLang struct {
	Code, Name, Dir            string
	TitleID, SlugID, DescID    string
	Title, Slug, Description   string
	TitleErr, SlugErr, DescErr string
	// slug is what is saved: the one typed, else made from the title.
	slug string
}

// structureForm is a section, keyword group or keyword form as typed. The
// element ids carry a prefix so that two forms can share a page.
type structureForm struct {
	Prefix                    string // of the element ids
	WithSlug, WithDescription bool
	ParentID, PositionID      string // element ids
	Parent, Position          string // as typed
	ParentErr, PositionErr    string
	Langs                     []structureLang
}

// structureProblem is one line of the error summary: the message, and the
// language it concerns, if any, named in that language.
type structureProblem struct {
	Field, Message      string
	LangName, Lang, Dir string
}

// newStructureForm is an empty form with a fieldset per site language.
func newStructureForm(site *content.Site, prefix string, withSlug, withDescription bool) *structureForm {
	f := &structureForm{Prefix: prefix, WithSlug: withSlug, WithDescription: withDescription, ParentID: prefix + "parent", PositionID: prefix + "position"}
	for _, l := range site.Languages {
		f.Langs = append(f.Langs, structureLang{Code: l.Code, Name: l.Name, Dir: structureDir(l),
			TitleID: prefix + "title-" + l.Code, SlugID: prefix + "slug-" + l.Code, DescID: prefix + "description-" + l.Code})
	}
	return f
}

func structureDir(l content.Language) string {
	if l.Direction == content.RTL {
		return string(content.RTL)
	}
	return string(content.LTR)
}

// Problems lists the form's errors in the order of its fields.
func (f *structureForm) Problems() []structureProblem {
	var out []structureProblem
	if f.ParentErr != "" {
		out = append(out, structureProblem{Field: f.ParentID, Message: f.ParentErr})
	}
	if f.PositionErr != "" {
		out = append(out, structureProblem{Field: f.PositionID, Message: f.PositionErr})
	}
	for _, l := range f.Langs {
		for _, p := range [][2]string{{l.TitleID, l.TitleErr}, {l.SlugID, l.SlugErr}, {l.DescID, l.DescErr}} {
			if p[1] != "" {
				out = append(out, structureProblem{Field: p[0], Message: p[1], LangName: l.Name, Lang: l.Code, Dir: l.Dir})
			}
		}
	}
	return out
}

// MaxTitle, MaxDescription and MaxPosition bound the fields.
func (f *structureForm) MaxTitle() int       { return maxStructureTitle }
func (f *structureForm) MaxDescription() int { return maxStructureDescription }
func (f *structureForm) MaxPosition() int    { return maxStructurePosition }

// Count is the number of errors, for the summary's heading.
func (f *structureForm) Count() int64 { return int64(len(f.Problems())) }

func (f *structureForm) valid() bool { return len(f.Problems()) == 0 }

// parseStructureForm reads a POSTed form, bounded in size. A form too large
// or unreadable has already been answered when ok is false.
func (a *Admin) parseStructureForm(w http.ResponseWriter, r *req) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxStructureForm)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "Request too large", http.StatusRequestEntityTooLarge)
			return false
		}
		http.Error(w, "Bad request", http.StatusBadRequest)
		return false
	}
	return true
}

// read fills the form from the request and checks every field: a title
// in one language at least; in each language, either nothing or a title,
// with a valid slug (made from the title when left empty, which a title
// without Latin letters cannot do).
func (f *structureForm) read(r *req) {
	p := r.PostForm
	f.Parent = strings.TrimSpace(p.Get(f.ParentID))
	f.Position = strings.TrimSpace(p.Get(f.PositionID))
	if _, ok := f.position(); !ok {
		f.PositionErr = r.L.T("admin.structure.error.position", int64(maxStructurePosition))
	}
	titled := false
	for i := range f.Langs {
		l := &f.Langs[i]
		l.Title = oneLine(p.Get(l.TitleID))
		if f.WithSlug {
			l.Slug = strings.TrimSpace(p.Get(l.SlugID))
		}
		if f.WithDescription {
			l.Description = strings.TrimSpace(strings.ReplaceAll(p.Get(l.DescID), "\r\n", "\n"))
		}
		if l.Title == "" {
			if l.Slug != "" || l.Description != "" {
				l.TitleErr = r.L.T("admin.structure.error.title.needed")
			}
			continue
		}
		titled = true
		if utf8.RuneCountInString(l.Title) > maxStructureTitle {
			l.TitleErr = r.L.N("error.toolong", maxStructureTitle)
		}
		if utf8.RuneCountInString(l.Description) > maxStructureDescription {
			l.DescErr = r.L.N("error.toolong", maxStructureDescription)
		}
		if !f.WithSlug {
			continue
		}
		switch {
		case l.Slug == "":
			if l.slug = content.Slugify(l.Title); l.slug == "" {
				l.SlugErr = r.L.T("admin.structure.error.slug.needed")
			}
		case !content.ValidSlug(l.Slug):
			l.SlugErr = r.L.T("admin.structure.error.slug.invalid")
		default:
			l.slug = l.Slug
		}
	}
	if !titled && len(f.Langs) > 0 {
		f.Langs[0].TitleErr = r.L.T("admin.structure.error.title.none")
	}
}

// position is the typed position; -1 when left empty, which means after
// the last sibling.
func (f *structureForm) position() (int, bool) {
	if f.Position == "" {
		return -1, true
	}
	n, err := strconv.Atoi(f.Position)
	if err != nil || n < 0 || n > maxStructurePosition {
		return 0, false
	}
	return n, true
}

// parentID is the typed parent (a section or a keyword group); 0 for none.
func (f *structureForm) parentID() (int64, bool) {
	if f.Parent == "" || f.Parent == "0" {
		return 0, true
	}
	id, err := strconv.ParseInt(f.Parent, 10, 64)
	return id, err == nil && id > 0
}

// markTakenSlugs puts an error at every slug another entry already uses
// in that language, and tells whether there was one.
func (f *structureForm) markTakenSlugs(taken func(lang, slug string) bool, msg string) bool {
	found := false
	for i := range f.Langs {
		l := &f.Langs[i]
		if l.slug != "" && l.SlugErr == "" && taken(l.Code, l.slug) {
			l.SlugErr = msg
			found = true
		}
	}
	return found
}

// titles are the typed titles of the languages filled in.
func (f *structureForm) titles() map[string]string {
	out := map[string]string{}
	for _, l := range f.Langs {
		if l.Title != "" {
			out[l.Code] = l.Title
		}
	}
	return out
}

// structureName names a section, group or keyword on a screen: its title
// in the interface's language when it has one, else in the first site
// language that has one. lang and dir are those of the title found.
func structureName(r *req, titles map[string]string) (text, lang, dir string) {
	codes := []string{r.L.Lang()}
	for _, l := range r.site.Languages {
		codes = append(codes, l.Code)
	}
	for _, code := range codes {
		if t := titles[code]; t != "" {
			d := string(content.LTR)
			if l, ok := r.site.Language(code); ok {
				d = structureDir(l)
			}
			return t, code, d
		}
	}
	// A language the site no longer has: still better than nothing.
	for _, code := range slices.Sorted(maps.Keys(titles)) {
		if titles[code] != "" {
			return titles[code], code, ""
		}
	}
	return "", "", ""
}

// structureCell is one language's title and slug in a table.
type structureCell struct {
	Lang, Name, Dir string // the language, named in itself
	Title, Slug     string
}

// structureCells lists an entry's texts in the site's languages.
func structureCells(site *content.Site, text func(lang string) (title, slug string)) []structureCell {
	var out []structureCell
	for _, l := range site.Languages {
		title, slug := text(l.Code)
		out = append(out, structureCell{Lang: l.Code, Name: l.Name, Dir: structureDir(l), Title: title, Slug: slug})
	}
	return out
}

// structureHead is a language column of a table.
type structureHead struct{ Code, Name, Dir string }

func structureHeads(site *content.Site) []structureHead {
	var out []structureHead
	for _, l := range site.Languages {
		out = append(out, structureHead{Code: l.Code, Name: l.Name, Dir: structureDir(l)})
	}
	return out
}

// structureCollator sorts names for the interface's language.
func structureCollator(r *req) *collate.Collator {
	tag, err := language.Parse(r.L.Lang())
	if err != nil {
		tag = language.Und
	}
	return collate.New(tag, collate.IgnoreCase)
}

// structurePathID reads the numeric id of the URL; false (after a 404) otherwise.
func structurePathID(w http.ResponseWriter, r *req) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		http.Error(w, "Not found", http.StatusNotFound)
		return 0, false
	}
	return id, true
}

// structureNotice is the confirmation after a redirect to a list.
func structureNotice(r *req) string {
	switch done := r.URL.Query().Get("done"); done {
	case "section-created", "section-saved", "section-deleted",
		"group-created", "group-saved", "group-deleted",
		"keyword-created", "keyword-saved", "keyword-deleted":
		return r.L.T("admin.structure.notice." + done)
	}
	return ""
}
