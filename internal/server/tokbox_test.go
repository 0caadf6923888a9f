package server_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/mockdextest"
)

const tokBoxPath = "/api/9/tokbox-events"

// TokBox's webhook needs no credentials; its events join the visit's
// session history, shown on the waiting room page, and the journal.
func TestTokBoxEventsJoinTheVisit(t *testing.T) {
	m := mockdextest.NewServer(t)
	v := createVisit(t, m, joeVisit(t, nil), m.Bearer(joeGUID))
	session := v.TokBoxVisit.WaitingRoomSession.SessionID
	events := []string{
		`{"sessionId":"` + session + `","projectId":"46497352","event":"connectionCreated","timestamp":1717430400000,
		  "connection":{"id":"conn-1","createdAt":1717430400000,"data":"{\"name\":\"Joe Public\"}"}}`,
		`{"sessionId":"` + session + `","projectId":"46497352","event":"streamCreated","timestamp":1717430405000,
		  "stream":{"id":"stream-1","connection":{"id":"conn-1"},"createdAt":1717430405000,"name":"patient","videoType":"camera"}}`,
	}
	for _, e := range events {
		resp := m.Do("POST", tokBoxPath, e)
		assert.Equal(t, http.StatusAccepted, resp.StatusCode, m.ReadBody(resp))
	}
	evs := mockOf(m).World().SessionEvents(v.VisitID)
	require.Len(t, evs, 2)
	assert.Equal(t, []string{"waitingRoom", "connectionCreated", "conn-1"}, []string{evs[0].Session, evs[0].Event, evs[0].ConnectionID})
	assert.Equal(t, []string{"streamCreated", "stream-1", "camera"}, []string{evs[1].Event, evs[1].StreamID, evs[1].VideoType})

	page := m.ReadBody(m.Do("GET", v.VisitRedirectURL[len(m.URL):], ""))
	assert.Contains(t, page, `<tr data-event="streamCreated"><td>2024-06-03T16:00:00.000Z</td><td>waiting room</td><td>streamCreated</td><td>stream stream-1</td></tr>`)
	assert.Contains(t, page, `<td>connectionCreated</td><td>conn-1</td>`)
	assert.NotContains(t, page, "Joe", "the connection's data is not kept")

	journal := m.ReadBody(m.Do("GET", "/_mockdex/requests", ""))
	assert.Contains(t, journal, "processTokboxSessionEvents")
	assert.Contains(t, journal, "connectionCreated")
	assert.NotContains(t, journal, "Joe Public", "the connection's data is redacted in the journal")
}

func TestTokBoxEventsForUnknownSessionsAreAccepted(t *testing.T) {
	m := mockdextest.NewServer(t)
	runCalls(t, m, []call{
		{name: "the docs' session", method: "POST", path: tokBoxPath, status: 202,
			body: `{"sessionId":"1_MX40NjQ5NzM1Mn5-MTYzNzI2MzA3MzgzMn5VbDFaRjc2R2J0UGRaWENUQzZRTTdyN2R-fg","event":"connectionDestroyed"}`},
		{name: "no session", method: "POST", path: tokBoxPath, body: `{"event":"sessionCreated"}`, status: 202},
		{name: "no body", method: "POST", path: tokBoxPath, status: 202},
		{name: "not an object", method: "POST", path: tokBoxPath, body: `[1]`, status: 400,
			want: `{"error":"/requestBody - must be object"}`},
		{name: "a timestamp that is not a number", method: "POST", path: tokBoxPath, body: `{"timestamp":"now"}`, status: 400,
			want: `{"error":"/requestBody/timestamp - must be integer"}`},
	})
	assert.Equal(t, 2, mockOf(m).World().UnmatchedSessionEvents())
}
