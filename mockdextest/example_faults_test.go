package mockdextest_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"syscall"

	"github.com/mockdex/mockdex/mockdextest"
)

// A fault written the way the call is described: a method and a path
// template, and a field of the body; Retry-After on the 503.
func ExampleServer_AddFault_describeTheCall() {
	t := newExampleT()
	defer t.done()
	m := mockdextest.NewServer(t)

	m.AddFault(mockdextest.Fault{Method: "GET", Path: "/api/8/practices/{practiceId}",
		Status: http.StatusServiceUnavailable, Headers: map[string]string{"Retry-After": "120"}})
	m.AddFault(mockdextest.Fault{Path: "/v1/booking/queued-guest-visit",
		BodyFields: map[string]any{"/visitDetails/stateLicensure": "OR"}, Status: http.StatusServiceUnavailable})

	resp := m.Do("GET", "/api/8/practices/"+mockdextest.PracticeVirtualVisits, "")
	m.ReadBody(resp)
	fmt.Println(resp.StatusCode, resp.Header.Get("Retry-After"))
	resp = m.Do("GET", "/api/9/modalities", "")
	m.ReadBody(resp)
	fmt.Println(resp.StatusCode)
	// Output:
	// 503 120
	// 200
}

// Each transport fault reaches the client as the network failure it
// imitates.
func ExampleServer_AddFault_transport() {
	t := newExampleT()
	defer t.done()
	m := mockdextest.NewServer(t)
	// Fresh connections, so the client does not retry on a reused one.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	get := func() (*http.Response, error) { return client.Get(m.URL + "/api/9/modalities") }

	m.AddFault(mockdextest.Fault{OperationID: "getModalities", Kind: mockdextest.FaultReset, Times: 1})
	_, err := get()
	fmt.Println("reset:", errors.Is(err, syscall.ECONNRESET))

	m.AddFault(mockdextest.Fault{OperationID: "getModalities", Kind: mockdextest.FaultTruncatedBody, Times: 1})
	resp, _ := get()
	_, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println("truncated:", resp.StatusCode, errors.Is(err, io.ErrUnexpectedEOF))

	m.AddFault(mockdextest.Fault{OperationID: "getModalities", Kind: mockdextest.FaultMalformedJSON, Times: 1})
	resp, _ = get()
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println("malformed:", json.Valid(body))

	m.AddFault(mockdextest.Fault{OperationID: "getModalities", Kind: mockdextest.FaultGatewayPage, Times: 1})
	resp, _ = get()
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println("gateway:", resp.StatusCode, strings.Contains(string(body), "502 Bad Gateway"))
	// Output:
	// reset: true
	// truncated: 200 true
	// malformed: false
	// gateway: 502 true
}

// A timeline closes Washington's virtual practice an hour after the
// start: the wait times say OFF_HOURS from then on.
func ExampleWithTimeline() {
	t := newExampleT()
	defer t.done()
	m := mockdextest.NewServer(t, mockdextest.WithTimeline([]byte(`{"events": [
		{"id": "wa-closes", "kind": "region-closes", "region": "WA", "at": "+1h"}]}`)))
	reason := func() string {
		var waits []struct{ Reason string }
		m.ReadJSON(m.Do("GET", "/api/9/regions/WA/waittimes?practiceId="+mockdextest.PracticeVirtualVisits, ""), &waits)
		return waits[0].Reason
	}
	fmt.Printf("%q\n", reason())
	m.Clock.Advance(60 * 60e9)
	fmt.Printf("%q\n", reason())
	for _, e := range m.Timeline() {
		fmt.Println(e.ID, e.Kind, e.State)
	}
	// Output:
	// ""
	// "OFF_HOURS"
	// wa-closes region-closes active
}

// The bad Monday of examples/bad-monday, loaded from its file.
func ExampleWithTimelineFile() {
	t := newExampleT()
	defer t.done()
	m := mockdextest.NewServer(t, mockdextest.WithTimelineFile("../examples/bad-monday/timeline.json"))
	fmt.Println(len(m.Timeline()) > 5)
	// Output:
	// true
}
