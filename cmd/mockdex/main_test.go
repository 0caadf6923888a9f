package main

import (
	"bytes"
	"net/http"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/auth"
)

// syncBuffer is written by the server goroutine and read by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServeHealthcheckAndDrain(t *testing.T) {
	t.Setenv("MOCKDEX_SERVICE_KEY", "k3y-that-must-not-leak")
	var stdout, stderr syncBuffer
	ready := make(chan string, 1)
	done := make(chan int, 1)
	go func() {
		done <- serve([]string{"--addr", "127.0.0.1:0", "--history-days", "1"}, &stdout, &stderr, ready)
	}()
	addr := <-ready
	url := "http://" + addr

	assert.Equal(t, exitOK, run([]string{"mockdex", "healthcheck", "--url", url}, &bytes.Buffer{}, &bytes.Buffer{}))

	req, _ := http.NewRequest("POST", url+"/api/8/reporting/allvisitsreport", strings.NewReader(`{"type":"nope"}`))
	req.Header.Set("Authorization", "dc-token k3y-that-must-not-leak")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("correlation-id", "trace-me-1")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)

	require.NoError(t, syscall.Kill(os.Getpid(), syscall.SIGTERM))
	select {
	case code := <-done:
		assert.Equal(t, exitOK, code)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop on SIGTERM")
	}
	log := stderr.String()
	assert.Contains(t, log, "operationId=startAvrReport")
	assert.Contains(t, log, "correlation_id=trace-me-1")
	assert.NotContains(t, log, "k3y-that-must-not-leak")
	assert.Contains(t, stdout.String(), "listening on http://"+addr)
}

func TestHealthcheckDeadPort(t *testing.T) {
	var stderr bytes.Buffer
	// Port 1 on loopback: nothing listens there.
	code := run([]string{"mockdex", "healthcheck", "--url", "http://127.0.0.1:1", "--timeout", "500ms"}, &bytes.Buffer{}, &stderr)
	assert.Equal(t, exitFail, code)
	assert.Contains(t, stderr.String(), "not answering")
}

func TestTokenCommand(t *testing.T) {
	var stdout bytes.Buffer
	patient := "233441f4-129f-4d0e-afaa-b3009dbe80c7"
	require.Equal(t, exitOK, run([]string{"mockdex", "token", "--patient", patient, "--ttl", "5m"}, &stdout, &bytes.Buffer{}))
	sub, err := auth.VerifyBearer("Bearer "+strings.TrimSpace(stdout.String()), auth.DefaultJWTSecret, time.Now())
	require.NoError(t, err)
	assert.Equal(t, patient, sub)

	assert.Equal(t, exitUsage, run([]string{"mockdex", "token"}, &bytes.Buffer{}, &bytes.Buffer{}))
}

func TestUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	assert.Equal(t, exitUsage, run([]string{"mockdex", "frobnicate"}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "unknown command")
	assert.Equal(t, exitOK, run([]string{"mockdex", "version"}, &stdout, &stderr))
	assert.Contains(t, stdout.String(), "mockdex ")
	assert.Equal(t, exitUsage, run([]string{"mockdex", "serve", "--clock", "warp"}, &stdout, &stderr))
}

func TestBadEnvNumberIsAUsageError(t *testing.T) {
	t.Setenv("MOCKDEX_SEED", "forty-two")
	var stderr bytes.Buffer
	assert.Equal(t, exitUsage, run([]string{"mockdex", "serve", "--addr", "127.0.0.1:0"}, &bytes.Buffer{}, &stderr))
	assert.Contains(t, stderr.String(), `MOCKDEX_SEED="forty-two": want a whole number`)
}
