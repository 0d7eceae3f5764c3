package admin

import (
	"net/http"

	"depeche/internal/access"
)

// structureRoutes registers the sections and keywords screens.
func (a *Admin) structureRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /admin/sections", a.signedIn(access.ManageSections, a.sectionsPage))
	m.HandleFunc("POST /admin/sections", a.signedIn(access.ManageSections, a.createSection))
	m.HandleFunc("GET /admin/sections/{id}", a.signedIn(access.ManageSections, a.editSection))
	m.HandleFunc("POST /admin/sections/{id}", a.signedIn(access.ManageSections, a.saveSection))
	m.HandleFunc("POST /admin/sections/{id}/delete", a.signedIn(access.ManageSections, a.deleteSection))
	m.HandleFunc("GET /admin/keywords", a.signedIn(access.ManageKeywords, a.keywordsPage))
	m.HandleFunc("POST /admin/keywords", a.signedIn(access.ManageKeywords, a.createKeyword))
	m.HandleFunc("GET /admin/keywords/{id}", a.signedIn(access.ManageKeywords, a.editKeyword))
	m.HandleFunc("POST /admin/keywords/{id}", a.signedIn(access.ManageKeywords, a.saveKeyword))
	m.HandleFunc("POST /admin/keywords/{id}/delete", a.signedIn(access.ManageKeywords, a.deleteKeyword))
	m.HandleFunc("POST /admin/keyword-groups", a.signedIn(access.ManageKeywords, a.createKeywordGroup))
	m.HandleFunc("GET /admin/keyword-groups/{id}", a.signedIn(access.ManageKeywords, a.editKeywordGroup))
	m.HandleFunc("POST /admin/keyword-groups/{id}", a.signedIn(access.ManageKeywords, a.saveKeywordGroup))
	m.HandleFunc("POST /admin/keyword-groups/{id}/delete", a.signedIn(access.ManageKeywords, a.deleteKeywordGroup))
}
