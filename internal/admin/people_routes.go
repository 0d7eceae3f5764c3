package admin

import "net/http"

// peopleRoutes registers the users and site settings screens.
func (a *Admin) peopleRoutes(m *http.ServeMux) {}
