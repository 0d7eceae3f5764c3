package store

import "testing"

// SetSitemapBatchForTest makes sitemap walks read n rows per query, so that
// a small site crosses query boundaries, until the test ends.
func SetSitemapBatchForTest(t testing.TB, n int) {
	old := sitemapBatch
	sitemapBatch = n
	t.Cleanup(func() { sitemapBatch = old })
}
