package content

import (
	"fmt"
	"time"
)

// Status is where an article stands in the editorial workflow.
type Status string

const (
	Draft     Status = "draft"
	Proposed  Status = "proposed" // submitted for validation
	Published Status = "published"
	Refused   Status = "refused" // sent back to its author with a reason
	Trashed   Status = "trashed"
)

// Statuses lists every status, in workflow order.
var Statuses = []Status{Draft, Proposed, Published, Refused, Trashed}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}

// transitions is the editorial workflow: draft → proposed → published or
// refused; anything can go to the trash and come back as a draft.
var transitions = map[Status][]Status{
	Draft:     {Proposed, Published, Trashed},
	Proposed:  {Draft, Published, Refused, Trashed},
	Published: {Draft, Trashed},
	Refused:   {Draft, Proposed, Trashed},
	Trashed:   {Draft},
}

// CanMove reports whether the workflow allows going from one status to another.
func CanMove(from, to Status) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// CommentPolicy says who may post on a thread and when messages appear.
type CommentPolicy string

const (
	ModerateBefore CommentPolicy = "before"  // nothing appears until a moderator validates it
	ModerateAfter  CommentPolicy = "after"   // appears at once, can be withdrawn
	MembersOnly    CommentPolicy = "members" // a logged-in account is required
	Closed         CommentPolicy = "closed"  // thread shown, no new messages
	NoComments     CommentPolicy = "none"    // no thread at all
	// Inherit is the zero value of an override: take the parent's policy.
	Inherit CommentPolicy = ""
)

// Valid reports whether p is a known policy (Inherit included).
func (p CommentPolicy) Valid() bool {
	switch p {
	case ModerateBefore, ModerateAfter, MembersOnly, Closed, NoComments, Inherit:
		return true
	}
	return false
}

// EffectivePolicy resolves overrides from the most specific to the site default.
func EffectivePolicy(site CommentPolicy, overrides ...CommentPolicy) CommentPolicy {
	for i := len(overrides) - 1; i >= 0; i-- {
		if overrides[i] != Inherit {
			return overrides[i]
		}
	}
	if site == Inherit {
		return ModerateBefore
	}
	return site
}

// TranslationGroup links the language versions of one article. It drives the
// language menu, hreflang, view totals and shared comment threads.
type TranslationGroup struct {
	ID             int64
	SiteID         int64
	SourceLanguage string // the reference version translations are made from
	SharedComments bool   // one thread for every language version, or one per language
	LegacyID       int64
	CreatedAt      time.Time
}

// Article is one language version of a translation group.
type Article struct {
	ID            int64
	SiteID        int64
	GroupID       int64
	SectionID     int64
	Language      string
	Slug          string
	Surtitle      string
	Title         string
	Subtitle      string
	Lead          string
	Body          string // Markdown source
	Place         string // "Paris, France"
	Status        Status
	CommentPolicy CommentPolicy // Inherit unless overridden for this article
	// Revision counts content changes; a translation records the source's
	// revision it was made from (SourceRevision) so staleness is computable.
	Revision       int
	SourceRevision int
	ViewCount      int64
	LegacyID       int64
	AuthorIDs      []int64
	KeywordIDs     []int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
	PublishedAt    time.Time // zero until first published
	ScheduledAt    time.Time // zero unless a publication is scheduled
}

// IsPublicAt is the one rule that decides whether readers may see an
// article at a given instant. Every public output — pages, feeds, search,
// sitemaps — goes through it or through the store's SQL twin of it, and a
// test keeps the two in agreement.
func (a *Article) IsPublicAt(now time.Time) bool {
	return a.Status == Published && !a.PublishedAt.IsZero() && !a.PublishedAt.After(now)
}

// Outdated reports whether this translation lags behind its source version.
// The source itself is never outdated.
func (a *Article) Outdated(source *Article) bool {
	if source == nil || source.ID == a.ID || source.GroupID != a.GroupID {
		return false
	}
	return a.SourceRevision < source.Revision
}

// Validate checks the fields every article needs, whatever its status.
func (a *Article) Validate() error {
	switch {
	case a.SiteID == 0:
		return fmt.Errorf("article: site is required")
	case a.SectionID == 0:
		return fmt.Errorf("article: section is required")
	case a.Language == "":
		return fmt.Errorf("article: language is required")
	case a.Title == "":
		return fmt.Errorf("article: title is required")
	case !ValidSlug(a.Slug):
		return fmt.Errorf("article: slug %q must be lowercase letters, digits and hyphens", a.Slug)
	case !a.Status.Valid():
		return fmt.Errorf("article: unknown status %q", a.Status)
	case !a.CommentPolicy.Valid():
		return fmt.Errorf("article: unknown comment policy %q", a.CommentPolicy)
	}
	return nil
}
