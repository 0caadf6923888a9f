package usage_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/journal"
	"github.com/mockdex/mockdex/internal/usage"
)

func index(t *testing.T) *usage.Index {
	t.Helper()
	idx, err := usage.DefaultIndex()
	require.NoError(t, err)
	return idx
}

func qualifiers(archived string, status int) journal.Entry {
	return journal.Entry{OperationID: "getAssignmentQualifiers", Method: "GET", Path: "/api/9/assignmentqualifiers",
		Query: json.RawMessage(fmt.Sprintf(`{"archived":%q}`, archived)), Status: status,
		ResponseBody: json.RawMessage(`[{"id":"q1","name":"adult","version":1}]`)}
}

func guestVisit(product string) journal.Entry {
	return journal.Entry{OperationID: "createQueuedGuestVisit", Method: "POST", Path: "/v1/booking/queued-guest-visit",
		Query: json.RawMessage(fmt.Sprintf(`{"product":%q}`, product)), Status: 200,
		RequestBody:  json.RawMessage(`{"visitDetails":{"visitTypeName":"virtual"}}`),
		ResponseBody: json.RawMessage(`{"visitId":"v1"}`)}
}

func build(t *testing.T, source string, entries ...journal.Entry) *usage.Profile {
	t.Helper()
	b := usage.NewBuilder(index(t), source)
	for i := range entries {
		b.Add(&entries[i])
	}
	return b.Profile()
}

func doc(t *testing.T, p *usage.Profile) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, usage.Write(&b, p))
	return b.String()
}

func merge(t *testing.T, a, b *usage.Profile) *usage.Profile {
	t.Helper()
	m, err := usage.Merge(a, b)
	require.NoError(t, err)
	return m
}

func TestMergeIsCommutativeAndIdempotent(t *testing.T) {
	a := build(t, "run-a", qualifiers("true", 200), qualifiers("false", 200), guestVisit("DCIntSched"))
	b := build(t, "run-b", qualifiers("true", 200), guestVisit("Other"))
	c := build(t, "run-c", qualifiers("true", 400))

	ab := merge(t, a, b)
	assert.Equal(t, doc(t, ab), doc(t, merge(t, b, a)), "commutative")
	assert.Equal(t, doc(t, a), doc(t, merge(t, a, a)), "idempotent")
	assert.Equal(t, doc(t, ab), doc(t, merge(t, ab, a)), "merging a profile into one that holds it changes nothing")
	assert.Equal(t, doc(t, ab), doc(t, merge(t, b, ab)))
	assert.Equal(t, doc(t, merge(t, ab, c)), doc(t, merge(t, c, ab)))

	q := ab.Operations["getAssignmentQualifiers"]
	assert.Equal(t, int64(3), q.Calls, "separate runs add up")
	assert.Equal(t, map[string]int64{"true": 2, "false": 1}, q.Parameters[usage.InQuery]["archived"].Values)
	assert.Equal(t, map[string]int64{"DCIntSched": 1, "Other": 1},
		ab.Operations["createQueuedGuestVisit"].Parameters[usage.InQuery]["product"].Values)
	assert.Equal(t, []string{"run-a", "run-b"}, ab.Sources)
	assert.False(t, ab.Approximate)

	// Two merges that share run b but not a or c cannot be added exactly.
	bc := merge(t, b, c)
	abc := merge(t, ab, bc)
	assert.True(t, abc.Approximate)
	assert.Equal(t, int64(3), abc.Operations["getAssignmentQualifiers"].Calls, "a lower bound: the larger count")
	assert.Equal(t, doc(t, abc), doc(t, merge(t, bc, ab)))
	assert.Equal(t, []string{"run-a", "run-b", "run-c"}, abc.Sources)
}

// A profile written by hand has no source: it is named by its content, so
// merging it twice still changes nothing.
func TestMergeOfProfilesWithoutSources(t *testing.T) {
	a := build(t, "x", qualifiers("true", 200))
	a.Sources = nil
	m := merge(t, a, a)
	assert.Equal(t, int64(1), m.Operations["getAssignmentQualifiers"].Calls)
	_, err := usage.Merge(a, &usage.Profile{Version: 2})
	assert.Error(t, err)
}

// The profile keeps aggregates with caps: a client sending ever new field
// names cannot grow it without bound, and the profile says it was cut.
func TestCapsBoundTheProfile(t *testing.T) {
	b := usage.NewBuilder(index(t), "run-caps")
	for i := range usage.MaxRequestFields + 40 {
		e := journal.Entry{OperationID: "searchProviderHistories", Method: "POST", Path: "/v1/reporting/providerhistories", Status: 400,
			RequestBody: json.RawMessage(fmt.Sprintf(`{"field%s":1}`, letters(i)))}
		b.Add(&e)
	}
	op := b.Profile().Operations["searchProviderHistories"]
	assert.Len(t, op.RequestFields, usage.MaxRequestFields)
	assert.Contains(t, op.Truncated, "requestFields")
	assert.Equal(t, int64(usage.MaxRequestFields+40), op.Calls, "calls are still counted")
}

func TestUnknownOperationsAreCountedOnly(t *testing.T) {
	p := build(t, "r", journal.Entry{Method: "GET", Path: "/nope", Status: 404})
	assert.Equal(t, int64(1), p.Unmatched)
	assert.Empty(t, p.Operations)
}

// Fed from the journal's flush, the profile keeps every request even
// after the ring has let it go.
func TestProfileFedByTheJournalOutlivesItsRing(t *testing.T) {
	j := journal.New(journal.Options{Entries: 2})
	b := usage.NewBuilder(index(t), "run-live")
	j.Observe(b.Add)
	for i := range 5 {
		r := httptest.NewRequest("GET", fmt.Sprintf("/api/9/assignmentqualifiers?archived=%t", i%2 == 0), nil)
		c := j.Begin(r, time.Now(), time.Now())
		h := http.Header{"Content-Type": {"application/json"}}
		c.Responded(200, h)
		c.Wrote([]byte(`[{"id":"q1","name":"adult"}]`), h)
		c.SetOperation("getAssignmentQualifiers")
		c.Finish(time.Millisecond)
	}
	require.Len(t, j.List(journal.Filter{}), 2)
	op := b.Profile().Operations["getAssignmentQualifiers"]
	require.NotNil(t, op)
	assert.Equal(t, int64(5), op.Calls)
	assert.Equal(t, map[string]int64{"true": 3, "false": 2}, op.Parameters[usage.InQuery]["archived"].Values)
	assert.Equal(t, int64(5), op.ResponseFields["/[]/name"])
}

func TestReadRefusesLeaksAndOtherVersions(t *testing.T) {
	leaky := `{"version":1,"sources":["r"],"operations":{"createVisitV9":{"calls":1,"statuses":{"200":1},
		"parameters":{"query":{"email":{"sent":1,"values":{"a@b.c":1}}},"header":{"X-Api-Key":{"sent":1,"values":{"k":1}}}},
		"requestFields":{"/patient/gender":{"sent":1,"values":{"female":1}},"/patient/address/state":{"sent":1,"values":{"WA":1}},
		"/visitDetails/visitTypeName":{"sent":1,"values":{"virtual":1}}}}}}`
	_, err := usage.Read(strings.NewReader(leaky))
	require.Error(t, err)
	for _, want := range []string{"query email", "header X-Api-Key", "body /patient/gender", "body /patient/address/state"} {
		assert.Contains(t, err.Error(), want)
	}
	assert.NotContains(t, err.Error(), "visitTypeName", "a public enum field's values are fine")
	assert.NotContains(t, err.Error(), "a@b.c", "the refusal names places, never values")

	_, err = usage.Read(strings.NewReader(`{"version":2,"operations":{}}`))
	assert.ErrorContains(t, err, "version 2")
	_, err = usage.Read(strings.NewReader(`not json`))
	assert.Error(t, err)
}

// letters names i in base 26 (a, b, ... ba, bb): a field name without digits.
func letters(i int) string {
	s := string(rune('a' + i%26))
	for i /= 26; i > 0; i /= 26 {
		s = string(rune('a'+i%26)) + s
	}
	return s
}
