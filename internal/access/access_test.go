package access

import (
	"testing"
	"time"

	"depeche/internal/content"
	"depeche/internal/user"
)

// TestEveryRoleAndAction walks the whole matrix: each cell is either
// allowed or refused on purpose.
func TestEveryRoleAndAction(t *testing.T) {
	draft := &content.Article{Status: content.Draft, SectionID: 1}
	published := &content.Article{Status: content.Published, SectionID: 1}
	type cell struct {
		role     user.Role
		act      Action
		a        *content.Article
		authorOf bool
	}
	allowed := map[cell]bool{}
	allow := func(role user.Role, act Action, a *content.Article, authorOf bool) {
		allowed[cell{role, act, a, authorOf}] = true
	}
	for _, act := range Actions {
		for _, a := range []*content.Article{nil, draft, published} {
			for _, mine := range []bool{false, true} {
				allow(user.Administrator, act, a, mine)
				if act != ManageUsers && act != ManageSettings {
					allow(user.Editor, act, a, mine)
				}
			}
		}
	}
	for _, a := range []*content.Article{nil, draft, published} {
		for _, mine := range []bool{false, true} {
			for _, act := range []Action{UseBackOffice, CreateArticle, ManageMedia} {
				allow(user.Author, act, a, mine)
			}
			allow(user.Moderator, UseBackOffice, a, mine)
			allow(user.Moderator, ModerateComments, a, mine)
		}
	}
	for _, act := range []Action{EditArticle, ProposeArticle, TrashArticle, TranslateArticle, MarkUpToDate} {
		allow(user.Author, act, draft, true)
	}
	allow(user.Author, TranslateArticle, published, true)
	allow(user.Author, EditArticle, published, true)
	allow(user.Author, MarkUpToDate, published, true)

	for _, role := range user.Roles {
		u := &user.User{Role: role}
		for _, act := range Actions {
			for _, a := range []*content.Article{nil, draft, published} {
				for _, mine := range []bool{false, true} {
					want := allowed[cell{role, act, a, mine}]
					if got := Can(u, act, a, mine, nil); got != want {
						t.Errorf("%s %s (article %v, own %v) = %v, want %v", role, act, a != nil, mine, got, want)
					}
				}
			}
		}
	}
}

func TestRefusedStates(t *testing.T) {
	author := &user.User{Role: user.Author}
	for _, st := range []content.Status{content.Refused, content.Proposed} {
		if !Can(author, EditArticle, &content.Article{Status: st}, true, nil) {
			t.Errorf("an author cannot edit their own %s article", st)
		}
	}
	if Can(author, TrashArticle, &content.Article{Status: content.Proposed}, true, nil) {
		t.Error("an author can trash an article under validation")
	}
	if Can(author, EditArticle, &content.Article{Status: content.Trashed}, true, nil) {
		t.Error("an author can edit a trashed article")
	}
}

func TestDisabledAndScoped(t *testing.T) {
	admin := &user.User{Role: user.Administrator, DisabledAt: time.Now()}
	if Can(admin, UseBackOffice, nil, false, nil) {
		t.Error("a disabled account acts")
	}
	if Can(nil, UseBackOffice, nil, false, nil) {
		t.Error("nobody acts")
	}
	restricted := &user.User{Role: user.Administrator}
	scope := Scope{3: true}
	if !Can(restricted, PublishArticle, &content.Article{SectionID: 3}, false, scope) {
		t.Error("a restricted administrator cannot act in their section")
	}
	if Can(restricted, PublishArticle, &content.Article{SectionID: 4}, false, scope) {
		t.Error("a restricted administrator acts outside their sections")
	}
	if !Can(restricted, ManageUsers, nil, false, scope) {
		t.Error("section scope should not limit actions on no article")
	}
}
