package server_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/mockdextest"
)

func TestAdminCancelAndDecline(t *testing.T) {
	m := mockdextest.NewServer(t)
	a := createVisit(t, m, joeVisit(t, nil), m.Bearer(joeGUID))
	b := createVisit(t, m, joeVisit(t, nil), m.Bearer(joeGUID))
	m.Clock.Advance(time.Minute)
	runCalls(t, m, []call{
		{name: "cancel", method: "POST", path: "/_mockdex/visits/" + a.VisitID + "/cancel", headers: []string{adminJSON}, status: 200,
			want: `{"visitId":"` + a.VisitID + `","status":"cancelled","at":"2024-06-03T16:01:00.000Z"}`},
		{name: "cancel again", method: "POST", path: "/_mockdex/visits/" + a.VisitID + "/cancel", headers: []string{adminJSON}, status: 409,
			want: `{"error":"The visit has already ended"}`},
		{name: "decline", method: "POST", path: "/_mockdex/visits/" + b.VisitID + "/decline", headers: []string{adminJSON}, status: 200, has: `"status":"staffdeclined"`},
		{name: "unknown", method: "POST", path: "/_mockdex/visits/" + unknownGUID + "/decline", headers: []string{adminJSON}, status: 404},
	})

	m.Clock.Advance(time.Hour) // past when both would have started and ended
	s := getSummary(t, m, a.VisitID, joeGUID)
	assert.Equal(t, "cancelled", s.Status)
	assert.Nil(t, s.ProviderID, "never assigned")
	assert.Contains(t, s.Timestamps, "cancelled")
	assert.NotContains(t, s.Timestamps, "invisit")
	assert.Equal(t, "staffdeclined", getSummary(t, m, b.VisitID, joeGUID).Status)

	for id, action := range map[string]string{a.VisitID: "cancelled", b.VisitID: "declined"} {
		evs := visitEvents(m, id)
		require.Len(t, evs, 1, "planned events dropped, the ending recorded")
		e := evs[0]
		assert.Equal(t, action, e.Action)
		assert.Equal(t, fakes.StaffActor.ID, e.ActorID)
		assert.NotEmpty(t, e.ProviderID, "the provider the visit was planned for")
		assert.NotEqual(t, e.ProviderID, e.ActorID)
	}
	assert.Zero(t, mockOf(m).World().QueueAt(m.Clock.Now()).RegionWaiting(practiceID, "WA"))
}
