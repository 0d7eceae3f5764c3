// Package pagecache keeps rendered reader pages in memory and serves them
// as fast as a static file: each page is compressed once, when stored
// (gzip, brotli, zstd), and every header value a hit needs is built then,
// so a hit picks a variant and writes prepared bytes.
//
// A page is an Entry: status, header fields to replay, body, variants,
// strong ETags, and dependency tags ("article:12", "section:3", "home:fr",
// "feeds") that name what it was built from. When content changes, the
// writer calls Cache.Invalidate with the tags of what changed; every page
// carrying one of them goes, while a render already running with old
// data cannot store its page afterwards (a generation counter).
//
// Cache.GetOrRender renders a missing page once however many requests ask
// for it at the same moment, and when rendering fails (the database is
// down) answers with the page's last invalidated or expired copy, which
// Serve marks with the response field
//
//	X-Cache: stale
//
// Serve negotiates the content coding, answers If-None-Match with 304,
// HEAD without a body, and writes Surrogate-Key with the page's tags, for
// a CDN that purges by key. Capture and Recorder turn an existing handler's
// response into an Entry.
//
// The cache holds only what every reader may see: a response that sets a
// cookie or is marked private is never stored nor shared, and the key must
// name everything the page depends on (site, path, language, variant).
package pagecache
