package inproc

import "testing"

func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := New(DefaultSeed, DefaultStart); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReset(b *testing.B) {
	m, err := New(DefaultSeed, DefaultStart)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		m.Reset(DefaultStart)
	}
}
