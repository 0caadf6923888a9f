package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// heapFloor is the heap the collector lets a serving mock reach before
// it runs, however little of it is live. A default mock keeps about
// 5 MB live, so at GOGC=100 a busy one collected every 5 MB allocated:
// about 40 times a second under a load test, with the collector's
// worker and write barriers on a fifth of the time and its CPU taken
// from the requests (the tail of the latency, too). Waiting for
// heapFloor collects a few times a second instead. A mock whose live
// heap is past half of it is collected as GOGC says: the floor never
// raises the heap past max(heapFloor, what GOGC=100 allows).
const heapFloor = 24 << 20

// maxFloorPercent bounds the GOGC the floor sets for a live heap that
// is nearly empty (a just-started test mock).
const maxFloorPercent = 1000

// floorPercent is the GOGC that puts the next collection's goal at
// heapFloor for a live heap of live bytes: 100 (the default) when that
// already reaches it.
func floorPercent(live uint64) int {
	if live == 0 || live >= heapFloor/2 {
		return 100
	}
	return int(min((heapFloor-live)*100/live, maxFloorPercent))
}

// floor is the state of the heap floor, guarded by starting.mu (the
// collector's settings are the process's: serves starting and serving
// share them).
var floor struct {
	serving int  // serves keeping the floor
	armed   bool // a sentinel waits for the next collection
	base    int  // GOGC when the first serve began keeping it
}

// keepHeapFloor keeps the collector's goal at heapFloor or above while
// the mock serves, by setting GOGC after each collection from the live
// heap it left; release puts GOGC back once no serve keeps the floor
// (tests serve several mocks in one process). It does nothing when
// GOGC is set: the user's choice stands.
func keepHeapFloor() (release func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	starting.mu.Lock()
	defer starting.mu.Unlock()
	if floor.serving++; floor.serving == 1 {
		floor.base = starting.gcPercent // a start defers collection: what it puts back
		if starting.n == 0 {
			floor.base = debug.SetGCPercent(-1)
			debug.SetGCPercent(floor.base)
		}
	}
	if !floor.armed {
		floor.armed = true
		armFloor()
	}
	return sync.OnceFunc(func() {
		starting.mu.Lock()
		defer starting.mu.Unlock()
		if floor.serving--; floor.serving > 0 {
			return
		}
		if starting.n > 0 {
			starting.gcPercent = floor.base // for the start's restore to put back
			return
		}
		debug.SetGCPercent(floor.base)
	})
}

// floorSentinel is collected by every collection: its finalizer adjusts
// GOGC and arms the next one. (It holds a pointer, so the allocator
// never packs it into a tiny block a finalizer could not see freed.)
type floorSentinel struct{ _ *int }

func armFloor() {
	runtime.SetFinalizer(&floorSentinel{}, func(*floorSentinel) { adjustFloor() })
}

// adjustFloor sets GOGC for the live heap the last collection left and
// waits for the next, while a serve keeps the floor and no start has
// collection deferred (startGC's restore puts GOGC back; the next
// collection adjusts it).
func adjustFloor() {
	starting.mu.Lock()
	defer starting.mu.Unlock()
	if floor.serving == 0 {
		floor.armed = false
		return
	}
	armFloor()
	if starting.n > 0 {
		return
	}
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	debug.SetGCPercent(floorPercent(s[0].Value.Uint64()))
}
