package comment

import (
	"slices"
	"testing"
)

func TestBansCheck(t *testing.T) {
	bans := Bans{Words: []string{"Arnaque", "casino en ligne"}, Names: []string{"SEO Expert"}, Domains: []string{"spam.example", "@junk.test"}}
	tests := []struct {
		name string
		in   Input
		want []string
	}{
		{"clean", Input{Name: "Alice", Email: "alice@example.org", Body: "Un conseil avisé sur la conserverie."}, nil},
		{"word folded", Input{Name: "Bob", Body: "Quelle ARNAQUÉ, vraiment."}, []string{"banned word: Arnaque"}},
		{"word inside another word", Input{Name: "Bob", Body: "Les arnaqueurs sont partout."}, nil},
		{"phrase", Input{Name: "Bob", Body: "Le meilleur casino en ligne ici"}, []string{"banned word: casino en ligne"}},
		{"word in website", Input{Name: "Bob", Website: "https://arnaque.example", Body: "Bonjour à tous"}, []string{"banned word: Arnaque"}},
		{"name", Input{Name: "Best seo expert 2026", Body: "Très bon article"}, []string{"banned name: SEO Expert"}},
		{"domain", Input{Name: "C", Email: "c@spam.example", Body: "Très bon article"}, []string{"banned e-mail domain: spam.example"}},
		{"subdomain", Input{Name: "C", Email: "c@mx.junk.test", Body: "Très bon article"}, []string{"banned e-mail domain: junk.test"}},
		{"lookalike domain", Input{Name: "C", Email: "c@notspam.example", Body: "Très bon article"}, nil},
		{"arabic word", Input{Name: "د", Body: "هذا نص عادي"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := bans.Check(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Check = %q, want %q", got, tt.want)
			}
		})
	}
	if got := (Bans{Words: []string{"هراء"}}).Check(Input{Body: "كلام هراء حقا"}); len(got) != 1 {
		t.Errorf("Arabic banned word not found: %q", got)
	}
}
