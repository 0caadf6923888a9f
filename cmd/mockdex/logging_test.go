package main

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/respond"
)

func TestLogSinkFlushesSoonAndOnClose(t *testing.T) {
	var out syncBuffer
	s := newLogSink(&out)
	_, _ = s.Write([]byte("one\n"))
	assert.Empty(t, out.String(), "buffered")
	assert.Eventually(t, func() bool { return out.String() == "one\n" }, time.Second, 5*time.Millisecond)
	_, _ = s.Write([]byte("two\n"))
	require.NoError(t, s.Close())
	assert.Equal(t, "one\ntwo\n", out.String())
}

func TestLogLevelsAndSizes(t *testing.T) {
	_, err := parseLogLevel("yaml")
	assert.EqualError(t, err, `--log-level "yaml": want debug, info, warn or error`)
	for in, want := range map[string]int64{"4MiB": 4 << 20, "512KiB": 512 << 10, "1GiB": 1 << 30, "1000": 1000, "0": 0} {
		n, err := parseBytes(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, n, in)
	}
	for _, in := range []string{"", "-1", "4MB", "x", "2048GiB"} {
		_, err := parseBytes(in)
		assert.Error(t, err, in)
	}
}

// Either format writes the access line whole, and --log-level still rules it.
func TestNewLoggerWritesAccessLines(t *testing.T) {
	r := httptest.NewRequest("GET", "/api/9/regions/waittimes", nil)
	var text bytes.Buffer
	log := newLogger("text", slog.LevelInfo, &text)
	_, plain := log.Handler().(*slog.TextHandler)
	assert.False(t, plain, "text takes respond's handler, whose access lines skip slog.Record")
	respond.Log(log, r, "getAvailabilityAndWaitTimes", 200, 241*time.Microsecond)
	respond.Log(log, httptest.NewRequest("GET", "/healthz", nil), "healthz", 200, 0)
	log.Info("other", "k", "v")
	assert.Regexp(t, regexp.MustCompile(`^time=\S+ level=INFO msg=request method=GET path=/api/9/regions/waittimes operationId=getAvailabilityAndWaitTimes status=200 duration_ms=0.241 correlation_id=""\ntime=\S+ level=INFO msg=other k=v\n$`), text.String())

	var js bytes.Buffer
	respond.Log(newLogger("json", slog.LevelInfo, &js), r, "getAvailabilityAndWaitTimes", 200, 241*time.Microsecond)
	var line map[string]any
	require.NoError(t, json.Unmarshal(js.Bytes(), &line))
	assert.Equal(t, "request", line["msg"])
	assert.Equal(t, 0.241, line["duration_ms"])
}
