package journal

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2024, 6, 3, 16, 0, 0, 0, time.UTC)

// serve records one request the way the server does: Begin, a handler
// that reads the body through Body and answers through a writer that
// reports to Responded and Wrote, Finish.
func serve(j *Journal, r *http.Request, answer func(w http.ResponseWriter)) {
	c := j.Begin(r, t0, t0)
	r.Body = c.Body(r.Body)
	w := &captureWriter{ResponseWriter: httptest.NewRecorder(), c: c}
	_, _ = io.ReadAll(r.Body)
	answer(w)
	c.SetOperation("op")
	c.Finish(time.Millisecond)
}

func jsonAnswer(status int, body string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

func post(path, body string, headers ...string) *http.Request {
	r := httptest.NewRequest("POST", path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	return r
}

func TestEntryIsRedacted(t *testing.T) {
	j := New(Options{})
	r := post("/api/9/visits?email=ann%40example.org&product=x",
		`{"patient":{"patientGuid":"p1","firstName":"Zelphine"},"billingInfo":{"couponCode":"COUPON-7731"}}`,
		"Authorization", "Bearer eyJsecret", "X-Api-Key", "k-123", "Cookie", "s=1", "X-Session-Token", "t-9",
		"X-Email", "zq@example.org", "Correlation-Id", "trace-42", NamespaceHeader, " team-a ")
	serve(j, r, jsonAnswer(200, `{"visitId":"v1","tokBoxVisit":{"waitingRoomSession":{"sessionId":"S-1"}}}`))

	got := j.List(Filter{})
	require.Len(t, got, 1)
	e := got[0]
	assert.Equal(t, uint64(1), e.Seq)
	assert.Equal(t, "team-a", e.Namespace)
	assert.Equal(t, "trace-42", e.CorrelationID)
	assert.Equal(t, "op", e.OperationID)
	assert.Equal(t, 200, e.Status)
	assert.JSONEq(t, `{"email":"[redacted]","product":"x"}`, string(e.Query))
	assert.Equal(t, `{"patient":{"patientGuid":"p1","firstName":"[redacted]"},"billingInfo":{"couponCode":"[redacted]"}}`, string(e.RequestBody))
	assert.Equal(t, `{"visitId":"v1","tokBoxVisit":{"waitingRoomSession":{"sessionId":"[redacted]"}}}`, string(e.ResponseBody))
	assert.NotContains(t, e.Headers, "Authorization")
	assert.NotContains(t, e.Headers, "X-Api-Key")
	assert.NotContains(t, e.Headers, "Cookie")
	assert.Equal(t, "[redacted]", e.Headers["X-Session-Token"])
	assert.Equal(t, "[redacted]", e.Headers["X-Email"])
	assert.Equal(t, "trace-42", e.Headers["Correlation-Id"])
}

// The raw copies of a query and bodies are zeroed once redacted: the
// journal's memory never keeps the values it masks.
func TestRawCopiesAreZeroedAfterRedaction(t *testing.T) {
	j := New(Options{})
	r := post("/x?firstName=Zelphine", `{"firstName":"Zelphine"}`)
	c := j.Begin(r, t0, t0)
	r.Body = c.Body(r.Body)
	w := &captureWriter{ResponseWriter: httptest.NewRecorder(), c: c}
	_, _ = io.ReadAll(r.Body)
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"lastName":"Quarrington"}`)
	raw := [][]byte{c.query[:cap(c.query)], c.reqBody[:cap(c.reqBody)], c.respBody[:cap(c.respBody)]}
	c.Finish(0)
	j.List(Filter{}) // waits for the worker
	for _, b := range raw {
		assert.NotContains(t, string(b), "Zelphine")
		assert.NotContains(t, string(b), "Quarrington")
		assert.Equal(t, make([]byte, len(b)), b)
	}
}

func TestBoundedByEntries(t *testing.T) {
	j := New(Options{Entries: 3})
	for i := range 5 {
		serve(j, httptest.NewRequest("GET", fmt.Sprintf("/missing/%d", i), nil), jsonAnswer(404, `{}`))
	}
	got := j.List(Filter{})
	require.Len(t, got, 3)
	for i, want := range []string{"/missing/4", "/missing/3", "/missing/2"} {
		assert.Equal(t, want, got[i].Path, "newest first")
	}
	assert.Equal(t, uint64(5), got[0].Seq)
	j.Clear()
	assert.Empty(t, j.List(Filter{}))
	serve(j, httptest.NewRequest("GET", "/after", nil), jsonAnswer(404, `{}`))
	assert.Equal(t, uint64(6), j.List(Filter{})[0].Seq, "sequence numbers are never reused")
}

func TestBoundedByBytes(t *testing.T) {
	const budget = 64 << 10
	j := New(Options{Bytes: budget})
	body := `{"note":"` + strings.Repeat("x", 10000) + `"}`
	for range 50 {
		serve(j, post("/x", body), jsonAnswer(200, body))
	}
	n, size := j.Len()
	assert.LessOrEqual(t, size, int64(budget))
	assert.Equal(t, 2, n, "two 20 KB entries (22.5 KB with the allocator's rounding) fit in 64 KiB, not three")
	assert.Equal(t, uint64(50), j.List(Filter{Limit: 1})[0].Seq, "the newest is kept")
}

func TestHeaderValuesAndBodiesAreCapped(t *testing.T) {
	j := New(Options{HeaderValueLimit: 100, BodyLimit: 1000})
	r := post("/x", `{"a":"`+strings.Repeat("y", 5000)+`"}`, "X-Big", strings.Repeat("h", 1<<20))
	serve(j, r, jsonAnswer(200, `{}`))
	e := j.List(Filter{})[0]
	assert.Equal(t, strings.Repeat("h", 100)+"…", e.Headers["X-Big"])
	assert.Nil(t, e.RequestBody)
	assert.Equal(t, "5008 bytes, over the journal's 1000-byte limit", e.RequestBodyOmitted)
	_, size := j.Len()
	assert.Less(t, size, int64(2000))
}

func TestTooManyHeadersAreCounted(t *testing.T) {
	j := New(Options{})
	r := httptest.NewRequest("GET", "/x", nil)
	for i := range maxHeaders + 6 {
		r.Header.Set(fmt.Sprintf("X-H%d", i), "v")
	}
	serve(j, r, jsonAnswer(200, `{}`))
	e := j.List(Filter{})[0]
	assert.Len(t, e.Headers, maxHeaders)
	assert.Equal(t, 6, e.HeadersOmitted)
}

func TestVerdictFaultAndFlag(t *testing.T) {
	j := New(Options{})
	c := j.Begin(httptest.NewRequest("GET", "/x", nil), t0, t0)
	c.SetVerdict("/query/regionCodes - must not be empty")
	c.SetFault("f1", "status")
	c.FlagResponse()
	c.Finish(0) // nothing written: the client went away
	c2 := j.Begin(httptest.NewRequest("GET", "/y", nil), t0, t0)
	c2.SetVerdict("")
	c2.Finish(0)
	got := j.List(Filter{})
	assert.Equal(t, "ok", got[0].Validation)
	assert.Equal(t, "/query/regionCodes - must not be empty", got[1].Validation)
	assert.True(t, got[1].Faulted)
	assert.Equal(t, "f1", got[1].FaultID)
	assert.True(t, got[1].ResponseFlagged)
	assert.Equal(t, StatusClientGone, got[1].Status)
	assert.Equal(t, "status", got[1].FaultKind)
}

// A reset answers nothing on purpose: its entry says so with status 0
// and the kind, not as a client that hung up.
func TestResetFaultKeepsStatusZero(t *testing.T) {
	j := New(Options{})
	c := j.Begin(httptest.NewRequest("GET", "/x", nil), t0, t0)
	c.SetFault("f2", "reset")
	c.Finish(0)
	e := j.List(Filter{})[0]
	assert.Equal(t, 0, e.Status)
	assert.Equal(t, "reset", e.FaultKind)
	assert.True(t, e.Faulted)
}

func TestUnreadBodyIsNoted(t *testing.T) {
	j := New(Options{})
	r := post("/x", `{"a":1}`)
	c := j.Begin(r, t0, t0)
	c.Finish(0)
	assert.Equal(t, "7 bytes, not read by the mock", j.List(Filter{})[0].RequestBodyOmitted)
}

func TestFilters(t *testing.T) {
	j := New(Options{})
	for i, ns := range []string{"", "a", "a", "b"} {
		r := httptest.NewRequest("GET", "/x", nil)
		if ns != "" {
			r.Header.Set(NamespaceHeader, ns)
		}
		serve(j, r, jsonAnswer(200+i, `{}`))
	}
	in := func(name string) func(string) bool { return func(sent string) bool { return sent == name } }
	assert.Len(t, j.List(Filter{}), 4)
	assert.Len(t, j.List(Filter{InNamespace: in("a")}), 2)
	assert.Len(t, j.List(Filter{InNamespace: in("")}), 1)
	assert.Len(t, j.List(Filter{InNamespace: in("a"), Status: 202}), 1)
	assert.Len(t, j.List(Filter{Limit: 3}), 3)
	assert.Len(t, j.List(Filter{OperationID: "other"}), 0)
	assert.Len(t, j.List(Filter{After: 2}), 2)
	got := j.List(Filter{Seq: 3})
	require.Len(t, got, 1)
	assert.Equal(t, "a", got[0].Namespace)
}

func TestOffJournalRecordsNothing(t *testing.T) {
	j := New(Options{Entries: -1})
	assert.Nil(t, j)
	serve(j, post("/x", `{}`), jsonAnswer(200, `{}`))
	assert.Empty(t, j.List(Filter{}))
	j.Clear()
}

// Many requests at once, with readers: every one is stored exactly once,
// and no worker is left running once the journal is idle.
func TestConcurrentCapturesAllArrive(t *testing.T) {
	j := New(Options{Entries: 10000})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				serve(j, post(fmt.Sprintf("/g%d/%d", g, i), `{"firstName":"x"}`), jsonAnswer(200, `{}`))
				if i%50 == 0 {
					j.List(Filter{Limit: 5})
				}
			}
		})
	}
	wg.Wait()
	n, _ := j.Len()
	assert.Equal(t, 1600, n)
	seen := map[uint64]bool{}
	for _, e := range j.List(Filter{}) {
		assert.False(t, seen[e.Seq])
		seen[e.Seq] = true
	}
	assert.Eventually(t, func() bool { return !j.scheduled.Load() }, time.Second, time.Millisecond, "no flush is left running once idle")
}

// Finish returns as soon as the capture is queued; the worker stores it
// shortly after, without any reader asking.
func TestWorkerStoresWithoutReaders(t *testing.T) {
	j := New(Options{})
	serve(j, post("/x", `{"firstName":"x"}`), jsonAnswer(200, `{}`))
	assert.Eventually(t, func() bool {
		j.mu.Lock()
		defer j.mu.Unlock()
		return j.ring.len() == 1
	}, time.Second, 100*time.Microsecond)
}

// captureWriter reports a response to its capture as the server's
// writer (respond.Recorder) does.
type captureWriter struct {
	http.ResponseWriter
	c *Capture
}

func (w *captureWriter) WriteHeader(code int) {
	w.c.Responded(code, w.Header())
	w.ResponseWriter.WriteHeader(code)
}

func (w *captureWriter) Write(p []byte) (int, error) {
	w.c.Wrote(p, w.Header())
	return w.ResponseWriter.Write(p)
}
