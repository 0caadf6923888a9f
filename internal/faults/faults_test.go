package faults_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/faults"
)

var ops = []faults.Operation{
	{ID: "getPractice", Method: "GET", Path: "/api/8/practices/{practiceId}", Host: "api"},
	{ID: "createVisitV9", Method: "POST", Path: "/api/9/visits", Host: "ecvapi"},
	{ID: "visitSummaryV9", Method: "GET", Path: "/api/9/visits/{visitId}/summary", Host: "ecvapi"},
	{ID: "getModalities", Method: "GET", Path: "/api/9/modalities", Host: "api"},
}

// call is a request as the fault rules see it.
type call struct {
	op, method, path, host, patient string
	query, header                   map[string][]string
	body                            string
}

func (c call) OperationID() string               { return c.op }
func (c call) Method() string                    { return c.method }
func (c call) Path() string                      { return c.path }
func (c call) Host() string                      { return c.host }
func (c call) QueryValues(name string) []string  { return c.query[name] }
func (c call) HeaderValues(name string) []string { return c.header[name] }
func (c call) Patient() string                   { return c.patient }
func (c call) JSON() (any, bool) {
	if c.body == "" {
		return nil, false
	}
	dec := json.NewDecoder(strings.NewReader(c.body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		panic(err)
	}
	return v, true
}

// callOf is a call to the operation, as the spec routes it.
func callOf(opID string) call {
	for _, op := range ops {
		if op.ID == opID {
			return call{op: op.ID, method: op.Method, path: strings.ReplaceAll(strings.ReplaceAll(op.Path, "{practiceId}", "p1"), "{visitId}", "v1"), host: op.Host}
		}
	}
	panic(opID)
}

func take(s *faults.Store, opID string) (faults.Hit, bool) { return s.Take(callOf(opID), nil) }

func parse(t *testing.T, body string) faults.Fault {
	t.Helper()
	f, err := faults.Parse([]byte(body), ops)
	require.NoError(t, err)
	return f
}

func TestTakeCountsDownAndRemoves(t *testing.T) {
	s := faults.NewStore(1)
	s.Add(parse(t, `{"operationId":"getPractice","status":503,"times":2}`))
	s.Add(parse(t, `{"operationId":"getPractice","status":500}`))
	first, ok := take(s, "getPractice")
	require.True(t, ok)
	assert.Equal(t, "f1", first.ID, "faults are tried in the order they were added")
	assert.Equal(t, 1, first.Fired)
	second, _ := take(s, "getPractice")
	assert.Equal(t, "f1", second.ID)
	third, _ := take(s, "getPractice")
	assert.Equal(t, "f2", third.ID, "f1 ran out and removed itself")
	_, ok = take(s, "createVisitV9")
	assert.False(t, ok, "faults apply to their own operation only")
	assert.Len(t, s.List(), 1)
}

func TestProbabilityIsSeeded(t *testing.T) {
	draws := func() []bool {
		s := faults.NewStore(42)
		s.Add(parse(t, `{"operationId":"getPractice","status":503,"probability":0.5}`))
		var out []bool
		for range 40 {
			_, ok := take(s, "getPractice")
			out = append(out, ok)
		}
		return out
	}
	a := draws()
	assert.Equal(t, a, draws(), "the same seed, the same faults")
	assert.Contains(t, a, true)
	assert.Contains(t, a, false)
}

func TestStoresAreSeparate(t *testing.T) {
	a, b := faults.NewStore(1), faults.NewStore(1)
	a.Add(parse(t, `{"operationId":"getPractice","status":503}`))
	_, ok := take(b, "getPractice")
	assert.False(t, ok)
	assert.Equal(t, 1, a.Remove(""))
	assert.Empty(t, a.List())
}

func TestListedFaultsAreCopies(t *testing.T) {
	s := faults.NewStore(1)
	s.Add(parse(t, `{"operationId":"getPractice","status":503,"times":3,"body":{"a":1}}`))
	l := s.List()
	*l[0].Times = 99
	l[0].Body[0] = 'X'
	again := s.List()[0]
	assert.Equal(t, 3, *again.Times)
	assert.JSONEq(t, `{"a":1}`, string(again.Body))
}

func TestParseRefusals(t *testing.T) {
	for body, want := range map[string]string{
		`nope`: "body must be a JSON object",
		`{"operationId":"getPractice","colour":1}`: "unknown field",
		`{"status":503}`:                                             "a fault needs 'operationId', or 'method' and 'path'",
		`{"operationId":"getPractice"}`:                              "a fault needs a 'status', a 'delay'",
		`{"operationId":"getPractice","status":99}`:                  "'status' must be an HTTP status from 200 to 599",
		`{"operationId":"getPractice","delay":"11m"}`:                "'delay' must be a Go duration from 0 to 10m0s",
		`{"operationId":"getPractice","status":200}`:                 "a 'status' below 400 needs a 'body'",
		`{"operationId":"getPractice","body":{}}`:                    "a fault needs a 'status'",
		`{"operationId":"getPractice","delay":"1s","body":{}}`:       "'body' needs a 'status'",
		`{"operationId":"getPractice","status":503,"times":0}`:       "'times' must be at least 1",
		`{"operationId":"getPractice","status":503,"probability":2}`: "'probability' must be from 0 to 1",
	} {
		_, err := faults.Parse([]byte(body), ops)
		require.Error(t, err, body)
		assert.Contains(t, err.Error(), want, body)
	}
	_, err := faults.Parse([]byte(`{"operationId":"nope","status":503}`), ops)
	var bad *faults.BadFault
	require.True(t, errors.As(err, &bad))
	assert.Equal(t, []string{"getPractice", "createVisitV9", "visitSummaryV9", "getModalities"}, bad.Operations, "an unknown operation lists the known ones")
}

func TestFaultJSON(t *testing.T) {
	f := parse(t, `{"operationId":"getPractice","delay":"250ms"}`)
	assert.Equal(t, 250*time.Millisecond, f.Delay.Fixed)
	b, err := json.Marshal(f)
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"","operationId":"getPractice","kind":"delay","delay":"250ms","times":null,"probability":1,"fired":0}`, string(b))
}
