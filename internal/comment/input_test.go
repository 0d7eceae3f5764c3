package comment

import (
	"fmt"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	ok := Input{Name: "Jeanne", Email: "jeanne@example.net", Body: "Un message assez long."}
	tests := []struct {
		name  string
		in    Input
		email bool
		want  string
	}{
		{"valid", ok, true, "[]"},
		{"empty", Input{}, true, "[{name required 0} {email required 0} {message required 0}]"},
		{"email optional", Input{Name: "J", Body: "Un message assez long."}, false, "[]"},
		{"short message", Input{Name: "J", Email: "j@example.net", Body: "court"}, true, "[{message tooshort 10}]"},
		{"long message", Input{Name: "J", Email: "j@example.net", Body: strings.Repeat("a", MaxBodyBytes+1)}, true, "[{message toolong 20480}]"},
		{"bad email", Input{Name: "J", Email: "j@", Body: "Un message assez long."}, true, "[{email email 0}]"},
		{"email without domain dot", Input{Name: "J", Email: "j@localhost", Body: "Un message assez long."}, true, "[{email email 0}]"},
		{"bad website", Input{Name: "J", Email: "j@example.net", Website: "javascript:alert(1)", Body: "Un message assez long."}, true, "[{website url 0}]"},
		{"good website", Input{Name: "J", Email: "j@example.net", Website: "https://example.org/blog", Body: "Un message assez long."}, true, "[]"},
		{"invalid utf8", Input{Name: "J", Email: "j@example.net", Body: "Un message \xff assez long."}, true, "[{message utf8 0}]"},
		{"control char", Input{Name: "J", Email: "j@example.net", Body: "Un message \x07 assez long."}, true, "[{message control 0}]"},
		{"bidi override", Input{Name: "J\u202E", Email: "j@example.net", Body: "Un message assez long."}, true, "[{name control 0}]"},
		{"newlines and tabs are fine", Input{Name: "J", Email: "j@example.net", Body: "Ligne un\n\n\tLigne deux"}, true, "[]"},
		{"arabic counts runes", Input{Name: "ليلى", Email: "l@example.net", Body: "رسالة قصيرة جدا"}, true, "[]"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(tt.in.Normalize().Validate(tt.email)); got != tt.want {
			t.Errorf("%s: Validate = %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestNormalizeKeepsText(t *testing.T) {
	in := Input{Name: "  Ana ", Body: "  Bonjour\r\n\r\nà tous  "}.Normalize()
	if in.Name != "Ana" || in.Body != "Bonjour\n\nà tous" {
		t.Errorf("Normalize = %q / %q", in.Name, in.Body)
	}
}
