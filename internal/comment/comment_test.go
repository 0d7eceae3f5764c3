package comment

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func at(min int) time.Time { return time.Date(2026, 3, 18, 10, min, 0, 0, time.UTC) }

// shape renders a forest as "id@depth" in display order, with "*" for flattened.
func shape(nodes []*Node) string {
	var parts []string
	var walk func([]*Node)
	walk = func(ns []*Node) {
		for _, n := range ns {
			p := fmt.Sprintf("%d@%d", n.ID, n.Depth)
			if n.Flattened {
				p += "*"
			}
			parts = append(parts, p)
			walk(n.Replies)
		}
	}
	walk(nodes)
	return strings.Join(parts, " ")
}

func TestTree(t *testing.T) {
	chain := []*Comment{
		{ID: 1, CreatedAt: at(0)},
		{ID: 2, ParentID: 1, CreatedAt: at(1)},
		{ID: 3, ParentID: 2, CreatedAt: at(2)},
		{ID: 4, ParentID: 3, CreatedAt: at(3)},
		{ID: 5, ParentID: 4, CreatedAt: at(4)},
		{ID: 6, ParentID: 5, CreatedAt: at(5)},
		{ID: 7, ParentID: 1, CreatedAt: at(6)},
	}
	tests := []struct {
		name     string
		comments []*Comment
		maxDepth int
		want     string
	}{
		{"empty", nil, 3, ""},
		{"oldest first", []*Comment{{ID: 2, CreatedAt: at(5)}, {ID: 1, CreatedAt: at(1)}}, 3, "1@0 2@0"},
		{"same instant by id", []*Comment{{ID: 9, CreatedAt: at(1)}, {ID: 8, CreatedAt: at(1)}}, 3, "8@0 9@0"},
		{"deep chain flattened at depth 3", chain, 3, "1@0 2@1 3@2 4@3 5@3* 6@3* 7@1"},
		{"everything flat at depth 0", chain, 0, "1@0 2@0* 3@0* 4@0* 5@0* 6@0* 7@0*"},
		{"missing parent promotes to root", []*Comment{{ID: 1, CreatedAt: at(0)}, {ID: 3, ParentID: 2, CreatedAt: at(1)}}, 3, "1@0 3@0"},
		{"self parent is a root", []*Comment{{ID: 1, ParentID: 1, CreatedAt: at(0)}}, 3, "1@0"},
		{"reply listed before its parent still nests", []*Comment{{ID: 2, ParentID: 1, CreatedAt: at(1)}, {ID: 1, CreatedAt: at(0)}}, 3, "1@0 2@1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := shape(Tree(tt.comments, tt.maxDepth)); got != tt.want {
				t.Errorf("Tree = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTreeFlattenedKnowsParent(t *testing.T) {
	nodes := Tree([]*Comment{
		{ID: 1, CreatedAt: at(0)},
		{ID: 2, ParentID: 1, CreatedAt: at(1), AuthorName: "Ana"},
		{ID: 3, ParentID: 2, CreatedAt: at(2)},
	}, 1)
	flat := nodes[0].Replies[1]
	if !flat.Flattened || flat.Parent == nil || flat.Parent.AuthorName != "Ana" {
		t.Fatalf("flattened reply should name its parent, got %+v", flat)
	}
}

func TestStatusValid(t *testing.T) {
	for _, s := range []Status{Pending, Published, Rejected, Spam} {
		if !s.Valid() {
			t.Errorf("%q should be valid", s)
		}
	}
	if Status("approved").Valid() {
		t.Error("unknown status accepted")
	}
}
