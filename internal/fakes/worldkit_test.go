package fakes

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/fixtures"
	"github.com/mockdex/mockdex/internal/clock"
)

// t0 is the instant tests without a world of their own start at.
var t0 = time.Date(2024, 6, 3, 16, 0, 0, 0, time.UTC)

// historyTemplate is a template with two weeks of history ending at
// slotEpoch, as the command line builds one.
func historyTemplate(t testing.TB, opts Options) *Template {
	t.Helper()
	fx, err := LoadFixtures(fixtures.Default(), 1)
	require.NoError(t, err)
	opts.Fixtures, opts.Clock, opts.Seed = fx, clock.NewManual(slotEpoch), 1
	if opts.HistoryDays == 0 {
		opts.HistoryDays = 14
	}
	tmpl, err := NewTemplate(opts)
	require.NoError(t, err)
	return tmpl
}

// changesMade are the changes makeEveryChange made.
type changesMade struct {
	virtual, guest, booking, retail Visit
	reports                         []Report
	endedHistory                    Visit // a generated visit cancelled while it waited
}

// makeEveryChange makes one change of every kind a request can make:
// each kind of visit, terms accepted, report jobs (one failed, one
// cancelled), and a generated visit ended while it was still waiting.
func makeEveryChange(t testing.TB, w *World, now time.Time) changesMade {
	t.Helper()
	c := makeEveryVisit(t, w, now)
	c.reports = startReports(t, w, now)
	c.endedHistory = endAHistoryVisit(t, w)
	takeAndTalk(t, w, c.virtual)
	return c
}

// takeAndTalk makes the changes that hold no visit of their own: a slot
// the EHR reports taken, TokBox events on a visit and on no visit.
func takeAndTalk(t testing.TB, w *World, v Visit) {
	t.Helper()
	kent := department(t, w, "123446001")
	took, err := w.SlotTaken(kentEvent(kent.SlotStartsOn(time.Date(2024, 6, 4, 12, 0, 0, 0, time.UTC))[3]))
	require.NoError(t, err)
	require.True(t, took)
	_, ok := w.RecordSessionEvent(v.VideoSession, SessionEvent{At: v.Created, Event: "streamCreated", StreamID: "s-1", Timestamp: 7})
	require.True(t, ok)
	w.RecordSessionEvent("2_unknown", SessionEvent{Event: "connectionCreated"})
}

// makeEveryVisit creates one visit of each kind.
func makeEveryVisit(t testing.TB, w *World, now time.Time) changesMade {
	t.Helper()
	var c changesMade
	var err error
	joe := joeGUID
	c.virtual, err = w.QueueVisit(QueueRequest{Kind: KindVirtual, Subject: joe, PatientGUID: joe, Declaration: "other",
		Actor:         &Person{FirstName: "Mo", LastName: "Guardian", Email: "mo@example.com", Relation: "parent"},
		AcceptedTerms: true, VisitReason: "cough", Region: "WA", PaymentMethod: "couponcode", Urgency: 0.5,
		Qualifiers: []string{"adult", "pediatric"}, AssessmentTool: "tool"}, now)
	require.NoError(t, err)
	require.NoError(t, w.AcceptTerms(c.virtual.ID, joe, now))
	c.guest, err = w.QueueVisit(QueueRequest{Kind: KindGuest, Guest: &Patient{FirstName: "Gus", LastName: "Guest",
		DateOfBirth: "1999-01-02", Email: "gus@example.com", Address: map[string]string{"state": "WA"},
		EHRIdentifier: "G-1", EHRIdentifierType: "MRN", HomeEHR: "epic"},
		AcceptedTerms: true, VisitReason: "rash", Region: "WA", Brand: "providence"}, now)
	require.NoError(t, err)
	c.booking, err = w.BookProviderSlot(kentBooking(t, w, time.Date(2024, 6, 4, 17, 10, 0, 0, time.UTC)), now)
	require.NoError(t, err)
	acme := department(t, w, "900100004")
	c.retail, err = w.BookRetailSlot(RetailBookingRequest{Department: acme, Start: acme.SlotStartsOn(now)[10], Brand: "Acme",
		VisitReason: "sprain", Patient: Patient{FirstName: "Ada", LastName: "Lovelace", DateOfBirth: "1990-12-10"}}, now)
	require.NoError(t, err)
	return c
}

func startReports(t testing.TB, w *World, now time.Time) []Report {
	t.Helper()
	var out []Report
	for i, typ := range []string{"virtual", "provider_booking", "retail"} {
		r, err := w.Reports.Start(Report{ID: []string{"r-virtual", "r-booking", "r-retail"}[i], Type: typ,
			From: now.Add(-48 * time.Hour), To: now.Add(time.Hour), Created: now}, 2*time.Second, 3*time.Second)
		require.NoError(t, err)
		out = append(out, r)
	}
	_, err := w.Reports.Fail("r-booking", now.Add(time.Second), 10*time.Second, 2*time.Second, 3*time.Second)
	require.NoError(t, err)
	_, err = w.Reports.Cancel("r-retail", now.Add(time.Second))
	require.NoError(t, err)
	return out
}

// endAHistoryVisit cancels a generated virtual visit at an instant when
// it was still waiting (as a clock set back would let a client do).
func endAHistoryVisit(t testing.TB, w *World) Visit {
	t.Helper()
	var id string
	var at time.Time
	w.Visits.Each(time.Time{}, slotEpoch, func(v *Visit) bool {
		if v.Synthetic && v.Kind.Queued() && len(v.Timeline) == 4 {
			id, at = v.ID, v.Created.Add(time.Second)
			return false
		}
		return true
	})
	require.NotEmpty(t, id, "history has a virtual visit that was seen")
	v, err := w.EndVisit(id, StatusCancelled, at)
	require.NoError(t, err)
	return v
}
