package admin

import "net/http"

// structureRoutes registers the sections and keywords screens.
func (a *Admin) structureRoutes(m *http.ServeMux) {}
