package mstamp_test

import (
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/mockdex/mockdex/internal/mstamp"
)

const layout = "2006-01-02T15:04:05.000Z07:00"

func format(b []byte, t time.Time) []byte { return t.AppendFormat(b, layout) }

// Whatever the order times come in, from however many goroutines, each
// is written as the format writes it: same millisecond or not, same
// zone or not.
func TestStringIsTheFormats(t *testing.T) {
	c := mstamp.New(format)
	base := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	zones := []*time.Location{time.UTC, time.FixedZone("X", 5*3600+1800), time.Local}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(g), 7))
			for range 20000 {
				at := base.Add(time.Duration(rng.IntN(5_000_000))).In(zones[rng.IntN(len(zones))]) // within 5 ms
				if got, want := c.String(at), at.Format(layout); got != want {
					t.Errorf("String(%v) = %q, want %q", at, got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}

func BenchmarkString(b *testing.B) {
	c := mstamp.New(format)
	buf := make([]byte, 0, 64)
	at := time.Date(2026, 12, 6, 10, 0, 0, 123_456_789, time.UTC)
	b.Run("same-millisecond", func(b *testing.B) {
		for b.Loop() {
			buf = append(buf[:0], c.String(at)...)
		}
	})
	b.Run("format", func(b *testing.B) {
		for b.Loop() {
			buf = format(buf[:0], at)
		}
	})
}
