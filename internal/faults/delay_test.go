package faults_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/faults"
)

// waits draws n delays of the fault through a store seeded with seed.
func waits(t *testing.T, seed int64, body string, n int) []time.Duration {
	s := faults.NewStore(seed)
	s.Add(parse(t, body))
	out := make([]time.Duration, n)
	for i := range out {
		hit, ok := take(s, "getModalities")
		require.True(t, ok)
		out[i] = hit.Wait
	}
	return out
}

// Drawn delays stay in their bounds, spread out, and come again with
// the same seed.
func TestDrawnDelays(t *testing.T) {
	uniform := `{"operationId":"getModalities","delay":{"uniform":{"min":"100ms","max":"300ms"}}}`
	u := waits(t, 7, uniform, 200)
	assert.Equal(t, u, waits(t, 7, uniform, 200), "the same seed, the same waits")
	assert.NotEqual(t, u, waits(t, 8, uniform, 200))
	lo, hi := u[0], u[0]
	for _, d := range u {
		require.GreaterOrEqual(t, d, 100*time.Millisecond)
		require.LessOrEqual(t, d, 300*time.Millisecond)
		lo, hi = min(lo, d), max(hi, d)
	}
	assert.Less(t, lo, 120*time.Millisecond, "uniform reaches near its floor")
	assert.Greater(t, hi, 280*time.Millisecond, "and near its ceiling")

	l := waits(t, 7, `{"operationId":"getModalities","delay":{"lognormal":{"median":"200ms","sigma":0.5}}}`, 400)
	below := 0
	for _, d := range l {
		require.Greater(t, d, time.Duration(0))
		require.LessOrEqual(t, d, faults.MaxDelay)
		if d < 200*time.Millisecond {
			below++
		}
	}
	assert.InDelta(t, 200, below, 40, "about half the draws fall below the median")

	capped := waits(t, 1, `{"operationId":"getModalities","delay":{"lognormal":{"median":"9m","sigma":4}}}`, 50)
	for _, d := range capped {
		require.LessOrEqual(t, d, faults.MaxDelay, "a draw never exceeds the cap")
	}
}

func TestDelayJSONRoundTrips(t *testing.T) {
	for _, body := range []string{
		`{"operationId":"getModalities","delay":"2s"}`,
		`{"operationId":"getModalities","delay":{"uniform":{"min":"100ms","max":"2s"}}}`,
		`{"operationId":"getModalities","delay":{"lognormal":{"median":"500ms","sigma":0.5}}}`,
	} {
		f := parse(t, body)
		data, err := json.Marshal(f)
		require.NoError(t, err)
		var again struct {
			Delay json.RawMessage `json:"delay"`
		}
		require.NoError(t, json.Unmarshal(data, &again))
		var sent struct {
			Delay json.RawMessage `json:"delay"`
		}
		require.NoError(t, json.Unmarshal([]byte(body), &sent))
		assert.JSONEq(t, string(sent.Delay), string(again.Delay), body)
	}
}

// Faults a timeline has open are tried after the store's own, are not
// counted down, and match like any other.
func TestWindowsComeAfterTheStore(t *testing.T) {
	s := faults.NewStore(1)
	window := parse(t, `{"host":"api","status":503}`)
	window.ID = "t1"
	hit, ok := s.Take(callOf("getModalities"), []faults.Fault{window})
	require.True(t, ok)
	assert.Equal(t, "t1", hit.ID)
	_, ok = s.Take(callOf("createVisitV9"), []faults.Fault{window})
	assert.False(t, ok, "an ecvapi call meets no api window")
	s.Add(parse(t, `{"operationId":"getModalities","status":500,"times":1}`))
	hit, _ = s.Take(callOf("getModalities"), []faults.Fault{window})
	assert.Equal(t, "f1", hit.ID)
	hit, _ = s.Take(callOf("getModalities"), []faults.Fault{window})
	assert.Equal(t, "t1", hit.ID)
}
