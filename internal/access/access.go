// Package access decides what a back-office account may do. Every admin
// handler asks Can before acting, and the tests walk every role × action.
// (What readers may see is content.Article.IsPublicAt.)
package access

import (
	"depeche/internal/content"
	"depeche/internal/user"
)

// Action is something done in the back office.
type Action string

const (
	UseBackOffice    Action = "use-back-office"
	CreateArticle    Action = "create-article"
	EditArticle      Action = "edit-article"
	ProposeArticle   Action = "propose-article"
	PublishArticle   Action = "publish-article" // also unpublishing and scheduling
	RefuseArticle    Action = "refuse-article"
	TrashArticle     Action = "trash-article"
	RestoreArticle   Action = "restore-article"
	TranslateArticle Action = "translate-article"
	MarkUpToDate     Action = "mark-up-to-date"
	ManageSections   Action = "manage-sections"
	ManageKeywords   Action = "manage-keywords"
	ManageMedia      Action = "manage-media"
	ModerateComments Action = "moderate-comments"
	ManageUsers      Action = "manage-users"
	ManageSettings   Action = "manage-settings"
	ViewStatistics   Action = "view-statistics"
	// ManageCommenterData exports or erases everything one commenter wrote:
	// personal data, so administrators only.
	ManageCommenterData Action = "manage-commenter-data"
	// PostMemberComment posts where a thread is for members only: any
	// active account may.
	PostMemberComment Action = "post-member-comment"
)

// Actions lists every action, for tests and documentation.
var Actions = []Action{UseBackOffice, CreateArticle, EditArticle, ProposeArticle, PublishArticle, RefuseArticle, TrashArticle,
	RestoreArticle, TranslateArticle, MarkUpToDate, ManageSections, ManageKeywords, ManageMedia, ModerateComments, ManageUsers, ManageSettings,
	ViewStatistics}

// Scope restricts an account to some sections; a nil Scope is no
// restriction. It holds the allowed sections with their descendants.
type Scope map[int64]bool

// Can reports whether u may do act, on article a when the action concerns
// one (a may be nil for actions that do not, or for creating). authorOf
// tells whether u is one of a's authors.
func Can(u *user.User, act Action, a *content.Article, authorOf bool, scope Scope) bool {
	if u == nil || !u.Active() {
		return false
	}
	if act == PostMemberComment {
		return true
	}
	if a != nil && scope != nil && !scope[a.SectionID] {
		return false
	}
	switch u.Role {
	case user.Administrator:
		return true
	case user.Editor:
		return act != ManageUsers && act != ManageSettings && act != ManageCommenterData
	case user.Author:
		switch act {
		case UseBackOffice, CreateArticle, ManageMedia:
			return true
		case EditArticle:
			// Authors keep correcting their own texts, published ones
			// included; what they cannot do is publish or unpublish.
			return a != nil && authorOf && a.Status != content.Trashed
		case ProposeArticle:
			return a != nil && authorOf && (a.Status == content.Draft || a.Status == content.Refused || a.Status == content.Proposed)
		case TrashArticle:
			return a != nil && authorOf && (a.Status == content.Draft || a.Status == content.Refused)
		case TranslateArticle, MarkUpToDate:
			return a != nil && authorOf
		}
		return false
	case user.Moderator:
		return act == UseBackOffice || act == ModerateComments
	}
	return false
}
