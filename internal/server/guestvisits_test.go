package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/mockdextest"
)

const guestPath = "/v1/booking/queued-guest-visit?product=DCIntSched"

// docsGuestWithPractice is the docs' sample plus the practiceId the
// published spec requires.
var docsGuestWithPractice = strings.Replace(docsGuestExample, `"brand": "providence"`,
	`"brand": "providence", "practiceId": "`+practiceID+`"`, 1)

func TestGuestVisitRules(t *testing.T) {
	m := mockdextest.NewServer(t)
	key := m.XAPIKey()
	runCalls(t, m, []call{
		{name: "docs sample lacks practiceId", method: "POST", path: guestPath, body: docsGuestExample, headers: []string{key}, status: 400,
			want: `{"code":"OPENAPI_VALIDATION_ERROR","error":"/requestBody/visitDetails - must have required property 'practiceId'"}`},
		{name: "no api key", method: "POST", path: guestPath, body: docsGuestWithPractice, status: 401,
			want: `{"code":"APIKEY_INVALID_OR_MISSING","error":"Unauthorized"}`},
		{name: "terms not accepted", method: "POST", path: guestPath, headers: []string{key}, status: 400,
			body: strings.Replace(docsGuestWithPractice, `"acceptedTerms": true`, `"acceptedTerms": false`, 1),
			want: `{"code":"OPENAPI_VALIDATION_ERROR","error":"'visitDetails.acceptedTerms' must be true"}`},
		{name: "nobody on call", method: "POST", path: guestPath, headers: []string{key}, status: 409,
			body: strings.Replace(docsGuestWithPractice, `"stateLicensure": "WA"`, `"stateLicensure": "TX"`, 1), has: "NO_ONCALL_PROVIDERS"},
	})
	assert.Zero(t, countVirtual(m))
}

func TestGuestVisitQueued(t *testing.T) {
	m := mockdextest.NewServer(t)
	resp := m.Do("POST", guestPath, docsGuestWithPractice, m.XAPIKey())
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var out struct {
		VisitID          string `json:"visitId"`
		VisitRedirectURL string `json:"visitRedirectUrl"`
	}
	m.ReadJSON(resp, &out)
	assert.Equal(t, m.URL+"/visit/"+out.VisitID+"?brand=providence", out.VisitRedirectURL)

	w := mockOf(m).World()
	v, ok := w.Visits.Get(out.VisitID)
	require.True(t, ok)
	assert.Equal(t, fakes.KindGuest, v.Kind)
	guest, ok := w.Patients.ByGUID(v.PatientGUID)
	require.True(t, ok, "a guest patient was created")
	assert.True(t, guest.Guest)
	assert.Equal(t, "first", guest.FirstName)

	// The same lifecycle as a v9 visit: it starts when its estimate elapses.
	m.Clock.Advance(200 * time.Second)
	status, _ := v.StatusAt(m.Clock.Now())
	assert.Equal(t, fakes.StatusInVisit, status)
	assert.Equal(t, 1, queuedCount(t, m), "the guest visit counted in the queue until it started")
}

// queuedCount is how many visits were queued at the start (mock epoch).
func queuedCount(t *testing.T, m *mockdextest.Server) int {
	t.Helper()
	q := mockOf(m).World().QueueAt(mockdextest.Epoch)
	return q.Waiting(fakes.Pool{PracticeID: practiceID, Region: "WA", Modality: "virtual", Qualifier: "adult"})
}
