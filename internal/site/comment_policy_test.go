package site

import (
	"testing"

	"depeche/internal/content"
)

func TestCommentPolicyChain(t *testing.T) {
	// root (closed) > child (inherit) > grandchild (after)
	sections := []*content.Section{
		{ID: 1, CommentPolicy: content.Closed},
		{ID: 2, ParentID: 1},
		{ID: 3, ParentID: 2, CommentPolicy: content.ModerateAfter},
		{ID: 4, ParentID: 99}, // parent missing: the chain stops there
	}
	site := &content.Site{CommentPolicy: content.ModerateBefore}
	tests := []struct {
		name    string
		section int64
		article content.CommentPolicy
		want    content.CommentPolicy
	}{
		{"root section's override", 1, content.Inherit, content.Closed},
		{"inherited from an ancestor", 2, content.Inherit, content.Closed},
		{"nearest section wins", 3, content.Inherit, content.ModerateAfter},
		{"article wins over sections", 3, content.MembersOnly, content.MembersOnly},
		{"no override anywhere", 4, content.Inherit, content.ModerateBefore},
		{"unknown section", 42, content.NoComments, content.NoComments},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &content.Article{SectionID: tt.section, CommentPolicy: tt.article}
			if got := commentPolicy(site, sections, a); got != tt.want {
				t.Errorf("commentPolicy = %q, want %q", got, tt.want)
			}
		})
	}
	// A corrupt cycle must not hang the page.
	cyclic := []*content.Section{{ID: 1, ParentID: 2}, {ID: 2, ParentID: 1, CommentPolicy: content.Closed}}
	if got := commentPolicy(site, cyclic, &content.Article{SectionID: 1}); got != content.Closed {
		t.Errorf("cyclic tree: %q", got)
	}
}
