// Package content holds the editorial model of Dépêche — sites, sections,
// translation groups, articles, keywords and media — and the rules between
// them. It knows nothing of HTTP or SQL: the store persists these types and
// the web packages show them.
package content

import (
	"errors"
	"time"
)

// ErrNotFound is returned by every lookup that finds nothing, so callers
// never have to tell a missing row from a zero value.
var ErrNotFound = errors.New("not found")

// Direction is the writing direction of a language.
type Direction string

const (
	LTR Direction = "ltr"
	RTL Direction = "rtl"
)

// Language is one language a site publishes in, in the site's menu order.
type Language struct {
	Code      string
	Name      string // endonym, as shown in language menus: "Español"
	Direction Direction
	Position  int
}

// SiteText holds the per-language texts of a site's settings.
type SiteText struct {
	Name          string
	Tagline       string
	LegalNotice   string // Markdown
	Accessibility string // Markdown: the accessibility statement
	Footer        string
	Copyright     string
}

// Site is one publication. Every content row carries a site id so that one
// install can later serve a network of sites.
type Site struct {
	ID              int64
	Host            string // the Host header this site answers to; "" for the install's default site
	BaseURL         string // absolute, without trailing slash: "https://diplomatie.example"
	DefaultLanguage string
	TimeZone        string // IANA name; times are stored in UTC and shown in this zone
	CommentPolicy   CommentPolicy
	// CommentEmailRequired makes the commenter's e-mail address mandatory
	// (it is never shown publicly either way).
	CommentEmailRequired bool
	// FeedFullContent puts each article's full text in feeds; otherwise
	// feeds carry the lead only, and readers come to the site for the rest.
	FeedFullContent bool
	// ViewsPerLanguage shows each language version's own view count instead
	// of the translation group's total.
	ViewsPerLanguage bool
	Languages        []Language
	Texts            map[string]SiteText // by language code
	CreatedAt        time.Time
}

// Language returns the site's language with the given code.
func (s *Site) Language(code string) (Language, bool) {
	for _, l := range s.Languages {
		if l.Code == code {
			return l, true
		}
	}
	return Language{}, false
}

// Location is the site's time zone, UTC when the name is unknown.
func (s *Site) Location() *time.Location {
	loc, err := time.LoadLocation(s.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Section is a node of the site's section tree.
type Section struct {
	ID       int64
	SiteID   int64
	ParentID int64 // 0 for a top-level section
	Position int
	LegacyID int64 // the id in the system a site was imported from, 0 if none
	// CommentPolicy overrides the site's policy for the section's articles
	// and its subsections'; Inherit takes the parent's.
	CommentPolicy CommentPolicy
	Texts         map[string]SectionText
}

// SectionText is a section's title and slug in one language.
type SectionText struct {
	Slug        string
	Title       string
	Description string
}

// KeywordGroup gathers keywords ("Themes", "Countries").
type KeywordGroup struct {
	ID       int64
	SiteID   int64
	Position int
	Titles   map[string]string
}

// Keyword is a tag, titled per language.
type Keyword struct {
	ID       int64
	SiteID   int64
	GroupID  int64 // 0 when the keyword belongs to no group
	LegacyID int64
	Texts    map[string]KeywordText
}

// KeywordText is a keyword's title and slug in one language.
type KeywordText struct {
	Slug  string
	Title string
}

// Media is an uploaded file of the media library.
type Media struct {
	ID        int64
	SiteID    int64
	Path      string // where the file lives under the media root: "demo/forum.jpg"
	MimeType  string
	Size      int64
	Width     int
	Height    int
	Credit    string
	Texts     map[string]MediaText
	CreatedAt time.Time
}

// MediaText is what a media item says in one language.
type MediaText struct {
	Alt     string
	Caption string
}
