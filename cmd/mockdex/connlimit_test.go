package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConnLimits(t *testing.T) {
	for _, c := range []struct {
		maxConns   int
		nofile     uint64
		soft, hard int64
	}{
		{0, 1024, 840, 960},            // automatic: an eighth of the descriptors for probation
		{0, 1 << 20, 4096, 1<<20 - 64}, // plenty of descriptors: the default cap
		{100, 1024, 100, 960},          // asked for less
		{5000, 1024, 840, 960},         // asked for more than descriptors allow
		{0, 0, 4096, 1 << 20},          // limit unknown
	} {
		soft, hard := connLimits(c.maxConns, c.nofile)
		assert.Equal(t, c.soft, soft, "soft %+v", c)
		assert.Equal(t, c.hard, hard, "hard %+v", c)
	}
}

// Past the cap, probes are still answered and everything else gets a
// quick 503; past the hard limit connections are refused.
func TestConnLimiterKeepsProbesAnswering(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	lim := newConnLimiter(ln, 2, 4)
	hold := make(chan struct{})
	defer close(hold)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			<-hold
		}
		fmt.Fprint(w, "ok")
	})
	srv := newHTTPServer(lim.admit(h))
	go func() { _ = srv.Serve(lim) }()
	defer srv.Close()
	addr := ln.Addr().String()

	for range 2 { // fill the full-service places
		c, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		defer c.Close()
		fmt.Fprint(c, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
	}
	require.Eventually(t, func() bool { return lim.active.Load() == 2 }, 2*time.Second, time.Millisecond)

	status, closed := rawGet(t, addr, "/healthz")
	assert.Equal(t, 200, status, "a probe on probation is answered")
	assert.True(t, closed, "and its connection closed after")
	status, _ = rawGet(t, addr, "/api/9/modalities")
	assert.Equal(t, 503, status)

	var slow []net.Conn
	for range 2 { // fill probation too, with connections that send nothing
		c, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		defer c.Close()
		slow = append(slow, c)
	}
	require.Eventually(t, func() bool { return lim.active.Load() == 4 }, 2*time.Second, time.Millisecond)
	status, _ = rawGet(t, addr, "/healthz")
	assert.Equal(t, 200, status, "a probe takes the place of the oldest connection on probation")
	_ = slow[0].SetReadDeadline(time.Now().Add(2 * time.Second))
	_, err = slow[0].Read(make([]byte, 1))
	assert.ErrorIs(t, err, io.EOF, "the oldest was closed")
}

// With every place in full service, a connection past the hard limit is
// closed as soon as it is accepted.
func TestConnLimiterRefusesPastTheHardLimit(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	lim := newConnLimiter(ln, 2, 2)
	hold := make(chan struct{})
	defer close(hold)
	srv := newHTTPServer(lim.admit(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-hold })))
	go func() { _ = srv.Serve(lim) }()
	defer srv.Close()
	for range 2 {
		c, err := net.Dial("tcp", ln.Addr().String())
		require.NoError(t, err)
		defer c.Close()
		fmt.Fprint(c, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
	}
	require.Eventually(t, func() bool { return lim.active.Load() == 2 }, 2*time.Second, time.Millisecond)
	c, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	defer c.Close()
	_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
	_, err = c.Read(make([]byte, 1))
	assert.ErrorIs(t, err, io.EOF, "closed on accept")
}

// rawGet sends one request on a new connection and reports the status
// and whether the server closed the connection after it.
func rawGet(t *testing.T, addr, path string) (int, bool) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(3 * time.Second))
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: x\r\n\r\n", path)
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	_, err = br.ReadByte()
	return resp.StatusCode, err == io.EOF
}
