package site

import "testing"

// SetSitemapLimitsForTest cuts sitemaps into parts of at most urls URLs
// and bytes bytes (0 keeps the protocol's limit) until the test ends.
func SetSitemapLimitsForTest(t testing.TB, urls, bytes int) {
	oldURLs, oldBytes := sitemapPartURLs, sitemapPartBytes
	if urls > 0 {
		sitemapPartURLs = urls
	}
	if bytes > 0 {
		sitemapPartBytes = bytes
	}
	t.Cleanup(func() { sitemapPartURLs, sitemapPartBytes = oldURLs, oldBytes })
}
