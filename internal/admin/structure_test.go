package admin_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"depeche/internal/content"
	"depeche/internal/i18n"
	"depeche/internal/search"
	"depeche/internal/store"
	"depeche/internal/store/storetest"
	"depeche/internal/user"
)

// stSection finds a section of the fixture's site by its French slug.
func stSection(t *testing.T, f *fixture, slug string) *content.Section {
	t.Helper()
	list, err := f.st.Sections(context.Background(), f.site.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range list {
		if s.Texts["fr"].Slug == slug {
			return s
		}
	}
	return nil
}

// stPost sends a form and checks the status; it returns the page, unescaped.
func stPost(t *testing.T, f *fixture, cookie *http.Cookie, path string, form url.Values, want int) string {
	t.Helper()
	resp := f.do(cookie, "POST", path, form)
	body := html.UnescapeString(readAll(resp))
	if resp.StatusCode != want {
		t.Fatalf("POST %s = %d, want %d\n%s", path, resp.StatusCode, want, body)
	}
	return body
}

func stGet(t *testing.T, f *fixture, cookie *http.Cookie, path string) string {
	t.Helper()
	resp := f.do(cookie, "GET", path, nil)
	body := html.UnescapeString(readAll(resp))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d\n%s", path, resp.StatusCode, body)
	}
	return body
}

// stInvalid tells whether a page marks a field invalid, with its message
// tied to it.
func stInvalid(body, id string) bool {
	return strings.Contains(body, `id="`+id+`-error"`) &&
		strings.Contains(body, `id="`+id+`" name="`+id+`"`) &&
		strings.Contains(body, `aria-invalid="true"`) &&
		strings.Contains(body, `href="#`+id+`"`)
}

func TestSectionsOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := setup(t, st.Dialect())
		ctx := context.Background()
		editor := f.cookies[user.Editor]

		// The tree lists the fixture's section with its slug and position.
		body := stGet(t, f, editor, "/admin/sections")
		for _, want := range []string{"Actualités", ">actu</code>", `<caption id="sections-caption">`, `<legend lang="en" dir="ltr">English</legend>`} {
			if !strings.Contains(body, want) {
				t.Errorf("the sections page lacks %q", want)
			}
		}

		// Create in French and English: the French slug is made from the title.
		stPost(t, f, editor, "/admin/sections", url.Values{"parent": {"0"}, "position": {""},
			"title-fr": {"Économie"}, "slug-fr": {""}, "description-fr": {"Les chiffres"},
			"title-en": {"Economy"}, "slug-en": {"economy"}}, http.StatusSeeOther)
		eco := stSection(t, f, "economie")
		if eco == nil || eco.Texts["en"].Slug != "economy" || eco.Texts["en"].Title != "Economy" || eco.Texts["fr"].Description != "Les chiffres" ||
			eco.ParentID != 0 || eco.Position != f.section.Position+1 {
			t.Fatalf("created section: %+v", eco)
		}
		body = stGet(t, f, editor, "/admin/sections?done=section-created")
		for _, want := range []string{"Économie", ">economie</code>", ">economy</code>", `href="/admin/sections/` + fmt.Sprint(eco.ID) + `"`, `role="status"`} {
			if !strings.Contains(body, want) {
				t.Errorf("the new section is not listed: no %q", want)
			}
		}

		// Its page shows it for editing.
		path := fmt.Sprintf("/admin/sections/%d", eco.ID)
		if body := stGet(t, f, editor, path); !strings.Contains(body, `value="Economy"`) || !strings.Contains(body, "Les chiffres</textarea>") {
			t.Errorf("the edit form lacks the saved texts")
		}

		// Deleting a section that still has an article is refused.
		f.article(t, content.Draft, f.users[user.Author])
		actuPath := fmt.Sprintf("/admin/sections/%d", f.section.ID)
		body = stPost(t, f, editor, actuPath+"/delete", nil, http.StatusConflict)
		if !strings.Contains(body, stMsg(f, "admin.structure.error.inuse.section")) {
			t.Errorf("refused deletion without its reason:\n%s", body)
		}
		if stSection(t, f, "actu") == nil {
			t.Fatal("a section with an article was deleted")
		}

		// Rename and move under another section.
		stPost(t, f, editor, path, url.Values{"parent": {fmt.Sprint(f.section.ID)}, "position": {"3"},
			"title-fr": {"Économie et finances"}, "slug-fr": {"economie-finances"},
			"title-en": {"Economy"}, "slug-en": {"economy"}}, http.StatusSeeOther)
		moved := stSection(t, f, "economie-finances")
		if moved == nil || moved.ID != eco.ID || moved.ParentID != f.section.ID || moved.Position != 3 || moved.Texts["fr"].Title != "Économie et finances" {
			t.Fatalf("after renaming and moving: %+v", moved)
		}
		if moved.Texts["fr"].Description != "" {
			t.Errorf("an emptied description was kept: %q", moved.Texts["fr"].Description)
		}
		body = stGet(t, f, editor, "/admin/sections")
		if !strings.Contains(body, `<tr class="structure-depth-1">`) || !strings.Contains(body, stMsg(f, "admin.structure.sections.childof")) {
			t.Errorf("the moved section is not shown inside its parent")
		}
		// Its own edit page does not offer itself as a parent, nor its children.
		if body := stGet(t, f, editor, actuPath); strings.Contains(body, `<option value="`+fmt.Sprint(eco.ID)+`"`) {
			t.Errorf("a section is offered its own child as parent")
		}

		// Moving a section under its own child: refused at the field.
		body = stPost(t, f, editor, actuPath, url.Values{"parent": {fmt.Sprint(eco.ID)}, "position": {"0"},
			"title-fr": {"Actualités renommées"}, "slug-fr": {"actu"}}, http.StatusUnprocessableEntity)
		if !stInvalid(body, "parent") || !strings.Contains(body, stMsg(f, "admin.structure.error.cycle")) {
			t.Errorf("the cycle is not reported at the parent field:\n%s", body)
		}
		if !strings.Contains(body, `value="Actualités renommées"`) {
			t.Errorf("the typed title was lost")
		}
		if s := stSection(t, f, "actu"); s == nil || s.ParentID != 0 || s.Texts["fr"].Title != "Actualités" {
			t.Errorf("a refused move changed the section: %+v", s)
		}

		// A slug another section has: refused at that language's field,
		// with everything typed still there.
		before, _ := f.st.Sections(ctx, f.site.ID)
		body = stPost(t, f, editor, "/admin/sections", url.Values{"parent": {fmt.Sprint(eco.ID)}, "position": {"7"},
			"title-fr": {"Un autre titre"}, "slug-fr": {"actu"}, "description-fr": {"Ma description"},
			"title-en": {"Something typed"}, "slug-en": {""}}, http.StatusUnprocessableEntity)
		if !stInvalid(body, "slug-fr") || stInvalid(body, "slug-en") {
			t.Errorf("the taken slug is not reported at its field")
		}
		for _, want := range []string{`value="Un autre titre"`, `value="Something typed"`, `value="7"`, "Ma description</textarea>",
			`<option value="` + fmt.Sprint(eco.ID) + `" selected>`} {
			if !strings.Contains(body, want) {
				t.Errorf("the refused form lost %q", want)
			}
		}
		// The same slug used by the section being edited is its own.
		stPost(t, f, editor, actuPath, url.Values{"parent": {"0"}, "position": {"0"}, "title-fr": {"Actualités"}, "slug-fr": {"actu"}}, http.StatusSeeOther)
		// A slug taken in an edit.
		body = stPost(t, f, editor, path, url.Values{"parent": {fmt.Sprint(f.section.ID)}, "position": {"3"},
			"title-fr": {"Économie et finances"}, "slug-fr": {"actu"}, "title-en": {"Economy"}, "slug-en": {"economy"}}, http.StatusUnprocessableEntity)
		if !stInvalid(body, "slug-fr") {
			t.Errorf("a taken slug in an edit is not reported at its field")
		}

		// A title without Latin letters needs a slug; a bad slug is refused;
		// empty titles everywhere are refused; a slug without title too.
		for _, c := range []struct {
			form  url.Values
			field string
		}{
			{url.Values{"parent": {"0"}, "title-fr": {"اقتصاد"}}, "slug-fr"},
			{url.Values{"parent": {"0"}, "title-fr": {"Sport"}, "slug-fr": {"Pas Bon"}}, "slug-fr"},
			{url.Values{"parent": {"0"}, "title-fr": {""}, "title-en": {"  "}, "slug-fr": {""}}, "title-fr"},
			{url.Values{"parent": {"0"}, "title-fr": {"Sport"}, "slug-en": {"sport"}}, "title-en"},
			{url.Values{"parent": {"0"}, "title-fr": {"Sport"}, "position": {"premier"}}, "position"},
			{url.Values{"parent": {"999999"}, "title-fr": {"Sport"}}, "parent"},
		} {
			body := stPost(t, f, editor, "/admin/sections", c.form, http.StatusUnprocessableEntity)
			if !stInvalid(body, c.field) {
				t.Errorf("%v: no error at %s", c.form, c.field)
			}
		}
		if after, _ := f.st.Sections(ctx, f.site.ID); len(after) != len(before) {
			t.Errorf("refused forms created sections: %d, then %d", len(before), len(after))
		}

		// An empty section is deleted; a section with a child is not.
		stPost(t, f, editor, actuPath+"/delete", nil, http.StatusConflict)
		resp := f.do(editor, "POST", path+"/delete", nil)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/sections?done=section-deleted" {
			t.Fatalf("deleting an empty section: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if _, err := f.st.SectionByID(ctx, f.site.ID, eco.ID); err != store.ErrNotFound {
			t.Errorf("the deleted section is still there: %v", err)
		}
		for _, p := range []string{path, "/admin/sections/abc"} {
			if resp := f.do(editor, "GET", p, nil); resp.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s = %d", p, resp.StatusCode)
			}
		}
		if resp := f.do(editor, "POST", path+"/delete", nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("deleting twice: %d", resp.StatusCode)
		}
	})
}

// stSearch returns the slugs of the French articles found for a query.
func stSearch(t *testing.T, f *fixture, q string) string {
	t.Helper()
	list, _, err := f.st.Search(context.Background(), store.SearchQuery{SiteID: f.site.ID, Language: "fr",
		Query: search.ParseQuery("fr", q), Now: time.Now().Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	var slugs []string
	for _, a := range list {
		slugs = append(slugs, a.Slug)
	}
	return strings.Join(slugs, " ")
}

func TestKeywordsOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := setup(t, st.Dialect())
		ctx := context.Background()
		editor := f.cookies[user.Editor]

		if body := stGet(t, f, editor, "/admin/keywords"); !strings.Contains(body, `id="keyword-title-fr"`) || !strings.Contains(body, `id="group-title-en"`) {
			t.Fatalf("the keywords page lacks its forms")
		}

		// A group with per-language titles.
		stPost(t, f, editor, "/admin/keyword-groups", url.Values{"group-title-fr": {"Thèmes"}, "group-title-en": {"Themes"}}, http.StatusSeeOther)
		groups, err := f.st.KeywordGroups(ctx, f.site.ID)
		if err != nil || len(groups) != 1 || groups[0].Titles["fr"] != "Thèmes" || groups[0].Titles["en"] != "Themes" {
			t.Fatalf("created group: %v %v", groups, err)
		}
		g := groups[0]
		body := stPost(t, f, editor, "/admin/keyword-groups", url.Values{"group-title-fr": {""}, "group-position": {"x"}}, http.StatusUnprocessableEntity)
		if !stInvalid(body, "group-title-fr") || !stInvalid(body, "group-position") {
			t.Errorf("an empty group form is not refused at its fields")
		}

		// A keyword in the group, slugs made from the titles.
		stPost(t, f, editor, "/admin/keywords", url.Values{"keyword-group": {fmt.Sprint(g.ID)},
			"keyword-title-fr": {"Données ouvertes"}, "keyword-title-en": {"Open data"}}, http.StatusSeeOther)
		all, _ := f.st.Keywords(ctx, f.site.ID)
		var k *content.Keyword
		for _, x := range all {
			k = x
		}
		if len(all) != 1 || k.GroupID != g.ID || k.Texts["fr"].Slug != "donnees-ouvertes" || k.Texts["en"].Slug != "open-data" {
			t.Fatalf("created keyword: %+v", k)
		}
		body = stGet(t, f, editor, "/admin/keywords")
		for _, want := range []string{"Thèmes", "Themes", "Données ouvertes", "Open data", ">open-data</code>", fmt.Sprintf(`href="/admin/keywords/%d"`, k.ID)} {
			if !strings.Contains(body, want) {
				t.Errorf("the keywords page lacks %q", want)
			}
		}

		// Bad keyword forms come back at their fields, typed values kept.
		body = stPost(t, f, editor, "/admin/keywords", url.Values{"keyword-group": {"0"}, "keyword-title-fr": {""}, "keyword-title-en": {""}}, http.StatusUnprocessableEntity)
		if !stInvalid(body, "keyword-title-fr") {
			t.Errorf("empty titles everywhere are not refused at the first title")
		}
		body = stPost(t, f, editor, "/admin/keywords", url.Values{"keyword-group": {"424242"}, "keyword-title-fr": {"Pays"},
			"keyword-title-en": {"Open data"}, "keyword-slug-en": {"open-data"}}, http.StatusUnprocessableEntity)
		if !stInvalid(body, "keyword-group") || !stInvalid(body, "keyword-slug-en") || !strings.Contains(body, `value="Pays"`) {
			t.Errorf("an unknown group and a taken slug are not refused at their fields")
		}

		// An article with the keyword is found by its title, and by the
		// new title once renamed: the store reindexes.
		tg := &content.TranslationGroup{SiteID: f.site.ID, SourceLanguage: "fr"}
		if err := f.st.CreateGroup(ctx, tg); err != nil {
			t.Fatal(err)
		}
		art := &content.Article{SiteID: f.site.ID, GroupID: tg.ID, SectionID: f.section.ID, Language: "fr", Slug: "avec-mot",
			Title: "Titre", Body: "Texte", Status: content.Published, PublishedAt: time.Now().Add(-time.Hour),
			AuthorIDs: []int64{f.users[user.Author].ID}, KeywordIDs: []int64{k.ID}}
		if err := f.st.CreateArticle(ctx, art, 0); err != nil {
			t.Fatal(err)
		}
		if got := stSearch(t, f, "ouvertes"); got != "avec-mot" {
			t.Fatalf("search before the rename: %q", got)
		}
		path := fmt.Sprintf("/admin/keywords/%d", k.ID)
		if body := stGet(t, f, editor, path); !strings.Contains(body, `value="Données ouvertes"`) || !strings.Contains(body, `<option value="`+fmt.Sprint(g.ID)+`" selected>`) {
			t.Errorf("the keyword's page lacks its texts or group")
		}
		stPost(t, f, editor, path, url.Values{"group": {"0"}, "title-fr": {"Transparence"}, "slug-fr": {"transparence"},
			"title-en": {"Open data"}, "slug-en": {"open-data"}}, http.StatusSeeOther)
		all, _ = f.st.Keywords(ctx, f.site.ID)
		if got := all[k.ID]; got.GroupID != 0 || got.Texts["fr"].Title != "Transparence" || got.Texts["fr"].Slug != "transparence" {
			t.Errorf("renamed keyword: %+v", got)
		}
		if got := stSearch(t, f, "transparence"); got != "avec-mot" {
			t.Errorf("search for the new title: %q", got)
		}
		if got := stSearch(t, f, "ouvertes"); got != "" {
			t.Errorf("search for the old title: %q", got)
		}
		body = stPost(t, f, editor, path, url.Values{"group": {"0"}, "title-fr": {""}, "title-en": {""}}, http.StatusUnprocessableEntity)
		if !stInvalid(body, "title-fr") {
			t.Errorf("a keyword emptied of titles is not refused")
		}

		// The group: renamed and moved; kept while it has keywords.
		gpath := fmt.Sprintf("/admin/keyword-groups/%d", g.ID)
		if body := stGet(t, f, editor, gpath); !strings.Contains(body, `value="Themes"`) {
			t.Errorf("the group's page lacks its titles")
		}
		stPost(t, f, editor, gpath, url.Values{"position": {"4"}, "title-fr": {"Sujets"}, "title-en": {""}}, http.StatusSeeOther)
		if got, _ := f.st.KeywordGroupByID(ctx, f.site.ID, g.ID); got == nil || got.Position != 4 || got.Titles["fr"] != "Sujets" || len(got.Titles) != 1 {
			t.Errorf("renamed group: %+v", got)
		}
		stPost(t, f, editor, path, url.Values{"group": {fmt.Sprint(g.ID)}, "title-fr": {"Transparence"}, "title-en": {"Open data"}}, http.StatusSeeOther)
		body = stPost(t, f, editor, gpath+"/delete", nil, http.StatusConflict)
		if !strings.Contains(body, stMsg(f, "admin.structure.error.inuse.group")) {
			t.Errorf("refused group deletion without its reason")
		}

		// Deleting the keyword takes it off the article.
		resp := f.do(editor, "POST", path+"/delete", nil)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/keywords?done=keyword-deleted" {
			t.Fatalf("deleting a keyword: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if all, _ := f.st.Keywords(ctx, f.site.ID); len(all) != 0 {
			t.Errorf("keywords left: %v", all)
		}
		if got, _ := f.st.ArticleByID(ctx, f.site.ID, art.ID); len(got.KeywordIDs) != 0 {
			t.Errorf("the article keeps the deleted keyword: %v", got.KeywordIDs)
		}
		if got := stSearch(t, f, "transparence"); got != "" {
			t.Errorf("a deleted keyword is still searched: %q", got)
		}
		stPost(t, f, editor, gpath+"/delete", nil, http.StatusSeeOther)
		if groups, _ := f.st.KeywordGroups(ctx, f.site.ID); len(groups) != 0 {
			t.Errorf("groups left: %v", groups)
		}
		for _, p := range []string{path, gpath} {
			if resp := f.do(editor, "GET", p, nil); resp.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s after deletion = %d", p, resp.StatusCode)
			}
		}
	})
}

// TestStructureForbidden walks every route of the two screens with the
// roles that may not use them: refused, and nothing changed.
func TestStructureForbidden(t *testing.T) {
	f := setup(t, "sqlite")
	ctx := context.Background()
	g := &content.KeywordGroup{SiteID: f.site.ID, Titles: map[string]string{"fr": "Pays"}}
	if err := f.st.CreateKeywordGroup(ctx, g); err != nil {
		t.Fatal(err)
	}
	k := &content.Keyword{SiteID: f.site.ID, GroupID: g.ID, Texts: map[string]content.KeywordText{"fr": {Slug: "france", Title: "France"}}}
	if err := f.st.CreateKeyword(ctx, k); err != nil {
		t.Fatal(err)
	}
	sec, kw, grp := fmt.Sprint(f.section.ID), fmt.Sprint(k.ID), fmt.Sprint(g.ID)
	form := url.Values{"parent": {"0"}, "group": {"0"}, "title-fr": {"Piraté"}, "slug-fr": {"pirate"},
		"keyword-title-fr": {"Piraté"}, "group-title-fr": {"Piraté"}}
	routes := []struct{ method, path string }{
		{"GET", "/admin/sections"},
		{"POST", "/admin/sections"},
		{"GET", "/admin/sections/" + sec},
		{"POST", "/admin/sections/" + sec},
		{"POST", "/admin/sections/" + sec + "/delete"},
		{"GET", "/admin/keywords"},
		{"POST", "/admin/keywords"},
		{"GET", "/admin/keywords/" + kw},
		{"POST", "/admin/keywords/" + kw},
		{"POST", "/admin/keywords/" + kw + "/delete"},
		{"POST", "/admin/keyword-groups"},
		{"GET", "/admin/keyword-groups/" + grp},
		{"POST", "/admin/keyword-groups/" + grp},
		{"POST", "/admin/keyword-groups/" + grp + "/delete"},
	}
	for _, role := range []user.Role{user.Author, user.Moderator} {
		for _, rt := range routes {
			var body url.Values
			if rt.method == "POST" {
				body = form
			}
			if resp := f.do(f.cookies[role], rt.method, rt.path, body); resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s: %s %s = %d, want 403", role, rt.method, rt.path, resp.StatusCode)
			}
		}
	}
	for _, rt := range routes {
		if rt.method == "GET" {
			if resp := f.do(nil, "GET", rt.path, nil); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/admin/login") {
				t.Errorf("anonymous GET %s = %d", rt.path, resp.StatusCode)
			}
			for _, role := range []user.Role{user.Editor, user.Administrator} {
				if resp := f.do(f.cookies[role], "GET", rt.path, nil); resp.StatusCode != http.StatusOK {
					t.Errorf("%s: GET %s = %d", role, rt.path, resp.StatusCode)
				}
			}
		}
	}
	sections, _ := f.st.Sections(ctx, f.site.ID)
	keywords, _ := f.st.Keywords(ctx, f.site.ID)
	groups, _ := f.st.KeywordGroups(ctx, f.site.ID)
	if len(sections) != 1 || sections[0].Texts["fr"].Title != "Actualités" || len(keywords) != 1 || keywords[k.ID].Texts["fr"].Title != "France" ||
		len(groups) != 1 || groups[0].Titles["fr"] != "Pays" {
		t.Errorf("refused requests changed something: %v %v %v", sections, keywords, groups)
	}
}

// TestStructureInterfaceLanguages renders the screens in every interface
// language (the site's default language, for accounts without their own),
// on a site that also writes in Arabic: no message key shows through, and
// the Arabic fieldsets and the Arabic interface are right to left.
func TestStructureInterfaceLanguages(t *testing.T) {
	f := setup(t, "sqlite")
	ctx := context.Background()
	f.site.Languages = append(f.site.Languages, content.Language{Code: "es", Name: "Español", Direction: content.LTR},
		content.Language{Code: "ar", Name: "العربية", Direction: content.RTL})
	f.site.Texts["es"], f.site.Texts["ar"] = content.SiteText{Name: "Sitio"}, content.SiteText{Name: "الموقع"}
	g := &content.KeywordGroup{SiteID: f.site.ID, Titles: map[string]string{"ar": "مواضيع"}}
	if err := f.st.CreateKeywordGroup(ctx, g); err != nil {
		t.Fatal(err)
	}
	k := &content.Keyword{SiteID: f.site.ID, GroupID: g.ID, Texts: map[string]content.KeywordText{"ar": {Slug: "iqtisad", Title: "اقتصاد"}}}
	if err := f.st.CreateKeyword(ctx, k); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"fr", "en", "es", "ar"} {
		f.site.DefaultLanguage = lang
		if err := f.st.UpdateSite(ctx, f.site); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"/admin/sections", fmt.Sprintf("/admin/sections/%d", f.section.ID), "/admin/keywords",
			fmt.Sprintf("/admin/keywords/%d", k.ID), fmt.Sprintf("/admin/keyword-groups/%d", g.ID)} {
			body := stGet(t, f, f.cookies[user.Editor], p)
			if i := strings.Index(body, "admin.structure."); i >= 0 {
				t.Errorf("%s %s: a message key shows: %s", lang, p, body[i:min(i+60, len(body))])
			}
			if !strings.Contains(body, `<html lang="`+lang+`"`) {
				t.Errorf("%s %s: not in the interface language", lang, p)
			}
			if lang == "ar" && !strings.Contains(body, `<html lang="ar" dir="rtl">`) {
				t.Errorf("%s: not right to left", p)
			}
			if !strings.Contains(body, `<legend lang="ar" dir="rtl">العربية</legend>`) {
				t.Errorf("%s %s: no Arabic fieldset", lang, p)
			}
		}
	}
	// An Arabic title needs a typed slug; with one, the section is created.
	body := stPost(t, f, f.cookies[user.Editor], "/admin/sections", url.Values{"parent": {"0"}, "title-ar": {"اقتصاد"}}, http.StatusUnprocessableEntity)
	if !stInvalid(body, "slug-ar") || !strings.Contains(body, stMsg(f, "admin.structure.error.slug.needed")) {
		t.Errorf("an Arabic title without slug is not refused at the slug")
	}
	stPost(t, f, f.cookies[user.Editor], "/admin/sections", url.Values{"parent": {"0"}, "title-ar": {"اقتصاد"}, "slug-ar": {"iqtisad"}}, http.StatusSeeOther)
	if s, err := f.st.SectionBySlug(ctx, f.site.ID, "ar", "iqtisad"); err != nil || s.Texts["ar"].Title != "اقتصاد" || len(s.Texts) != 1 {
		t.Errorf("the Arabic section: %+v %v", s, err)
	}
}

// stMsg is a message as the fixture's accounts read it: in the site's
// default language, since they have not chosen one.
func stMsg(f *fixture, key string, args ...any) string {
	b, err := i18n.Load()
	if err != nil {
		panic(err)
	}
	return b.For(f.site.DefaultLanguage).T(key, args...)
}
