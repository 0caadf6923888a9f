package fakes_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/tools/roomy"
)

// BenchmarkQueueVisitBacklog admits visits as fast as the roomy
// fixtures serve them (20,000 providers, 1 s each: 20,000 a second, one
// every 50 µs), so the queue never drains: what one admission costs with
// a backlog of waiting visits behind it, as in tools/sidebyside.sh's POST.
//
//	go test -run '^$' -bench QueueVisitBacklog -benchmem ./internal/fakes/
func BenchmarkQueueVisitBacklog(b *testing.B) {
	fsys, err := roomy.FS()
	require.NoError(b, err)
	fx, err := fakes.LoadFixtures(fsys, 0)
	require.NoError(b, err)
	w := fakes.NewWorld(fakes.Options{Fixtures: fx, Clock: clock.NewManual(monday9), MaxVisits: -1})
	now := monday9
	req := joeRequest()
	req.Subject, req.PatientGUID = roomy.PatientGUID, roomy.PatientGUID
	admit := func() {
		now = now.Add(40 * time.Microsecond) // a little faster than they are seen
		if _, err := w.QueueVisit(req, now); err != nil {
			b.Fatal(err)
		}
	}
	for range 50_000 {
		admit()
	}
	b.ResetTimer()
	for b.Loop() {
		admit()
	}
}
