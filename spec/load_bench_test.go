package spec

import "testing"

// BenchmarkLoad is the start-up cost of the spec: parsing and checking
// the embedded YAML, which every mockdex process pays once before it is
// ready.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}
