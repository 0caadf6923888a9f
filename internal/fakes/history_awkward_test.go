package fakes

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The seeded history carries the awkward values an importer must survive,
// and the AVR CSV gives each back verbatim to a conforming CSV reader.
func TestHistoryHasAwkwardValuesThatSurviveTheCSV(t *testing.T) {
	w := historyWorld(t, 1, 14)
	var out bytes.Buffer
	for _, typ := range []string{"virtual", "provider_booking", "retail"} {
		require.NoError(t, w.WriteAVR(&out, Report{Type: typ, From: t0.AddDate(0, 0, -15), To: t0}, t0))
	}
	r := csv.NewReader(&out)
	r.FieldsPerRecord = -1 // three reports, three headers
	rows, err := r.ReadAll()
	require.NoError(t, err)
	reason := slices.Index(AVRColumns, "visitReason")
	seen := map[string]bool{}
	for _, row := range rows {
		seen[row[reason]] = true
	}
	for _, want := range histReasons {
		// encoding/csv, like many readers, turns a quoted CRLF into LF.
		want = strings.ReplaceAll(want, "\r\n", "\n")
		assert.True(t, seen[want], "a CSV reader gets %q back", want)
	}
	starts := map[byte]bool{}
	for r := range seen {
		if r != "" {
			starts[r[0]] = true
		}
	}
	for _, c := range []byte("=+-@\t") {
		assert.True(t, starts[c], "a reason starting with %q", c)
	}
}

func TestHistoryGuardiansHaveAwkwardNames(t *testing.T) {
	w := historyWorld(t, 1, 14)
	_, events := w.Events.Search(EventQuery{To: t0, Now: t0, Limit: 1 << 30, Action: ActionBooked})
	names := map[string]bool{}
	for _, e := range events {
		if e.ActorID != e.ProviderID {
			names[e.ActorFirstName+" "+e.ActorLastName] = true
		}
	}
	for _, g := range histGuardians {
		assert.True(t, names[g.FirstName+" "+g.LastName], "%s %s booked for a patient", g.FirstName, g.LastName)
	}
	var nonASCII, comma int
	for n := range names {
		if strings.ContainsFunc(n, func(r rune) bool { return r > 127 }) {
			nonASCII++
		}
		if strings.ContainsAny(n, `,"`) {
			comma++
		}
	}
	assert.NotZero(t, nonASCII)
	assert.NotZero(t, comma)
}
