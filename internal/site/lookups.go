package site

import (
	"context"
	"strings"
	"sync"

	"depeche/internal/content"
	"depeche/internal/store"
)

// lookups keeps what nearly every request reads and seldom changes: the
// site answering a host and its section tree. Settings and structure
// writes announce "site:N" (store/invalidate.go), which drops them all; on
// PostgreSQL the other processes hear it too. Shared values are read-only.
type lookups struct {
	mu       sync.RWMutex
	sites    map[string]*content.Site
	sections map[int64][]*content.Section
}

func (l *lookups) forget(tags []string) {
	for _, t := range tags {
		if t == store.AllTag || strings.HasPrefix(t, "site:") {
			l.mu.Lock()
			l.sites, l.sections = nil, nil
			l.mu.Unlock()
			return
		}
	}
}

func (l *lookups) site(ctx context.Context, st *store.Store, host string) (*content.Site, error) {
	l.mu.RLock()
	site, ok := l.sites[host]
	l.mu.RUnlock()
	if ok {
		return site, nil
	}
	site, err := st.SiteByHost(ctx, host)
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	if l.sites == nil {
		l.sites = map[string]*content.Site{}
	}
	// Hosts are bounded by what resolves to this server; still, a flood of
	// made-up Host headers must not grow the map without end.
	if len(l.sites) < 1000 {
		l.sites[host] = site
	}
	l.mu.Unlock()
	return site, nil
}

func (l *lookups) sectionTree(ctx context.Context, st *store.Store, siteID int64) ([]*content.Section, error) {
	l.mu.RLock()
	list, ok := l.sections[siteID]
	l.mu.RUnlock()
	if ok {
		return list, nil
	}
	list, err := st.Sections(ctx, siteID)
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	if l.sections == nil {
		l.sections = map[int64][]*content.Section{}
	}
	l.sections[siteID] = list
	l.mu.Unlock()
	return list, nil
}
