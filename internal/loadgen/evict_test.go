package loadgen_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/loadgen"
)

// evictingTier keeps the newest keep report jobs, as a mock started with
// --max-reports does once its jobs have finished, and forgets every job
// at the forgetAt-th status poll, as a reset does.
type evictingTier struct {
	keep, forgetAt int

	mu      sync.Mutex // guards the fields below
	ids     []string
	started int
	evicted int
	polls   int
}

const avrPath = "/api/8/reporting/allvisitsreport"

func (e *evictingTier) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	switch {
	case r.URL.Path == "/_mockdex/clock":
		io.WriteString(w, `{"now":"2024-06-03T16:00:00Z"}`)
	case r.URL.Path == avrPath:
		e.started++
		id := fmt.Sprintf("00000000-0000-4000-8000-%012d", e.started)
		if e.ids = append(e.ids, id); len(e.ids) > e.keep {
			e.ids, e.evicted = e.ids[1:], e.evicted+1
		}
		fmt.Fprintf(w, `{"id":%q}`, id)
	case strings.HasPrefix(r.URL.Path, avrPath+"/"):
		if e.polls++; e.polls == e.forgetAt {
			e.evicted, e.ids = e.evicted+len(e.ids), nil
		}
		if !slices.Contains(e.ids, strings.TrimPrefix(r.URL.Path, avrPath+"/")) {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		io.WriteString(w, `{"status":"SUCCEEDED"}`)
	default:
		io.WriteString(w, `{}`)
	}
}

func runAgainst(t *testing.T, tier *evictingTier, mix loadgen.Mix, requests int) loadgen.Operation {
	t.Helper()
	hs := httptest.NewServer(tier)
	defer hs.Close()
	// One worker: every status poll follows the answer before it, so
	// the counts below are exact.
	r, err := loadgen.Run(context.Background(), loadgen.Config{BaseURL: hs.URL, Requests: requests, Duration: time.Minute, Concurrency: 1, Mix: mix})
	require.NoError(t, err)
	assert.Zero(t, r.Outcomes.Errors, "an evicted job's 404 is not an error: %+v", r.Operations)
	for _, op := range r.Operations {
		if op.OperationID == "getAvrReportStatus" {
			return op
		}
	}
	t.Fatal("no status polls")
	return loadgen.Operation{}
}

// The write mix starts jobs and the mock evicts the old ones: each
// evicted job answers 404 once, is counted as evicted, and leaves the
// rotation, which goes on polling the jobs still kept.
func TestEvictedReportsLeaveThePollRotation(t *testing.T) {
	tier := &evictingTier{keep: 2}
	status := runAgainst(t, tier, loadgen.MixMixed, 380)
	assert.Positive(t, tier.evicted, "the run must evict jobs to test anything")
	assert.Positive(t, status.Outcomes.Evicted)
	assert.LessOrEqual(t, status.Outcomes.Evicted, tier.evicted, "an evicted job is polled once, then dropped")
	assert.Equal(t, status.Statuses[http.StatusNotFound], status.Outcomes.Evicted)
	assert.Equal(t, status.Requests-status.Outcomes.Evicted, status.Statuses[http.StatusOK])
}

// A mock reset under the run forgets every job: once the rotation is
// empty a job is started again, so later polls are answered.
func TestAnEmptyRotationStartsAJob(t *testing.T) {
	tier := &evictingTier{keep: 1000, forgetAt: 10}
	// The read mix starts no job; 280 requests poll 40 times.
	status := runAgainst(t, tier, loadgen.MixRead, 280)
	assert.Equal(t, 40, status.Requests)
	assert.Equal(t, 1, status.Outcomes.Evicted, "the forgotten setup job, once")
	assert.Equal(t, 39, status.Statuses[http.StatusOK])
	assert.Equal(t, 2, tier.started, "setup's job, and one when the rotation emptied")
}

// A mock at its caps refuses creates and report starts with 507: busy,
// as designed, not errors.
func TestCapsAreBusyNotErrors(t *testing.T) {
	var mu sync.Mutex
	starts := 0
	stub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		switch r.URL.Path {
		case "/_mockdex/clock":
			io.WriteString(w, `{"now":"2024-06-03T16:00:00Z"}`)
		case avrPath:
			if starts++; starts > 1 { // setup's start is answered
				w.WriteHeader(http.StatusInsufficientStorage)
				return
			}
			io.WriteString(w, `{"id":"00000000-0000-4000-8000-000000000001"}`)
		default:
			w.WriteHeader(http.StatusInsufficientStorage)
		}
	}))
	defer stub.Close()
	r, err := loadgen.Run(context.Background(), loadgen.Config{BaseURL: stub.URL, Requests: 50, Duration: time.Minute, Mix: loadgen.MixWrite})
	require.NoError(t, err)
	assert.Equal(t, loadgen.Outcomes{Busy: 50}, r.Outcomes)
}
