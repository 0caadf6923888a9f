package main

import (
	"bytes"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAdminFlags(t *testing.T) {
	t.Setenv("MOCKDEX_ADMIN_HOST", "mockdex, mockdex.ci.svc")
	t.Setenv("MOCKDEX_ADMIN_TOKEN", "t0ken")
	cfg, opts, err := parseServe([]string{"--admin-host", "a.example,b.example", "--admin-host", "c.example",
		"--max-namespaces", "7", "--max-visits", "5000"}, io.Discard, &bytes.Buffer{}, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, hostList{"mockdex", "mockdex.ci.svc", "a.example", "b.example", "c.example"}, cfg.adminHosts)
	assert.Equal(t, "t0ken", cfg.adminToken)
	assert.Equal(t, 7, opts.MaxNamespaces)
	assert.Equal(t, 5000, opts.MaxVisits)
	assert.False(t, cfg.noAdmin)

	_, opts, err = parseServe([]string{"--max-namespaces", "0"}, io.Discard, &bytes.Buffer{}, io.Discard)
	require.NoError(t, err)
	assert.Negative(t, opts.MaxNamespaces, "0 on the command line is no cap")
	_, opts, err = parseServe(nil, io.Discard, &bytes.Buffer{}, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, 100, opts.MaxNamespaces)

	t.Setenv("MOCKDEX_NO_ADMIN", "true")
	cfg, _, err = parseServe(nil, io.Discard, &bytes.Buffer{}, io.Discard)
	require.NoError(t, err)
	assert.True(t, cfg.noAdmin)
	t.Setenv("MOCKDEX_NO_ADMIN", "maybe")
	_, _, err = parseServe(nil, io.Discard, &bytes.Buffer{}, io.Discard)
	assert.ErrorContains(t, err, `MOCKDEX_NO_ADMIN="maybe": want true or false`)
}

func TestOpenControlPlaneWarnsOnce(t *testing.T) {
	warnings := func(cfg serveConfig, ip string) string {
		var buf bytes.Buffer
		warnOpenControlPlane(cfg, &net.TCPAddr{IP: net.ParseIP(ip), Port: 8080}, slog.New(slog.NewTextHandler(&buf, nil)))
		return buf.String()
	}
	out := warnings(serveConfig{}, "0.0.0.0")
	assert.Equal(t, 1, strings.Count(out, "\n"), out)
	assert.Contains(t, out, "level=WARN")
	assert.Contains(t, out, "MOCKDEX_ADMIN_TOKEN")
	assert.NotEmpty(t, warnings(serveConfig{}, "10.1.2.3"))
	assert.Empty(t, warnings(serveConfig{}, "127.0.0.1"), "loopback only")
	assert.Empty(t, warnings(serveConfig{}, "::1"))
	assert.Empty(t, warnings(serveConfig{adminToken: "x"}, "0.0.0.0"), "a token guards it")
	assert.Empty(t, warnings(serveConfig{noAdmin: true}, "0.0.0.0"), "there is nothing to guard")
}

func TestServeWithoutAdmin(t *testing.T) {
	ready, done := make(chan string, 1), make(chan int, 1)
	var stderr syncBuffer
	go func() {
		done <- serve([]string{"--addr", "127.0.0.1:0", "--no-admin", "--history-days", "0"}, &bytes.Buffer{}, &stderr, ready)
	}()
	addr := <-ready
	resp, err := http.Get("http://" + addr + "/_mockdex/clock")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	resp, err = http.Get("http://" + addr + "/api/9/modalities")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	require.NoError(t, syscall.Kill(os.Getpid(), syscall.SIGTERM)) // serve is listening for it
	select {
	case code := <-done:
		assert.Equal(t, exitOK, code)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop on SIGTERM")
	}
	assert.NotContains(t, stderr.String(), "level=WARN", "no control plane, nothing to warn about")
}

func TestTokenDefaultLastsAWallDay(t *testing.T) {
	exp := func(args ...string) time.Duration {
		var out bytes.Buffer
		require.Equal(t, exitOK, run(append([]string{"mockdex", "token", "--patient", joe, "--now", "2024-06-03T16:00:00Z"}, args...), &out, &bytes.Buffer{}))
		var claims jwt.RegisteredClaims
		_, _, err := jwt.NewParser().ParseUnverified(strings.TrimSpace(out.String()), &claims)
		require.NoError(t, err)
		return claims.ExpiresAt.Sub(claims.IssuedAt.Time)
	}
	assert.Equal(t, 24*time.Hour, exp("--clock", "real"))
	assert.Equal(t, 60*24*time.Hour, exp("--clock", "scaled:60"), "a wall day at 60x")
	t.Setenv("MOCKDEX_CLOCK", "scaled:60")
	assert.Equal(t, 60*24*time.Hour, exp(), "the clock comes from MOCKDEX_CLOCK, as serve's does")
	assert.Equal(t, 90*time.Minute, exp("--ttl", "90m"))
	assert.Equal(t, exitOK, run([]string{"mockdex", "token", "--help"}, &bytes.Buffer{}, &bytes.Buffer{}))
}

const joe = "233441f4-129f-4d0e-afaa-b3009dbe80c7"
