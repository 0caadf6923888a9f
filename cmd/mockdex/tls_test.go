package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/devca"
)

// serveUntilStopped runs serve with args until the test ends (SIGTERM),
// returning its address and what it printed and logged.
func serveUntilStopped(t *testing.T, args ...string) (addr string, stdout *syncBuffer) {
	addr, stdout, _ = serveLogged(t, args...)
	return addr, stdout
}

func serveLogged(t *testing.T, args ...string) (addr string, stdout, stderr *syncBuffer) {
	t.Helper()
	stdout, stderr = &syncBuffer{}, &syncBuffer{}
	ready, done := make(chan string, 1), make(chan int, 1)
	go func() { done <- serve(args, stdout, stderr, ready) }()
	select {
	case addr = <-ready:
	case code := <-done:
		t.Fatalf("serve exited %d: %s", code, stderr.String())
	}
	t.Cleanup(func() {
		require.NoError(t, syscall.Kill(os.Getpid(), syscall.SIGTERM))
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("serve did not stop on SIGTERM")
		}
	})
	return addr, stdout, stderr
}

// trusting is a client that trusts the PEM file alone.
func trusting(t *testing.T, file string) *http.Client {
	t.Helper()
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	require.True(t, pool.AppendCertsFromPEM(b))
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: pool}, ForceAttemptHTTP2: true}}
}

var trustLine = regexp.MustCompile(`clients trust (\S+) `)

// --tls auto serves HTTP/2 over TLS with a certificate a client trusts
// through the authority serve writes and names; the healthcheck, given
// nothing, follows it there; the file goes at exit.
func TestServeTLSAuto(t *testing.T) {
	addrFile := filepath.Join(t.TempDir(), "mockdex.addr")
	t.Setenv("MOCKDEX_ADDR_FILE", addrFile)
	var caFile string
	t.Cleanup(func() { assert.NoFileExists(t, caFile, "removed at exit") }) // runs after serve stops
	addr, stdout := serveUntilStopped(t, "--addr", "127.0.0.1:0", "--tls", "auto", "--tls-name", "mockdex", "--history-days", "0")
	assert.Contains(t, stdout.String(), "listening on https://"+addr)
	assert.Contains(t, stdout.String(), "TLS for localhost, 127.0.0.1, ::1, mockdex;")
	m := trustLine.FindStringSubmatch(stdout.String())
	require.NotNil(t, m, stdout.String())
	caFile = m[1]

	for _, host := range []string{addr, "localhost:" + portOf(addr)} {
		resp, err := trusting(t, caFile).Get("https://" + host + "/api/9/modalities")
		require.NoError(t, err, host)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Equal(t, 2, resp.ProtoMajor, "HTTP/2 over TLS")
	}
	_, err := http.Get("https://" + addr + "/healthz")
	assert.Error(t, err, "not trusted by the system")

	var out, errOut bytes.Buffer
	require.Equal(t, exitOK, run([]string{"mockdex", "healthcheck"}, &out, &errOut), errOut.String())
	assert.Equal(t, "ok https://"+addr+"\n", out.String())
	require.Equal(t, exitOK, run([]string{"mockdex", "healthcheck", "--url", "https://localhost:" + portOf(addr), "--ca-cert", caFile}, &out, &errOut), errOut.String())
	assert.Equal(t, exitFail, run([]string{"mockdex", "healthcheck", "--url", "https://" + addr, "--timeout", "2s"}, &out, &errOut), "an https URL without the authority")
}

// With --data-dir the authority is kept: a second start serves a new
// certificate from the same authority, so a trust given once holds.
func TestServeTLSAutoKeepsTheAuthority(t *testing.T) {
	dir := t.TempDir()
	caOut := filepath.Join(t.TempDir(), "ca.pem")
	_, stdout := serveUntilStopped(t, "--addr", "127.0.0.1:0", "--tls", "auto", "--data-dir", dir, "--tls-ca-out", caOut, "--history-days", "0")
	assert.Contains(t, stdout.String(), "clients trust "+caOut)
	kept, err := os.ReadFile(filepath.Join(dir, "tls", devca.CAFile))
	require.NoError(t, err)
	written, err := os.ReadFile(caOut)
	require.NoError(t, err)
	assert.Equal(t, kept, written)
	a, made, err := devca.Keep(filepath.Join(dir, "tls"), nil, time.Now())
	require.NoError(t, err)
	assert.False(t, made, "the next start finds it")
	assert.Equal(t, kept, a.CAPEM())
}

// --tls-cert and --tls-key serve the certificate given; a healthcheck
// trusts that certificate through the record serve writes.
func TestServeTLSGivenCertificate(t *testing.T) {
	a, err := devca.New([]string{"mock.internal"}, time.Now())
	require.NoError(t, err)
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	c := a.Certificate()
	var chain []byte
	for _, der := range c.Certificate {
		chain = append(chain, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})...)
	}
	require.NoError(t, os.WriteFile(certFile, chain, 0o600))
	keyDER, err := x509.MarshalPKCS8PrivateKey(c.PrivateKey)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600))
	caFile := filepath.Join(dir, "ca.pem")
	require.NoError(t, os.WriteFile(caFile, a.CAPEM(), 0o600))

	t.Setenv("MOCKDEX_ADDR_FILE", filepath.Join(dir, "addr"))
	addr, stdout := serveUntilStopped(t, "--addr", "127.0.0.1:0", "--tls-cert", certFile, "--tls-key", keyFile, "--history-days", "0")
	assert.Contains(t, stdout.String(), "listening on https://")
	resp, err := trusting(t, caFile).Get("https://" + addr + "/healthz")
	require.NoError(t, err)
	resp.Body.Close()
	var errOut bytes.Buffer
	assert.Equal(t, exitOK, run([]string{"mockdex", "healthcheck"}, &bytes.Buffer{}, &errOut), errOut.String())
}

func TestTLSFlagsRefused(t *testing.T) {
	for args, want := range map[string][]string{
		"mode":         {"--tls", "on"},
		"half a pair":  {"--tls-cert", "x.pem"},
		"both":         {"--tls", "auto", "--tls-cert", "x.pem", "--tls-key", "k.pem"},
		"name without": {"--tls-name", "mockdex"},
		"bad name":     {"--tls", "auto", "--tls-name", "*.example.com"},
	} {
		code, _, stderr := runMockdex(append(want, "--addr", "127.0.0.1:0")...)
		assert.Equal(t, exitUsage, code, args)
		assert.Contains(t, stderr, "mockdex: ", args)
	}
}

func portOf(addr string) string {
	_, port, _ := net.SplitHostPort(addr)
	return port
}
