package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/spec"
)

// The README's operation table is the one the spec gives: an operation
// added, removed or moved to another host in spec/dexcare.yaml fails here
// until the table is regenerated.
func TestREADMETableIsTheSpecs(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	table := specTable(t)
	want, err := Replace(string(readme), table)
	require.NoError(t, err)
	if want != string(readme) {
		t.Errorf("README.md's operation table differs from spec/dexcare.yaml: run `go run ./tools/optable`; the table should be:\n%s", table)
	}
}

func specTable(t *testing.T) string {
	t.Helper()
	doc, err := spec.Load()
	require.NoError(t, err)
	table, err := Table(doc)
	require.NoError(t, err)
	return table
}

// Every operation of the spec is a row, with its host and credentials.
func TestTableRowsAreTheOperations(t *testing.T) {
	doc, err := spec.Load()
	require.NoError(t, err)
	ops := 0
	for _, item := range doc.Paths.Map() {
		ops += len(item.Operations())
	}
	table := specTable(t)
	lines := strings.Split(strings.TrimSpace(table), "\n")
	assert.Len(t, lines, 2+ops, "a header, a rule and a row per operation")
	for _, want := range []string{
		"| POST | `/api/9/visits` | `createVisitV9` | ecvapi | `Bearer` JWT |",
		"| POST | `/api/8/reporting/allvisitsreport` | `startAvrReport` | reporting | `dc-token` |",
		"| GET | `/v5/providers/{npid}/timeslots` | `getSingleProviderTimeslots` | api | `x-api-key` |",
		"| POST | `/api/9/tokbox-events` | `processTokboxSessionEvents` | ecvapi | none |",
		"| GET | `/retail` | `getRetailSchedulingPage` | web | none |",
	} {
		assert.Contains(t, lines, want)
	}
}

func TestReplaceNeedsTheMarkers(t *testing.T) {
	_, err := Replace("# no table here\n", "| a |\n")
	assert.Error(t, err)
	got, err := Replace("x\n"+begin+"\nold\n"+end+"\ny\n", "| new |\n")
	require.NoError(t, err)
	assert.Equal(t, "x\n"+begin+"\n| new |\n"+end+"\ny\n", got)
}
