package fakes

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/fixtures"
	"github.com/mockdex/mockdex/internal/clock"
)

// slotEpoch is Monday 2024-06-03 09:00 in Seattle.
var slotEpoch = time.Date(2024, 6, 3, 16, 0, 0, 0, time.UTC)

func slotWorld(t testing.TB) *World {
	t.Helper()
	fx, err := LoadFixtures(fixtures.Default(), 1)
	require.NoError(t, err)
	return NewWorld(Options{Fixtures: fx, Clock: clock.NewManual(slotEpoch)})
}

func department(t testing.TB, w *World, id string) Department {
	t.Helper()
	d, ok := w.Fixtures.Department(id)
	require.True(t, ok, id)
	return d
}

func TestScheduleGrid(t *testing.T) {
	w := slotWorld(t)
	kent, acme7 := department(t, w, "123446001"), department(t, w, "900100007")
	starts := kent.SlotStartsOn(slotEpoch)
	require.Len(t, starts, 18)
	assert.Equal(t, "08:10", starts[0].In(kent.Location()).Format("15:04"))
	assert.Equal(t, "16:40", starts[17].In(kent.Location()).Format("15:04"))
	assert.Empty(t, kent.SlotStartsOn(slotEpoch.AddDate(0, 0, 5)), "closed on Saturday")
	assert.Len(t, acme7.SlotStartsOn(slotEpoch.AddDate(0, 0, 5)), 27, "Denver retail: Saturday 09:00-18:00 every 20 minutes")
	assert.Empty(t, acme7.SlotStartsOn(slotEpoch.AddDate(0, 0, 6)), "closed on Sunday")
}

// Across the autumn clock change the clinic still opens at 08:10 local.
func TestScheduleGridFollowsDaylightSaving(t *testing.T) {
	w := slotWorld(t)
	kent := department(t, w, "123446001")
	before := kent.SlotStartsOn(time.Date(2024, 11, 1, 20, 0, 0, 0, time.UTC))[0]
	after := kent.SlotStartsOn(time.Date(2024, 11, 4, 20, 0, 0, 0, time.UTC))[0]
	assert.Equal(t, time.Date(2024, 11, 1, 15, 10, 0, 0, time.UTC), before.UTC())
	assert.Equal(t, time.Date(2024, 11, 4, 16, 10, 0, 0, time.UTC), after.UTC())
}

func TestSlotBookTakeIsExclusive(t *testing.T) {
	b := NewSlotBook()
	k := NewSlotKey("1629394572", "123446001", slotEpoch)
	wins := make(chan bool, 50)
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); wins <- b.Take(k, "v") }()
	}
	wg.Wait()
	close(wins)
	n := 0
	for won := range wins {
		if won {
			n++
		}
	}
	assert.Equal(t, 1, n)
	assert.True(t, b.Taken(NewSlotKey("1629394572", "123446001", slotEpoch.In(time.FixedZone("x", 3600)))), "same instant, any zone")
	assert.False(t, b.Taken(NewSlotKey("", "123446001", slotEpoch)), "a retail slot is not a provider's")
}

func TestParseDateBound(t *testing.T) {
	for in, ok := range map[string]bool{
		"2021-01-01": true, "2021-01-01T09:30:00-05:00": true, "2021-01-01T14:30:00Z": true,
		"2021-02-30": false, "2021-01-01T25:00:00Z": false, "yesterday": false,
	} {
		_, got := ParseDateBound(in)
		assert.Equal(t, ok, got, in)
	}
	d, _ := ParseDateBound("2024-06-04")
	i, _ := ParseDateBound("2024-06-04T12:00:00Z")
	assert.False(t, i.EndsBefore(d), "an instant inside the day is not before it")
	later, _ := ParseDateBound("2024-06-05")
	assert.True(t, d.EndsBefore(later))
	assert.False(t, later.EndsBefore(d))
}

func TestFreeSlotsSkipTakenAndPast(t *testing.T) {
	w := slotWorld(t)
	kent := department(t, w, "123446001")
	day := kent.SlotStartsOn(slotEpoch)
	require.True(t, w.Slots.Take(NewSlotKey("1629394572", kent.ID, day[3]), "v"))
	free := w.FreeSlots("1629394572", kent, slotEpoch, slotEpoch, slotEpoch.Add(12*time.Hour))
	assert.Equal(t, day[2], free[0], "slots at or before 09:00 are gone")
	assert.NotContains(t, free, day[3])
	assert.Contains(t, w.FreeSlots("", kent, slotEpoch, slotEpoch, slotEpoch.Add(12*time.Hour)), day[3], "taken only for that provider")
}

func BenchmarkProviderSlots90Days(b *testing.B) {
	w := slotWorld(b)
	p, _ := w.Fixtures.ProviderByNPI("1629394572")
	end, _ := ParseDateBound(slotEpoch.AddDate(0, 0, MaxSlotWindowDays-1).Format(time.DateOnly))
	q := SlotQuery{Now: slotEpoch, End: end}
	b.ReportAllocs()
	for b.Loop() {
		if len(w.ProviderSlots(p, q)) != 2 {
			b.Fatal("want two departments")
		}
	}
}
