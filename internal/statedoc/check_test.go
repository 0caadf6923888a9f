package statedoc

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/apierr"
)

var at = time.Date(2024, 6, 3, 16, 0, 0, 0, time.UTC)

// small is a document with one thing of each kind, and nothing wrong.
func small() *Document {
	return &Document{Format: Format, Version: Version, Generated: Generated{Seed: 1, HistoryAt: at},
		Visits: []Visit{
			{ID: "q", Kind: "virtual", Created: at, Timeline: []Transition{{Status: "requested", At: at}, {Status: "done", At: at.Add(time.Hour)}}},
			{ID: "b", Kind: "provider_booking", Created: at, SlotMinutes: 30, Timeline: []Transition{{Status: "scheduled", At: at}}},
		},
		Events:   []Event{{Timestamp: at, Action: "booked", VisitID: "b"}},
		Reports:  []Report{{ID: "r", Type: "virtual", From: at, To: at, Created: at, Timeline: []ReportTransition{{Status: "QUEUED", At: at}}}},
		Slots:    []Slot{{NPI: "1", DepartmentID: "d", Start: at, VisitID: "b"}, {NPI: "1", DepartmentID: "d", Start: at.Add(time.Hour), EHR: true}},
		Sessions: []Session{{VisitID: "q", Events: []SessionEvent{{At: at, Session: "videoConference", Event: "streamCreated"}}}},
	}
}

func TestCheckTakesAConsistentDocument(t *testing.T) {
	assert.NoError(t, small().Check())
}

// Each refusal names the field, and the message starts with it.
func TestCheckRefusesNamingTheField(t *testing.T) {
	for _, c := range []struct {
		field string
		spoil func(d *Document)
	}{
		{"format", func(d *Document) { d.Format = "other" }},
		{"generated.historyAt", func(d *Document) { d.Generated.HistoryAt = time.Time{} }},
		{"visits[1].id", func(d *Document) { d.Visits[1].ID = "q" }},
		{"visits[0].kind", func(d *Document) { d.Visits[0].Kind = "teleport" }},
		{"visits[1].slotMinutes", func(d *Document) { d.Visits[1].SlotMinutes = 1441 }},
		{"visits[0].timeline[1].at", func(d *Document) { d.Visits[0].Timeline[1].At = at.Add(-time.Second) }},
		{"patients[1].patientGuid", func(d *Document) {
			d.Patients = make([]Patient, 2)
			d.Patients[0].PatientGUID, d.Patients[1].PatientGUID = "ABC", "abc"
		}},
		{"events[0].action", func(d *Document) { d.Events[0].Action = "" }},
		{"reports[0].to", func(d *Document) { d.Reports[0].To = at.Add(-time.Hour) }},
		{"slots[0].start", func(d *Document) { d.Slots[0].Start = at.Add(time.Millisecond) }},
		{"slots[1].visitId", func(d *Document) { d.Slots[1].VisitID = "b" }},
		{"slots[0].visitId", func(d *Document) { d.Slots[0].VisitID = "q" }},
		{"slots[1]", func(d *Document) { d.Slots[1] = d.Slots[0] }},
		{"sessions[0].events", func(d *Document) {
			d.Sessions[0].Events = make([]SessionEvent, MaxSessionEvents+1)
		}},
		{"unmatchedSessionEvents", func(d *Document) { d.UnmatchedSessionEvents = -1 }},
	} {
		t.Run(c.field, func(t *testing.T) {
			d := small()
			c.spoil(d)
			err := d.Check()
			require.Error(t, err)
			e := apierr.As(err)
			assert.Equal(t, apierr.Invalid, e.Kind)
			assert.Equal(t, c.field, e.Field)
			assert.True(t, strings.HasPrefix(e.Message, c.field+": "), e.Message)
		})
	}
}
