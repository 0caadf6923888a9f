package fakes

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/clock"
)

// Changes moves on every change a request can make and on nothing else.
func TestChangesCountsEveryMutation(t *testing.T) {
	w := historyTemplate(t, Options{}).NewWorld(clock.NewManual(slotEpoch))
	assert.Zero(t, w.Changes(), "a fresh world has nothing to save")
	last := w.Changes()
	moved := func(what string) {
		t.Helper()
		assert.Greater(t, w.Changes(), last, what)
		last = w.Changes()
	}
	c := makeEveryVisit(t, w, slotEpoch)
	moved("visits")
	r := startReports(t, w, slotEpoch)
	moved("report jobs")
	endAHistoryVisit(t, w)
	moved("ending a visit")
	_, err := w.Reports.Start(Report{ID: "more", Type: "virtual", Created: slotEpoch}, time.Second, time.Second)
	require.NoError(t, err)
	moved("one more report")

	// Reads, and the clock moving, are not changes.
	w.Visits.Get(c.virtual.ID)
	w.Visits.Each(time.Time{}, slotEpoch.Add(time.Hour), func(*Visit) bool { return true })
	w.Events.Search(EventQuery{To: slotEpoch, Now: slotEpoch, Limit: 10})
	w.QueueAt(slotEpoch.Add(time.Hour))
	w.WaitFor(c.virtual, slotEpoch)
	w.Reports.Get(r[0].ID)
	w.Patients.ByGUID(c.guest.PatientGUID)
	require.NoError(t, w.WriteAVR(&bytes.Buffer{}, r[0], slotEpoch.Add(time.Minute)))
	_, err = w.Export()
	require.NoError(t, err)
	assert.Equal(t, last, w.Changes(), "reads change nothing")
}
