package fakes

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/apierr"
	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/statedoc"
)

// apiReads is everything the API would read from a world at now: visit
// summaries and waits, queues, AVR CSVs, APR pages (now and once planned
// events have happened), report states, time slots, patients.
func apiReads(t *testing.T, w *World, now time.Time, made changesMade) map[string]any {
	t.Helper()
	out := map[string]any{}
	var visits []Visit
	w.Visits.Each(time.Time{}, now.Add(24*time.Hour), func(v *Visit) bool {
		visits = append(visits, v.clone())
		return true
	})
	out["visits"] = visits
	for _, v := range []Visit{made.virtual, made.guest, made.booking, made.retail, made.endedHistory} {
		got, ok := w.Visits.Get(v.ID)
		require.True(t, ok, v.ID)
		status, since := got.StatusAt(now)
		out["summary "+v.ID] = []any{status, since, got.TimestampsAt(now), got.ProviderAt(now), w.WaitFor(got, now)}
	}
	out["queue"] = w.WaitTimes(WaitTimeFilter{}, now)
	for _, at := range []time.Time{now, now.Add(48 * time.Hour)} {
		n, page := w.Events.Search(EventQuery{To: at, Now: at, Limit: 1 << 20})
		out["apr "+at.String()] = []any{n, page}
		n, page = w.Events.Search(EventQuery{To: at, Now: at, Limit: 7, Offset: 3, ProviderCredentials: "md"})
		out["apr page "+at.String()] = []any{n, page}
	}
	for _, r := range made.reports {
		job, ok := w.Reports.Get(r.ID)
		require.True(t, ok)
		out["report "+r.ID] = []any{job.StatusAt(now), job}
		if at, ok := job.SucceededAt(now.Add(time.Hour)); ok {
			var csv bytes.Buffer
			require.NoError(t, w.WriteAVR(&csv, job, at))
			out["avr "+r.ID] = csv.String()
		}
	}
	kent := department(t, w, "123446001")
	p, _ := w.Fixtures.ProviderByNPI("1629394572")
	out["slots"] = w.ProviderSlots(p, SlotQuery{Now: now})
	out["retail slots"] = w.NextFreeSlots("", department(t, w, "900100004"), now, 50)
	out["kent free"] = w.FreeSlots("1629394572", kent, now, now, now.Add(72*time.Hour))
	for _, v := range []Visit{made.guest, made.retail} {
		pat, ok := w.Patients.ByGUID(v.PatientGUID)
		require.True(t, ok)
		out["patient "+v.ID] = pat
	}
	guest, ok := w.Patients.ByEHR("G-1", "mrn", "EPIC")
	out["by ehr"] = []any{guest, ok}
	out["taken"] = w.Slots.All()
	out["sessions"] = []any{w.SessionEvents(made.virtual.ID), w.UnmatchedSessionEvents()}
	return out
}

// Export → JSON → import gives a world that answers every read alike,
// now and as the clock moves on, and exports the same document again.
func TestExportImportRoundTrip(t *testing.T) {
	tmpl := historyTemplate(t, Options{})
	clk := clock.NewManual(slotEpoch)
	w := tmpl.NewWorld(clk)
	made := makeEveryChange(t, w, slotEpoch)
	clk.Advance(10 * time.Minute)
	snap, err := w.Export()
	require.NoError(t, err)
	var doc bytes.Buffer
	require.NoError(t, statedoc.Encode(&doc, snap))
	assert.Contains(t, doc.String(), `{"format":"mockdex-state","version":1,`)

	clk2 := clock.NewManual(slotEpoch.Add(10 * time.Minute))
	decoded, err := statedoc.Decode(bytes.NewReader(doc.Bytes()))
	require.NoError(t, err)
	got, err := ImportWorld(tmpl, clk2, decoded)
	require.NoError(t, err)
	assert.Zero(t, got.Changes())
	assert.Len(t, decoded.Visits, 5, "four created visits and the changed generated one; the rest is referenced")
	for _, at := range []time.Duration{0, 5 * time.Minute, 3 * time.Hour, 30 * time.Hour} {
		now := clk.Now().Add(at)
		assert.Equal(t, apiReads(t, w, now, made), apiReads(t, got, now, made), "reads at +%s", at)
	}
	again, err := got.Export()
	require.NoError(t, err)
	assert.Equal(t, snap, again)

	// The imported world goes on like the original: a booking of a slot
	// taken before the export is refused, a new one is stored.
	_, err = got.BookProviderSlot(kentBooking(t, got, made.booking.SlotStart), clk2.Now())
	assert.ErrorIs(t, err, ErrSlotTaken)
}

func TestImportRefusesBadDocuments(t *testing.T) {
	tmpl := historyTemplate(t, Options{})
	w := tmpl.NewWorld(clock.NewManual(slotEpoch))
	makeEveryChange(t, w, slotEpoch)
	good, err := w.Export()
	require.NoError(t, err)
	for _, c := range []struct {
		field string
		spoil func(s *statedoc.Document)
	}{
		{"version", func(s *statedoc.Document) { s.Version = 2 }},
		{"generated.seed", func(s *statedoc.Document) { s.Generated.Seed = 99 }},
		{"generated.fixtures", func(s *statedoc.Document) { s.Generated.Fixtures = "sha256:other" }},
		{"visits[1].id", func(s *statedoc.Document) { s.Visits[1].ID = s.Visits[0].ID }},
		{"visits[0].kind", func(s *statedoc.Document) { s.Visits[0].Kind = "teleport" }},
		{"visits[2].timeline[1].at", func(s *statedoc.Document) { s.Visits[2].Timeline[1].At = s.Visits[2].Timeline[0].At.Add(-time.Hour) }},
		{"visits[3].timeline", func(s *statedoc.Document) { s.Visits[3].Timeline = nil }},
		{"visits[0].practiceId", func(s *statedoc.Document) {
			s.Visits[findKind(s, KindVirtual)].PracticeID = "nope"
			s.Visits[0], s.Visits[findKind(s, KindVirtual)] = s.Visits[findKind(s, KindVirtual)], s.Visits[0]
		}},
		{"visits[0].regionCode", func(s *statedoc.Document) {
			s.Visits[findKind(s, KindVirtual)].RegionCode = "ZZ"
			s.Visits[0], s.Visits[findKind(s, KindVirtual)] = s.Visits[findKind(s, KindVirtual)], s.Visits[0]
		}},
		{"visits[0].qualifiers[0]", func(s *statedoc.Document) {
			s.Visits[findKind(s, KindVirtual)].Qualifiers = []string{"nosuch"}
			s.Visits[0], s.Visits[findKind(s, KindVirtual)] = s.Visits[findKind(s, KindVirtual)], s.Visits[0]
		}},
		{"events[0].visitId", func(s *statedoc.Document) { s.Events[0].VisitID = "nobody" }},
		{"patients[0].patientGuid", func(s *statedoc.Document) { s.Patients[0].PatientGUID = joeGUID }},
		{"reports[0].timeline[0].status", func(s *statedoc.Document) { s.Reports[0].Timeline[0].Status = "DONE" }},
		{"slots[0].visitId", func(s *statedoc.Document) { s.Slots[0].VisitID = "nobody" }},
		{"slots[1].visitId", func(s *statedoc.Document) { s.Slots[1].VisitID = s.Slots[0].VisitID }},
		{"sessions[0].visitId", func(s *statedoc.Document) { s.Sessions[0].VisitID = "nobody" }},
		{"sessions[0].events[0].session", func(s *statedoc.Document) { s.Sessions[0].Events[0].Session = "lobby" }},
	} {
		t.Run(c.field, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, statedoc.Encode(&buf, good))
			bad, err := statedoc.Decode(&buf)
			require.NoError(t, err)
			c.spoil(bad)
			_, err = ImportWorld(tmpl, clock.NewManual(slotEpoch), bad)
			require.Error(t, err)
			e := apierr.As(err)
			assert.Equal(t, apierr.Invalid, e.Kind)
			assert.Equal(t, c.field, e.Field)
			assert.True(t, strings.HasPrefix(e.Message, c.field+": "), e.Message)
		})
	}
}

func findKind(s *statedoc.Document, k VisitKind) int {
	for i, v := range s.Visits {
		if v.Kind == string(k) && !v.Generated {
			return i
		}
	}
	return -1
}

// An export taken while visits are being created never holds a visit
// without its planned events, nor an event without its visit.
func TestExportIsConsistentUnderWrites(t *testing.T) {
	w := historyTemplate(t, Options{HistoryDays: -1}).NewWorld(clock.NewManual(slotEpoch))
	var writers sync.WaitGroup
	for g := 0; g < 4; g++ {
		writers.Add(1)
		go func() {
			defer writers.Done()
			at := slotEpoch.Add(time.Duration(g) * time.Minute)
			for i := 0; i < 150; i++ {
				_, err := w.QueueVisit(QueueRequest{Kind: KindVirtual, Subject: joeGUID, PatientGUID: joeGUID,
					AcceptedTerms: true, VisitReason: "cough", Region: "WA"}, at)
				assert.NoError(t, err)
				at = at.Add(time.Hour)
			}
		}()
	}
	done := make(chan struct{})
	go func() { writers.Wait(); close(done) }()
	for exports := 0; ; exports++ {
		s, err := w.Export()
		require.NoError(t, err)
		perVisit := map[string]int{}
		for _, e := range s.Events {
			perVisit[e.VisitID]++
		}
		require.Len(t, perVisit, len(s.Visits), "every event's visit is there (export %d)", exports)
		for _, v := range s.Visits {
			require.Equal(t, 3, perVisit[v.ID], "visit %s has its three planned events", v.ID)
		}
		select {
		case <-done:
			t.Logf("%d exports taken while 600 visits were created", exports+1)
			return
		default:
		}
	}
}

// Export waits for a change in progress (one that spans stores holds the
// world's state lock shared) instead of copying half of it.
func TestExportWaitsForAChangeInProgress(t *testing.T) {
	w := historyTemplate(t, Options{HistoryDays: -1}).NewWorld(clock.NewManual(slotEpoch))
	w.state.RLock() // as addVisit does while it stores a visit and its events
	exported := make(chan *statedoc.Document)
	go func() {
		s, err := w.Export()
		assert.NoError(t, err)
		exported <- s
	}()
	select {
	case <-exported:
		t.Fatal("the export did not wait for the change to finish")
	case <-time.After(50 * time.Millisecond):
	}
	w.state.RUnlock()
	assert.NotNil(t, <-exported)
}
