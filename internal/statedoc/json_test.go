package statedoc

import (
	"strings"
	"testing"

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
	d.Patients = []Patient{} // lists are always written, empty or not
	var buf strings.Builder
	require.NoError(t, Encode(&buf, d))
	back, err := Parse([]byte(buf.String()))
	require.NoError(t, err)
	assert.Equal(t, d, back)
}
