package fakes

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/apierr"
)

func kentEvent(start time.Time) SlotEvent {
	return SlotEvent{NPI: "1629394572", DepartmentID: "123446001", EHRInstance: "org.providence.dig.epic.provwamt",
		VisitTypeID: "1234003", Start: start}
}

// A slot the EHR reports taken leaves the listings and refuses a booking;
// released, it is back and books.
func TestSlotTakenAndReleased(t *testing.T) {
	w := slotWorld(t)
	kent := department(t, w, "123446001")
	slot := kent.SlotStartsOn(slotEpoch.AddDate(0, 0, 1))[2]
	listed := func() bool {
		return containsTime(w.FreeSlots("1629394572", kent, slotEpoch, slotEpoch, slotEpoch.AddDate(0, 0, 3)), slot)
	}
	require.True(t, listed())

	took, err := w.SlotTaken(kentEvent(slot))
	require.NoError(t, err)
	assert.True(t, took)
	assert.False(t, listed())
	_, err = w.BookProviderSlot(kentBooking(t, w, slot), slotEpoch)
	assert.Equal(t, apierr.Conflict, apierr.As(err).Kind)

	took, err = w.SlotTaken(kentEvent(slot.In(time.UTC)))
	require.NoError(t, err, "taken again: the slot is taken either way")
	assert.False(t, took)

	require.NoError(t, w.SlotReleased(kentEvent(slot)))
	assert.True(t, listed())
	require.NoError(t, w.SlotReleased(kentEvent(slot)), "releasing a free slot changes nothing")
	_, err = w.BookProviderSlot(kentBooking(t, w, slot), slotEpoch)
	assert.NoError(t, err)
}

func TestSlotEventRefusalsNameTheField(t *testing.T) {
	w := slotWorld(t)
	slot := department(t, w, "123446001").SlotStartsOn(slotEpoch.AddDate(0, 0, 1))[0]
	for field, edit := range map[string]func(*SlotEvent){
		"departmentId": func(e *SlotEvent) { e.DepartmentID = "999" },
		"ehrInstance":  func(e *SlotEvent) { e.EHRInstance = "epic.acme" },
		"npi":          func(e *SlotEvent) { e.NPI = "1000000000" },
		"visitTypeId":  func(e *SlotEvent) { e.VisitTypeID = "1000003" },
		"slotDateTime": func(e *SlotEvent) { e.Start = slot.Add(5 * time.Minute) },
	} {
		e := kentEvent(slot)
		edit(&e)
		_, err := w.SlotTaken(e)
		assert.Equal(t, field, apierr.As(err).Field, field)
		assert.Equal(t, field, apierr.As(w.SlotReleased(e)).Field, field)
	}
}

// A retail site's slot is one slot whoever names it: the EHR with or
// without the care team's NPI, or the /retail page.
func TestRetailSlotEventsShareTheSitesSlot(t *testing.T) {
	w := slotWorld(t)
	acme := department(t, w, "900100004")
	slot := acme.SlotStartsOn(slotEpoch.AddDate(0, 0, 1))[4]
	e := SlotEvent{NPI: "", DepartmentID: acme.ID, EHRInstance: "epic.acme", VisitTypeID: "3000001", Start: slot}
	_, err := w.SlotTaken(e)
	require.NoError(t, err)
	assert.False(t, w.RetailSlotFree(acme, slot, slotEpoch))
	assert.NotContains(t, w.FreeSlots("1902100004", acme, slotEpoch, slotEpoch, slotEpoch.AddDate(0, 0, 2)), slot,
		"the care team's listing shows the site's slots")
	e.NPI = "1902100004"
	require.NoError(t, w.SlotReleased(e))
	assert.True(t, w.RetailSlotFree(acme, slot, slotEpoch))
}

// Bookings and slot-taken events racing for one slot: exactly one holds it.
func TestBookingRacesSlotTaken(t *testing.T) {
	for round := 0; round < 20; round++ {
		w := slotWorld(t)
		slot := department(t, w, "123446001").SlotStartsOn(slotEpoch.AddDate(0, 0, 1))[5]
		var wg sync.WaitGroup
		var mu sync.Mutex // guards booked and ehrTook
		var booked []string
		ehrTook := 0
		for i := 0; i < 8; i++ {
			wg.Add(2)
			go func() {
				defer wg.Done()
				if v, err := w.BookProviderSlot(kentBooking(t, w, slot), slotEpoch); err == nil {
					mu.Lock()
					booked = append(booked, v.ID)
					mu.Unlock()
				}
			}()
			go func() {
				defer wg.Done()
				if took, err := w.SlotTaken(kentEvent(slot)); err == nil && took {
					mu.Lock()
					ehrTook++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		require.Equal(t, 1, len(booked)+ehrTook, "one winner")
		holder, held := w.Slots.Holder(DepartmentSlotKey("1629394572", department(t, w, "123446001"), slot))
		require.True(t, held)
		if ehrTook == 1 {
			assert.Equal(t, HolderEHR, holder)
			assert.Zero(t, w.Visits.Len(), "a refused booking stores no visit")
		} else {
			assert.Equal(t, booked[0], holder)
			assert.Equal(t, 1, w.Visits.Len())
		}
	}
}

func TestSearchSlots(t *testing.T) {
	w := slotWorld(t)
	res, err := w.SearchSlots(SlotSearch{
		Criteria: []SlotCriterion{{NPI: "1629394572"}, {NPI: "1629394572", EHRInstance: "org.providence.dig.epic.provwamt", DepartmentID: "301546001"}},
		Query:    SlotQuery{Now: slotEpoch, VisitTypeNames: []string{"newpatient"}},
	})
	require.NoError(t, err)
	require.Len(t, res, 2, "Kent and Everett, Everett once")
	assert.Equal(t, []string{"123446001", "301546001"}, []string{res[0].Department.ID, res[1].Department.ID})
	last := res[0].VisitTypes[0].Days[len(res[0].VisitTypes[0].Days)-1]
	assert.Equal(t, "2024-07-02", last.Date, "30 days from today by default (Tuesday 2 July is the last weekday before 3 July)")
	assert.Len(t, res[0].VisitTypes, 1)

	_, err = w.SearchSlots(SlotSearch{Criteria: []SlotCriterion{{NPI: "1629394572", DepartmentID: "123446001"}}, Query: SlotQuery{Now: slotEpoch}})
	assert.Equal(t, "criteriaItems[0].ehrInstance", apierr.As(err).Field)
	_, err = w.SearchSlots(SlotSearch{Criteria: []SlotCriterion{{NPI: "1629394572"}, {NPI: "1"}}, Query: SlotQuery{Now: slotEpoch}})
	assert.Equal(t, apierr.NotFound, apierr.As(err).Kind)
	assert.Equal(t, "criteriaItems[1].npi", apierr.As(err).Field)
}

func containsTime(list []time.Time, t time.Time) bool {
	for _, x := range list {
		if x.Equal(t) {
			return true
		}
	}
	return false
}

// A slot search over every in-person provider's next 90 days:
//
//	go test -run '^$' -bench SearchSlots -benchmem ./internal/fakes/
func BenchmarkSearchSlots90Days(b *testing.B) {
	w := slotWorld(b)
	s := SlotSearch{Query: SlotQuery{Now: slotEpoch, End: DateBound{Date: slotEpoch.AddDate(0, 0, MaxSlotWindowDays-1).Format(time.DateOnly)}}}
	for _, p := range w.Fixtures.Providers {
		if len(p.Departments) > 0 {
			s.Criteria = append(s.Criteria, SlotCriterion{NPI: p.NPI})
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if res, err := w.SearchSlots(s); err != nil || len(res) != 6 {
			b.Fatalf("%d results, %v", len(res), err)
		}
	}
}
