package mockdextest_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mockdex/mockdex/mockdextest"
)

// exampleT stands in for the *testing.T a test passes to NewServer:
// examples have none. Where a test would fail, it panics.
type exampleT struct {
	testing.TB // nil: only the methods below are called
	cleanups   []func()
}

func newExampleT() *exampleT                          { return &exampleT{} }
func (e *exampleT) Helper()                           {}
func (e *exampleT) Cleanup(f func())                  { e.cleanups = append(e.cleanups, f) }
func (e *exampleT) Errorf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }
func (e *exampleT) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }
func (e *exampleT) done() {
	for i := len(e.cleanups) - 1; i >= 0; i-- {
		e.cleanups[i]()
	}
}

func ExampleNewServer() {
	t := newExampleT() // in a test: the test's *testing.T
	defer t.done()

	m := mockdextest.NewServer(t, mockdextest.WithServiceKey("ci-reporting-key"))
	// Point the code under test at m.URL; here, a plain request.
	resp, err := m.Client.Get(m.URL + "/api/9/modalities")
	if err != nil {
		panic(err)
	}
	var modalities []struct{ Name string }
	m.ReadJSON(resp, &modalities)
	fmt.Println(resp.StatusCode, len(modalities), modalities[0].Name)
	fmt.Println(m.ServiceKey(), m.APIKey())
	// Output:
	// 200 2 virtual
	// ci-reporting-key mockdex-api-key
}

func ExampleServer_Do() {
	t := newExampleT()
	defer t.done()
	m := mockdextest.NewServer(t)

	// Headers are "Name: value" strings; DCToken, XAPIKey and Bearer make
	// the credential headers each family of endpoints takes.
	resp := m.Do("POST", "/api/8/reporting/allvisitsreport", `{"type":"virtual"}`)
	fmt.Println(resp.StatusCode, strings.TrimSpace(m.ReadBody(resp)))
	resp = m.Do("POST", "/api/8/reporting/allvisitsreport", `{"type":"virtual"}`, m.DCToken(), "correlation-id: trace-7")
	m.ReadBody(resp)
	fmt.Println(resp.StatusCode, resp.Header.Get("correlation-id"))
	resp = m.Do("GET", "/v5/providers/"+mockdextest.ProviderJennyNPI+"/timeslots?visitTypeName=NewPatient", "", m.XAPIKey())
	m.ReadBody(resp)
	fmt.Println(resp.StatusCode)
	// Output:
	// 403 {"message":"Authorization failed: bad service token"}
	// 200 trace-7
	// 200
}

func ExampleServer_Token() {
	t := newExampleT()
	defer t.done()
	m := mockdextest.NewServer(t)

	// Token is the bare JWT for a client's own Authorization header; Bearer
	// is the whole header line for Do.
	token := m.Token(mockdextest.PatientJoe)
	fmt.Println(strings.Count(token, "."), "dots")
	fmt.Println(strings.HasPrefix(m.Bearer(mockdextest.PatientJoe), "Authorization: Bearer ey"))
	// Output:
	// 2 dots
	// true
}

func ExampleServer_CreateVisit() {
	t := newExampleT()
	defer t.done()
	m := mockdextest.NewServer(t)

	visit := m.CreateVisit(mockdextest.VirtualVisit{Patient: mockdextest.PatientJoe, Region: mockdextest.RegionWashington})
	fmt.Println(m.VisitStatus(visit, mockdextest.PatientJoe))
	m.Clock.Advance(5 * time.Minute) // a provider picks the visit up
	fmt.Println(m.VisitStatus(visit, mockdextest.PatientJoe))
	m.Clock.Advance(15 * time.Minute)
	fmt.Println(m.VisitStatus(visit, mockdextest.PatientJoe))
	// Output:
	// requested
	// invisit
	// done
}

func ExampleServer_StartReport() {
	t := newExampleT()
	defer t.done()
	m := mockdextest.NewServer(t)

	visit := m.CreateVisit(mockdextest.VirtualVisit{})
	m.Clock.Advance(time.Hour)

	job := m.StartReport(mockdextest.ReportRequest{Type: "virtual", From: mockdextest.Epoch, To: m.Clock.Now()})
	fmt.Println(m.AwaitReport(job)) // moves the clock on until the job ends
	report := m.ReportCSV(job)
	fmt.Println(len(report.Rows), report.Column("visitId")[0] == visit, report.Column("status")[0])
	// Output:
	// SUCCEEDED
	// 1 true done
}

func ExampleServer_AddFault() {
	t := newExampleT()
	defer t.done()
	m := mockdextest.NewServer(t)

	id := m.AddFault(mockdextest.Fault{OperationID: "getModalities", Status: http.StatusServiceUnavailable, Times: 1})
	for range 2 {
		resp := m.Do("GET", "/api/9/modalities", "")
		m.ReadBody(resp)
		fmt.Println(id, resp.StatusCode, resp.Header.Get("x-mockdex-fault"))
	}

	slow := m.AddFault(mockdextest.Fault{OperationID: "getPractice", Delay: 2 * time.Second})
	m.RemoveFault(slow)
	m.AddFault(mockdextest.Fault{OperationID: "createVisitV9", Status: 500, Body: map[string]string{"error": "boom"}})
	m.ClearFaults()
	// Output:
	// f1 503 f1
	// f1 200
}

func ExampleServer_Requests() {
	t := newExampleT()
	defer t.done()
	m := mockdextest.NewServer(t)

	m.ReadBody(m.Do("GET", "/api/8/practices/"+mockdextest.PracticeAcme, "", "correlation-id: trace-1"))
	m.ReadBody(m.Do("GET", "/api/9/modalities", ""))

	for _, r := range m.Requests(mockdextest.RequestFilter{OperationID: "getPractice"}) {
		fmt.Println(r.Method, r.Path, r.Status, r.CorrelationID)
	}
	m.ClearRequests()
	fmt.Println(len(m.Requests(mockdextest.RequestFilter{})))
	// Output:
	// GET /api/8/practices/0cee700e-f4c1-4459-b390-263e4ded436c 200 trace-1
	// 0
}

// A refused credential gets DexCare's one answer; the journal says which
// mistake it was.
func ExampleRequest_authProblem() {
	t := newExampleT()
	defer t.done()
	m := mockdextest.NewServer(t)

	resp := m.Do("GET", "/api/9/visits/"+mockdextest.PracticeAcme+"/summary", "", "Authorization: dc-token "+m.Token(mockdextest.PatientJoe))
	fmt.Println(resp.StatusCode, strings.TrimSpace(m.ReadBody(resp)))
	fmt.Println(m.Requests(mockdextest.RequestFilter{Limit: 1})[0].AuthProblem)
	// Output:
	// 401 {"error":"Unauthorized: invalid or expired token"}
	// wrong-scheme
}

func ExampleServer_Reset() {
	t := newExampleT()
	defer t.done()
	m := mockdextest.NewServer(t)

	visit := m.CreateVisit(mockdextest.VirtualVisit{})
	m.Clock.Advance(time.Minute)
	m.Reset() // the world goes back to its fixtures; the clock stays

	resp := m.Do("GET", "/api/9/visits/"+visit+"/summary", "", m.Bearer(mockdextest.PatientJoe))
	m.ReadBody(resp)
	fmt.Println(resp.StatusCode, m.Clock.Now().Sub(mockdextest.Epoch))
	// Output:
	// 404 1m0s
}

func ExampleClock() {
	t := newExampleT()
	defer t.done()
	m := mockdextest.NewServer(t, mockdextest.WithStart(time.Date(2024, 6, 4, 2, 0, 0, 0, time.UTC)))

	fmt.Println(m.Clock.Now())
	fmt.Println(m.Clock.Advance(90 * time.Second))
	m.Clock.Set(mockdextest.Epoch)
	fmt.Println(m.Clock.Now())
	// Output:
	// 2024-06-04 02:00:00 +0000 UTC
	// 2024-06-04 02:01:30 +0000 UTC
	// 2024-06-03 16:00:00 +0000 UTC
}

// Start runs a mock without a test: in TestMain, shared by a package's
// tests, or in a program. Close stops it and returns what strict mode
// found (nil: every answer matched the spec).
func ExampleStart() {
	m, err := mockdextest.Start(mockdextest.WithSeed(7))
	if err != nil {
		panic(err)
	}
	resp, err := m.Client.Get(m.URL + "/api/9/modalities")
	if err != nil {
		panic(err)
	}
	m.ReadBody(resp)
	fmt.Println(resp.StatusCode, strings.HasPrefix(m.URL, "http://127.0.0.1:"))
	fmt.Println(m.Close())
	// Output:
	// 200 true
	// <nil>
}

// NoListener serves the mock in memory: Client reaches it with no socket
// at all, and Handler is the mock to mount in a server of one's own.
func ExampleNoListener() {
	m, err := mockdextest.Start(mockdextest.NoListener())
	if err != nil {
		panic(err)
	}
	defer m.Close()
	visit := m.CreateVisit(mockdextest.VirtualVisit{Patient: mockdextest.PatientJoe})
	fmt.Println(m.URL, m.VisitStatus(visit, mockdextest.PatientJoe))

	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	fmt.Println(rec.Code, strings.TrimSpace(rec.Body.String()))
	// Output:
	// http://mockdex.test requested
	// 200 {"status":"ok"}
}
