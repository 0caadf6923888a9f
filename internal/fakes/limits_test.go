package fakes

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/apierr"
	"github.com/mockdex/mockdex/internal/clock"
)

func requireFull(t *testing.T, err error, limit string) {
	t.Helper()
	require.Error(t, err)
	e := apierr.As(err)
	assert.Equal(t, apierr.Full, e.Kind)
	assert.Equal(t, 507, e.Kind.Status())
	assert.Contains(t, e.Message, limit, "the message names the limit")
	assert.Contains(t, e.Message, "reset", "and how to free it")
}

// Every way of creating a visit stops at the cap, and a refused visit
// leaves nothing behind: no slot held, no guest patient, no events.
func TestVisitCapRefusesEveryKindOfVisit(t *testing.T) {
	tmpl := historyTemplate(t, Options{HistoryDays: -1, MaxVisits: 4})
	w := tmpl.NewWorld(clock.NewManual(slotEpoch))
	makeEveryVisit(t, w, slotEpoch) // four visits: the cap
	before := countsOf(w)
	_, err := w.QueueVisit(QueueRequest{Kind: KindVirtual, Subject: joeGUID, PatientGUID: joeGUID,
		AcceptedTerms: true, VisitReason: "cough", Region: "WA"}, slotEpoch)
	requireFull(t, err, "4 visits")
	_, err = w.QueueVisit(QueueRequest{Kind: KindGuest, Guest: &Patient{FirstName: "G"}, AcceptedTerms: true,
		VisitReason: "cough", Region: "WA"}, slotEpoch)
	requireFull(t, err, "4 visits")
	kent := department(t, w, "123446001")
	booking := kentBooking(t, w, kent.SlotStartsOn(slotEpoch.Add(24 * time.Hour))[3])
	_, err = w.BookProviderSlot(booking, slotEpoch)
	requireFull(t, err, "4 visits")
	acme := department(t, w, "900100004")
	retailStart := acme.SlotStartsOn(slotEpoch)[11]
	_, err = w.BookRetailSlot(RetailBookingRequest{Department: acme, Start: retailStart, Brand: "Acme",
		VisitReason: "sprain", Patient: Patient{FirstName: "Ada"}}, slotEpoch)
	requireFull(t, err, "4 visits")
	assert.Equal(t, before, countsOf(w), "nothing of a refused visit is stored")
	assert.True(t, w.RetailSlotFree(acme, retailStart, slotEpoch), "the retail slot was not kept")
	assert.Equal(t, 4, w.Visits.Len())

	// A reset (a new world) makes room again.
	fresh := tmpl.NewWorld(clock.NewManual(slotEpoch))
	_, err = fresh.BookProviderSlot(booking, slotEpoch)
	assert.NoError(t, err)
}

const joeGUID = "233441f4-129f-4d0e-afaa-b3009dbe80c7"

func TestDefaultCapsAndNoCap(t *testing.T) {
	tmpl := historyTemplate(t, Options{HistoryDays: -1})
	w := tmpl.NewWorld(clock.NewManual(slotEpoch))
	assert.Equal(t, DefaultMaxVisits, w.Visits.max)
	assert.Equal(t, DefaultMaxReports, w.Reports.max)
	w = historyTemplate(t, Options{HistoryDays: -1, MaxVisits: -1, MaxReports: -1}).NewWorld(clock.NewManual(slotEpoch))
	assert.Zero(t, w.Visits.max)
	assert.Zero(t, w.Reports.max)
}

// Finished jobs beyond the newest N are evicted (and then unknown);
// unfinished jobs are kept, and one more than N of them is refused.
func TestReportJobsAreEvicted(t *testing.T) {
	s := newReportStore(func() {}, 2)
	start := func(id string, at time.Time) error {
		_, err := s.Start(Report{ID: id, Type: "virtual", Created: at}, time.Second, time.Second)
		return err
	}
	for i, id := range []string{"a", "b", "c"} {
		require.NoError(t, start(id, t0.Add(time.Duration(i)*time.Minute)))
	}
	assert.Equal(t, 3, s.Len(), "a and b had finished, but only c's start evicts and 2 may stay")
	require.NoError(t, start("d", t0.Add(10*time.Minute)))
	_, ok := s.Get("a")
	assert.False(t, ok, "the oldest finished job is evicted")
	for _, id := range []string{"b", "c", "d"} {
		_, ok := s.Get(id)
		assert.True(t, ok, id)
	}
	_, err := s.Fail("a", t0.Add(11*time.Minute), time.Second, time.Second, time.Second)
	assert.ErrorIs(t, err, ErrReportNotFound)

	frozen := t0.Add(time.Hour)
	require.NoError(t, start("e", frozen))
	require.NoError(t, start("f", frozen))
	err = start("g", frozen)
	requireFull(t, err, "2 unfinished report jobs")
	require.NoError(t, start("g", frozen.Add(time.Minute)), "once they finish there is room")
}
