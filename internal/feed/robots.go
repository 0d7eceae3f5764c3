package feed

import (
	"fmt"
	"io"
	"strings"
)

// Robots writes a robots.txt for every user agent: one Disallow line per
// path (a single empty "Disallow:" allows everything when there are none)
// and a Sitemap line pointing to sitemapURL, which is required and
// absolute. Paths must start with "/" and hold no white space, control
// character or "#"; non-ASCII characters are percent-encoded.
func Robots(w io.Writer, sitemapURL string, disallow []string) error {
	sm, err := absURL("robots: sitemap URL", sitemapURL)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("User-agent: *\n")
	if len(disallow) == 0 {
		b.WriteString("Disallow:\n")
	}
	for i, p := range disallow {
		if !strings.HasPrefix(p, "/") {
			return invalidf("robots: path %d %q does not start with /", i, p)
		}
		for j := 0; j < len(p); j++ {
			if c := p[j]; c <= 0x20 || c == 0x7f || c == '#' {
				return invalidf("robots: path %d %q holds a space, a control character or #", i, p)
			}
		}
		b.WriteString("Disallow: ")
		b.WriteString(escapeURL(p))
		b.WriteByte('\n')
	}
	b.WriteString("\nSitemap: ")
	b.WriteString(sm)
	b.WriteByte('\n')
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("feed: robots: %w", err)
	}
	return nil
}
