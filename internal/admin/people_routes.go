package admin

import (
	"net/http"

	"depeche/internal/access"
)

// peopleRoutes registers the users and site settings screens.
func (a *Admin) peopleRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /admin/users", a.signedIn(access.ManageUsers, a.users))
	m.HandleFunc("POST /admin/users", a.signedIn(access.ManageUsers, a.invite))
	m.HandleFunc("GET /admin/users/{id}", a.signedIn(access.ManageUsers, a.account))
	m.HandleFunc("POST /admin/users/{id}", a.signedIn(access.ManageUsers, a.saveAccount))
	m.HandleFunc("POST /admin/users/{id}/disable", a.signedIn(access.ManageUsers, a.setAccountDisabled))
	m.HandleFunc("POST /admin/users/{id}/link", a.signedIn(access.ManageUsers, a.newAccountLink))
	// Reached from a password link, without a session: the link's token
	// is the authorization.
	m.HandleFunc("GET /admin/password", a.passwordForm)
	m.HandleFunc("POST /admin/password", a.setPassword)
	m.HandleFunc("GET /admin/settings", a.signedIn(access.ManageSettings, a.settings))
	m.HandleFunc("POST /admin/settings", a.signedIn(access.ManageSettings, a.saveSettings))
}
