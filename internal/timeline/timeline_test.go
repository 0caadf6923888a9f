package timeline_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/faults"
	"github.com/mockdex/mockdex/internal/timeline"
)

var ops = []faults.Operation{
	{ID: "createVisitV9", Method: "POST", Path: "/api/9/visits", Host: "ecvapi"},
	{ID: "getModalities", Method: "GET", Path: "/api/9/modalities", Host: "api"},
}

func parse(t *testing.T, doc string) *timeline.Timeline {
	t.Helper()
	tl, err := timeline.Parse([]byte(doc), ops)
	require.NoError(t, err)
	return tl
}

func TestParseReadsEveryKind(t *testing.T) {
	tl := parse(t, `{"start": "2024-06-03T09:00:00-07:00", "events": [
		{"kind": "region-hours", "region": "WA", "hours": "09:00-15:00", "at": "+1h", "for": "2h"},
		{"kind": "region-closes", "region": "WA", "at": "2024-06-03T17:00:00-07:00"},
		{"kind": "oncall-lost", "qualifier": "pediatric", "at": "+2h", "until": "+3h"},
		{"kind": "queue-busy", "region": "OR", "capacity": 2, "after": {"operationId": "createVisitV9", "count": 3}},
		{"id": "decline", "kind": "provider-declines", "region": "WA", "limit": 1, "after": {"operationId": "createVisitV9", "count": 2}},
		{"kind": "staff-cancels", "visitId": "abc", "at": "+4h"},
		{"kind": "ehr-takes-slot", "npi": "1", "departmentId": "2", "start": "+25h10m", "at": "+8h5m", "for": "1h"},
		{"kind": "ehr-releases-slot", "npi": "1", "departmentId": "2", "start": "+25h10m", "at": "+10h"},
		{"kind": "report-fails", "reportType": "virtual", "retryAfter": "30s", "at": "+5h"},
		{"kind": "outage", "host": "ecvapi", "at": "+6h", "for": "15m"},
		{"kind": "latency", "operationId": "getModalities", "delay": {"lognormal": {"median": "800ms", "sigma": 0.5}}, "at": "+7h", "for": "30m"}
	]}`)
	require.Len(t, tl.Events, 11)
	start := time.Date(2024, 6, 3, 16, 0, 0, 0, time.UTC)
	assert.True(t, tl.Start.Equal(start))
	r := tl.Resolve(time.Time{})
	assert.True(t, r.Events[0].At.Equal(start.Add(time.Hour)), "relative times count from the start")
	end, ok := r.Events[0].End(r.Events[0].At)
	assert.True(t, ok)
	assert.True(t, end.Equal(start.Add(3*time.Hour)))
	assert.Equal(t, 9*60, r.Events[0].OpenMin)
	assert.True(t, r.Events[6].SlotStart.Equal(start.Add(25*time.Hour+10*time.Minute)))
	assert.Equal(t, "decline", r.Events[4].ID)
	assert.Equal(t, "t4", r.Events[3].ID, "an event without an id is named by its place")
	assert.Equal(t, &timeline.Count{OperationID: "createVisitV9", Count: 3}, r.Events[3].After)
	assert.Equal(t, 30*time.Second, r.Events[8].RetryAfter)

	outage := r.Events[9].Fault
	require.NotNil(t, outage)
	assert.Equal(t, "t10", outage.ID, "an outage's calls are marked with the event's id")
	assert.Equal(t, 503, outage.Status, "an outage answers 503 unless told")
	assert.Equal(t, "ecvapi", outage.Host)
	assert.Equal(t, 800*time.Millisecond, r.Events[10].Fault.Delay.Median)
	assert.Equal(t, faults.KindDelay, r.Events[10].Fault.Kind)
	assert.True(t, r.Events[2].Kind.Window())
	assert.False(t, r.Events[5].Kind.Window())
}

func TestParseRefusesNamingTheField(t *testing.T) {
	for doc, want := range map[string]string{
		`{"events":[{"kind":"region-closes","region":"WA","at":"+1h","colour":"red"}]}`:                                                      `events[0]: unknown field "colour": an event's fields are id, kind, at, after`,
		`{"events":[{"kind":"volcano","at":"+1h"}]}`:                                                                                         `events[0].kind: "volcano" is not a kind of event: region-hours, region-closes`,
		`{"events":[{"kind":"region-closes","at":"+1h"}]}`:                                                                                   `events[0].region: is required in a region-closes event`,
		`{"events":[{"kind":"region-closes","region":"WA"}]}`:                                                                                `events[0]: needs exactly one of 'at'`,
		`{"events":[{"kind":"region-closes","region":"WA","at":"soon"}]}`:                                                                    `events[0].at: must be an RFC 3339 time`,
		`{"events":[{"kind":"region-closes","region":"WA","at":"+1h","capacity":3}]}`:                                                        `events[0].capacity: has no use in a region-closes event`,
		`{"events":[{"kind":"staff-cancels","at":"+1h","for":"1h"}]}`:                                                                        `events[0].for: has no use in a staff-cancels event`,
		`{"events":[{"kind":"region-hours","region":"WA","hours":"17:00-09:00","at":"+1h"}]}`:                                                `events[0].hours: must be 24x7 or HH:MM-HH:MM`,
		`{"events":[{"kind":"queue-busy","region":"WA","capacity":-1,"at":"+1h"}]}`:                                                          `events[0].capacity: must not be negative`,
		`{"events":[{"kind":"report-fails","retryAfter":"2h","at":"+1h"}]}`:                                                                  `events[0].retryAfter: must be a Go duration above 0 and at most 1h0m0s`,
		`{"events":[{"kind":"outage","at":"+1h"}]}`:                                                                                          `events[0].host: an outage needs a 'host'`,
		`{"events":[{"kind":"outage","host":"moon","at":"+1h"}]}`:                                                                            `events[0].fault: 'host' "moon" is not one of DexCare's hosts`,
		`{"events":[{"kind":"outage","host":"api","at":"+1h","fault":{"status":503,"times":2}}]}`:                                            `events[0].fault.times: has no use in a window`,
		`{"events":[{"kind":"latency","host":"api","at":"+1h"}]}`:                                                                            `events[0].delay: is required in a latency event`,
		`{"events":[{"kind":"region-closes","region":"WA","after":{"operationId":"nope","count":1}}]}`:                                       `events[0].after: must be {"operationId": an operation of the spec`,
		`{"events":[{"kind":"region-closes","region":"WA","at":"+1h","for":"1h","until":"+3h"}]}`:                                            `events[0].for: give 'for' or 'until', not both`,
		`{"events":[{"id":"a","kind":"region-closes","region":"WA","at":"+1h"},{"id":"a","kind":"region-closes","region":"OR","at":"+1h"}]}`: `events[1].id: "a" is the id of an earlier event`,
		`{"start":"today","events":[]}`:                                                                                                      `start: must be an RFC 3339 time`,
		`{"events":[],"extra":1}`:                                                                                                            `timeline: must be {"start"`,
	} {
		_, err := timeline.Parse([]byte(doc), ops)
		require.Error(t, err, doc)
		assert.Contains(t, err.Error(), want, doc)
	}
}

// A timeline is written back as it was written, each event with its id,
// and read again the same.
func TestWrittenRoundTrips(t *testing.T) {
	doc := `{"start":"2024-06-03T16:00:00Z","events":[
		{"id":"x","kind":"region-closes","at":"+1h","for":"30m","region":"WA"},
		{"kind":"outage","at":"+2h","host":"api","fault":{"kind":"reset"}}]}`
	tl := parse(t, doc)
	data, err := json.Marshal(tl)
	require.NoError(t, err)
	assert.JSONEq(t, `{"start":"2024-06-03T16:00:00Z","events":[
		{"id":"x","kind":"region-closes","at":"+1h","for":"30m","region":"WA"},
		{"id":"t2","kind":"outage","at":"+2h","host":"api","fault":{"kind":"reset"}}]}`, string(data))
	again, err := timeline.ParseEvents(tl.EventsJSON(), tl.Start, ops)
	require.NoError(t, err)
	assert.Equal(t, tl.Resolve(time.Time{}).Events[1].Fault.Kind, again.Resolve(time.Time{}).Events[1].Fault.Kind)
	assert.Equal(t, string(tl.EventsJSON()), string(again.EventsJSON()))
}

func TestBounds(t *testing.T) {
	big := make([]byte, timeline.MaxBytes+1)
	_, err := timeline.Parse(big, ops)
	assert.ErrorContains(t, err, "is over")
	events := make([]json.RawMessage, timeline.MaxEvents+1)
	for i := range events {
		events[i] = json.RawMessage(`{"kind":"region-closes","region":"WA","at":"+1h"}`)
	}
	data, _ := json.Marshal(map[string]any{"events": events})
	_, err = timeline.Parse(data, ops)
	assert.ErrorContains(t, err, "a timeline holds at most 500")
}
