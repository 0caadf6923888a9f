package mockdextest_test

import (
	"testing"

	"github.com/mockdex/mockdex/mockdextest"
)

// BenchmarkNewServer is what a test pays for its own mock: the spec is
// compiled once per process and shared, so this is the world, the
// handlers and the loopback listener.
//
//	go test -run '^$' -bench NewServer -benchmem ./mockdextest/
func BenchmarkNewServer(b *testing.B) {
	mockdextest.NewServer(b) // the first pays for the shared spec
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		mockdextest.NewServer(b)
	}
}
