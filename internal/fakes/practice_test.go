package fakes_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWindowsKeepLocalHoursAcrossDST(t *testing.T) {
	w := newWorld(t)
	p, ok := w.Fixtures.Practice(practice)
	require.True(t, ok)
	or, ok := p.RegionByCode("or") // 07:00-19:00 in Portland
	require.True(t, ok)
	// Friday 2024-11-01: the clocks go back on Sunday the 3rd.
	ws := or.Windows(time.Date(2024, 11, 1, 15, 0, 0, 0, time.UTC), 7)
	require.Len(t, ws, 7)
	assert.Equal(t, time.Date(2024, 11, 1, 14, 0, 0, 0, time.UTC), ws[0].Start, "07:00 PDT")
	assert.Equal(t, time.Date(2024, 11, 4, 15, 0, 0, 0, time.UTC), ws[3].Start, "07:00 PST")
}

func TestWindowsDropEndedOnes(t *testing.T) {
	w := newWorld(t)
	p, _ := w.Fixtures.Practice(practice)
	or, _ := p.RegionByCode("OR")
	late := time.Date(2024, 6, 4, 3, 0, 0, 0, time.UTC) // 20:00 in Portland, closed
	ws := or.Windows(late, 7)
	require.Len(t, ws, 6, "today's window is over")
	assert.Equal(t, time.Date(2024, 6, 4, 14, 0, 0, 0, time.UTC), ws[0].Start)
	assert.False(t, or.OpenAt(late))
	assert.True(t, or.OpenAt(ws[0].Start))
	assert.False(t, or.OpenAt(ws[0].End), "the end is exclusive")
}
