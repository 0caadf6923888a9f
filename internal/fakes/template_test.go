package fakes

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/clock"
)

// counts is what a world holds, store by store.
type counts struct{ visits, events, reports, slots, patients int }

func countsOf(w *World) counts {
	return counts{w.Visits.Len(), w.Events.Len(), w.Reports.Len(), w.Slots.Len(), len(w.Patients.Added())}
}

func TestTemplateWorldsAreIndependent(t *testing.T) {
	tmpl := historyTemplate(t, Options{})
	w1, w2 := tmpl.NewWorld(clock.NewManual(slotEpoch)), tmpl.NewWorld(clock.NewManual(slotEpoch))
	fresh := countsOf(w2)
	require.Positive(t, fresh.visits, "history is there")
	made := makeEveryChange(t, w1, slotEpoch)

	assert.Equal(t, fresh.visits+4, w1.Visits.Len())
	w3 := tmpl.NewWorld(clock.NewManual(slotEpoch))
	for _, w := range []*World{w2, w3} {
		assert.Equal(t, fresh, countsOf(w), "another world sees none of it")
		for _, v := range []Visit{made.virtual, made.guest, made.booking, made.retail} {
			_, ok := w.Visits.Get(v.ID)
			assert.False(t, ok, v.Kind)
		}
		h, ok := w.Visits.Get(made.endedHistory.ID)
		require.True(t, ok)
		st, _ := h.StatusAt(slotEpoch)
		assert.Equal(t, StatusDone, st, "the generated visit is not ended there")
		n, _ := w.Events.Search(EventQuery{To: slotEpoch, Now: slotEpoch, VisitID: made.endedHistory.ID})
		assert.Equal(t, 3, n, "its events are all there")
		_, ok = w.Reports.Get("r-virtual")
		assert.False(t, ok)
		assert.Zero(t, w.Changes())
	}
	st, _ := made.endedHistory.StatusAt(slotEpoch)
	assert.Equal(t, StatusCancelled, st)
}

// A world made later sees the same history, moved so it ends at the
// world's own now: nothing generated is left waiting or in the future.
func TestTemplateHistoryMovesWithTheClock(t *testing.T) {
	tmpl := historyTemplate(t, Options{})
	at := slotEpoch
	base := tmpl.NewWorld(clock.NewManual(at))
	later := tmpl.NewWorld(clock.NewManual(at.Add(50 * time.Hour)))
	var orig, moved []Visit
	base.Visits.Each(time.Time{}, at.Add(time.Hour), func(v *Visit) bool { orig = append(orig, v.clone()); return true })
	later.Visits.Each(time.Time{}, at.Add(51*time.Hour), func(v *Visit) bool { moved = append(moved, v.clone()); return true })
	require.Equal(t, len(orig), len(moved))
	for i := range orig {
		assert.Equal(t, orig[i].ID, moved[i].ID)
		assert.Equal(t, orig[i].Created.Add(50*time.Hour), moved[i].Created)
		last := moved[i].Timeline[len(moved[i].Timeline)-1]
		assert.False(t, last.At.After(at.Add(50*time.Hour)))
	}
	_, e1 := base.Events.Search(EventQuery{To: at, Now: at, Limit: 5})
	_, e2 := later.Events.Search(EventQuery{To: at.Add(50 * time.Hour), Now: at.Add(50 * time.Hour), Limit: 5})
	require.Len(t, e2, 5)
	for i := range e1 {
		assert.Equal(t, e1[i].ID, e2[i].ID)
		assert.Equal(t, e1[i].Timestamp.Add(50*time.Hour), e2[i].Timestamp)
	}
}

// Worlds are made and used from many goroutines at once (namespaces
// served in parallel); the race detector checks they share nothing
// mutable.
func TestTemplateWorldsInParallel(t *testing.T) {
	tmpl := historyTemplate(t, Options{})
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := tmpl.NewWorld(clock.NewManual(slotEpoch.Add(time.Duration(g) * time.Minute)))
			makeEveryChange(t, w, slotEpoch.Add(time.Duration(g)*time.Minute))
			_, err := w.Export()
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
}

func TestNewWorldStillWorks(t *testing.T) {
	tmpl := historyTemplate(t, Options{})
	w := NewWorld(tmpl.Options())
	assert.Equal(t, tmpl.NewWorld(clock.NewManual(slotEpoch)).Visits.Len(), w.Visits.Len())
	_, err := NewTemplate(Options{})
	assert.Error(t, err, "fixtures are required")
}

// BenchmarkTemplateNewWorld is the cost of a fresh world (a namespace, a
// reset) once the template exists, with the command line's 14 days of
// history; compare BenchmarkHistory14Days, which generates it.
//
//	go test ./internal/fakes/ -run '^$' -bench 'TemplateNewWorld|History14Days' -benchmem
func BenchmarkTemplateNewWorld(b *testing.B) {
	tmpl := historyTemplate(b, Options{})
	clk := clock.NewManual(slotEpoch)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		clk.Advance(time.Minute) // every world's history is moved
		tmpl.NewWorld(clk)
	}
}
