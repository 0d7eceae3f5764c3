package content

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Les mains dans le moteur", "les-mains-dans-le-moteur"},
		{"Été 2026 : l'open data, enfin !", "ete-2026-l-open-data-enfin"},
		{"  --Déjà vu--  ", "deja-vu"},
		{"Œuvres & cœur", "oeuvres-coeur"},
		{"¿Qué es la diplomacia digital?", "que-es-la-diplomacia-digital"},
		{"الدبلوماسية الرقمية", ""},
		{"Straße", "strasse"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Slugify(tt.in); got != tt.want {
			t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if tt.want != "" && !ValidSlug(tt.want) {
			t.Errorf("ValidSlug(%q) = false for a Slugify result", tt.want)
		}
	}
	long := Slugify(strings.Repeat("abc def ", 40))
	if len(long) > maxSlugLen || !ValidSlug(long) {
		t.Errorf("long slug %q (%d bytes) should be cut to a valid slug", long, len(long))
	}
}

func TestValidSlug(t *testing.T) {
	for s, want := range map[string]bool{
		"ok": true, "a-b-1": true, "": false, "-a": false, "a-": false,
		"a--b": false, "A": false, "é": false, "a b": false, "a/b": false,
	} {
		if got := ValidSlug(s); got != want {
			t.Errorf("ValidSlug(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestWorkflow(t *testing.T) {
	allowed := map[[2]Status]bool{
		{Draft, Proposed}: true, {Draft, Published}: true, {Draft, Trashed}: true,
		{Proposed, Draft}: true, {Proposed, Published}: true, {Proposed, Refused}: true, {Proposed, Trashed}: true,
		{Published, Draft}: true, {Published, Trashed}: true,
		{Refused, Draft}: true, {Refused, Proposed}: true, {Refused, Trashed}: true,
		{Trashed, Draft}: true,
	}
	for _, from := range Statuses {
		for _, to := range Statuses {
			if got := CanMove(from, to); got != allowed[[2]Status{from, to}] {
				t.Errorf("CanMove(%s, %s) = %v", from, to, got)
			}
		}
	}
	if Status("deleted").Valid() {
		t.Error("unknown status accepted")
	}
}

func TestEffectivePolicy(t *testing.T) {
	tests := []struct {
		site      CommentPolicy
		overrides []CommentPolicy
		want      CommentPolicy
	}{
		{ModerateAfter, nil, ModerateAfter},
		{Inherit, nil, ModerateBefore},
		{ModerateBefore, []CommentPolicy{Closed, Inherit}, Closed},
		{ModerateBefore, []CommentPolicy{Closed, NoComments}, NoComments},
		{ModerateBefore, []CommentPolicy{Inherit, Inherit}, ModerateBefore},
	}
	for _, tt := range tests {
		if got := EffectivePolicy(tt.site, tt.overrides...); got != tt.want {
			t.Errorf("EffectivePolicy(%q, %v) = %q, want %q", tt.site, tt.overrides, got, tt.want)
		}
	}
}

func TestIsPublicAt(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		a    Article
		want bool
	}{
		{"published in the past", Article{Status: Published, PublishedAt: now.Add(-time.Hour)}, true},
		{"published this instant", Article{Status: Published, PublishedAt: now}, true},
		{"scheduled for later", Article{Status: Published, PublishedAt: now.Add(time.Minute)}, false},
		{"published without date", Article{Status: Published}, false},
		{"draft with a date", Article{Status: Draft, PublishedAt: now.Add(-time.Hour)}, false},
		{"proposed", Article{Status: Proposed, PublishedAt: now.Add(-time.Hour)}, false},
		{"trashed", Article{Status: Trashed, PublishedAt: now.Add(-time.Hour)}, false},
	}
	for _, tt := range tests {
		if got := tt.a.IsPublicAt(now); got != tt.want {
			t.Errorf("%s: IsPublicAt = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestOutdated(t *testing.T) {
	source := &Article{ID: 1, GroupID: 7, Revision: 3}
	tests := []struct {
		name string
		tr   Article
		want bool
	}{
		{"made from the current revision", Article{ID: 2, GroupID: 7, SourceRevision: 3}, false},
		{"made from an older revision", Article{ID: 2, GroupID: 7, SourceRevision: 2}, true},
		{"the source itself", Article{ID: 1, GroupID: 7, SourceRevision: 0}, false},
		{"another group", Article{ID: 2, GroupID: 8, SourceRevision: 1}, false},
	}
	for _, tt := range tests {
		if got := tt.tr.Outdated(source); got != tt.want {
			t.Errorf("%s: Outdated = %v, want %v", tt.name, got, tt.want)
		}
	}
	if (&Article{ID: 2}).Outdated(nil) {
		t.Error("no source known: should not be outdated")
	}
}

func TestValidate(t *testing.T) {
	ok := Article{SiteID: 1, SectionID: 1, Language: "fr", Title: "T", Slug: "t", Status: Draft}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid article refused: %v", err)
	}
	for name, mutate := range map[string]func(*Article){
		"no site":     func(a *Article) { a.SiteID = 0 },
		"no section":  func(a *Article) { a.SectionID = 0 },
		"no language": func(a *Article) { a.Language = "" },
		"no title":    func(a *Article) { a.Title = "" },
		"bad slug":    func(a *Article) { a.Slug = "Bad Slug" },
		"bad status":  func(a *Article) { a.Status = "gone" },
		"bad policy":  func(a *Article) { a.CommentPolicy = "sometimes" },
	} {
		a := ok
		mutate(&a)
		if a.Validate() == nil {
			t.Errorf("%s: Validate accepted it", name)
		}
	}
}

func TestVariants(t *testing.T) {
	if got := fmt.Sprint(VariantWidths(1600)); got != "[480 960 1600]" {
		t.Errorf("VariantWidths(1600) = %s", got)
	}
	if got := fmt.Sprint(VariantWidths(700)); got != "[480 700]" {
		t.Errorf("VariantWidths(700) = %s", got)
	}
	if got := fmt.Sprint(VariantWidths(300)); got != "[300]" {
		t.Errorf("VariantWidths(300) = %s", got)
	}
	for _, tt := range []struct {
		w    int
		want string
	}{{480, "demo/forum-480w.jpg"}, {1600, "demo/forum.jpg"}} {
		if got := VariantPath("demo/forum.jpg", tt.w, 1600); got != tt.want {
			t.Errorf("VariantPath(%d) = %s, want %s", tt.w, got, tt.want)
		}
	}
}
