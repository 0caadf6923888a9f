package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/tools/roomy"
)

// floodVisit is a v9 create for the fixture patient in Washington.
var floodVisit = []byte(`{"patient":{"patientGuid":"233441f4-129f-4d0e-afaa-b3009dbe80c7","firstName":"Flood","lastName":"Test",
 "gender":"other","dateOfBirth":"1970-01-01","phone":"206-555-0100","email":"flood@example.com",
 "address":{"line1":"1 Loopback Way","city":"Seattle","state":"WA","postalCode":"98104"}},
 "billingInfo":{"paymentMethod":"couponcode","couponCode":"flood"},
 "visitDetails":{"practiceId":"6996d161-cd16-4556-9577-f942c3f80c80","stateLicensure":"WA","visitTypeName":"virtual",
 "assignmentQualifiers":["adult"],"visitReason":"visit cap flood","brand":"providence","acceptedTerms":true,"declaration":"self"}}`)

// 200,000 visit attempts against one namespace, with fixtures whose
// queue never refuses: the first 50,000 (the default --max-visits) are
// stored, every later one is answered 507 naming the limit, and the
// process stays under 400 MB resident. It takes a minute or more, so it
// runs only when asked:
//
//	MOCKDEX_FLOOD=1 go test -run TestVisitFloodStaysUnderTheCap -v ./cmd/mockdex/
func TestVisitFloodStaysUnderTheCap(t *testing.T) {
	if os.Getenv("MOCKDEX_FLOOD") == "" {
		t.Skip("set MOCKDEX_FLOOD=1 to run the 200,000-visit flood")
	}
	dir := filepath.Join(t.TempDir(), "fixtures")
	require.NoError(t, roomy.WriteDir(dir))
	m := startBinary(t, mockdexBinary(t), "--addr", "127.0.0.1:0", "--fixtures", dir, "--history-days", "0", "--journal-size", "0")
	token, err := auth.Mint(auth.DefaultJWTSecret, "233441f4-129f-4d0e-afaa-b3009dbe80c7", time.Now(), 24*time.Hour)
	require.NoError(t, err)
	t.Logf("RSS at start: %.1f MB", rssMB(t, m.cmd.Process.Pid))

	const attempts, workers = 200_000, 8
	var next, ok, full, other atomic.Int64
	var refusal atomic.Value
	var wg sync.WaitGroup
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= attempts {
				status, body := postVisit(t, m.base, token)
				switch status {
				case http.StatusOK:
					ok.Add(1)
				case http.StatusInsufficientStorage:
					full.Add(1)
					refusal.CompareAndSwap(nil, body)
				default:
					other.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	t.Logf("%d attempts in %s: %d stored, %d refused 507, %d other", attempts, time.Since(start).Round(time.Second), ok.Load(), full.Load(), other.Load())
	rss, peak := rssMB(t, m.cmd.Process.Pid), procMB(t, m.cmd.Process.Pid, "VmHWM:")
	t.Logf("RSS after: %.1f MB (peak %.1f MB); the refusal: %s", rss, peak, refusal.Load())
	assert.EqualValues(t, 50_000, ok.Load())
	assert.EqualValues(t, attempts-50_000, full.Load())
	assert.Zero(t, other.Load())
	assert.Contains(t, refusal.Load(), "50000")
	assert.Less(t, peak, 400.0)
}

func postVisit(t *testing.T, base, token string) (int, string) {
	req, err := http.NewRequest("POST", base+"/api/9/visits", bytes.NewReader(floodVisit))
	if err != nil {
		return 0, err.Error()
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		var out map[string]any
		if json.Unmarshal(b, &out) == nil {
			return resp.StatusCode, strings.TrimSpace(string(b))
		}
	}
	return resp.StatusCode, ""
}
