package site

import (
	"context"
	"strings"
	"sync"
	"time"

	"depeche/internal/store"
)

// sitemapCuts remembers how each site's sitemap is cut into parts. Finding
// the cut walks every public article; the index needs it whole, and each
// part needs it up to its own end: without a memory, a crawler reading the
// 180 parts of a 100,000-article site after a publication walked the
// articles 180 times. The cut changes with what the sitemap shows, so the
// "sitemap" and "site:N" announcements (store/invalidate.go) drop it, as
// they drop the pages; it also expires with them, after pageMaxAge.
type sitemapCuts struct {
	mu   sync.Mutex
	cuts map[cutKey]sitemapCut
	// gen counts the drops: a walk that began before one is not kept.
	gen uint64
}

// cutKey is a site and the limits it was cut within, which depend on its
// fixed pages.
type cutKey struct {
	siteID                             int64
	urls, bytes, firstURLs, firstBytes int
}

type sitemapCut struct {
	parts []store.SitemapPart
	at    time.Time
}

func (c *sitemapCuts) forget(tags []string) {
	for _, t := range tags {
		if t == store.AllTag || t == "sitemap" || strings.HasPrefix(t, "site:") {
			c.mu.Lock()
			c.cuts = nil
			c.gen++
			c.mu.Unlock()
			return
		}
	}
}

// parts returns the cut of a site's sitemap within lim, walking the store
// only when it is not remembered.
func (c *sitemapCuts) parts(ctx context.Context, st *store.Store, siteID int64, now time.Time, lim store.SitemapLimits) ([]store.SitemapPart, error) {
	key := cutKey{siteID, lim.URLs, lim.Bytes, lim.FirstURLs, lim.FirstBytes}
	c.mu.Lock()
	cut, ok := c.cuts[key]
	gen := c.gen
	c.mu.Unlock()
	if ok && now.Sub(cut.at) < pageMaxAge && !now.Before(cut.at) {
		return cut.parts, nil
	}
	parts, err := st.SitemapParts(ctx, siteID, now, lim)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.gen == gen {
		if c.cuts == nil {
			c.cuts = map[cutKey]sitemapCut{}
		}
		c.cuts[key] = sitemapCut{parts, now}
	}
	c.mu.Unlock()
	return parts, nil
}
