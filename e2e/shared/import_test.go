package shared

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/statedoc"
)

// A big state document is decoded as it arrives, one import at a time:
// three PUTs of it at once (into one namespace, so one world is kept)
// cost the process a small multiple of the document's size at the peak,
// not the document several times over.
func TestLargeStateImportCostsASmallMultipleOfItsSize(t *testing.T) {
	visits := 12_000 // about 30 MB of document
	if os.Getenv("MOCKDEX_SOAK") == "1" {
		visits = 45_000 // about 100 MB, the size
	}
	p := start(t, "--history-days", "1", "--fixtures", roomyFixtures(t), "--max-visits", "100000")
	_, _, err := p.createGuest("seed")
	require.NoError(t, err)
	status, body := p.do("GET", "/_mockdex/state", "seed", "")
	require.Equal(t, http.StatusOK, status)
	doc := manyVisits(t, body, visits)
	before := p.peakRSS()

	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status, body := p.do("PUT", "/_mockdex/state", "big", string(doc))
			assert.Equal(t, http.StatusOK, status, "%.300s", body)
		}()
	}
	wg.Wait()
	peak := p.peakRSS()
	grew := peak - before
	t.Logf("three PUTs of a %d MiB document (%d visits) at once: peak RSS %d MiB, %.1f times the document over the %d MiB before",
		len(doc)>>20, visits, peak>>20, float64(grew)/float64(len(doc)), before>>20)
	assert.Less(t, grew, int64(len(doc))*8, "imports of a document cost a small multiple of its size, one at a time")
	assert.Len(t, p.visitIDs("big"), visits+1)
}

// manyVisits is the exported document seed (one guest visit) with the
// visit, its patient and its events copied to n visits.
func manyVisits(t *testing.T, seed []byte, n int) []byte {
	t.Helper()
	d, err := statedoc.Parse(seed)
	require.NoError(t, err)
	require.Len(t, d.Visits, 1)
	v, pat, evs := d.Visits[0], d.Patients[0], d.Events
	for i := 0; i < n; i++ {
		id, guid := uuid.NewString(), uuid.NewString()
		c := v
		c.ID, c.PatientGUID, c.UserID = id, guid, guid
		d.Visits = append(d.Visits, c)
		pc := pat
		pc.PatientGUID = guid
		d.Patients = append(d.Patients, pc)
		for _, e := range evs {
			if e.VisitID == v.ID {
				e.VisitID = id
				d.Events = append(d.Events, e)
			}
		}
	}
	var out bytes.Buffer
	require.NoError(t, statedoc.Encode(&out, d))
	require.True(t, json.Valid(out.Bytes()))
	require.False(t, strings.Contains(out.String(), "\n{"))
	return out.Bytes()
}
