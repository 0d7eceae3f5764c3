// Package comment holds reader comments and the rules of their threads:
// statuses, who sees what, and how a flat list becomes a nested thread.
package comment

import (
	"sort"
	"time"
)

// Status is where a comment stands in moderation.
type Status string

const (
	Pending   Status = "pending" // awaiting a moderator
	Published Status = "published"
	Rejected  Status = "rejected"
	Spam      Status = "spam"
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	switch s {
	case Pending, Published, Rejected, Spam:
		return true
	}
	return false
}

// Comment is one message of a thread. The e-mail and IP hash are for
// moderators only and never reach a public page.
type Comment struct {
	ID          int64
	SiteID      int64
	ArticleID   int64 // the language version it was posted on
	GroupID     int64 // the translation group, for shared threads
	ParentID    int64 // 0 for a message that starts a thread
	RootID      int64 // the message that started the thread; its own id for a root
	Language    string
	AuthorName  string
	AuthorEmail string
	AuthorURL   string
	UserID      int64 // set when a signed-in account wrote it: a staff reply or a member's message
	ByMember    bool  // the account is a member's (a reader's), not the team's; not stored, known from the account
	Body        string
	Status      Status
	IPHash      string // keyed hash of the poster's address, for rate limits
	NetHash     string // keyed hash of their /24 or /64 network
	SpamScore   float64
	SpamReasons string
	// NotifyPublished and NotifyReplies are what the commenter asked to be
	// told by e-mail: that the message is published, that someone replied.
	NotifyPublished bool
	NotifyReplies   bool
	CreatedAt       time.Time
	UpdatedAt       time.Time
	EditedAt        time.Time // zero unless a moderator edited the published text
}

// Staff reports whether a team member wrote the comment (a member's
// account is not the team's).
func (c *Comment) Staff() bool { return c.UserID != 0 && !c.ByMember }

// Node is a comment placed in its thread.
type Node struct {
	*Comment
	Depth   int // 0 for a root; capped at the tree's maximum depth
	Parent  *Comment
	Replies []*Node
	// Flattened is set when the comment sits deeper than the display allows
	// and is shown at the maximum depth with an "in reply to" mention.
	Flattened bool
}

// Tree turns comments into threads, oldest first at every level. Comments
// whose parent is absent (withdrawn, or not visible to this reader) become
// roots, so that no visible message disappears. Replies deeper than maxDepth
// are shown at maxDepth, right after the message they descend from, and
// flagged so the page can say whom they answer.
func Tree(comments []*Comment, maxDepth int) []*Node {
	maxDepth = max(maxDepth, 0)
	sorted := append([]*Comment(nil), comments...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if !sorted[i].CreatedAt.Equal(sorted[j].CreatedAt) {
			return sorted[i].CreatedAt.Before(sorted[j].CreatedAt)
		}
		return sorted[i].ID < sorted[j].ID
	})
	present := make(map[int64]bool, len(sorted))
	for _, c := range sorted {
		present[c.ID] = true
	}
	children := make(map[int64][]*Comment)
	var roots []*Comment
	for _, c := range sorted {
		if c.ParentID == 0 || c.ParentID == c.ID || !present[c.ParentID] {
			roots = append(roots, c)
			continue
		}
		children[c.ParentID] = append(children[c.ParentID], c)
	}
	placed := make(map[int64]bool, len(sorted))
	// build returns the node followed by any descendants flattened to its level.
	var build func(c, parent *Comment, depth int) []*Node
	build = func(c, parent *Comment, depth int) []*Node {
		placed[c.ID] = true
		n := &Node{Comment: c, Parent: parent, Depth: min(depth, maxDepth), Flattened: depth > maxDepth}
		out := []*Node{n}
		for _, ch := range children[c.ID] {
			if placed[ch.ID] {
				continue // a corrupt parent cycle; show each message once
			}
			sub := build(ch, c, depth+1)
			if depth+1 > maxDepth {
				out = append(out, sub...)
			} else {
				n.Replies = append(n.Replies, sub...)
			}
		}
		return out
	}
	var nodes []*Node
	for _, r := range roots {
		nodes = append(nodes, build(r, nil, 0)...)
	}
	return nodes
}
