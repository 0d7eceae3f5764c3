package admin

import (
	"net/http"

	"depeche/internal/access"
)

// commentRoutes registers the moderation queue and the tools around it.
// What one commenter wrote is personal data: only administrators reach it.
func (a *Admin) commentRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /admin/comments", a.signedIn(access.ModerateComments, a.comments))
	m.HandleFunc("POST /admin/comments", a.signedIn(access.ModerateComments, a.moderate))
	m.HandleFunc("POST /admin/comments/{id}/reply", a.signedIn(access.ModerateComments, a.staffReply))
	m.HandleFunc("GET /admin/comments/{id}/edit", a.signedIn(access.ModerateComments, a.editComment))
	m.HandleFunc("POST /admin/comments/{id}/edit", a.signedIn(access.ModerateComments, a.saveComment))
	m.HandleFunc("GET /admin/comments/bans", a.signedIn(access.ModerateComments, a.commentBans))
	m.HandleFunc("POST /admin/comments/bans", a.signedIn(access.ModerateComments, a.saveCommentBans))
	m.HandleFunc("GET /admin/comments/people", a.signedIn(access.ManageCommenterData, a.commenterForm))
	m.HandleFunc("POST /admin/comments/people", a.signedIn(access.ManageCommenterData, a.findCommenter))
	m.HandleFunc("POST /admin/comments/people/export", a.signedIn(access.ManageCommenterData, a.exportCommenter))
	m.HandleFunc("POST /admin/comments/people/erase", a.signedIn(access.ManageCommenterData, a.eraseCommenter))
}
