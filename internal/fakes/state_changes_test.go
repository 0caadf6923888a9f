package fakes

import (
	"cmp"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/statedoc"
)

// The patches TakeChanges hands out, laid over the export taken when
// tracking began, give the export of the world now: every kind of change
// a request makes is in them (a log of patches loses nothing).
func TestTakeChangesReplaysToTheExport(t *testing.T) {
	tmpl := historyTemplate(t, Options{MaxReports: 3})
	clk := clock.NewManual(slotEpoch)
	w := tmpl.NewWorld(clk)
	w.TrackChanges()
	base, err := w.Export()
	require.NoError(t, err)

	var patches []*statedoc.Patch
	take := func() {
		p, n := w.TakeChanges()
		assert.Equal(t, w.Changes(), n, "a patch covers every change counted so far")
		// Through JSON, as the log keeps it.
		data, err := json.Marshal(p)
		require.NoError(t, err)
		var back statedoc.Patch
		require.NoError(t, json.Unmarshal(data, &back))
		patches = append(patches, &back)
	}
	made := makeEveryVisit(t, w, slotEpoch)
	take()
	startReports(t, w, slotEpoch)
	endAHistoryVisit(t, w)
	take()
	takeAndTalk(t, w, made.virtual)
	_, err = w.EndVisit(made.guest.ID, StatusStaffDeclined, slotEpoch.Add(time.Minute))
	require.NoError(t, err)
	require.NoError(t, w.SlotReleased(kentEvent(made.booking.SlotStart))) // the EHR frees a booked slot
	for i, id := range []string{"r-late", "r-later"} {                    // the second start evicts the oldest finished job
		at := slotEpoch.Add(time.Duration(i+1) * time.Hour)
		_, err = w.Reports.Start(Report{ID: id, Type: "virtual", From: slotEpoch, To: at, Created: at}, time.Second, time.Second)
		require.NoError(t, err)
	}
	_, ok := w.Reports.Get("r-virtual")
	require.False(t, ok, "evicted")
	take()
	p, _ := w.TakeChanges()
	assert.True(t, p.Empty(), "nothing changed since the last patch")

	r := statedoc.Replay(base)
	for _, p := range patches {
		r.Apply(p)
	}
	want, err := w.Export()
	require.NoError(t, err)
	got := r.Document()
	normalize(want)
	normalize(got)
	assert.Equal(t, want, got)
	_, err = ImportWorld(tmpl, clock.NewManual(slotEpoch), got)
	assert.NoError(t, err, "the replayed document imports")
}

// normalize orders a document's events, which two exports of one world
// list alike only up to events at the same instant.
func normalize(d *statedoc.Document) {
	slices.SortFunc(d.Events, func(a, b statedoc.Event) int {
		return cmp.Or(a.Timestamp.Compare(b.Timestamp), strings.Compare(a.VisitID, b.VisitID), strings.Compare(a.Action, b.Action))
	})
	slices.SortFunc(d.Patients, func(a, b statedoc.Patient) int {
		return strings.Compare(strings.ToLower(a.PatientGUID), strings.ToLower(b.PatientGUID))
	})
	for i := range d.Patients {
		d.Patients[i].Patient.Guest = d.Patients[i].Guest // not in the JSON: the document's own field says it
	}
	d.ExportedAt = time.Time{}
}

// A world nobody tracks records nothing (no memory grows without a log
// to drain it).
func TestChangesAreNotRecordedUntilTracked(t *testing.T) {
	w := historyTemplate(t, Options{}).NewWorld(clock.NewManual(slotEpoch))
	makeEveryVisit(t, w, slotEpoch)
	assert.Nil(t, w.marks.visits)
	w.TrackChanges()
	p, _ := w.TakeChanges()
	assert.True(t, p.Empty(), "tracking starts from now")
}
