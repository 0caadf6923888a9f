package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The one rule: --url, else --addr, else what serve recorded in
// MOCKDEX_ADDR_FILE, else MOCKDEX_ADDR, else the default; a wildcard host
// is probed on loopback.
func TestHealthcheckAddressRule(t *testing.T) {
	recorded := filepath.Join(t.TempDir(), "addr")
	require.NoError(t, os.WriteFile(recorded, []byte("[::]:7000\n"), 0o600))
	missing := filepath.Join(t.TempDir(), "none")
	cases := []struct {
		name, url, addr, file, envAddr, want string
	}{
		{name: "url wins", url: "http://mock:1", addr: "0.0.0.0:2", file: recorded, envAddr: "0.0.0.0:3", want: "http://mock:1"},
		{name: "addr flag", addr: "0.0.0.0:9999", file: recorded, envAddr: "0.0.0.0:3", want: "http://127.0.0.1:9999"},
		{name: "recorded by serve", file: recorded, envAddr: "0.0.0.0:3", want: "http://127.0.0.1:7000"},
		{name: "not recorded yet", file: missing, envAddr: "0.0.0.0:9999", want: "http://127.0.0.1:9999"},
		{name: "env", envAddr: "[::]:9999", want: "http://127.0.0.1:9999"},
		{name: "empty host", addr: ":7777", want: "http://127.0.0.1:7777"},
		{name: "named host kept", addr: "localhost:7777", want: "http://localhost:7777"},
		{name: "ipv6 loopback kept", addr: "[::1]:7777", want: "http://[::1]:7777"},
		{name: "default", want: "http://127.0.0.1:8080"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("MOCKDEX_ADDR_FILE", c.file)
			t.Setenv("MOCKDEX_ADDR", c.envAddr)
			got, err := probeBase(c.url, c.addr)
			require.NoError(t, err)
			assert.Equal(t, c.want, got)
		})
	}
	_, err := probeBase("", "9999")
	assert.ErrorContains(t, err, `"9999" is a port, not an address: use :9999`)
}

// A healthcheck given nothing finds a server started with --addr on a port
// of its own, through the file serve records; the file goes at shutdown.
func TestHealthcheckFollowsServeAddr(t *testing.T) {
	file := filepath.Join(t.TempDir(), "mockdex.addr")
	t.Setenv("MOCKDEX_ADDR_FILE", file)
	t.Setenv("MOCKDEX_ADDR", "127.0.0.1:1") // what the process environment says; serve's flag wins
	ready, done := make(chan string, 1), make(chan int, 1)
	go func() {
		done <- serve([]string{"--addr", "0.0.0.0:0", "--history-days", "0"}, &bytes.Buffer{}, &bytes.Buffer{}, ready)
	}()
	<-ready

	var stdout, stderr bytes.Buffer
	require.Equal(t, exitOK, run([]string{"mockdex", "healthcheck"}, &stdout, &stderr), stderr.String())
	assert.Contains(t, stdout.String(), "ok http://127.0.0.1:")

	require.NoError(t, syscall.Kill(os.Getpid(), syscall.SIGTERM))
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop on SIGTERM")
	}
	assert.NoFileExists(t, file)
	assert.Equal(t, exitFail, run([]string{"mockdex", "healthcheck", "--timeout", "300ms"}, &bytes.Buffer{}, &bytes.Buffer{}))
}

func TestHealthcheckHelpExitsZero(t *testing.T) {
	var stdout bytes.Buffer
	assert.Equal(t, exitOK, run([]string{"mockdex", "healthcheck", "--help"}, &stdout, &bytes.Buffer{}))
	assert.Contains(t, stdout.String(), "MOCKDEX_ADDR_FILE")
}

func TestVersionPrintsStampedVersionAndCommit(t *testing.T) {
	defer func(v, c string) { version, commit = v, c }(version, commit)
	version, commit = "v1.2.3", "0123abcd"
	var stdout bytes.Buffer
	require.Equal(t, exitOK, run([]string{"mockdex", "version"}, &stdout, &bytes.Buffer{}))
	assert.Equal(t, "mockdex v1.2.3 (commit 0123abcd, "+runtime.Version()+")\n", stdout.String())
}
