package fakes

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/fixtures"
	"github.com/mockdex/mockdex/internal/clock"
)

func historyWorld(t testing.TB, seed int64, days int) *World {
	fx, err := LoadFixtures(fixtures.Default(), seed)
	require.NoError(t, err)
	return NewWorld(Options{Fixtures: fx, Clock: clock.NewManual(t0), Seed: seed, HistoryDays: days})
}

// summary is what two worlds built alike must share.
func summary(w *World) (ids []string, events []ProviderEvent) {
	w.Visits.Each(time.Time{}, t0.Add(time.Hour), func(v *Visit) bool {
		ids = append(ids, v.ID)
		return true
	})
	_, events = w.Events.Search(EventQuery{From: time.Time{}, To: t0, Now: t0, Limit: 1 << 30})
	return ids, events
}

func TestHistoryIsRepeatableFromTheSeed(t *testing.T) {
	ids1, ev1 := summary(historyWorld(t, 7, 3))
	ids2, ev2 := summary(historyWorld(t, 7, 3))
	require.NotEmpty(t, ids1)
	assert.Equal(t, ids1, ids2)
	assert.Equal(t, ev1, ev2)
	ids3, _ := summary(historyWorld(t, 8, 3))
	assert.NotEqual(t, ids1, ids3, "another seed, another history")
}

func TestHistoryTimelinesAreCompleteAndPast(t *testing.T) {
	w := historyWorld(t, 1, 14)
	kinds := map[VisitKind]int{}
	w.Visits.Each(time.Time{}, t0.Add(time.Hour), func(v *Visit) bool {
		kinds[v.Kind]++
		assert.True(t, v.Synthetic)
		last := v.Timeline[len(v.Timeline)-1]
		assert.False(t, last.At.After(t0), "visit %s ends after now", v.ID)
		assert.Contains(t, []string{StatusDone, StatusCancelled}, last.Status)
		assert.False(t, v.Created.Before(t0.Add(-14*24*time.Hour)), "created within the history days")
		return true
	})
	for _, k := range []VisitKind{KindVirtual, KindGuest, KindProviderBooking, KindRetail} {
		assert.NotZero(t, kinds[k], "history has %s visits", k)
	}
	assert.Equal(t, 0, w.QueueAt(t0).Waiting(Pool{PracticeID: "6996d161-cd16-4556-9577-f942c3f80c80", Region: "WA", Modality: "virtual", Qualifier: "adult"}),
		"history never sits in a live queue")
	visits := map[string]bool{}
	w.Visits.Each(time.Time{}, t0.Add(time.Hour), func(v *Visit) bool { visits[v.ID] = true; return true })
	_, events := w.Events.Search(EventQuery{To: t0, Now: t0, Limit: 1 << 30})
	require.NotEmpty(t, events)
	for _, e := range events {
		assert.True(t, visits[e.VisitID], "event %s belongs to a stored visit", e.ID)
		assert.NotEmpty(t, e.ProviderID)
	}
}

func TestNoHistoryByDefault(t *testing.T) {
	w := historyWorld(t, 1, 0)
	assert.Zero(t, w.Visits.Len())
	assert.Zero(t, w.Events.Len())
}

// BenchmarkHistory14Days is start-up's share: building a world with the
// command line's default 14 days of history.
//
//	go test ./internal/fakes/ -run '^$' -bench History -benchmem
func BenchmarkHistory14Days(b *testing.B) {
	fx, err := LoadFixtures(fixtures.Default(), 1)
	require.NoError(b, err)
	clk := clock.NewManual(t0)
	for i := 0; i < b.N; i++ {
		NewWorld(Options{Fixtures: fx, Clock: clk, Seed: 1, HistoryDays: 14})
	}
}

func TestHistoryTimelinesAreInOrder(t *testing.T) {
	w := historyWorld(t, 3, 14)
	w.Visits.Each(time.Time{}, t0, func(v *Visit) bool {
		assert.True(t, v.Timeline[0].At.Equal(v.Created), "visit %s starts when created", v.ID)
		for i := 1; i < len(v.Timeline); i++ {
			assert.False(t, v.Timeline[i].At.Before(v.Timeline[i-1].At), "visit %s goes back in time", v.ID)
		}
		return true
	})
}

// Generated virtual visits fill the same fields a live one does, so AVR
// rows from history and from requests look alike.
func TestHistoryVirtualVisitsNameTheirDepartment(t *testing.T) {
	w := historyWorld(t, 3, 2)
	var n int
	w.Visits.Each(time.Time{}, t0, func(v *Visit) bool {
		if v.Kind.Queued() {
			n++
			assert.NotEmpty(t, v.DepartmentID, v.ID)
			assert.NotEmpty(t, v.EHRSystemName, v.ID)
		}
		return true
	})
	assert.Positive(t, n)
}
