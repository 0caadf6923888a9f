package fakes

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// worldWithVisits has n virtual visits all created at the same instant
// (so paging must break ties by id) and one booking.
func worldWithVisits(t testing.TB, n int) *World {
	w := &World{Fixtures: &Fixtures{}, Visits: NewVisitStore()}
	for i := 0; i < n; i++ {
		w.Visits.Add(Visit{ID: fmt.Sprintf("v%06d", i), Kind: KindVirtual, Created: t0,
			VisitReason: "line one\nline \"two\", three",
			Timeline:    []Transition{{Status: StatusRequested, At: t0}}})
	}
	w.Visits.Add(Visit{ID: "b1", Kind: KindProviderBooking, Created: t0})
	return w
}

func TestWriteAVRPagesThroughTiesExactlyOnce(t *testing.T) {
	w := worldWithVisits(t, 3*avrChunk+5)
	var buf bytes.Buffer
	r := Report{Type: "virtual", From: t0, To: t0.Add(time.Hour)}
	require.NoError(t, w.WriteAVR(&buf, r, t0.Add(time.Minute)))
	rows, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 1+3*avrChunk+5)
	for i, row := range rows[1:] {
		assert.Equal(t, fmt.Sprintf("v%06d", i), row[0])
	}
	assert.Equal(t, "line one\nline \"two\", three", rows[1][26], "RFC 4180 quoting round-trips")
}

func TestWriteAVRLeavesOutVisitsAfterSuccess(t *testing.T) {
	w := worldWithVisits(t, 2)
	w.Visits.Add(Visit{ID: "late", Kind: KindGuest, Created: t0.Add(2 * time.Minute)})
	var buf bytes.Buffer
	r := Report{Type: "virtual", From: t0, To: t0.Add(time.Hour)}
	require.NoError(t, w.WriteAVR(&buf, r, t0.Add(time.Minute)))
	rows, _ := csv.NewReader(&buf).ReadAll()
	assert.Len(t, rows, 3)
	assert.NotContains(t, buf.String(), "late")
}

// countingWriter sees how the CSV arrives.
type countingWriter struct{ writes, largest int }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.writes++
	c.largest = max(c.largest, len(p))
	return len(p), nil
}

func TestWriteAVRStreams(t *testing.T) {
	w := worldWithVisits(t, 10_000)
	var cw countingWriter
	require.NoError(t, w.WriteAVR(&cw, Report{Type: "virtual", From: t0, To: t0.Add(time.Hour)}, t0.Add(time.Minute)))
	assert.Greater(t, cw.writes, 100, "written as it is built")
	assert.LessOrEqual(t, cw.largest, 8192, "never the whole report in one buffer")
}

// BenchmarkWriteAVR100k streams a 100,000-row report; B/op is the total
// garbage, and the live heap stays at one chunk of rows.
//
//	go test ./internal/fakes/ -run '^$' -bench WriteAVR -benchmem
func BenchmarkWriteAVR100k(b *testing.B) {
	w := worldWithVisits(b, 100_000)
	r := Report{Type: "virtual", From: t0, To: t0.Add(time.Hour)}
	for i := 0; i < b.N; i++ {
		if err := w.WriteAVR(io.Discard, r, t0.Add(time.Minute)); err != nil {
			b.Fatal(err)
		}
	}
}

// heapProbe measures the live heap halfway through the CSV.
type heapProbe struct {
	writes, probeAt int
	bytes           int
	live            uint64
}

func (h *heapProbe) Write(p []byte) (int, error) {
	h.writes++
	h.bytes += len(p)
	if h.writes == h.probeAt {
		h.live = liveHeap()
	}
	return len(p), nil
}

func liveHeap() uint64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

func TestWriteAVR100kHoldsOneChunk(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 100,000 visits")
	}
	w := worldWithVisits(t, 100_000)
	r := Report{Type: "virtual", From: t0, To: t0.Add(time.Hour)}
	var count countingWriter
	require.NoError(t, w.WriteAVR(&count, r, t0.Add(time.Minute)))
	before := liveHeap()
	probe := &heapProbe{probeAt: count.writes / 2}
	require.NoError(t, w.WriteAVR(probe, r, t0.Add(time.Minute)))
	growth := int64(probe.live) - int64(before)
	t.Logf("CSV %d bytes; live heap grew %d bytes midway", probe.bytes, growth)
	assert.Less(t, growth, int64(probe.bytes/20), "the report is never held in memory")
}
