package store

import (
	"context"
	"math"
	"time"
)

// SitemapVersion is what a sitemap shows of one public article.
type SitemapVersion struct {
	Language string
	Slug     string
	Modified time.Time // its last update, or its publication when that is later
}

// SitemapGroup is a translation group as a sitemap lists it: its public
// versions, in language order.
type SitemapGroup struct {
	ID       int64
	Versions []SitemapVersion
	Modified time.Time // the latest of its versions'
}

// SitemapLimits say how much one part of a sitemap may hold. The store
// knows rows, not XML: Measure tells what a group weighs.
type SitemapLimits struct {
	URLs  int // most URLs in a part
	Bytes int // most bytes of entries in a part
	// Measure returns the URLs a group adds to a part and their bytes.
	Measure func(*SitemapGroup) (urls, bytes int)
	// FirstURLs and FirstBytes are taken in part 1, ahead of every group,
	// by the pages that are not articles (home pages, sections).
	FirstURLs, FirstBytes int
}

// SitemapPart is one part of a site's sitemap: the groups whose ids are in
// (After, Last], plus the pages of FirstURLs in part 1.
type SitemapPart struct {
	After, Last int64
	URLs, Bytes int
	LastMod     time.Time // the latest modification among its groups
}

// sitemapBatch is how many rows one query of a walk reads. A walk is a
// series of short keyset queries rather than one long one, so that no
// connection, and on SQLite no snapshot that holds back checkpoints, is
// kept for the whole of a walk whose caller writes megabytes of XML.
var sitemapBatch = 4096

// EachSitemapGroup calls fn with each translation group of a site that has
// a public version and whose id is in (after, last], in id order: the
// groups of a SitemapPart. The group passed is reused between calls; an
// error from fn ends the walk and is returned.
//
// The query reads the covering index of migration 0015 alone: its columns
// are, in order, the equality, the keyset and the filter, then the slug
// and dates that are read.
func (s *Store) EachSitemapGroup(ctx context.Context, siteID int64, now time.Time, after, last int64, fn func(*SitemapGroup) error) error {
	var g SitemapGroup
	// The keyset starts before every language of group after+1: "" sorts
	// first whatever the collation.
	lastGroup, lastLang := after+1, ""
	for {
		// The later of the two dates is picked in SQL: an expression also
		// reaches timeScan as text on SQLite, where the driver's own
		// parsing of a TIMESTAMP column costs several failed layouts.
		rows, err := s.q().query(ctx, `SELECT a.group_id, a.language, a.slug,
			CASE WHEN a.published_at > a.updated_at THEN a.published_at ELSE a.updated_at END FROM articles a
			WHERE a.site_id = $1 AND (a.group_id, a.language) > ($2, $3) AND a.group_id <= $4 AND `+publicFilter(5)+`
			ORDER BY a.group_id, a.language LIMIT $6`, siteID, lastGroup, lastLang, last, now, sitemapBatch)
		if err != nil {
			return err
		}
		n := 0
		for rows.Next() {
			var id int64
			var v SitemapVersion
			if err := rows.Scan(&id, &v.Language, &v.Slug, timeScan{&v.Modified}); err != nil {
				rows.Close()
				return err
			}
			n++
			lastGroup, lastLang = id, v.Language
			if id != g.ID && len(g.Versions) > 0 {
				if err := fn(&g); err != nil {
					rows.Close()
					return err
				}
				g.Versions, g.Modified = g.Versions[:0], time.Time{}
			}
			g.ID = id
			g.Versions = append(g.Versions, v)
			if v.Modified.After(g.Modified) {
				g.Modified = v.Modified
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return err
		}
		if n < sitemapBatch {
			break
		}
	}
	if len(g.Versions) > 0 {
		return fn(&g)
	}
	return nil
}

// sitemapCutter cuts groups, as they come in id order, into parts: a group
// goes in the current part unless it would overflow it, in which case it
// starts the next. Whole groups, so that a page and the translations its
// entry names stay in one document; greedy from the first group, so that
// new groups, which get the highest ids, only ever change the last part.
type sitemapCutter struct {
	lim  SitemapLimits
	n    int // the number of the current part, from 1
	part SitemapPart
}

func newSitemapCutter(lim SitemapLimits) *sitemapCutter {
	return &sitemapCutter{lim: lim, n: 1, part: SitemapPart{URLs: lim.FirstURLs, Bytes: lim.FirstBytes}}
}

// place puts g in a part and returns the part it closed to make room, if it
// did.
func (c *sitemapCutter) place(g *SitemapGroup) (closed SitemapPart, ok bool) {
	urls, size := c.lim.Measure(g)
	if urls > 0 && c.part.URLs > 0 && (c.part.URLs+urls > c.lim.URLs || c.part.Bytes+size > c.lim.Bytes) {
		closed, ok = c.part, true
		c.n++
		c.part = SitemapPart{After: closed.Last}
	}
	c.part.Last = g.ID
	c.part.URLs += urls
	c.part.Bytes += size
	if g.Modified.After(c.part.LastMod) {
		c.part.LastMod = g.Modified
	}
	return closed, ok
}

// SitemapParts cuts the public articles of a site into sitemap parts
// within lim. It reads every group but keeps only the parts.
func (s *Store) SitemapParts(ctx context.Context, siteID int64, now time.Time, lim SitemapLimits) ([]SitemapPart, error) {
	c := newSitemapCutter(lim)
	var parts []SitemapPart
	err := s.EachSitemapGroup(ctx, siteID, now, 0, math.MaxInt64, func(g *SitemapGroup) error {
		if closed, ok := c.place(g); ok {
			parts = append(parts, closed)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if c.part.URLs > 0 {
		parts = append(parts, c.part)
	}
	return parts, nil
}
