// Package mockdexuser is a user's test of an app that calls DexCare,
// written against mockdextest from another module.
package mockdexuser

import (
	"crypto/x509"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mockdex/mockdex/fixtures"
	"github.com/mockdex/mockdex/mockdextest"
)

// startOfShift is a helper of the user's own that takes the mock's clock:
// a user can name its type.
func startOfShift(c mockdextest.Clock) time.Time {
	return c.Advance(0).Truncate(time.Hour)
}

// lastRequest is another helper of the user's own, taking the mock.
func lastRequest(t *testing.T, m *mockdextest.Server) mockdextest.Request {
	t.Helper()
	entries := m.Requests(mockdextest.RequestFilter{Limit: 1})
	if len(entries) != 1 {
		t.Fatalf("journal holds %d entries", len(entries))
	}
	return entries[0]
}

func TestEveryOption(t *testing.T) {
	start := time.Date(2024, 6, 10, 16, 0, 0, 0, time.UTC)
	m := mockdextest.NewServer(t,
		mockdextest.WithStart(start),
		mockdextest.WithSeed(42),
		mockdextest.WithHistoryDays(2),
		mockdextest.WithServiceKey("user-reporting-key"),
		mockdextest.WithAPIKey("user-api-key"),
		mockdextest.WithJWTSecret("user-jwt-secret"),
		mockdextest.WithFixtures(fixtures.Default()),
		mockdextest.WithJournalSize(50),
		mockdextest.WithMaxVisits(10),
		mockdextest.WithMaxReports(10),
		mockdextest.Lenient(),
	)
	if got := m.Clock.Now(); !got.Equal(start) || !startOfShift(m.Clock).Equal(start) {
		t.Fatalf("clock at %s, want %s", got, start)
	}
	if m.ServiceKey() != "user-reporting-key" || m.APIKey() != "user-api-key" {
		t.Fatalf("keys %q %q", m.ServiceKey(), m.APIKey())
	}
	resp := m.Do(http.MethodGet, "/v5/providers/"+mockdextest.ProviderJennyNPI+"/timeslots?visitTypeName=NewPatient", "", m.XAPIKey())
	if m.ReadBody(resp); resp.StatusCode != http.StatusOK {
		t.Fatalf("time slots with the API key: %d", resp.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodGet, m.URL+"/api/9/visits/x/summary", nil)
	req.Header.Set("Authorization", "Bearer "+m.Token(mockdextest.PatientJoe))
	resp, err := m.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if m.ReadBody(resp); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("a token signed with the chosen secret is accepted (404 for an unknown visit), got %d", resp.StatusCode)
	}
	job := m.StartReport(mockdextest.ReportRequest{From: start.AddDate(0, 0, -2), To: start})
	if m.AwaitReport(job); len(m.ReportCSV(job).Rows) == 0 {
		t.Fatal("two days of history, yet an empty report")
	}
}

func TestVisitLifecycleAndReport(t *testing.T) {
	m := mockdextest.NewServer(t)
	visit := m.CreateVisit(mockdextest.VirtualVisit{
		Patient: mockdextest.PatientJoe, Practice: mockdextest.PracticeVirtualVisits, Region: mockdextest.RegionWashington,
		Modality: "virtual", Qualifier: "adult", Reason: "sore throat", Brand: mockdextest.BrandProvidence,
	})
	if s := m.VisitStatus(visit, mockdextest.PatientJoe); s != "requested" {
		t.Fatalf("new visit is %s", s)
	}
	m.Clock.Advance(30 * time.Minute)
	if s := m.VisitStatus(visit, mockdextest.PatientJoe); s != "done" {
		t.Fatalf("after 30m the visit is %s", s)
	}
	job := m.StartReport(mockdextest.ReportRequest{Type: "virtual", From: mockdextest.Epoch, To: m.Clock.Now()})
	if got := m.AwaitReport(job); got != "SUCCEEDED" {
		t.Fatalf("report %s", got)
	}
	var report mockdextest.CSV = m.ReportCSV(job)
	if ids := report.Column("visitId"); len(ids) != 1 || ids[0] != visit {
		t.Fatalf("report rows %v, want the visit %s", ids, visit)
	}

	var summary struct{ Status string }
	m.ReadJSON(m.Do(http.MethodGet, "/api/9/visits/"+visit+"/summary", "", m.Bearer(mockdextest.PatientJoe)), &summary)
	if summary.Status != "done" {
		t.Fatalf("summary says %s", summary.Status)
	}
	resp := m.Do(http.MethodPost, "/api/8/reporting/allvisitsreport", `{"type":"retail"}`, m.DCToken())
	if m.ReadBody(resp); resp.StatusCode != http.StatusOK {
		t.Fatalf("retail report: %d", resp.StatusCode)
	}

	sent := lastRequest(t, m)
	if sent.Seq == 0 || sent.Method != http.MethodPost || sent.Path != "/api/8/reporting/allvisitsreport" ||
		sent.Headers["Authorization"] != "" || string(sent.RequestBody) != `{"type":"retail"}` || len(sent.ResponseBody) == 0 {
		t.Fatalf("journal entry %+v", sent)
	}

	m.Clock.Set(mockdextest.Epoch)
	m.Reset()
	resp = m.Do(http.MethodGet, "/api/9/visits/"+visit+"/summary", "", m.Bearer(mockdextest.PatientJoe))
	if m.ReadBody(resp); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("after a reset the visit answers %d", resp.StatusCode)
	}
}

func TestFaultsAndJournal(t *testing.T) {
	m := mockdextest.NewServer(t)
	id := m.AddFault(mockdextest.Fault{OperationID: "getPractice", Status: http.StatusServiceUnavailable, Times: 1, Probability: 1})
	resp := m.Do(http.MethodGet, "/api/8/practices/"+mockdextest.PracticeAcme, "", "correlation-id: user-1")
	if m.ReadBody(resp); resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("faulted practice: %d", resp.StatusCode)
	}
	entries := m.Requests(mockdextest.RequestFilter{OperationID: "getPractice", Status: http.StatusServiceUnavailable, Limit: 1})
	var first mockdextest.Request = entries[0]
	if len(entries) != 1 || !first.Faulted || first.FaultID != id || first.CorrelationID != "user-1" {
		t.Fatalf("journal: %+v", entries)
	}
	slow := m.AddFault(mockdextest.Fault{OperationID: "getModalities", Delay: time.Millisecond, Body: nil})
	m.RemoveFault(slow)
	m.AddFault(mockdextest.Fault{OperationID: "getModalities", Status: 500})
	m.ClearFaults()
	doc, err := m.UsageProfile()
	if err != nil || !strings.Contains(string(doc), `"getPractice"`) {
		t.Fatalf("usage profile: %v %s", err, doc)
	}
	if err := m.SaveUsageProfile(filepath.Join(t.TempDir(), "usage.json")); err != nil {
		t.Fatal(err)
	}
	m.ResetUsageProfile()
	m.ClearRequests()
	if n := len(m.Requests(mockdextest.RequestFilter{})); n != 0 {
		t.Fatalf("%d entries after a clear", n)
	}
	for _, id := range []string{mockdextest.PatientJane, mockdextest.PatientSinjoro, mockdextest.EHRIdentifier,
		mockdextest.EHRIdentifierType, mockdextest.HomeEHR, mockdextest.ProviderJenny, mockdextest.DepartmentKent,
		mockdextest.DepartmentEverett, mockdextest.DepartmentInterstate, mockdextest.DepartmentAcmeC4, mockdextest.DepartmentAcmeC7,
		mockdextest.DepartmentKentURLName, mockdextest.DepartmentEverettURLName, mockdextest.DepartmentInterstateURLName,
		mockdextest.DepartmentAcmeC4URLName, mockdextest.DepartmentAcmeC7URLName, mockdextest.RegionCalifornia,
		mockdextest.RegionMontana, mockdextest.RegionOregon, mockdextest.RegionAlaska, mockdextest.RegionTexas,
		mockdextest.RegionIdaho, mockdextest.BrandAcme} {
		if id == "" {
			t.Fatal("an empty id constant")
		}
	}
	var _ mockdextest.Query = first.Query
	var _ mockdextest.Option = mockdextest.Lenient()
}

// TestFaultKindsAndTimeline describes calls as a user would, breaks them
// as a network would, and plays a timeline of DexCare events.
func TestFaultKindsAndTimeline(t *testing.T) {
	m := mockdextest.NewServer(t, mockdextest.WithTimeline([]byte(`{"events":[
		{"id":"wa-closes","kind":"region-closes","region":"WA","at":"+1h"}]}`)))
	var kinds = []mockdextest.FaultKind{mockdextest.FaultReset, mockdextest.FaultCloseAfterHeaders, mockdextest.FaultTruncatedBody,
		mockdextest.FaultMalformedJSON, mockdextest.FaultEmptyBody, mockdextest.FaultSlowBody, mockdextest.FaultGatewayPage}
	for _, k := range kinds {
		f := mockdextest.Fault{Host: "reporting", Kind: k, Times: 1}
		if k == mockdextest.FaultSlowBody {
			f.BytesPerSecond = 1000
		}
		m.AddFault(f)
	}
	m.ClearFaults()
	m.AddFault(mockdextest.Fault{Method: http.MethodPost, Path: "/v1/booking/queued-guest-visit",
		RequestHeaders: map[string]string{"X-Platform": "ios"}, BodyFields: map[string]any{"/visitDetails/stateLicensure": "OR"},
		Status: http.StatusServiceUnavailable, Headers: map[string]string{"Retry-After": "60"},
		Delay: time.Millisecond, DelayUpTo: 2 * time.Millisecond})
	m.AddFault(mockdextest.Fault{OperationID: "getModalities", Kind: mockdextest.FaultEmptyBody, Delay: time.Millisecond, DelaySigma: 0.1})
	resp := m.Do(http.MethodGet, "/api/9/modalities", "")
	if body := m.ReadBody(resp); body != "" || resp.StatusCode != http.StatusOK {
		t.Fatalf("empty-body: %d %q", resp.StatusCode, body)
	}
	if r := lastRequest(t, m); r.FaultKind != "empty-body" {
		t.Fatalf("journal kind %q", r.FaultKind)
	}
	m.Clock.Advance(time.Hour)
	var ev mockdextest.TimelineEvent = m.Timeline()[0]
	if ev.ID != "wa-closes" || ev.Kind != "region-closes" || ev.State != "active" || ev.FiresAt.IsZero() || !ev.FiredAt.IsZero() || !ev.EndsAt.IsZero() {
		t.Fatalf("timeline: %+v", ev)
	}
	m.SetTimeline(`{"events":[{"kind":"queue-busy","region":"WA","capacity":0,"at":"+0s"}]}`)
	m.ClearTimeline()
	if len(m.Timeline()) != 0 {
		t.Fatal("a cleared timeline has events")
	}
	if _, err := mockdextest.Start(mockdextest.WithTimelineFile("no-such-file.json")); err == nil {
		t.Fatal("a missing timeline file starts a mock")
	}
}

// TestStartOutsideATest starts a mock the way TestMain or a program
// would, without a listener, and serves its handler from the user's own
// server too.
func TestStartOutsideATest(t *testing.T) {
	m, err := mockdextest.Start(mockdextest.NoListener())
	if err != nil {
		t.Fatal(err)
	}
	visit := m.CreateVisit(mockdextest.VirtualVisit{Patient: mockdextest.PatientJoe})
	m.Clock.Advance(time.Minute)
	if status := m.VisitStatus(visit, mockdextest.PatientJoe); status == "" {
		t.Fatal("no status from the in-memory mock")
	}
	var h http.Handler = m.Handler()
	if h == nil {
		t.Fatal("no handler")
	}
	if err := m.Close(); err != nil {
		t.Fatalf("strict mode found: %v", err)
	}
}

// TestTLSAndSignIn serves the mock over HTTPS, signs a patient in through
// its own OpenID issuer, and configures an app provider's tokens.
func TestTLSAndSignIn(t *testing.T) {
	m := mockdextest.NewTLSServer(t, mockdextest.WithTokenIssuer(mockdextest.TokenIssuer{
		URL: "https://idp.example.com/", Audience: "dexcare-api",
		JWKSURL: "https://idp.example.com/.well-known/jwks.json", PatientClaim: "patient_guid"}))
	roots := x509.NewCertPool()
	roots.AddCert(m.Certificate())
	resp, err := m.Client.PostForm(m.IssuerURL()+"/token", url.Values{"grant_type": {"password"}, "username": {mockdextest.PatientJoe}})
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	m.ReadJSON(resp, &tok)
	resp = m.Do(http.MethodGet, "/api/9/visits/x/summary", "", "Authorization: Bearer "+tok.AccessToken)
	if m.ReadBody(resp); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("the issuer's token is accepted (404 for an unknown visit), got %d", resp.StatusCode)
	}
	started, err := mockdextest.Start(mockdextest.WithTLS())
	if err != nil {
		t.Fatal(err)
	}
	defer started.Close()
	if started.Certificate() == nil {
		t.Fatal("a TLS mock has an authority")
	}
}

// TestAuthProblem: a user's app sends its token without a scheme; the
// mock answers as DexCare does and the journal says what was wrong.
func TestAuthProblem(t *testing.T) {
	m := mockdextest.NewServer(t)
	resp := m.Do(http.MethodGet, "/api/9/visits/"+mockdextest.PracticeAcme+"/summary", "", "Authorization: "+m.Token(mockdextest.PatientJoe))
	m.ReadBody(resp)
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if r := lastRequest(t, m); r.AuthProblem != "no-scheme" {
		t.Fatalf("journal auth problem %q", r.AuthProblem)
	}
}
