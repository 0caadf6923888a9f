package statedoc

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/apierr"
)

func TestDecodeRefusesBadJSON(t *testing.T) {
	for _, c := range []struct{ doc, field, says string }{
		{`{"format":"other","version":1}`, "format", `want "mockdex-state"`},
		{`{"format":"mockdex-state","version":7}`, "version", "reads version 1"},
		{`{"format":"mockdex-state","version":1,"visits":[{"id":`, "document", "truncated"},
		{`{"format":"mockdex-state","version":1,"visits":{}}`, "visits", "want []statedoc.Visit"},
		{`{"format":"mockdex-state","version":1,"surprise":1}`, "document", "unknown field"},
		{`not json`, "document", "not JSON"},
		{`{"format":"mockdex-state","version":1} {"format":"mockdex-state"}`, "document", "more after its end"},
		{`{"format":"mockdex-state","version":1}]`, "document", "more after its end"},
		{`{"format":"mockdex-state","version":1,"visits":[],"visits":[]}`, "document", "given twice"},
		{`{"format":"mockdex-state","version":1,"visits":[{"id":7}]}`, "visits[0].id", "want string"},
		{`{"format":"mockdex-state","version":1,"visits":[{"idd":"x"}]}`, "visits[0]", "unknown field"},
		{`{"format":"mockdex-state","version":1`, "document", "truncated"},
	} {
		_, err := Decode(strings.NewReader(c.doc))
		require.Error(t, err, c.doc)
		e := apierr.As(err)
		assert.Equal(t, c.field, e.Field, c.doc)
		assert.Contains(t, e.Message, c.says, c.doc)
	}
}

// What Encode streams, Parse reads back the same.
func TestEncodeParseRoundTrip(t *testing.T) {
	d := small()
	d.Control = []byte(`{"clock":{}}`)
	d.UnmatchedSessionEvents = 2
	d.Timeline = &Timeline{Start: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), Events: []byte(`[{"at":"8h","region":"WA"}]`),
		Fired: []FiredEvent{{ID: "e1", At: time.Date(2026, 3, 2, 17, 0, 0, 0, time.UTC)}}, Calls: map[string]int{"createVisitV9": 3}}
	d.Patients = []Patient{} // lists are always written, empty or not
	var buf strings.Builder
	require.NoError(t, Encode(&buf, d))
	back, err := Parse([]byte(buf.String()))
	require.NoError(t, err)
	assert.Equal(t, d, back)
}

// A document is read one list element at a time, and Check runs between
// them: its error stops the read as it is.
func TestDecodeWithCheckStops(t *testing.T) {
	d := small()
	var buf strings.Builder
	require.NoError(t, Encode(&buf, d))
	calls := 0
	stop := errors.New("full")
	_, err := DecodeWith(strings.NewReader(buf.String()), DecodeOptions{CheckEvery: 2, Check: func() error {
		calls++
		return stop
	}})
	assert.Same(t, stop, err)
	assert.Equal(t, 1, calls)
}
