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

// Ids of the small document.
const (
	idQ = "9b4b6f1e-5d1c-4a57-9a65-0c6f0c3f5c11" // a queued visit
	idB = "3f0b1e0c-7d2a-4b9e-8c1d-2a6f4e5b7c22" // a booked visit
	idR = "c2d7a1b4-0e3f-4a6b-9c8d-1e2f3a4b5c33" // a report job
)

// small is a document with one thing of each kind, and nothing wrong.
func small() *Document {
	return &Document{Format: Format, Version: Version, Generated: Generated{Seed: 1, HistoryAt: at},
		Visits: []Visit{
			{ID: idQ, Kind: "virtual", Created: at, Timeline: []Transition{{Status: "requested", At: at}, {Status: "done", At: at.Add(time.Hour)}}},
			{ID: idB, Kind: "provider_booking", Created: at, SlotMinutes: 30, Timeline: []Transition{{Status: "scheduled", At: at}}},
		},
		Events:   []Event{{Timestamp: at, Action: "booked", VisitID: idB}},
		Reports:  []Report{{ID: idR, Type: "virtual", From: at, To: at, Created: at, Timeline: []ReportTransition{{Status: "QUEUED", At: at}}}},
		Slots:    []Slot{{NPI: "1629394572", DepartmentID: "123446001", Start: at, VisitID: idB}, {NPI: "1629394572", DepartmentID: "123446001", Start: at.Add(time.Hour), EHR: true}},
		Sessions: []Session{{VisitID: idQ, Events: []SessionEvent{{At: at, Session: "videoConference", Event: "streamCreated"}}}},
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
		{"visits[1].id", func(d *Document) { d.Visits[1].ID = idQ }},
		{"visits[0].kind", func(d *Document) { d.Visits[0].Kind = "teleport" }},
		{"visits[1].slotMinutes", func(d *Document) { d.Visits[1].SlotMinutes = 1441 }},
		{"visits[0].timeline[1].at", func(d *Document) { d.Visits[0].Timeline[1].At = at.Add(-time.Second) }},
		{"patients[1].patientGuid", func(d *Document) {
			d.Patients = make([]Patient, 2)
			d.Patients[0].PatientGUID, d.Patients[1].PatientGUID = strings.ToUpper(idR), idR
		}},
		{"events[0].action", func(d *Document) { d.Events[0].Action = "" }},
		{"reports[0].to", func(d *Document) { d.Reports[0].To = at.Add(-time.Hour) }},
		{"slots[0].start", func(d *Document) { d.Slots[0].Start = at.Add(time.Millisecond) }},
		{"slots[1].visitId", func(d *Document) { d.Slots[1].VisitID = idB }},
		{"slots[0].visitId", func(d *Document) { d.Slots[0].VisitID = idQ }},
		{"slots[1]", func(d *Document) { d.Slots[1] = d.Slots[0] }},
		{"sessions[0].events", func(d *Document) {
			d.Sessions[0].Events = make([]SessionEvent, MaxSessionEvents+1)
		}},
		{"unmatchedSessionEvents", func(d *Document) { d.UnmatchedSessionEvents = -1 }},
		// What the API refuses, an import refuses (the examples).
		{"visits[0].timeline[0].status", func(d *Document) { d.Visits[0].Timeline[0].Status = "bogus" }},
		{"visits[0].timezone", func(d *Document) { d.Visits[0].Timezone = "Mars/Olympus" }},
		{"visits[0].timezone", func(d *Document) { d.Visits[0].Timezone = "Local" }},
		{"visits[0].regionCode", func(d *Document) { d.Visits[0].RegionCode = "Washington" }},
		{"visits[0].qualifiers[1]", func(d *Document) { d.Visits[0].Qualifiers = []string{"adult", "No Such"} }},
		{"visits[0].id", func(d *Document) { d.Visits[0].ID = "../../etc/x" }},
		{"visits[1].departmentId", func(d *Document) { d.Visits[1].DepartmentID = "../d" }},
		{"visits[0].visitReason", func(d *Document) { d.Visits[0].VisitReason = strings.Repeat("x", 501) }},
		{"visits[0].visitReason", func(d *Document) { d.Visits[0].VisitReason = "\xff" }},
		{"visits[0].modality", func(d *Document) { d.Visits[0].Modality = "hologram" }},
		{"visits[0].paymentMethod", func(d *Document) { d.Visits[0].PaymentMethod = "barter" }},
		{"visits[0].actor.email", func(d *Document) { d.Visits[0].Actor = &Person{Email: strings.Repeat("e", 321)} }},
		{"events[0].action", func(d *Document) { d.Events[0].Action = "teleported" }},
		{"reports[0].id", func(d *Document) { d.Reports[0].ID = "r/../1" }},
		{"sessions[0].visitId", func(d *Document) { d.Sessions[0].VisitID = "a/b" }},
		{"sessions[0].events[0].event", func(d *Document) { d.Sessions[0].Events[0].Event = strings.Repeat("x", 300) }},
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
