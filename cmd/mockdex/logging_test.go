package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
