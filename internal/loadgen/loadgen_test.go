package loadgen_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/loadgen"
	"github.com/mockdex/mockdex/mockdextest"
)

// run loads an in-process mock with a small count bound and a duration
// long enough that the count bound is the one that ends the run.
func run(t *testing.T, mix loadgen.Mix, requests int) *loadgen.Report {
	t.Helper()
	m := mockdextest.NewServer(t)
	report, err := loadgen.Run(context.Background(), loadgen.Config{
		BaseURL: m.URL, Requests: requests, Duration: 5 * time.Minute, Concurrency: 4, Mix: mix,
	})
	require.NoError(t, err)
	return report
}

func TestRunCountsEveryRequest(t *testing.T) {
	for _, mix := range []loadgen.Mix{loadgen.MixRead, loadgen.MixWrite, loadgen.MixMixed} {
		t.Run(string(mix), func(t *testing.T) {
			r := run(t, mix, 300)
			assert.Equal(t, 300, r.Requests, "the run stops at the count bound")
			assert.Equal(t, "requests", r.StoppedBy)
			perOp, statuses := 0, 0
			for _, op := range r.Operations {
				perOp += op.Requests
				for _, n := range op.Statuses {
					statuses += n
				}
				o := op.Outcomes
				assert.Equal(t, op.Requests, o.OK+o.Busy+o.Evicted+o.NotBuilt+o.Errors, "%s: every answer has one outcome", op.OperationID)
			}
			assert.Equal(t, 300, perOp, "operations add up to the total")
			assert.Equal(t, 300, statuses, "every request's status is tallied")
			assert.Zero(t, r.Outcomes.Errors, "the mix's requests are all valid: %+v", r.Operations)
		})
	}
}

func TestReadMixCoversEveryReadOperation(t *testing.T) {
	r := run(t, loadgen.MixRead, 140)
	got := map[string]int{}
	for _, op := range r.Operations {
		got[op.OperationID] = op.Statuses[http.StatusOK]
	}
	// Weights 3,3,1,1,2,2,2 over a cycle of 14: 140 requests is ten cycles.
	assert.Equal(t, map[string]int{
		"getPractice": 30, "getAvailabilityAndWaitTimes": 30, "getAssignmentQualifiers": 10, "getModalities": 10,
		"getAvrReportStatus": 20, "searchProviderHistories": 20, "getSingleProviderTimeslots": 20,
	}, got)
}

// Sixteen visits fill WA's queue: under write load creates turn busy, and
// a 409 there is reported as busy, not as an error.
func TestWriteMixReportsBusyApart(t *testing.T) {
	r := run(t, loadgen.MixWrite, 400)
	var create loadgen.Operation
	for _, op := range r.Operations {
		if op.OperationID == "createVisitV9" {
			create = op
		}
	}
	require.NotZero(t, create.Requests)
	assert.Positive(t, create.Statuses[http.StatusConflict], "queues fill up: %v", create.Statuses)
	assert.Equal(t, create.Statuses[http.StatusConflict], create.Outcomes.Busy)
	assert.Zero(t, create.Outcomes.Errors)
}

func TestRunStopsAtTheDuration(t *testing.T) {
	m := mockdextest.NewServer(t)
	r, err := loadgen.Run(context.Background(), loadgen.Config{
		BaseURL: m.URL, Requests: 1 << 30, Duration: 300 * time.Millisecond, Concurrency: 2,
	})
	require.NoError(t, err)
	assert.Equal(t, "duration", r.StoppedBy)
	assert.Less(t, r.Requests, 1<<30)
	assert.Positive(t, r.Requests)
}

func TestRunRefusesOtherAddresses(t *testing.T) {
	for _, url := range []string{"http://10.0.0.1:8080", "https://example.com", "http://192.168.1.10", "http://[2001:db8::1]:80", "http://127.0.0.1.example.com"} {
		_, err := loadgen.Run(context.Background(), loadgen.Config{BaseURL: url, Requests: 1})
		assert.ErrorIs(t, err, loadgen.ErrNotLoopback, url)
	}
}

func TestCheckLoopback(t *testing.T) {
	for url, ok := range map[string]bool{
		"http://127.0.0.1:8080": true, "http://127.3.4.5": true, "http://[::1]:8080": true,
		"http://localhost:8080": true, "https://LOCALHOST": true,
		"http://10.0.0.1:8080": false, "http://example.com": false, "http://0.0.0.0:8080": false,
		"ftp://127.0.0.1": false, "127.0.0.1:8080": false, "": false,
	} {
		err := loadgen.CheckLoopback(url)
		assert.Equal(t, ok, err == nil, "%q: %v", url, err)
	}
}

func TestRunReportsAnUnreachableMock(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	url := "http://" + l.Addr().String()
	require.NoError(t, l.Close())
	_, err = loadgen.Run(context.Background(), loadgen.Config{BaseURL: url, Requests: 10})
	assert.ErrorIs(t, err, loadgen.ErrUnreachable)
}

// A mock that has not built an operation answers 501: reported as not
// built. A 409 anywhere but a visit create is unexpected: an error.
func TestRunSortsOutcomes(t *testing.T) {
	stub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/_mockdex/clock":
			io.WriteString(w, `{"now":"2024-06-03T16:00:00Z"}`)
		case "/api/8/reporting/allvisitsreport":
			io.WriteString(w, `{"id":"00000000-0000-4000-8000-000000000001"}`)
		case "/api/9/modalities":
			w.WriteHeader(http.StatusConflict)
		case "/api/9/assignmentqualifiers":
			w.WriteHeader(http.StatusOK)
		default:
			w.WriteHeader(http.StatusNotImplemented)
		}
	}))
	defer stub.Close()
	r, err := loadgen.Run(context.Background(), loadgen.Config{BaseURL: stub.URL, Requests: 140, Duration: time.Minute})
	require.NoError(t, err)
	assert.Equal(t, loadgen.Outcomes{OK: 10, Errors: 10, NotBuilt: 120}, r.Outcomes)
}

// The caller's context ending (Ctrl-C) stops the run; here the stub ends
// it at its 50th load request, so the stop does not depend on timing.
func TestRunStopsWhenInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var seen atomic.Int64
	stub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/_mockdex/clock":
			io.WriteString(w, `{"now":"2024-06-03T16:00:00Z"}`)
		case "/api/8/reporting/allvisitsreport":
			io.WriteString(w, `{"id":"00000000-0000-4000-8000-000000000001"}`)
		default:
			if seen.Add(1) == 50 {
				cancel()
			}
		}
	}))
	defer stub.Close()
	r, err := loadgen.Run(ctx, loadgen.Config{BaseURL: stub.URL, Requests: 1 << 30, Duration: time.Hour, Concurrency: 2})
	require.NoError(t, err)
	assert.Equal(t, "interrupt", r.StoppedBy)
	assert.GreaterOrEqual(t, r.Requests, 50)
	assert.Equal(t, r.Requests, r.Outcomes.OK, "requests in flight at the stop are counted")
}
