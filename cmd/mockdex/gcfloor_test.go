package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFloorPercentPutsTheGoalAtTheFloor(t *testing.T) {
	const mib = 1 << 20
	assert.Equal(t, 380, floorPercent(5*mib), "5 MiB live: goal 5 × 4.8 = 24 MiB")
	assert.Equal(t, 100, floorPercent(12*mib), "half the floor: GOGC=100 reaches it")
	assert.Equal(t, 100, floorPercent(200*mib), "a large world: as GOGC says")
	assert.Equal(t, maxFloorPercent, floorPercent(1024), "nearly empty: bounded")
	assert.Equal(t, 100, floorPercent(0), "no reading")
	for _, live := range []uint64{3 * mib, 7 * mib, 11 * mib} {
		goal := live * uint64(100+floorPercent(live)) / 100
		assert.InDelta(t, heapFloor, goal, heapFloor/100, "goal for %d MiB live", live/mib)
	}
}

// While a mock serves, each collection moves GOGC to what the live heap
// needs for the floor; when the last serve stops, GOGC is as it was.
func TestKeepHeapFloorSetsAndRestoresGOGC(t *testing.T) {
	if os.Getenv("GOGC") != "" {
		t.Skip("GOGC is set: the floor leaves the user's setting alone")
	}
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	release := keepHeapFloor()
	second := keepHeapFloor()
	deadline := time.Now().Add(5 * time.Second)
	got := 100
	for got == 100 && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond) // the finalizer runs on its own goroutine
		got = debug.SetGCPercent(-1)
		debug.SetGCPercent(got)
	}
	require.Greater(t, got, 100, "a test binary's live heap is under half the floor")
	release()
	release() // idempotent: the second serve still keeps the floor
	now := debug.SetGCPercent(-1)
	debug.SetGCPercent(now)
	assert.Equal(t, got, now, "one serve still keeps the floor")
	second()
	assert.Equal(t, 100, debug.SetGCPercent(before), "GOGC as it was")
}
