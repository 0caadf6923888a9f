package main

import (
	"runtime/debug"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Starts overlap in a test process; whatever order they finish in, the
// collector ends as it was.
func TestStartGCRestores(t *testing.T) {
	before := debug.SetGCPercent(137)
	defer debug.SetGCPercent(before)
	limit := debug.SetMemoryLimit(-1)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			restore := startGC()
			assert.Equal(t, -1, debug.SetGCPercent(-1), "collection deferred while a start runs")
			restore()
			restore()
		})
	}
	wg.Wait()
	assert.Equal(t, 137, debug.SetGCPercent(before))
	assert.Equal(t, limit, debug.SetMemoryLimit(-1))
}
