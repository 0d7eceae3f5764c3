// Package stats counts the audience of the public pages on the server,
// without cookie, script or stored identifier, within what the French data
// protection authority (CNIL) allows without consent: first-party,
// anonymous, limited to aggregates.
//
// # What is counted
//
// The HTTP layer calls Recorder.Record for every public page view it
// answers successfully, cache hits included, and not for previews,
// back-office users, HEAD requests or errors. Record itself refuses an empty
// user agent and the robots IsBot knows (bots.txt, embedded, replaceable
// with LoadBotPatterns). A counted view adds, for its day in the site's time
// zone:
//
//   - one view of (site, path, language), with the article and translation
//     group it shows, so that counts per translation group are a sum;
//   - one unique visitor if this (site, IP, user agent) was not seen yet that
//     day;
//   - the referrer's host (ReferrerHost), unless empty or one of the site's
//     own hosts;
//   - the primary subtag of the reader's preferred language (PrimaryLanguage);
//   - the device class (DeviceClass).
//
// # What is kept
//
// Nothing that identifies a reader. The IP address and the user agent are
// read during Record and not kept: a visitor is remembered for the day only
// as the first 8 bytes of HMAC-SHA256(day key, site | IP | user agent), in
// memory. The day key is 32 random bytes drawn the first time the day is
// seen. Keys exist for at most two days, the current one and the previous
// one, and the previous one only for ten minutes after midnight (site
// time), so that a request begun at 23:59:59 is still counted once; then
// the key and the day's set of hashes are dropped, by the next view or the
// next Take, and the hashes of two days cannot be linked. No key, hash,
// address or user agent reaches a Batch, hence the database. Referrers are
// reduced to their host name, the Accept-Language header to one primary
// language subtag.
//
// To spare the bot and device matching on every view, the verdicts on
// recently seen user agents are cached in a fixed table (4096 words) as a
// process-seeded hash of the user agent and the verdict: no user agent, no
// address, no time.
//
// # Writing
//
// Record does no I/O: counts accumulate in memory, in shards, each view
// under one shard lock, so that a view lands entirely in one Batch. The
// store's flusher calls Take every few seconds and at shutdown and adds the
// Batch to the stored counts in one transaction (upserts adding to existing
// rows); if that fails, Restore gives the Batch back and the next Take
// carries it. A crash loses at most what was taken since the last flush.
//
// # Several server processes
//
// Each process has its own Recorder and flushes its own increments, so no
// update is lost. But each process remembers only the visitors it has seen:
// a reader whose requests reach two processes on the same day is counted by
// both, so the stored number of unique visitors is an upper estimate,
// exact with one process or with sticky load balancing by client address. A
// shared set of hashes (in the database, keyed by a day key shared through
// it) would dedupe across processes, at the price of a write on the request
// path and of a key that outlives the process; Dépêche does not do that.
package stats
