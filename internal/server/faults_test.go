package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/mockdextest"
)

const (
	faultsPath = "/_mockdex/faults"
	modalities = "/api/9/modalities"
)

// faultGuestBody is a valid queued guest visit.
const faultGuestBody = `{
  "patient": {"firstName": "Ines", "lastName": "Okafor", "email": "ines@example.org", "phone": "206-555-0100",
    "gender": "female", "dateOfBirth": "1990-02-03",
    "address": {"line1": "1 Main St", "city": "Seattle", "state": "WA", "postalCode": "98101"}},
  "billingInfo": {"paymentMethod": "insurance", "declaration": "self", "insuranceType": "manual",
    "insuranceProviderId": "p1", "insuranceMemberId": "m1"},
  "visitDetails": {"visitTypeName": "virtual", "acceptedTerms": true, "declaration": "self", "stateLicensure": "WA",
    "visitReason": "cough", "brand": "providence", "practiceId": "6996d161-cd16-4556-9577-f942c3f80c80"}
}`

// addFault registers a fault and returns its id.
func addFault(t *testing.T, m *mockdextest.Server, body string) string {
	t.Helper()
	resp := m.Do("POST", faultsPath, body)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	var f struct{ ID string }
	m.ReadJSON(resp, &f)
	return f.ID
}

// Faulted responses are outside the spec on purpose, so they pass strict
// mode (these tests use the default, strict, mock).
func TestFaultAnswersInTheOperationsErrorShape(t *testing.T) {
	m := mockdextest.NewServer(t)
	addFault(t, m, `{"operationId":"createQueuedGuestVisit","status":503}`)
	addFault(t, m, `{"operationId":"getSingleProviderTimeslots","status":503}`)
	addFault(t, m, `{"operationId":"startAvrReport","status":403}`)
	addFault(t, m, `{"operationId":"getModalities","status":404}`)
	addFault(t, m, `{"operationId":"getAssignmentQualifiers","status":429,"body":{"retry":"later"}}`)
	runCalls(t, m, []call{
		{name: "guest family", method: "POST", path: "/v1/booking/queued-guest-visit?product=DCIntSched", body: faultGuestBody,
			headers: []string{m.XAPIKey()}, status: 503, want: `{"code":"VISIT_CREATE_FAILED","error":"Unknown error"}`},
		{name: "slots family", method: "GET", path: jennySlots, headers: []string{m.XAPIKey()},
			status: 503, want: `{"errorCode":400503,"message":"Unknown error"}`},
		{name: "reporting family", method: "POST", path: avrPath, body: `{"type":"virtual"}`, headers: []string{m.DCToken()},
			status: 403, want: `{"message":"Forbidden"}`},
		{name: "visits family", method: "GET", path: modalities, status: 404, want: `{"error":"Not Found"}`},
		{name: "custom body", method: "GET", path: "/api/9/assignmentqualifiers", status: 429, want: `{"retry":"later"}`},
	})
	assert.Zero(t, countVirtual(m), "a faulted create never reaches the handler")

	addFault(t, m, `{"operationId":"getWaitingRoomPage","status":503}`)
	resp := m.Do("GET", "/visit/any-visit", "")
	page := m.ReadBody(resp)
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	assert.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"), "pages answer with their error page")
	assert.Contains(t, page, "Service Unavailable")
}

// Faults apply after validation: a request the spec refuses is refused.
func TestFaultAfterValidation(t *testing.T) {
	m := mockdextest.NewServer(t)
	addFault(t, m, `{"operationId":"getSingleProviderTimeslots","status":503}`)
	resp := m.Do("GET", jennySlots, "")
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, m.ReadBody(resp))
}

func TestFaultTimesCountsDown(t *testing.T) {
	m := mockdextest.NewServer(t)
	addFault(t, m, `{"operationId":"getModalities","status":503,"times":2}`)
	var got []int
	for range 3 {
		resp := m.Do("GET", modalities, "")
		m.ReadBody(resp)
		got = append(got, resp.StatusCode)
	}
	assert.Equal(t, []int{503, 503, 200}, got)
	assert.JSONEq(t, `{"faults":[]}`, m.ReadBody(m.Do("GET", faultsPath, "")), "a spent fault removes itself")
}

func TestFaultDelay(t *testing.T) {
	m := mockdextest.NewServer(t)
	id := addFault(t, m, `{"operationId":"getModalities","delay":"50ms"}`)
	start := time.Now()
	resp := m.Do("GET", modalities, "", "correlation-id: slow-1")
	body := m.ReadBody(resp)
	elapsed := time.Since(start)

	assert.Equal(t, http.StatusOK, resp.StatusCode, "a delay alone lets the handler answer")
	assert.Contains(t, body, `"name":"virtual"`)
	assert.GreaterOrEqual(t, elapsed, 50*time.Millisecond)
	assert.Equal(t, id, resp.Header.Get("x-mockdex-fault"))

	entries := journalEntries(t, m, "?operationId=getModalities")
	require.Len(t, entries, 1)
	assert.True(t, entries[0].Faulted)
	assert.Equal(t, id, entries[0].FaultID)
	assert.GreaterOrEqual(t, entries[0].DurationMs, 50.0)
}

func TestFaultJournalFlag(t *testing.T) {
	m := mockdextest.NewServer(t)
	id := addFault(t, m, `{"operationId":"getModalities","status":500,"times":1}`)
	m.ReadBody(m.Do("GET", modalities, ""))
	m.ReadBody(m.Do("GET", modalities, ""))
	entries := journalEntries(t, m, "")
	require.Len(t, entries, 2)
	assert.Equal(t, []bool{false, true}, []bool{entries[0].Faulted, entries[1].Faulted})
	assert.Equal(t, id, entries[1].FaultID)
	assert.Equal(t, http.StatusInternalServerError, entries[1].Status)
	assert.JSONEq(t, `{"error":"Unknown error"}`, string(entries[1].ResponseBody))
}

func TestFaultRemoval(t *testing.T) {
	m := mockdextest.NewServer(t)
	first := addFault(t, m, `{"operationId":"getModalities","status":503}`)
	addFault(t, m, `{"operationId":"getModalities","delay":"1ms"}`)
	addFault(t, m, `{"operationId":"getPractice","status":500,"probability":0.5}`)
	runCalls(t, m, []call{
		{name: "list", method: "GET", path: faultsPath, status: 200, want: `{"faults":[
			{"id":"f1","operationId":"getModalities","kind":"status","status":503,"times":null,"probability":1,"fired":0},
			{"id":"f2","operationId":"getModalities","kind":"delay","delay":"1ms","times":null,"probability":1,"fired":0},
			{"id":"f3","operationId":"getPractice","kind":"status","status":500,"times":null,"probability":0.5,"fired":0}]}`},
		{name: "remove one", method: "DELETE", path: faultsPath + "/" + first, headers: []string{adminJSON}, status: 200, want: `{"removed":1}`},
		{name: "remove it again", method: "DELETE", path: faultsPath + "/" + first, headers: []string{adminJSON}, status: 404, want: `{"error":"no fault with id f1"}`},
		{name: "next fault applies", method: "GET", path: modalities, status: 200},
		{name: "remove all", method: "DELETE", path: faultsPath, headers: []string{adminJSON}, status: 200, want: `{"removed":2}`},
		{name: "none left", method: "GET", path: faultsPath, status: 200, want: `{"faults":[]}`},
	})
}

func TestFaultRefusals(t *testing.T) {
	m := mockdextest.NewServer(t)
	bad := func(name, body, want string) call {
		return call{name: name, method: "POST", path: faultsPath, body: body, status: 400, has: want}
	}
	runCalls(t, m, []call{
		bad("unknown operation", `{"operationId":"createVisitV10","status":503}`,
			`"error":"'operationId' \"createVisitV10\" is not an operation in the spec"`),
		bad("operations listed", `{"operationId":"nope","status":503}`, `"createVisitV9"`),
		bad("no operation", `{"status":503}`, `a fault needs 'operationId', or 'method' and 'path'`),
		bad("status out of range", `{"operationId":"getModalities","status":99}`, `'status' must be an HTTP status from 200 to 599`),
		bad("nothing to do", `{"operationId":"getModalities"}`, `a fault needs a 'status', a 'delay' or both`),
		bad("bad delay", `{"operationId":"getModalities","delay":"soon"}`, `'delay' must be a Go duration`),
		bad("negative delay", `{"operationId":"getModalities","delay":"-1s"}`, `'delay' must be a Go duration`),
		bad("times zero", `{"operationId":"getModalities","status":503,"times":0}`, `'times' must be at least 1`),
		bad("probability above 1", `{"operationId":"getModalities","status":503,"probability":1.5}`, `'probability' must be from 0 to 1`),
		bad("body without status", `{"operationId":"getModalities","delay":"1s","body":{}}`, `'body' needs a 'status'`),
		bad("success without body", `{"operationId":"getModalities","status":200}`, `needs a 'body'`),
		bad("unknown field", `{"operationId":"getModalities","status":503,"tiems":2}`, `unknown field \"tiems\"`),
	})
	assert.JSONEq(t, `{"faults":[]}`, m.ReadBody(m.Do("GET", faultsPath, "")))
}

// A probabilistic fault draws from a source seeded by Options.Seed: the
// same requests meet the same faults on every run.
func TestFaultProbabilityIsSeeded(t *testing.T) {
	pattern := func(seed int64) string {
		m := mockdextest.NewServer(t, mockdextest.WithSeed(seed))
		addFault(t, m, `{"operationId":"getModalities","status":503,"probability":0.5}`)
		out := ""
		for range 40 {
			resp := m.Do("GET", modalities, "")
			m.ReadBody(resp)
			out += fmt.Sprint(resp.StatusCode / 100)
		}
		return out
	}
	first := pattern(7)
	assert.Equal(t, first, pattern(7))
	assert.Contains(t, first, "2")
	assert.Contains(t, first, "5")
}

// Faults, like the clock, are the mock's settings: a reset of the world
// keeps them.
func TestFaultSurvivesReset(t *testing.T) {
	m := mockdextest.NewServer(t)
	addFault(t, m, `{"operationId":"getModalities","status":503}`)
	m.ReadBody(m.Do("POST", "/_mockdex/reset", "", adminJSON))
	resp := m.Do("GET", modalities, "")
	m.ReadBody(resp)
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
}

// A client that gives up during a delay ends the wait, and the handler
// never runs for it.
func TestFaultDelayEndsWithTheClient(t *testing.T) {
	m := mockdextest.NewServer(t)
	addFault(t, m, `{"operationId":"createQueuedGuestVisit","delay":"10m"}`)
	// Long enough for the request to reach the delay on a loaded machine
	// (it is the client's patience, not a measurement), far short of 10m.
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "POST", m.URL+"/v1/booking/queued-guest-visit?product=DCIntSched", strings.NewReader(faultGuestBody))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-api-key", m.APIKey())
	_, err = m.Client.Do(req)
	require.ErrorIs(t, err, context.DeadlineExceeded)

	// The server notices the hang-up on its own goroutine; wait for its record.
	require.Eventually(t, func() bool {
		return len(journalEntries(t, m, "?status=499")) == 1
	}, 10*time.Second, 5*time.Millisecond, "the 10m delay should end when the client leaves")
	assert.Zero(t, countVirtual(m))
}
