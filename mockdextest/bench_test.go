package mockdextest_test

import (
	"testing"
	"time"

	"github.com/mockdex/mockdex/mockdextest"
)

// BenchmarkClockAdvance is the cost of moving the clock through the
// control plane (/_mockdex/clock over loopback HTTP):
//
//	go test -run '^$' -bench 'Clock|NewServer' -benchmem ./mockdextest/
func BenchmarkClockAdvance(b *testing.B) {
	m := mockdextest.NewServer(b)
	for b.Loop() {
		m.Clock.Advance(time.Second)
	}
}

// BenchmarkNewServer is a mock's start-up (no generated history), as
// every test that calls NewServer pays it. The spec and its router are
// compiled once per process and shared, so this is the world, the
// handlers, the control plane and the loopback listener.
func BenchmarkNewServer(b *testing.B) {
	mockdextest.NewServer(b) // the first pays for the shared spec
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		mockdextest.NewServer(b)
	}
}
