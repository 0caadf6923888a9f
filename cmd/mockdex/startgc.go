package main

import (
	"runtime/debug"
	"sync"
)

// startHeap is how far the heap may grow while the mock starts before
// the collector runs: a default start allocates about 13 MB, most of it
// still live when it is ready, so collecting on the way (four times at
// the default GOGC) spends CPU that both cores need for the spec and the
// world. A larger start (big fixtures, long history) is collected as it
// reaches this.
const startHeap = 64 << 20

// starting counts the serves starting in this process (tests run
// several); the collector settings are process-wide, so the first saves
// them and the last puts them back.
var starting struct {
	mu        sync.Mutex // guards the fields below
	n         int
	gcPercent int
	limit     int64
}

// startGC defers collection until the mock is serving, within
// startHeap, and returns what puts the collector back as GOGC and
// GOMEMLIMIT set it; calls after the first do nothing.
func startGC() (restore func()) {
	starting.mu.Lock()
	defer starting.mu.Unlock()
	if starting.n == 0 {
		starting.limit = debug.SetMemoryLimit(-1) // reads it
		starting.gcPercent = debug.SetGCPercent(-1)
		debug.SetMemoryLimit(min(starting.limit, startHeap))
	}
	starting.n++
	return sync.OnceFunc(func() {
		starting.mu.Lock()
		defer starting.mu.Unlock()
		if starting.n--; starting.n == 0 {
			debug.SetGCPercent(starting.gcPercent)
			debug.SetMemoryLimit(starting.limit)
		}
	})
}
