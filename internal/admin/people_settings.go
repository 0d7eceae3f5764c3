package admin

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"

	"depeche/internal/content"
	"depeche/internal/i18n"
)

const (
	// maxSettingsForm bounds the settings form: a few long Markdown texts
	// per language.
	maxSettingsForm = 4 << 20

	maxSiteName      = 200
	maxTagline       = 300
	maxLongSiteText  = 50_000 // legal notice, accessibility statement
	maxShortSiteText = 5_000  // footer, copyright
	maxLanguageName  = 60
	maxPosition      = 999
)

// settingsForm is the settings form as typed.
type settingsForm struct {
	DefaultLanguage  string
	TimeZone         string
	CommentPolicy    string
	EmailRequired    bool
	FeedFullContent  bool
	ViewsPerLanguage bool
	Langs            []settingsLang
	NewCode          string
	NewName          string
	NewDir           string
	Errors           map[string]string
}

// settingsLang is one existing language of the form: its place and
// direction, whether to remove it, and the site's texts in it.
type settingsLang struct {
	Code, Name, Dir string
	Position        string
	Remove          bool
	Texts           content.SiteText
}

// settingsField is one input or textarea of the form, ready to show.
type settingsField struct {
	ID, Label, Hint string
	Value, Error    string
	Lang, Dir       string
	Type            string // "" for a textarea
	Max             int
	Required        bool
	Mark            string // says "required" next to the label
	Rows            int
	Class           string
}

// DescribedBy lists the hint and the error of a field.
func (f settingsField) DescribedBy() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.ID+"-error")
	}
	return strings.Join(ids, " ")
}

// settingsLangView is a language's part of the page.
type settingsLangView struct {
	Code, Name, Dir string
	Texts           []settingsField
	LangName        settingsField
	Position        settingsField
	Dirs            []option
	DirError        string
	Remove          bool
	RemoveError     string
	IsDefault       bool
}

type settingsView struct {
	Form          *settingsForm
	Summary       []fieldError
	Langs         []settingsLangView
	Defaults      []option
	Policies      []option
	TimeZone      settingsField
	NewCode       settingsField
	NewName       settingsField
	NewDirs       []option
	NewDirError   string
	DefaultError  string
	PolicyError   string
	SMTPVariables string
}

func (a *Admin) settings(w http.ResponseWriter, r *req) {
	s := r.site
	f := &settingsForm{DefaultLanguage: s.DefaultLanguage, TimeZone: s.TimeZone, CommentPolicy: string(s.CommentPolicy),
		EmailRequired: s.CommentEmailRequired, FeedFullContent: s.FeedFullContent, ViewsPerLanguage: s.ViewsPerLanguage, NewDir: string(content.LTR), Errors: map[string]string{}}
	for i, l := range s.Languages {
		f.Langs = append(f.Langs, settingsLang{Code: l.Code, Name: l.Name, Dir: string(l.Direction), Position: strconv.Itoa(i + 1),
			Texts: s.Texts[l.Code]})
	}
	a.showSettings(w, r, http.StatusOK, f)
}

// saveSettings checks the whole form and saves it in one go, languages
// included; any problem shows the form again as typed.
func (a *Admin) saveSettings(w http.ResponseWriter, r *req) {
	if !readPeopleForm(w, r, maxSettingsForm) {
		return
	}
	f, site, err := a.readSettings(r)
	if err != nil {
		a.fail(w, r.Request, err)
		return
	}
	if len(f.Errors) > 0 {
		a.showSettings(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	if err := a.cfg.Store.UpdateSite(r.Context(), site); err != nil {
		a.fail(w, r.Request, err)
		return
	}
	a.cfg.Log.Info("site settings saved", "by", r.u.ID, "site", site.ID)
	http.Redirect(w, r.Request, "/admin/settings?done=saved", http.StatusSeeOther)
}

// settingsText reads a multi-line text of the form.
func settingsText(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
}

// readSettings reads and checks the form, and builds the site it saves.
func (a *Admin) readSettings(r *req) (*settingsForm, *content.Site, error) {
	p := r.PostForm
	f := &settingsForm{DefaultLanguage: p.Get("default_language"), TimeZone: strings.TrimSpace(p.Get("time_zone")),
		CommentPolicy: p.Get("comment_policy"), FeedFullContent: p.Get("feed_full_content") == "on",
		ViewsPerLanguage: p.Get("views_per_language") == "on", EmailRequired: p.Get("comment_email_required") == "on",
		NewCode: strings.TrimSpace(p.Get("new_code")),
		NewName: oneLine(p.Get("new_name")), NewDir: p.Get("new_dir"), Errors: map[string]string{}}
	tooLong := func(field, value string, limit int) {
		if utf8.RuneCountInString(value) > limit {
			f.Errors[field] = r.L.N("error.toolong", int64(limit))
		}
	}

	// The languages the form was made with; one added meanwhile by
	// someone else is kept as it is, after them.
	type ordered struct {
		lang  content.Language
		texts content.SiteText
		pos   int
		index int
	}
	var kept []ordered
	for i, l := range r.site.Languages {
		c := l.Code
		if _, inForm := p["lang-pos-"+c]; !inForm {
			kept = append(kept, ordered{lang: l, texts: r.site.Texts[c], pos: maxPosition + 1, index: i})
			continue
		}
		sl := settingsLang{Code: c, Name: oneLine(p.Get("lang-name-" + c)), Dir: p.Get("lang-dir-" + c),
			Position: strings.TrimSpace(p.Get("lang-pos-" + c)), Remove: p.Get("lang-remove-"+c) == "on",
			Texts: content.SiteText{Name: oneLine(p.Get("site-name-" + c)), Tagline: oneLine(p.Get("tagline-" + c)),
				LegalNotice: settingsText(p.Get("legal-" + c)), Accessibility: settingsText(p.Get("accessibility-" + c)),
				Footer: settingsText(p.Get("footer-" + c)), Copyright: settingsText(p.Get("copyright-" + c))}}
		f.Langs = append(f.Langs, sl)
		if sl.Remove {
			// Nothing else of a language to remove matters.
			switch n, err := a.cfg.Store.ArticlesInLanguage(r.Context(), r.site.ID, c); {
			case err != nil:
				return nil, nil, err
			case n > 0:
				f.Errors["lang-remove-"+c] = r.L.N("admin.people.settings.error.remove.articles", int64(n))
			case c == f.DefaultLanguage:
				f.Errors["lang-remove-"+c] = r.L.T("admin.people.settings.error.remove.default")
			}
			continue
		}
		pos, err := strconv.Atoi(sl.Position)
		if err != nil || pos < 1 || pos > maxPosition {
			f.Errors["lang-pos-"+c] = r.L.T("admin.people.settings.error.position", int64(maxPosition))
		}
		if sl.Name == "" {
			f.Errors["lang-name-"+c] = r.L.T("admin.error.required")
		}
		tooLong("lang-name-"+c, sl.Name, maxLanguageName)
		if sl.Dir != string(content.LTR) && sl.Dir != string(content.RTL) {
			f.Errors["lang-dir-"+c] = r.L.T("admin.error.invalid")
		}
		if sl.Texts.Name == "" {
			f.Errors["site-name-"+c] = r.L.T("admin.error.required")
		}
		tooLong("site-name-"+c, sl.Texts.Name, maxSiteName)
		tooLong("tagline-"+c, sl.Texts.Tagline, maxTagline)
		tooLong("legal-"+c, sl.Texts.LegalNotice, maxLongSiteText)
		tooLong("accessibility-"+c, sl.Texts.Accessibility, maxLongSiteText)
		tooLong("footer-"+c, sl.Texts.Footer, maxShortSiteText)
		tooLong("copyright-"+c, sl.Texts.Copyright, maxShortSiteText)
		kept = append(kept, ordered{lang: content.Language{Code: c, Name: sl.Name, Direction: content.Direction(sl.Dir)},
			texts: sl.Texts, pos: pos, index: i})
	}

	if f.TimeZone == "" {
		f.Errors["time_zone"] = r.L.T("admin.error.required")
	} else if _, err := time.LoadLocation(f.TimeZone); err != nil || f.TimeZone == "Local" {
		f.Errors["time_zone"] = r.L.T("admin.people.settings.error.timezone")
	}
	if policy := content.CommentPolicy(f.CommentPolicy); !policy.Valid() || policy == content.Inherit {
		f.Errors["comment_policy"] = r.L.T("admin.error.invalid")
	}
	if !slices.ContainsFunc(kept, func(o ordered) bool { return o.lang.Code == f.DefaultLanguage }) {
		if _, exists := r.site.Language(f.DefaultLanguage); exists {
			// Removing the default language is refused at its checkbox.
			if f.Errors["lang-remove-"+f.DefaultLanguage] == "" {
				f.Errors["default_language"] = r.L.T("admin.error.invalid")
			}
		} else {
			f.Errors["default_language"] = r.L.T("admin.error.invalid")
		}
	}

	// A new language, when its code or name is typed.
	if f.NewCode != "" || f.NewName != "" {
		code, ok := languageCode(f.NewCode)
		switch {
		case f.NewCode == "":
			f.Errors["new_code"] = r.L.T("admin.error.required")
		case !ok:
			f.Errors["new_code"] = r.L.T("admin.people.settings.error.code")
		default:
			if _, exists := r.site.Language(code); exists {
				f.Errors["new_code"] = r.L.T("admin.people.settings.error.code.taken")
			}
		}
		if f.NewName == "" {
			f.Errors["new_name"] = r.L.T("admin.error.required")
		}
		tooLong("new_name", f.NewName, maxLanguageName)
		if f.NewDir != string(content.LTR) && f.NewDir != string(content.RTL) {
			f.Errors["new_dir"] = r.L.T("admin.error.invalid")
		}
		if len(f.Errors) == 0 {
			// Its texts start as the default language's site name: the
			// form shows them to be written after the save.
			texts := content.SiteText{Name: r.site.Texts[f.DefaultLanguage].Name}
			for _, o := range kept {
				if o.lang.Code == f.DefaultLanguage {
					texts.Name = o.texts.Name
				}
			}
			kept = append(kept, ordered{lang: content.Language{Code: code, Name: f.NewName, Direction: content.Direction(f.NewDir)},
				texts: texts, pos: maxPosition + 2, index: len(r.site.Languages)})
		}
	}
	if len(kept) == 0 && len(f.Errors) == 0 {
		f.Errors["default_language"] = r.L.T("admin.error.invalid")
	}
	if len(f.Errors) > 0 {
		return f, nil, nil
	}

	slices.SortStableFunc(kept, func(x, y ordered) int { return cmp.Or(cmp.Compare(x.pos, y.pos), cmp.Compare(x.index, y.index)) })
	site := *r.site
	site.DefaultLanguage, site.TimeZone = f.DefaultLanguage, f.TimeZone
	site.CommentPolicy = content.CommentPolicy(f.CommentPolicy)
	site.CommentEmailRequired = f.EmailRequired
	site.FeedFullContent, site.ViewsPerLanguage = f.FeedFullContent, f.ViewsPerLanguage
	site.Languages, site.Texts = nil, map[string]content.SiteText{}
	for i, o := range kept {
		o.lang.Position = i
		site.Languages = append(site.Languages, o.lang)
		site.Texts[o.lang.Code] = o.texts
	}
	return f, &site, nil
}

// languageCode accepts a BCP 47 primary language subtag of two or three
// letters that names a language ("de", "pt", "fil"), lowercased. Codes
// for no language in particular, several, or private use are refused:
// a site's language must say what its pages are written in.
func languageCode(s string) (string, bool) {
	s = strings.ToLower(s)
	if len(s) < 2 || len(s) > 3 {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return "", false
		}
	}
	base, err := language.ParseBase(s)
	if err != nil || base.String() != s {
		return "", false
	}
	switch s {
	case "und", "mul", "zxx", "mis":
		return "", false
	}
	if s >= "qaa" && s <= "qtz" {
		return "", false
	}
	return s, true
}

func (a *Admin) showSettings(w http.ResponseWriter, r *req, status int, f *settingsForm) {
	v := &settingsView{Form: f, SMTPVariables: "DEPECHE_SMTP_*"}
	L := r.L
	err := func(field string) string { return f.Errors[field] }
	add := func(field string) {
		if msg := f.Errors[field]; msg != "" {
			v.Summary = append(v.Summary, fieldError{field, msg})
		}
	}
	for _, field := range []string{"default_language", "time_zone", "comment_policy"} {
		add(field)
	}
	for _, l := range f.Langs {
		name := l.Name
		if name == "" {
			name = l.Code
		}
		v.Defaults = append(v.Defaults, option{Value: l.Code, Text: name, Selected: l.Code == f.DefaultLanguage})
	}
	v.DefaultError, v.PolicyError = err("default_language"), err("comment_policy")
	v.TimeZone = settingsField{ID: "time_zone", Label: L.T("admin.people.settings.timezone"), Hint: L.T("admin.people.settings.timezone.help"),
		Value: f.TimeZone, Error: err("time_zone"), Type: "text", Max: 64, Required: true, Dir: "ltr"}
	for _, p := range []content.CommentPolicy{content.ModerateBefore, content.ModerateAfter, content.MembersOnly, content.Closed, content.NoComments} {
		v.Policies = append(v.Policies, option{Value: string(p), Text: L.T("admin.policy." + string(p)), Selected: string(p) == f.CommentPolicy})
	}
	for _, l := range f.Langs {
		c := l.Code
		lv := settingsLangView{Code: c, Name: l.Name, Dir: l.Dir, Remove: l.Remove, RemoveError: err("lang-remove-" + c),
			DirError: err("lang-dir-" + c), IsDefault: c == r.site.DefaultLanguage}
		if lv.Dir != string(content.RTL) {
			lv.Dir = string(content.LTR)
		}
		if lv.Name == "" {
			lv.Name = c
		}
		lv.Texts = []settingsField{
			{ID: "site-name-" + c, Label: L.T("admin.people.settings.sitename"), Value: l.Texts.Name, Type: "text", Max: maxSiteName, Required: true},
			{ID: "tagline-" + c, Label: L.T("admin.people.settings.tagline"), Value: l.Texts.Tagline, Type: "text", Max: maxTagline},
			{ID: "legal-" + c, Label: L.T("admin.people.settings.legal"), Hint: L.T("admin.people.settings.markdown.help"), Value: l.Texts.LegalNotice, Rows: 8, Max: maxLongSiteText},
			{ID: "accessibility-" + c, Label: L.T("admin.people.settings.accessibility"), Hint: L.T("admin.people.settings.markdown.help"), Value: l.Texts.Accessibility, Rows: 8, Max: maxLongSiteText},
			{ID: "footer-" + c, Label: L.T("admin.people.settings.footer"), Value: l.Texts.Footer, Rows: 3, Max: maxShortSiteText},
			{ID: "copyright-" + c, Label: L.T("admin.people.settings.copyright"), Value: l.Texts.Copyright, Rows: 2, Max: maxShortSiteText},
		}
		for i := range lv.Texts {
			lv.Texts[i].Error, lv.Texts[i].Lang, lv.Texts[i].Dir = err(lv.Texts[i].ID), c, lv.Dir
		}
		lv.LangName = settingsField{ID: "lang-name-" + c, Label: L.T("admin.people.settings.langname"), Value: l.Name, Error: err("lang-name-" + c),
			Type: "text", Max: maxLanguageName, Required: true, Lang: c, Dir: lv.Dir}
		lv.Position = settingsField{ID: "lang-pos-" + c, Label: L.T("admin.people.settings.position"), Value: l.Position, Error: err("lang-pos-" + c),
			Type: "number", Required: true, Class: "field--short"}
		lv.Dirs = directionOptions(L, l.Dir)
		v.Langs = append(v.Langs, lv)
	}
	// The summary follows the page: texts per language, then the languages.
	for _, l := range f.Langs {
		for _, t := range []string{"site-name-", "tagline-", "legal-", "accessibility-", "footer-", "copyright-"} {
			add(t + l.Code)
		}
	}
	for _, l := range f.Langs {
		for _, t := range []string{"lang-name-", "lang-pos-", "lang-dir-", "lang-remove-"} {
			add(t + l.Code)
		}
	}
	v.NewCode = settingsField{ID: "new_code", Label: L.T("admin.people.settings.new.code"), Hint: L.T("admin.people.settings.new.code.help"),
		Value: f.NewCode, Error: err("new_code"), Type: "text", Max: 3, Class: "field--short", Dir: "ltr"}
	v.NewName = settingsField{ID: "new_name", Label: L.T("admin.people.settings.new.name"), Hint: L.T("admin.people.settings.new.name.help"),
		Value: f.NewName, Error: err("new_name"), Type: "text", Max: maxLanguageName}
	v.NewDirs, v.NewDirError = directionOptions(L, f.NewDir), err("new_dir")
	for _, field := range []string{"new_code", "new_name", "new_dir"} {
		add(field)
	}
	required := L.T("comments.form.required")
	mark := func(f *settingsField) {
		if f.Required {
			f.Mark = required
		}
	}
	mark(&v.TimeZone)
	for i := range v.Langs {
		for j := range v.Langs[i].Texts {
			mark(&v.Langs[i].Texts[j])
		}
		mark(&v.Langs[i].LangName)
		mark(&v.Langs[i].Position)
	}
	a.render(w, r, status, "people_settings", L.T("admin.people.settings.title"), v)
}

func directionOptions(L *i18n.Localizer, selected string) []option {
	return []option{
		{Value: string(content.LTR), Text: L.T("admin.people.settings.dir.ltr"), Selected: selected != string(content.RTL)},
		{Value: string(content.RTL), Text: L.T("admin.people.settings.dir.rtl"), Selected: selected == string(content.RTL)},
	}
}
