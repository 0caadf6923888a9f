package mockdextest_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"runtime"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/fixtures"
	"github.com/mockdex/mockdex/mockdextest"
)

const avrPath = "/api/8/reporting/allvisitsreport"

func TestCredentialOptions(t *testing.T) {
	m := mockdextest.NewServer(t, mockdextest.WithServiceKey("svc-k"), mockdextest.WithAPIKey("api-k"), mockdextest.WithJWTSecret("jwt-s"))
	assert.Equal(t, "svc-k", m.ServiceKey())
	assert.Equal(t, "api-k", m.APIKey())

	status := func(path, body string, headers ...string) int {
		resp := m.Do(http.MethodPost, path, body, headers...)
		m.ReadBody(resp)
		return resp.StatusCode
	}
	get := func(path string, headers ...string) int {
		resp := m.Do(http.MethodGet, path, "", headers...)
		m.ReadBody(resp)
		return resp.StatusCode
	}
	assert.Equal(t, http.StatusOK, status(avrPath, `{"type":"virtual"}`, "Authorization: dc-token svc-k"))
	assert.Equal(t, http.StatusForbidden, status(avrPath, `{"type":"virtual"}`, "Authorization: dc-token SECRET_TOKEN"))

	slots := "/v5/providers/" + mockdextest.ProviderJennyNPI + "/timeslots?visitTypeName=NewPatient"
	assert.Equal(t, http.StatusOK, get(slots, "x-api-key: api-k"))
	assert.Equal(t, http.StatusUnauthorized, get(slots, "x-api-key: mockdex-api-key"))

	visit := m.CreateVisit(mockdextest.VirtualVisit{}) // signed with jwt-s
	summary := "/api/9/visits/" + visit + "/summary"
	assert.Equal(t, http.StatusOK, get(summary, m.Bearer(mockdextest.PatientJoe)))
	other := mockdextest.NewServer(t) // the default secret signs tokens jwt-s refuses
	assert.Equal(t, http.StatusUnauthorized, get(summary, other.Bearer(mockdextest.PatientJoe)))
}

func TestStartSeedAndHistory(t *testing.T) {
	start := time.Date(2024, 7, 1, 16, 0, 0, 0, time.UTC)
	m := mockdextest.NewServer(t, mockdextest.WithStart(start), mockdextest.WithHistoryDays(3), mockdextest.WithSeed(7))
	assert.Equal(t, start, m.Clock.Now())

	// Generated history fills the report window before the start.
	job := m.StartReport(mockdextest.ReportRequest{From: start.AddDate(0, 0, -3), To: start})
	require.Equal(t, "SUCCEEDED", m.AwaitReport(job))
	assert.NotEmpty(t, m.ReportCSV(job).Rows)

	// The seed decides generated providers: the same seed, the same world.
	providers := func(m *mockdextest.Server) string {
		body := `{"startDate":"2024-06-28T00:00:00Z","endDate":"2024-07-01T16:00:00Z","limit":5}`
		return m.ReadBody(m.Do(http.MethodPost, "/v1/reporting/providerhistories", body, m.DCToken()))
	}
	same := mockdextest.NewServer(t, mockdextest.WithStart(start), mockdextest.WithHistoryDays(3), mockdextest.WithSeed(7))
	otherSeed := mockdextest.NewServer(t, mockdextest.WithStart(start), mockdextest.WithHistoryDays(3), mockdextest.WithSeed(8))
	assert.Equal(t, providers(m), providers(same))
	assert.NotEqual(t, providers(m), providers(otherSeed))

	empty := mockdextest.NewServer(t, mockdextest.WithStart(start))
	job = empty.StartReport(mockdextest.ReportRequest{From: start.AddDate(0, 0, -3), To: start})
	empty.AwaitReport(job)
	assert.Empty(t, empty.ReportCSV(job).Rows, "no history by default")
}

func TestJournalSize(t *testing.T) {
	m := mockdextest.NewServer(t, mockdextest.WithJournalSize(2))
	for range 3 {
		m.ReadBody(m.Do(http.MethodGet, "/api/9/modalities", ""))
	}
	got := m.Requests(mockdextest.RequestFilter{})
	require.Len(t, got, 2)
	assert.Equal(t, uint64(3), got[0].Seq, "newest first")

	off := mockdextest.NewServer(t, mockdextest.WithJournalSize(0))
	off.ReadBody(off.Do(http.MethodGet, "/api/9/modalities", ""))
	assert.Empty(t, off.Requests(mockdextest.RequestFilter{}))
}

// withFixture is the default world with one file changed by edit.
func withFixture(t *testing.T, name string, edit func(v any) any) fs.FS {
	t.Helper()
	out := fstest.MapFS{}
	require.NoError(t, fs.WalkDir(fixtures.Default(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fixtures.Default(), path)
		if err == nil && path == name {
			var v any
			require.NoError(t, json.Unmarshal(b, &v))
			b, err = json.Marshal(edit(v))
		}
		out[path] = &fstest.MapFile{Data: b}
		return err
	}))
	return out
}

func TestWithFixtures(t *testing.T) {
	renamed := withFixture(t, "practices.json", func(v any) any {
		v.([]any)[1].(map[string]any)["displayName"] = "Acme Telehealth"
		return v
	})
	m := mockdextest.NewServer(t, mockdextest.WithFixtures(renamed))
	var practice struct{ DisplayName string }
	m.ReadJSON(m.Do(http.MethodGet, "/api/8/practices/"+mockdextest.PracticeAcme, ""), &practice)
	assert.Equal(t, "Acme Telehealth", practice.DisplayName)
}

// captureT records the strict-mode failures a test would get.
type captureT struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (c *captureT) Errorf(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.errors = append(c.errors, fmt.Sprintf(format, args...))
}

// Strict mode fails a test on a response that breaks the spec (here, a
// modality whose fixture date is not a date-time); Lenient does not.
func TestStrictAndLenient(t *testing.T) {
	broken := withFixture(t, "catalog.json", func(v any) any {
		v.(map[string]any)["modalities"].([]any)[0].(map[string]any)["createdAt"] = "last tuesday"
		return v
	})
	for _, c := range []struct {
		name  string
		opts  []mockdextest.Option
		fails bool
	}{
		{"strict", []mockdextest.Option{mockdextest.WithFixtures(broken)}, true},
		{"lenient", []mockdextest.Option{mockdextest.WithFixtures(broken), mockdextest.Lenient()}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			ct := &captureT{TB: t}
			m := mockdextest.NewServer(ct, c.opts...)
			m.ReadBody(m.Do(http.MethodGet, "/api/9/modalities", ""))
			ct.mu.Lock()
			defer ct.mu.Unlock()
			if c.fails {
				require.Len(t, ct.errors, 1)
				assert.Contains(t, ct.errors[0], "mockdex answered getModalities with a 200 that breaks the spec")
			} else {
				assert.Empty(t, ct.errors)
			}
		})
	}
}

func TestCreateVisitOptions(t *testing.T) {
	m := mockdextest.NewServer(t)
	visit := m.CreateVisit(mockdextest.VirtualVisit{
		Patient: mockdextest.PatientJane, Practice: mockdextest.PracticeAcme, Region: mockdextest.RegionWashington,
		Modality: "phone", Qualifier: "adult", Reason: "a rash",
	})
	var summary struct {
		PracticeID, StateLicensure, Modality, PatientGUID string
	}
	m.ReadJSON(m.Do(http.MethodGet, "/api/9/visits/"+visit+"/summary", "", m.Bearer(mockdextest.PatientJane)), &summary)
	assert.Equal(t, mockdextest.PracticeAcme, summary.PracticeID)
	assert.Equal(t, mockdextest.RegionWashington, summary.StateLicensure)
	assert.Equal(t, "phone", summary.Modality)
	assert.Equal(t, mockdextest.PatientJane, summary.PatientGUID)

	sent := m.Requests(mockdextest.RequestFilter{OperationID: "createVisitV9", Limit: 1})
	require.Len(t, sent, 1)
	assert.Contains(t, string(sent[0].RequestBody), `"brand":"Acme"`, "the practice's brand by default")
	assert.NotContains(t, string(sent[0].RequestBody), "ExistingPatient", "the journal redacts the patient's details")
}

// fatalT records a helper's t.Fatalf and ends the goroutine, as the
// testing package does.
type fatalT struct {
	testing.TB
	msg string
}

func (f *fatalT) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// failure runs use against a fresh mock and returns how it failed the test.
func failure(t *testing.T, use func(m *mockdextest.Server)) string {
	ft := &fatalT{TB: t}
	m := mockdextest.NewServer(ft)
	done := make(chan struct{})
	go func() {
		defer close(done)
		use(m)
	}()
	<-done
	return ft.msg
}

// A helper asked for something the mock refuses fails the test with the
// mock's own answer.
func TestHelpersFailTheTestWithTheAnswer(t *testing.T) {
	assert.Contains(t, failure(t, func(m *mockdextest.Server) {
		m.CreateVisit(mockdextest.VirtualVisit{Practice: mockdextest.PracticeAcme, Region: mockdextest.RegionTexas})
	}), "create visit: 400")
	assert.Contains(t, failure(t, func(m *mockdextest.Server) {
		m.AddFault(mockdextest.Fault{OperationID: "noSuchOperation", Status: 503})
	}), "POST /_mockdex/faults: 400")
	assert.Contains(t, failure(t, func(m *mockdextest.Server) { m.RemoveFault("f9") }), "no fault with id f9")
	assert.Contains(t, failure(t, func(m *mockdextest.Server) { m.ReportCSV("3b690e39-4659-40f9-9909-58b27c0a4383") }), "data: 404")
	assert.Contains(t, failure(t, func(m *mockdextest.Server) { m.Clock.Set(time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)) }), "keep it between")
	assert.Empty(t, failure(t, func(m *mockdextest.Server) { m.Reset() }))
}

func TestCSVColumn(t *testing.T) {
	c := mockdextest.CSV{Header: []string{"a", "b"}, Rows: [][]string{{"1", "2"}, {"3", "4"}}}
	assert.Equal(t, []string{"2", "4"}, c.Column("b"))
	assert.Nil(t, c.Column("c"))
}

func TestRequestsFilterAndQuery(t *testing.T) {
	m := mockdextest.NewServer(t)
	m.ReadBody(m.Do(http.MethodGet, "/api/9/regions/waittimes?regionCodes=WA&regionCodes=OR&practiceId="+mockdextest.PracticeVirtualVisits, ""))
	m.ReadBody(m.Do(http.MethodGet, "/nowhere", ""))
	m.ReadBody(m.Do(http.MethodGet, "/api/9/modalities", ""))

	waits := m.Requests(mockdextest.RequestFilter{OperationID: "getAvailabilityAndWaitTimes"})
	require.Len(t, waits, 1)
	assert.Equal(t, []string{"WA", "OR"}, waits[0].Query["regionCodes"])
	assert.Equal(t, []string{mockdextest.PracticeVirtualVisits}, waits[0].Query["practiceId"])

	missing := m.Requests(mockdextest.RequestFilter{Status: http.StatusNotFound})
	require.Len(t, missing, 1)
	assert.Equal(t, "/nowhere", missing[0].Path)
	assert.Empty(t, missing[0].OperationID)
	assert.Len(t, m.Requests(mockdextest.RequestFilter{Limit: 2}), 2)
}

// Faults reach the API and the journal; removing them restores it.
func TestFaultHelpers(t *testing.T) {
	m := mockdextest.NewServer(t)
	status := func() int {
		resp := m.Do(http.MethodGet, "/api/9/modalities", "")
		m.ReadBody(resp)
		return resp.StatusCode
	}
	body := m.AddFault(mockdextest.Fault{OperationID: "getModalities", Status: 418, Body: map[string]string{"tea": "pot"}})
	resp := m.Do(http.MethodGet, "/api/9/modalities", "")
	assert.JSONEq(t, `{"tea":"pot"}`, m.ReadBody(resp))
	m.RemoveFault(body)
	assert.Equal(t, http.StatusOK, status())

	m.AddFault(mockdextest.Fault{OperationID: "getModalities", Status: 503, Probability: 0.5})
	m.AddFault(mockdextest.Fault{OperationID: "getModalities", Delay: time.Millisecond})
	m.ClearFaults()
	for range 5 {
		assert.Equal(t, http.StatusOK, status())
	}
	assert.False(t, m.Requests(mockdextest.RequestFilter{Limit: 1})[0].Faulted)
}
