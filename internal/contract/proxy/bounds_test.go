package proxy_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/contract/proxy"
	"github.com/mockdex/mockdex/internal/scenarios"
)

// hugeTier answers every request with size bytes of JSON-looking text,
// written from one small buffer.
func hugeTier(t *testing.T, size int64) string {
	t.Helper()
	chunk := bytes.Repeat([]byte(`{"id":"x"},`), 3000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
		for left := size; left > 0; {
			n := min(left, int64(len(chunk)))
			if _, err := w.Write(chunk[:n]); err != nil {
				return
			}
			left -= n
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// A huge answer streams through in bounded memory: the proxy keeps at
// most MaxCapture bytes of it, never the whole.
func TestHugeAnswerInBoundedMemory(t *testing.T) {
	const size = 64 << 20
	p, url := start(t, proxy.Options{Upstreams: map[scenarios.Host]string{scenarios.API: hugeTier(t, size)}})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	resp, err := http.Get(url + "/api/9/modalities")
	require.NoError(t, err)
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	assert.Equal(t, int64(size), n, "every byte reaches the app")
	runtime.ReadMemStats(&after)
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("allocated %d KiB passing %d MiB through", allocated>>10, size>>20)
	assert.Less(t, allocated, uint64(16<<20), "allocated %d MiB passing %d MiB through", allocated>>20, size>>20)
	rep := settled(t, p)
	assert.Empty(t, rep.Findings, "an answer too large to judge is passed on, not judged: %+v", rep.Findings)
}

// Past MaxBody the answer is cut: the app's read fails rather than
// ending early as if whole, and the report says so.
func TestAnswerPastMaxBodyIsCut(t *testing.T) {
	p, url := start(t, proxy.Options{Upstreams: map[scenarios.Host]string{scenarios.API: hugeTier(t, 8<<20)}, MaxBody: 1 << 20})
	resp, err := http.Get(url + "/api/9/modalities")
	require.NoError(t, err)
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	assert.Error(t, err, "a cut answer is not a complete one")
	assert.LessOrEqual(t, n, int64(1<<20))
	assert.Len(t, findingsOf(settled(t, p), proxy.RuleAnswerTooLarge), 1)
}

// fakeClock is a clock the test moves; Sleep moves it instead of waiting.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *fakeClock) Sleep(_ context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return nil
}

// The tier's 429 reaches the app unchanged, and the proxy then holds the
// app's next requests back for the Retry-After itself instead of sending
// them on: the tier sees one request.
func TestTiersRetryAfterIsHonoured(t *testing.T) {
	var hits atomic.Int32
	tier := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Retry-After", "30")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"message":"Too Many Requests"}`)
	}))
	t.Cleanup(tier.Close)
	clk := &fakeClock{now: time.Date(2024, 6, 3, 16, 0, 0, 0, time.UTC)}
	_, url := start(t, proxy.Options{Upstreams: map[scenarios.Host]string{scenarios.API: tier.URL}, Now: clk.Now, Sleep: clk.Sleep})

	resp, body := call(t, "GET", url+"/api/9/modalities", "")
	assert.Equal(t, 429, resp.StatusCode)
	assert.Equal(t, "30", resp.Header.Get("Retry-After"))
	assert.JSONEq(t, `{"message":"Too Many Requests"}`, string(body), "the tier's own answer")
	assert.Empty(t, resp.Header.Get(proxy.MarkHeader))

	resp, _ = call(t, "GET", url+"/api/9/modalities", "")
	assert.Equal(t, 429, resp.StatusCode)
	assert.Equal(t, proxy.MarkRateLimited, resp.Header.Get(proxy.MarkHeader))
	assert.Equal(t, "30", resp.Header.Get("Retry-After"))
	assert.Equal(t, int32(1), hits.Load(), "held back, not sent")

	clk.Sleep(context.Background(), 31*time.Second)
	call(t, "GET", url+"/api/9/modalities", "")
	assert.Equal(t, int32(2), hits.Load(), "sent again once the Retry-After passed")
}

// The client-side limit spaces requests: at 2 per second the third in a
// burst waits a second, and one that would wait past MaxWait is refused.
func TestClientSideRateLimit(t *testing.T) {
	var hits atomic.Int32
	tier := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `[]`)
	}))
	t.Cleanup(tier.Close)
	clk := &fakeClock{now: time.Date(2024, 6, 3, 16, 0, 0, 0, time.UTC)}
	frozen := func() time.Time { return time.Date(2024, 6, 3, 16, 0, 0, 0, time.UTC) } // a burst: no time passes
	_, url := start(t, proxy.Options{Upstreams: map[scenarios.Host]string{scenarios.API: tier.URL},
		RPS: 2, MaxWait: 1500 * time.Millisecond, Now: frozen, Sleep: clk.Sleep})
	start := clk.Now()
	for range 4 {
		call(t, "GET", url+"/api/9/modalities", "")
	}
	assert.Equal(t, int32(4), hits.Load())
	assert.Equal(t, 500*time.Millisecond+time.Second+1500*time.Millisecond, clk.Now().Sub(start), "waits of 0, 0.5, 1 and 1.5 s")
	resp, _ := call(t, "GET", url+"/api/9/modalities", "")
	assert.Equal(t, 429, resp.StatusCode, "the fifth would wait 2 s, past MaxWait")
	assert.Equal(t, proxy.MarkRateLimited, resp.Header.Get(proxy.MarkHeader))
	assert.Equal(t, "2", resp.Header.Get("Retry-After"))
	assert.Equal(t, int32(4), hits.Load())
}
