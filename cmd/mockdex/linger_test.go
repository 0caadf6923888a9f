package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/mock"
)

// serveInProcess serves a mock as serve does (limit, lingering close) on
// loopback, with the connection limit given; configure, if any, adjusts
// the limiter before it serves.
func serveInProcess(t *testing.T, soft, hard int64, configure ...func(*connLimiter)) (addr string, lim *connLimiter) {
	t.Helper()
	m, err := mock.New(mock.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = m.Close() })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	lim = newConnLimiter(ln, soft, hard)
	for _, f := range configure {
		f(lim)
	}
	srv := newHTTPServer(serveChain(lim, m))
	go func() { _ = srv.Serve(lim) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ln.Addr().String(), lim
}

// refusedBody is over the API's 1 MiB limit by eight times: what the
// issue sent.
const refusedBody = 8 << 20

// refusalMessage is in the 413's body.
const refusalMessage = "request body must not be larger than 1048576 bytes"

// The clients that write a whole body before reading the answer read the
// 413, not a reset: Go's, Python's http.client and urllib, Node's http.
func TestRefusedUploadIsReadableByEveryClient(t *testing.T) {
	addr, _ := serveInProcess(t, 64, 1024)
	host, port, _ := net.SplitHostPort(addr)

	t.Run("go", func(t *testing.T) {
		resp, err := http.Post("http://"+addr+"/api/9/visits", "application/json", bytes.NewReader(make([]byte, refusedBody)))
		require.NoError(t, err)
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
		assert.Contains(t, string(body), refusalMessage)
	})
	t.Run("go-expect-continue", func(t *testing.T) {
		// The client waits for a 100 Continue that never comes; the 413
		// arrives instead and no body is sent, or lingered for.
		client := &http.Client{Transport: &http.Transport{ExpectContinueTimeout: time.Minute}}
		req, err := http.NewRequest("POST", "http://"+addr+"/api/9/visits", bytes.NewReader(make([]byte, refusedBody)))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Expect", "100-continue")
		resp, err := client.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
		assert.Contains(t, string(body), refusalMessage)
	})
	clients := []struct {
		name, interpreter string
		args              []string
	}{
		{"python-http.client", "python3", []string{"-c", pythonHTTPClient, host, port}},
		{"python-urllib", "python3", []string{"-c", pythonURLLib, host, port}},
		{"node-http", "node", []string{"-e", nodeHTTP, host, port}},
	}
	for _, c := range clients {
		t.Run(c.name, func(t *testing.T) {
			path, err := exec.LookPath(c.interpreter)
			if err != nil {
				t.Skipf("%s is not installed: %v", c.interpreter, err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			out, err := exec.CommandContext(ctx, path, c.args...).CombinedOutput()
			require.NoError(t, err, "%s", out)
			status, body, _ := strings.Cut(string(out), "\n")
			assert.Equal(t, "413", status, "%s", out)
			assert.Contains(t, body, refusalMessage)
			assert.NotContains(t, string(out), "ERROR", "the client saw an error after the answer")
		})
	}
}

// A body that never ends is read for lingerTime at most, not held.
func TestLingerIsBounded(t *testing.T) {
	assert.LessOrEqual(t, lingerTime, 5*time.Second)
	assert.LessOrEqual(t, lingerBytes, 64<<20)
	addr, _ := serveInProcess(t, 64, 1024)
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer c.Close()
	// Content-Length past lingerBytes: the linger stops at its byte bound.
	fmt.Fprintf(c, "POST /api/9/visits HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", int64(lingerBytes)*2)
	chunk := make([]byte, 1<<20)
	_ = c.SetWriteDeadline(time.Now().Add(20 * time.Second))
	var sent int64
	for sent < int64(lingerBytes)*2 {
		n, err := c.Write(chunk)
		sent += int64(n)
		if err != nil {
			break
		}
	}
	assert.Less(t, sent, int64(lingerBytes)*2, "the server stopped reading before the whole body")
	assert.GreaterOrEqual(t, sent, int64(lingerBytes), "after reading lingerBytes")
}

const pythonHTTPClient = `
import http.client, sys
c = http.client.HTTPConnection(sys.argv[1], int(sys.argv[2]), timeout=20)
try:
    c.request("POST", "/api/9/visits", body=b"x" * (8 << 20), headers={"Content-Type": "application/json"})
    r = c.getresponse()
    print(r.status)
    print(r.read().decode())
except Exception as e:
    print("ERROR", repr(e))
`

const pythonURLLib = `
import sys, urllib.request, urllib.error
url = "http://%s:%s/api/9/visits" % (sys.argv[1], sys.argv[2])
req = urllib.request.Request(url, data=b"x" * (8 << 20), headers={"Content-Type": "application/json"})
try:
    with urllib.request.urlopen(req, timeout=20) as r:
        print(r.status)
        print(r.read().decode())
except urllib.error.HTTPError as e:
    print(e.code)
    print(e.read().decode())
except Exception as e:
    print("ERROR", repr(e))
`

const nodeHTTP = `
const http = require("http");
const [host, port] = process.argv.slice(-2);
const body = Buffer.alloc(8 << 20, "x");
const req = http.request({host, port, method: "POST", path: "/api/9/visits",
  headers: {"Content-Type": "application/json", "Content-Length": body.length}}, res => {
  let out = "";
  res.setEncoding("utf8");
  res.on("data", d => out += d);
  res.on("end", () => { console.log(res.statusCode); console.log(out); setTimeout(() => process.exit(0), 200); });
});
req.on("error", e => { console.log("ERROR " + e.code); process.exit(0); });
req.end(body);
`
