package server_test

import (
	"crypto/tls"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/mock"
	"github.com/mockdex/mockdex/mockdextest"
)

// A fault written as method and path, and one matched on a body field,
// each fire only on the calls they describe.
func TestFaultsMatchedAsUsersDescribeACall(t *testing.T) {
	m := mockdextest.NewServer(t)
	addFault(t, m, `{"method":"GET","path":"/api/9/modalities","status":503}`)
	addFault(t, m, `{"method":"GET","path":"/api/8/practices/{practiceId}","status":502}`)
	addFault(t, m, `{"path":"/v1/booking/queued-guest-visit","bodyFields":{"/visitDetails/visitReason":"fever"},"status":503}`)
	practice := "/api/8/practices/6996d161-cd16-4556-9577-f942c3f80c80"
	guest := "/v1/booking/queued-guest-visit?product=DCIntSched"
	runCalls(t, m, []call{
		{name: "method and path fires", method: "GET", path: modalities, status: 503},
		{name: "another path does not", method: "GET", path: "/api/9/assignmentqualifiers", status: 200},
		{name: "template fires", method: "GET", path: practice, status: 502},
		{name: "the DexCare path of the same practice does not", method: "GET", path: "/api/8/DexCare/practices/6996d161-cd16-4556-9577-f942c3f80c80", status: 200},
		{name: "body field fires", method: "POST", path: guest, body: strings.Replace(faultGuestBody, `"cough"`, `"fever"`, 1),
			headers: []string{m.XAPIKey()}, status: 503},
		{name: "another body does not", method: "POST", path: guest, body: faultGuestBody, headers: []string{m.XAPIKey()}, status: 200},
	})
}

// A 503 (or 429) carries the headers the fault gives it.
func TestFaultHeaders(t *testing.T) {
	m := mockdextest.NewServer(t)
	addFault(t, m, `{"operationId":"getModalities","status":503,"headers":{"Retry-After":"120"}}`)
	addFault(t, m, `{"operationId":"getAssignmentQualifiers","status":429,"headers":{"retry-after":"7","X-RateLimit-Remaining":"0"}}`)
	resp := m.Do("GET", modalities, "")
	m.ReadBody(resp)
	assert.Equal(t, 503, resp.StatusCode)
	assert.Equal(t, "120", resp.Header.Get("Retry-After"))
	resp = m.Do("GET", "/api/9/assignmentqualifiers", "")
	m.ReadBody(resp)
	assert.Equal(t, 429, resp.StatusCode)
	assert.Equal(t, "7", resp.Header.Get("Retry-After"))
	assert.Equal(t, "0", resp.Header.Get("X-RateLimit-Remaining"))
}

// freshClient never reuses a connection, so Go's transport does not
// retry a request whose connection was reset.
func freshClient(timeout time.Duration) *http.Client {
	return &http.Client{Timeout: timeout, Transport: &http.Transport{DisableKeepAlives: true}}
}

// Go's net/http sees each fault kind as the fault it is, over loopback.
func TestTransportFaultsAsGoSeesThem(t *testing.T) {
	m := mockdextest.NewServer(t)
	addFault(t, m, `{"operationId":"getModalities","kind":"reset","requestHeaders":{"X-Kind":"reset"}}`)
	addFault(t, m, `{"operationId":"getModalities","kind":"close-after-headers","requestHeaders":{"X-Kind":"close"}}`)
	addFault(t, m, `{"operationId":"getModalities","kind":"truncated-body","requestHeaders":{"X-Kind":"truncated"}}`)
	addFault(t, m, `{"operationId":"getModalities","kind":"malformed-json","requestHeaders":{"X-Kind":"malformed"}}`)
	addFault(t, m, `{"operationId":"getModalities","kind":"empty-body","requestHeaders":{"X-Kind":"empty"}}`)
	addFault(t, m, `{"operationId":"getModalities","kind":"slow-body","bytesPerSecond":20,"requestHeaders":{"X-Kind":"slow"}}`)
	addFault(t, m, `{"operationId":"getModalities","kind":"gateway-page","requestHeaders":{"X-Kind":"gateway"}}`)
	get := func(kind string, timeout time.Duration) (*http.Response, []byte, error, error) {
		req, _ := http.NewRequest("GET", m.URL+modalities, nil)
		req.Header.Set("X-Kind", kind)
		resp, err := freshClient(timeout).Do(req)
		if err != nil {
			return nil, nil, err, nil
		}
		defer resp.Body.Close()
		body, rerr := io.ReadAll(resp.Body)
		return resp, body, nil, rerr
	}

	_, _, err, _ := get("reset", 5*time.Second)
	assert.ErrorIs(t, err, syscall.ECONNRESET, "a reset is ECONNRESET")

	resp, body, err, rerr := get("close", 5*time.Second)
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode, "the headers came")
	assert.Empty(t, body)
	assert.ErrorIs(t, rerr, io.ErrUnexpectedEOF, "then the connection closed")

	resp, body, err, rerr = get("truncated", 5*time.Second)
	require.NoError(t, err)
	assert.ErrorIs(t, rerr, io.ErrUnexpectedEOF)
	assert.Less(t, int64(len(body)), resp.ContentLength, "fewer bytes than declared")
	assert.NotEmpty(t, body)

	_, body, err, rerr = get("malformed", 5*time.Second)
	require.NoError(t, errors.Join(err, rerr), "a malformed body is framed correctly")
	var syntax *json.SyntaxError
	assert.ErrorAs(t, json.Unmarshal(body, new(any)), &syntax, "and is not JSON")

	resp, body, err, rerr = get("empty", 5*time.Second)
	require.NoError(t, errors.Join(err, rerr))
	assert.Equal(t, 200, resp.StatusCode)
	assert.Empty(t, body)
	assert.ErrorAs(t, json.Unmarshal(body, new(any)), &syntax)

	_, _, err, rerr = get("slow", 300*time.Millisecond)
	var ne net.Error
	require.ErrorAs(t, errors.Join(err, rerr), &ne)
	assert.True(t, ne.Timeout(), "a slow body runs into the client's timeout: %v", errors.Join(err, rerr))

	resp, body, err, rerr = get("gateway", 5*time.Second)
	require.NoError(t, errors.Join(err, rerr))
	assert.Equal(t, 502, resp.StatusCode)
	assert.Equal(t, "text/html", resp.Header.Get("Content-Type"))
	assert.Contains(t, string(body), "502 Bad Gateway")

	resp, body, err, rerr = get("none", 5*time.Second)
	require.NoError(t, errors.Join(err, rerr))
	assert.Equal(t, 200, resp.StatusCode, "a call no fault matches is answered")
	assert.True(t, json.Valid(body))
}

// The journal shows a transport fault as the fault (its kind), not as the
// operation's answer.
func TestTransportFaultsInTheJournal(t *testing.T) {
	m := mockdextest.NewServer(t)
	reset := addFault(t, m, `{"operationId":"getModalities","kind":"reset","times":1}`)
	truncated := addFault(t, m, `{"operationId":"getModalities","kind":"truncated-body","times":1}`)
	for range 2 {
		if resp, err := freshClient(5 * time.Second).Get(m.URL + modalities); err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
	// A reset reaches the client before its handler returns and queues
	// the record (the journal promises a record to a client that read an
	// answer, and a reset is none): wait for it.
	entries := journalEntries(t, m, "?operationId=getModalities")
	for deadline := time.Now().Add(5 * time.Second); len(entries) < 2 && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
		entries = journalEntries(t, m, "?operationId=getModalities")
	}
	require.Len(t, entries, 2)
	// Stored in the order they were finished, which for the reset may be
	// after the second request: found by fault, not by place.
	byFault := map[string]int{entries[0].FaultID: 0, entries[1].FaultID: 1}
	require.Contains(t, byFault, truncated)
	require.Contains(t, byFault, reset)
	cut, rst := entries[byFault[truncated]], entries[byFault[reset]]
	assert.Equal(t, "truncated-body", cut.FaultKind)
	assert.Nil(t, cut.ResponseBody, "half a body is not shown as the answer")
	assert.Equal(t, "reset", rst.FaultKind)
	assert.Equal(t, 0, rst.Status, "nothing was answered")
}

// A body-shaping fault without a status shapes the handler's own answer:
// the handler ran (a create creates), and the client cannot tell.
func TestShapedAnswerIsTheHandlers(t *testing.T) {
	m := mockdextest.NewServer(t)
	addFault(t, m, `{"operationId":"createQueuedGuestVisit","kind":"empty-body"}`)
	resp := m.Do("POST", "/v1/booking/queued-guest-visit?product=DCIntSched", faultGuestBody, m.XAPIKey())
	assert.Empty(t, m.ReadBody(resp))
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, 1, countVirtual(m), "the visit was created though its answer was lost")
}

// On HTTP/2 a connection carries many streams and cannot be hijacked: a
// reset, or a body cut short, resets the call's stream.
func TestTransportFaultsOnHTTP2(t *testing.T) {
	mk, err := mock.New(mock.Options{})
	require.NoError(t, err)
	hs := httptest.NewUnstartedServer(mk)
	hs.EnableHTTP2 = true
	hs.StartTLS()
	t.Cleanup(hs.Close)
	for _, body := range []string{
		`{"operationId":"getModalities","kind":"reset","times":1}`,
		`{"operationId":"getModalities","kind":"truncated-body","times":1}`,
	} {
		req, _ := http.NewRequest("POST", hs.URL+faultsPath, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := hs.Client().Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, 201, resp.StatusCode)
	}
	client := hs.Client()
	client.Transport.(*http.Transport).TLSClientConfig = &tls.Config{InsecureSkipVerify: true, NextProtos: []string{"h2"}} //nolint:gosec // the test server's own certificate
	_, err = client.Get(hs.URL + modalities)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "INTERNAL_ERROR", "the stream was reset")

	resp, err := client.Get(hs.URL + modalities)
	require.NoError(t, err)
	assert.Equal(t, 2, resp.ProtoMajor)
	_, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Error(t, err, "the body was cut short")
}
