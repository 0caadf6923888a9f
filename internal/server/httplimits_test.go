package server_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/faults"
	"github.com/mockdex/mockdex/internal/journal"
	"github.com/mockdex/mockdex/internal/mock"
	"github.com/mockdex/mockdex/internal/namespaces"
	"github.com/mockdex/mockdex/internal/server"
)

// startWith serves a fresh mk through an http.Server with the given
// timeouts, as cmd/mockdex does with its own.
func startWith(t *testing.T, read, write time.Duration) (*mock.Mock, *httptest.Server) {
	t.Helper()
	mk, err := mock.New(mock.Options{})
	require.NoError(t, err)
	hs := httptest.NewUnstartedServer(mk)
	hs.Config.ReadTimeout, hs.Config.WriteTimeout = read, write
	hs.Start()
	t.Cleanup(hs.Close)
	return mk, hs
}

// addDelay gives the default namespace a fault on opID.
func addDelay(mk *mock.Mock, opID string, status int, delay time.Duration) {
	ns, _ := mk.Namespaces().Lookup(namespaces.Default)
	ns.Faults().Add(faults.Fault{Match: faults.Match{OperationID: opID}, Status: status, Delay: faults.Delay{Fixed: delay}, Probability: 1})
}

// A fault's delay is not cut short by the server's read or write timeout:
// the response it promises arrives after the whole delay.
func TestFaultDelayOutlastsServerTimeouts(t *testing.T) {
	mk, hs := startWith(t, 200*time.Millisecond, 200*time.Millisecond)
	addDelay(mk, "getModalities", http.StatusServiceUnavailable, 700*time.Millisecond)

	start := time.Now()
	resp, err := http.Get(hs.URL + "/api/9/modalities")
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	assert.JSONEq(t, `{"error":"Unknown error"}`, string(body))
	assert.GreaterOrEqual(t, time.Since(start), 700*time.Millisecond)
}

// CutUploads ends a request whose body has stalled (it answers at once,
// instead of holding a shutdown until the read timeout), while a request
// already past its body, waiting in a fault's delay, runs to its end.
func TestCutUploadsEndsStalledBodiesOnly(t *testing.T) {
	mk, hs := startWith(t, time.Minute, time.Minute)
	addDelay(mk, "startAvrReport", 0, 600*time.Millisecond)

	delayed := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest("POST", hs.URL+"/api/8/reporting/allvisitsreport", strings.NewReader(`{"type":"virtual"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "dc-token "+auth.DefaultServiceKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			delayed <- 0
			return
		}
		resp.Body.Close()
		delayed <- resp.StatusCode
	}()

	conn, err := net.Dial("tcp", hs.Listener.Addr().String())
	require.NoError(t, err)
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/8/reporting/allvisitsreport HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"+
		"Authorization: dc-token %s\r\nContent-Length: 1000\r\n\r\n{\"type\":", auth.DefaultServiceKey)
	time.Sleep(200 * time.Millisecond) // both requests are in their handlers

	cut := time.Now()
	mk.CutUploads()
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(5*time.Second)))
	stalled, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err)
	stalled.Body.Close()
	assert.Equal(t, http.StatusBadRequest, stalled.StatusCode)
	assert.Less(t, time.Since(cut), time.Second)
	assert.Equal(t, http.StatusOK, <-delayed, "the delayed request ran on")
}

// A request with headers over MaxHeaderBytes is refused by net/http
// before it reaches the mk.
func TestOversizedHeadersAreRefused(t *testing.T) {
	mk, err := mock.New(mock.Options{})
	require.NoError(t, err)
	hs := httptest.NewUnstartedServer(mk)
	hs.Config.MaxHeaderBytes = server.MaxHeaderBytes
	hs.Start()
	defer hs.Close()
	req, _ := http.NewRequestWithContext(context.Background(), "GET", hs.URL+"/api/9/modalities", nil)
	req.Header.Set("X-Big", strings.Repeat("h", 1<<20))
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusRequestHeaderFieldsTooLarge, resp.StatusCode)
	assert.Empty(t, mk.Journal().List(journal.Filter{}))
}
