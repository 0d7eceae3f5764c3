package pagecache

import "testing"

func TestNegotiate(t *testing.T) {
	all := [numCodings]bool{true, true, true, true}
	gzipOnly := [numCodings]bool{identity: true, gzipCoding: true}
	identityOnly := [numCodings]bool{identity: true}
	const refused = "406"
	tests := []struct {
		name      string
		lines     []string // nil: no Accept-Encoding field at all
		available [numCodings]bool
		want      string
	}{
		{"no field", nil, all, "identity"},
		{"empty field", []string{""}, all, "identity"},
		{"only spaces and commas", []string{" , ,"}, all, "identity"},
		{"browser", []string{"gzip, deflate, br, zstd"}, all, "br"},
		{"browser without brotli stored", []string{"gzip, deflate, br, zstd"}, gzipOnly, "gzip"},
		{"zstd before gzip on a tie", []string{"gzip, zstd"}, all, "zstd"},
		{"gzip alone", []string{"gzip"}, all, "gzip"},
		{"x-gzip is gzip", []string{"x-gzip"}, all, "gzip"},
		{"names are case-insensitive", []string{"GZip, BR"}, all, "br"},
		{"client weights beat our preference", []string{"br;q=0.5, gzip"}, all, "gzip"},
		{"three decimals", []string{"br;q=0.001, gzip;q=0.002"}, all, "gzip"},
		{"q=1.000", []string{"br;q=1.000, gzip;q=0.999"}, all, "br"},
		{"spaces around the weight", []string{"br ; q=0.2 , gzip ;q=0.3"}, all, "gzip"},
		{"Q in capitals", []string{"br;Q=0.1, gzip;Q=0.9"}, all, "gzip"},
		{"q=0 refuses a coding", []string{"br;q=0, gzip"}, all, "gzip"},
		{"explicit identity above a coding", []string{"identity;q=1, gzip;q=0.5"}, all, "identity"},
		{"unlisted identity ranks last", []string{"gzip;q=0.001"}, all, "gzip"},
		{"unknown coding only: identity", []string{"compress, deflate"}, all, "identity"},
		{"unknown coding with identity refused", []string{"deflate, identity;q=0"}, all, refused},
		{"identity;q=0 with a stored coding", []string{"gzip, identity;q=0"}, all, "gzip"},
		{"identity;q=0 and nothing stored", []string{"gzip, identity;q=0"}, identityOnly, refused},
		{"star takes the unlisted codings", []string{"*"}, all, "br"},
		{"star at a lower weight than gzip", []string{"gzip;q=0.8, *;q=0.5"}, all, "gzip"},
		{"star at q=0 refuses identity too", []string{"*;q=0"}, all, refused},
		{"star at q=0, gzip listed", []string{"gzip, *;q=0"}, all, "gzip"},
		{"star at q=0, identity listed", []string{"*;q=0, identity"}, identityOnly, "identity"},
		{"star refused but brotli listed, nothing stored", []string{"br, *;q=0"}, identityOnly, refused},
		{"several field lines", []string{"gzip;q=0.5", "br;q=0.9"}, all, "br"},
		{"a coding listed twice keeps its best weight", []string{"br;q=0, br;q=0.7, gzip;q=0.6"}, all, "br"},
		{"unreadable weight ignores the element", []string{"br;q=high, gzip"}, all, "gzip"},
		{"weight above 1 is unreadable", []string{"br;q=1.5, gzip;q=0.1"}, all, "gzip"},
		{"four decimals are unreadable", []string{"br;q=0.5000, gzip;q=0.1"}, all, "gzip"},
		{"unknown parameter is skipped", []string{"br;level=3;q=0.2, gzip;q=0.1"}, all, "br"},
		{"identity only stored, browser", []string{"gzip, deflate, br"}, identityOnly, "identity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := negotiate(tt.lines, &tt.available)
			got := codingNames[c]
			if !ok {
				got = refused
			}
			if got != tt.want {
				t.Errorf("negotiate(%q) = %s, want %s", tt.lines, got, tt.want)
			}
		})
	}
}

func TestParseQValue(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"1", 1000, true}, {"1.", 1000, true}, {"1.0", 1000, true}, {"1.000", 1000, true},
		{"0", 0, true}, {"0.5", 500, true}, {"0.05", 50, true}, {"0.123", 123, true},
		{"", 0, false}, {"1.001", 0, false}, {"2", 0, false}, {".5", 0, false},
		{"0.1234", 0, false}, {"0,5", 0, false}, {"-0", 0, false}, {"0.5 ", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseQValue(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseQValue(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestNoneMatch(t *testing.T) {
	const etag = `"abc-br"`
	tests := []struct {
		name  string
		lines []string
		want  bool
	}{
		{"same tag", []string{`"abc-br"`}, true},
		{"weak form matches (weak comparison)", []string{`W/"abc-br"`}, true},
		{"another variant's tag", []string{`"abc"`}, false},
		{"another tag", []string{`"xyz"`}, false},
		{"in a list", []string{`"one", "abc-br", "two"`}, true},
		{"in a list without spaces", []string{`"one","abc-br"`}, true},
		{"weak in a list", []string{`"one", W/"abc-br"`}, true},
		{"on a second field line", []string{`"one"`, `"abc-br"`}, true},
		{"star", []string{`*`}, true},
		{"unquoted tag does not match", []string{`abc-br`}, false},
		{"lower-case w/ is not a weak prefix", []string{`w/"abc-br"`}, false},
		{"a comma inside a tag", []string{`"a,b", "abc-br"`}, true},
		{"unterminated tag", []string{`"abc-br`}, false},
		{"garbage ends the line", []string{`"one", junk, "abc-br"`}, false},
		{"garbage on one line, match on the next", []string{`junk`, `"abc-br"`}, true},
		{"empty", []string{""}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := noneMatch(tt.lines, etag); got != tt.want {
				t.Errorf("noneMatch(%q, %s) = %v, want %v", tt.lines, etag, got, tt.want)
			}
		})
	}
}
