package fakes

import (
	"strings"
	"testing"
	"time"

	"github.com/mockdex/mockdex/internal/fakes/slotid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func kentBooking(t testing.TB, w *World, start time.Time) ProviderBookingRequest {
	d := department(t, w, "123446001")
	vt, _ := d.VisitType("1234003")
	return ProviderBookingRequest{
		PatientGUID: "233441f4-129f-4d0e-afaa-b3009dbe80c7", NPI: "1629394572", DepartmentID: d.ID,
		EHRSystemName: d.EHRSystemName, Slot: slotid.New(d, vt, start), VisitReason: "cough",
		PaymentMethod: "self", Declaration: "self",
		Booker: Person{ID: "233441f4-129f-4d0e-afaa-b3009dbe80c7", FirstName: "Pat", LastName: "Patient", Email: "pat@example.com"},
	}
}

// The provider history shows booked at once, then started and completed
// only once the clock reaches the slot.
func TestProviderBookingEventsFollowTheClock(t *testing.T) {
	w := slotWorld(t)
	start := time.Date(2024, 6, 4, 17, 10, 0, 0, time.UTC)
	v, err := w.BookProviderSlot(kentBooking(t, w, start), slotEpoch)
	require.NoError(t, err)
	visible := func(now time.Time) []string {
		_, evs := w.Events.Search(EventQuery{From: time.Time{}, To: now, Now: now, Limit: 10, VisitID: v.ID})
		var out []string
		for _, e := range evs {
			out = append(out, e.Action)
		}
		return out
	}
	assert.Equal(t, []string{"booked"}, visible(slotEpoch))
	assert.Equal(t, []string{"booked", "started"}, visible(start))
	assert.Equal(t, []string{"booked", "started", "completed"}, visible(start.Add(30*time.Minute)))

	_, evs := w.Events.Search(EventQuery{From: time.Time{}, To: start.Add(time.Hour), Now: start.Add(time.Hour), Limit: 10, VisitID: v.ID})
	require.Len(t, evs, 3)
	booked, started := evs[0], evs[1]
	assert.Equal(t, []string{"22606c4c-15c8-4959-ae7f-a8940356b3db", "doctor@dexcarehealth.com", "Jenny Generic", "MD"},
		[]string{booked.ProviderID, booked.ProviderEmail, booked.ProviderName, booked.ProviderCredentials})
	assert.Equal(t, []string{"233441f4-129f-4d0e-afaa-b3009dbe80c7", "pat@example.com", "Pat", "Patient"},
		[]string{booked.ActorID, booked.ActorEmail, booked.ActorFirstName, booked.ActorLastName}, "the booker acts for booked")
	assert.Equal(t, started.ProviderID, started.ActorID, "the provider acts for started")
}

func TestRetailBookingTakesTheDepartmentSlot(t *testing.T) {
	w := slotWorld(t)
	d := department(t, w, "900100004")
	start := d.SlotStartsOn(slotEpoch)[10]
	req := RetailBookingRequest{Department: d, Start: start, Brand: "Acme", VisitReason: "rash",
		Patient: Patient{FirstName: "Ada", LastName: "Lovelace", DateOfBirth: "1990-12-10"}}
	assert.True(t, w.RetailSlotFree(d, start, slotEpoch))
	v, err := w.BookRetailSlot(req, slotEpoch)
	require.NoError(t, err)
	assert.Equal(t, KindRetail, v.Kind)
	assert.False(t, w.RetailSlotFree(d, start, slotEpoch))
	_, err = w.BookRetailSlot(req, slotEpoch)
	assert.ErrorIs(t, err, ErrSlotTaken)
	_, err = w.BookRetailSlot(req, start)
	assert.ErrorIs(t, err, ErrSlotPast, "a slot starting now has passed")
	assert.Equal(t, 0, w.Events.Len(), "a retail slot has no provider to report")
}

// Both kinds of in-person booking land in the AVR of their own type.
func TestBookingsAppearInTheirAVR(t *testing.T) {
	w := slotWorld(t)
	pv, err := w.BookProviderSlot(kentBooking(t, w, time.Date(2024, 6, 4, 17, 10, 0, 0, time.UTC)), slotEpoch)
	require.NoError(t, err)
	acme := department(t, w, "900100004")
	rv, err := w.BookRetailSlot(RetailBookingRequest{Department: acme, Start: acme.SlotStartsOn(slotEpoch)[10], Brand: "Acme",
		VisitReason: "rash", Patient: Patient{FirstName: "Ada", LastName: "Lovelace", DateOfBirth: "1990-12-10"}}, slotEpoch)
	require.NoError(t, err)
	csvOf := func(typ string) string {
		var b strings.Builder
		require.NoError(t, w.WriteAVR(&b, Report{Type: typ, From: slotEpoch.Add(-time.Hour), To: slotEpoch.Add(time.Hour)}, slotEpoch))
		return b.String()
	}
	booking, retail := csvOf("provider_booking"), csvOf("retail")
	assert.Contains(t, booking, pv.ID)
	assert.NotContains(t, booking, rv.ID)
	assert.Contains(t, retail, rv.ID)
	assert.Contains(t, booking, "1629394572")
}
