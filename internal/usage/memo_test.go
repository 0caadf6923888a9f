package usage_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/journal"
	"github.com/mockdex/mockdex/internal/usage"
)

// The builder remembers what a request and an answer added, so a load
// test's thousandth identical call costs little: what it remembers must
// never change the profile. Each entry here is folded by one builder
// that has seen the others (memo warm) and, alone, by a fresh one: the
// counts must add up the same.
func TestRememberedFoldsCountLikeFreshOnes(t *testing.T) {
	waits := func(at, key string) journal.Entry {
		return journal.Entry{OperationID: "getAvailabilityAndWaitTimes", Method: "GET", Path: "/api/9/regions/waittimes",
			Query: json.RawMessage(`{"regionCodes[]":["WA"]}`), Status: 200,
			ResponseBody: json.RawMessage(fmt.Sprintf(`[{"regionCode":"WA","estimateGeneratedAt":%q,%q:1}]`, at, key))}
	}
	entries := []journal.Entry{
		qualifiers("true", 200), qualifiers("true", 200), qualifiers("false", 200), qualifiers("true", 400),
		guestVisit("virtual"), guestVisit("virtual"), guestVisit("retail"),
		// Same shape, other values: the same paths.
		waits("2026-12-06T10:00:00.001Z", "estimatedWaitTimeSeconds"),
		waits("2026-12-06T10:00:00.002Z", "estimatedWaitTimeSeconds"),
		// Another key: another path, though the bytes around it match.
		waits("2026-12-06T10:00:00.002Z", "practiceId"),
		// Not JSON (brackets that do not balance): no paths, and nothing
		// remembered of it.
		{OperationID: "getAvailabilityAndWaitTimes", Method: "GET", Path: "/api/9/regions/waittimes", Status: 200,
			ResponseBody: json.RawMessage(`[{"regionCode":"WA","practiceId":1}]]`)},
		waits("2026-12-06T10:00:00.003Z", "practiceId"),
		// The same bytes running, under another status and then another
		// operation: each answer's paths are its own schema's (slots
		// declare providers a map: "/providers/{key}"; elsewhere the key
		// reads as a field).
		slots(200), slots(200), withOperation(slots(200), "getAvailabilityAndWaitTimes"), slots(200), slots(503),
		// A key with an escaped quote, and a string holding a colon.
		{OperationID: "getAvailabilityAndWaitTimes", Method: "GET", Path: "/api/9/regions/waittimes", Status: 200,
			ResponseBody: json.RawMessage(`[{"region\"Code":"WA: Seattle" , "practiceId" : "p"}]`)},
	}
	// Profiles of different sources add up when merged.
	fresh := usage.New("run-fresh")
	for i := range entries {
		var err error
		fresh, err = usage.Merge(fresh, build(t, fmt.Sprintf("run-%d", i), entries[i]))
		require.NoError(t, err)
	}
	warm := build(t, "run-warm", append(append([]journal.Entry{}, entries...), entries...)...)
	for id, want := range fresh.Operations {
		got := warm.Operations[id]
		require.NotNil(t, got, id)
		assert.Equal(t, 2*want.Calls, got.Calls, id)
		for path, n := range want.ResponseFields {
			assert.Equal(t, 2*n, got.ResponseFields[path], "%s %s", id, path)
		}
		assert.Len(t, got.ResponseFields, len(want.ResponseFields), id)
		for in, params := range want.Parameters {
			for name, u := range params {
				g := got.Parameters[in][name]
				require.NotNil(t, g, "%s %s %s", id, in, name)
				assert.Equal(t, 2*u.Sent, g.Sent, "%s %s %s", id, in, name)
				for v, n := range u.Values {
					assert.Equal(t, 2*n, g.Values[v], "%s %s %s=%s", id, in, name, v)
				}
			}
		}
	}
	w := warm.Operations["getAvailabilityAndWaitTimes"]
	assert.Equal(t, int64(8), w.ResponseFields["/[]/regionCode"], "four answers, folded twice")
	assert.Equal(t, int64(6), w.ResponseFields["/[]/practiceId"], "the other key's answers and the escaped one")
	assert.Equal(t, int64(2), w.ResponseFields["/providers/abc"], "slots' bytes under wait times: no map declared")
	s := warm.Operations["aggregatedSlotsV1"]
	assert.Equal(t, int64(6), s.ResponseFields["/providers/"+usage.MapKey], "a map's key, in the three 200 answers")
	assert.Equal(t, int64(2), s.ResponseFields["/providers/abc"], "the 503's schema declares no map")
	assert.Equal(t, int64(4), w.ResponseFields["/[]/estimatedWaitTimeSeconds"])
}

func withStatus(e journal.Entry, status int) journal.Entry {
	e.Status = status
	return e
}

func withOperation(e journal.Entry, id string) journal.Entry {
	e.OperationID = id
	return e
}

func slots(status int) journal.Entry {
	return journal.Entry{OperationID: "aggregatedSlotsV1", Method: "POST", Path: "/v1/availability/slots", Status: status,
		ResponseBody: json.RawMessage(`{"providers":{"abc":{}}}`)}
}

// A caller may reuse its buffer for the next entry's answer: what the
// builder remembers of the last answer must not change with it.
func TestLastAnswerOutlivesTheCallersBuffer(t *testing.T) {
	idx, err := usage.DefaultIndex()
	require.NoError(t, err)
	b := usage.NewBuilder(idx, "run-reused")
	body := []byte(`[{"regionCode":"WA"}]`)
	e := journal.Entry{OperationID: "getAvailabilityAndWaitTimes", Method: "GET", Path: "/api/9/regions/waittimes", Status: 200, ResponseBody: body}
	b.Add(&e)
	copy(body, `[{"practiceId":"WA"}]`)
	b.Add(&e)
	// An answer too large to remember, then the first again.
	large := e
	large.ResponseBody = []byte(`[{"regionCode":"` + strings.Repeat("W", 8<<10) + `"}]`)
	b.Add(&large)
	b.Add(&large)
	copy(body, `[{"regionCode":"WA"}]`)
	b.Add(&e)
	got := b.Profile().Operations["getAvailabilityAndWaitTimes"].ResponseFields
	assert.Equal(t, map[string]int64{"/[]": 5, "/[]/regionCode": 4, "/[]/practiceId": 1}, got)
}
