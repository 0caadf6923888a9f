package faults_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/faults"
)

var ops = []string{"getPractice", "createVisitV9"}

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
	first, ok := s.Take("getPractice")
	require.True(t, ok)
	assert.Equal(t, "f1", first.ID, "faults are tried in the order they were added")
	assert.Equal(t, 1, first.Fired)
	second, _ := s.Take("getPractice")
	assert.Equal(t, "f1", second.ID)
	third, _ := s.Take("getPractice")
	assert.Equal(t, "f2", third.ID, "f1 ran out and removed itself")
	_, ok = s.Take("createVisitV9")
	assert.False(t, ok, "faults apply to their own operation only")
	assert.Len(t, s.List(), 1)
}

func TestProbabilityIsSeeded(t *testing.T) {
	draws := func() []bool {
		s := faults.NewStore(42)
		s.Add(parse(t, `{"operationId":"getPractice","status":503,"probability":0.5}`))
		var out []bool
		for range 40 {
			_, ok := s.Take("getPractice")
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
	_, ok := b.Take("getPractice")
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
		`{"status":503}`:                                             "'operationId' is required",
		`{"operationId":"getPractice"}`:                              "a fault needs a 'status', a 'delay' or both",
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
	assert.Equal(t, ops, bad.Operations, "an unknown operation lists the known ones")
}

func TestFaultJSON(t *testing.T) {
	f := parse(t, `{"operationId":"getPractice","delay":"250ms"}`)
	assert.Equal(t, 250*time.Millisecond, f.Delay)
	b, err := json.Marshal(f)
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"","operationId":"getPractice","delay":"250ms","times":null,"probability":1,"fired":0}`, string(b))
}
