package main

import (
	"log/slog"
	"runtime/debug"
)

// baseMemory is what the process needs besides the page cache: templates,
// catalogues, in-flight renders and their compressors, database rows, the
// audience counters. Measured on a 1,000-article site under a soak of
// renders: about 35 MiB of live heap without the cache.
const baseMemory = 48 << 20

// setMemoryLimit gives the Go runtime a soft memory limit that follows the
// page cache's budget, unless the operator set GOMEMLIMIT (which the
// runtime has already applied). Without a limit the heap may grow to twice
// what is live before a collection: with a full cache, well past the
// 150 MB a small machine's process is meant to use. Near the limit the
// collector runs more often; that is cheap here, since the cache holds
// bytes the collector does not scan.
func setMemoryLimit(getenv func(string) string, cacheBytes int64, log *slog.Logger) {
	if getenv("GOMEMLIMIT") != "" {
		return
	}
	limit := cacheBytes + cacheBytes/4 + baseMemory // fresh entries, stale copies, the rest
	debug.SetMemoryLimit(limit)
	log.Info("memory limit", "MiB", limit>>20, "page_cache_MiB", cacheBytes>>20)
}
