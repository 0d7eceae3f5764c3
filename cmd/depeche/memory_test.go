package main

import (
	"log/slog"
	"math"
	"runtime/debug"
	"testing"
)

func TestSetMemoryLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })
	log := slog.New(slog.DiscardHandler)

	debug.SetMemoryLimit(math.MaxInt64)
	setMemoryLimit(func(string) string { return "" }, 48<<20, log)
	if got, want := debug.SetMemoryLimit(-1), int64(60<<20+baseMemory); got != want {
		t.Errorf("limit with a 48 MiB cache = %d MiB, want %d MiB", got>>20, want>>20)
	}
	debug.SetMemoryLimit(math.MaxInt64)
	setMemoryLimit(func(k string) string { return map[string]string{"GOMEMLIMIT": "1GiB"}[k] }, 48<<20, log)
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("GOMEMLIMIT set by the operator, yet the limit became %d", got)
	}
}
