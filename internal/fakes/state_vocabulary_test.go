package fakes

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/mockdex/mockdex/internal/statedoc"
)

// The state document lists the values a world's kinds, report statuses
// and TokBox sessions may take; every one the world has passes its
// check, so a new one cannot be exported and then refused on import.
func TestStateDocumentKnowsTheWorldsVocabulary(t *testing.T) {
	at := slotEpoch
	d := &statedoc.Document{Format: statedoc.Format, Version: statedoc.Version,
		Generated: statedoc.Generated{HistoryAt: at}}
	for _, k := range []VisitKind{KindVirtual, KindGuest, KindProviderBooking, KindRetail} {
		d.Visits = append(d.Visits, statedoc.Visit{ID: string(k), Kind: string(k), Created: at,
			Timeline: []statedoc.Transition{{Status: StatusRequested, At: at}}})
		d.Reports = append(d.Reports, statedoc.Report{ID: string(k), Type: k.ReportType(), Created: at, From: at, To: at,
			Timeline: []statedoc.ReportTransition{{Status: ReportQueued, At: at}, {Status: ReportRunning, At: at},
				{Status: ReportSucceeded, At: at}, {Status: ReportFailed, At: at}, {Status: ReportCancelled, At: at}}})
	}
	d.Sessions = []statedoc.Session{{VisitID: "virtual", Events: []statedoc.SessionEvent{
		{At: at, Session: SessionWaitingRoom, Event: "connectionCreated"}, {At: at.Add(time.Second), Session: SessionVideo, Event: "streamCreated"}}}}
	assert.NoError(t, d.Check())
	assert.Equal(t, maxSessionEventsPerVisit, statedoc.MaxSessionEvents)
}
