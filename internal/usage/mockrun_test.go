package usage_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/journal"
	"github.com/mockdex/mockdex/internal/usage"
	"github.com/mockdex/mockdex/mockdextest"
)

// patient is what an app's tests might send: every value here is
// patient data or a secret, and none may reach a profile.
var patient = struct {
	first, last, dob, phone, email, line1, city, zip, reason, coupon, header string
}{"Zelphine", "Quaxley", "1961-07-23", "206-555-7788", "zelphine.q@example.org", "77 Wisteria Lane",
	"Quahog", "98199", "Zelphine has chest pain", "ZQ-SECRET-COUPON", "tok-zq-9981"}

// appRun plays an app's test suite against m: reads, a visit created and
// read back, a provider history search filtered by a patient's name, and
// a request carrying patient data where it does not belong (an
// undeclared query and custom headers).
func appRun(t *testing.T, m *mockdextest.Server) {
	t.Helper()
	bearer := m.Bearer(mockdextest.PatientJoe)
	do := func(want int, method, path, body string, headers ...string) map[string]any {
		t.Helper()
		resp := m.Do(method, path, body, headers...)
		var out map[string]any
		raw := m.ReadBody(resp)
		require.Equal(t, want, resp.StatusCode, "%s %s: %s", method, path, raw)
		_ = json.Unmarshal([]byte(raw), &out)
		return out
	}
	do(200, "GET", "/api/9/assignmentqualifiers?archived=true", "")
	do(200, "GET", "/api/9/regions/waittimes?practiceId="+mockdextest.PracticeVirtualVisits+"&visitTypeNames=virtual", "",
		"correlation-id: trace-app-1")
	visit := fmt.Sprintf(`{"patient":{"patientGuid":%q,"firstName":%q,"lastName":%q,"gender":"female","dateOfBirth":%q,
		"phone":%q,"email":%q,"address":{"line1":%q,"city":%q,"state":"WA","postalCode":%q}},
		"billingInfo":{"paymentMethod":"couponcode","couponCode":%q},
		"visitDetails":{"visitReason":%q,"stateLicensure":"WA","declaration":"self","acceptedTerms":true,
		"practiceId":%q,"visitTypeName":"virtual","assignmentQualifiers":["adult"],"brand":"acme","userType":"member"}}`,
		mockdextest.PatientJoe, patient.first, patient.last, patient.dob, patient.phone, patient.email, patient.line1,
		patient.city, patient.zip, patient.coupon, patient.reason, mockdextest.PracticeVirtualVisits)
	created := do(200, "POST", "/api/9/visits", visit, bearer, "X-Session-Token: "+patient.header, "X-Email: "+patient.email)
	do(200, "GET", fmt.Sprintf("/api/9/visits/%s/summary", created["visitId"]), "", bearer)
	do(200, "POST", "/v1/reporting/providerhistories",
		fmt.Sprintf(`{"startDate":"2024-05-20T00:00:00Z","endDate":"2024-06-03T16:00:00Z","actorFirstName":%q,"limit":5}`, patient.first),
		m.DCToken())
	resp := m.Do("GET", "/api/9/modalities?archived=false&firstName="+patient.first+"&dob="+patient.dob, "")
	resp.Body.Close()
}

// journalOf reads the mock's journal as the control plane serves it
// (GET /_mockdex/requests), oldest first.
func journalOf(t *testing.T, m *mockdextest.Server) []journal.Entry {
	t.Helper()
	resp, err := m.Client.Get(m.URL + "/_mockdex/requests")
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var out struct {
		Requests []journal.Entry `json:"requests"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	for i, j := 0, len(out.Requests)-1; i < j; i, j = i+1, j-1 {
		out.Requests[i], out.Requests[j] = out.Requests[j], out.Requests[i]
	}
	return out.Requests
}

func profileOf(t *testing.T, entries []journal.Entry) *usage.Profile {
	t.Helper()
	idx, err := usage.DefaultIndex()
	require.NoError(t, err)
	b := usage.NewBuilder(idx, "run-app")
	for i := range entries {
		b.Add(&entries[i])
	}
	return b.Profile()
}

func TestProfileOfAMockRun(t *testing.T) {
	m := mockdextest.NewServer(t)
	appRun(t, m)
	p := profileOf(t, journalOf(t, m))

	q := p.Operations["getAssignmentQualifiers"]
	require.NotNil(t, q)
	assert.Equal(t, int64(1), q.Calls)
	assert.Equal(t, map[string]int64{"true": 1}, q.Parameters[usage.InQuery]["archived"].Values, "a boolean's value is kept")
	assert.Contains(t, q.ResponseFields, "/[]/name", "what the app could read")

	w := p.Operations["getAvailabilityAndWaitTimes"]
	require.NotNil(t, w)
	assert.Equal(t, int64(1), w.Parameters[usage.InQuery]["practiceId"].Sent)
	assert.Empty(t, w.Parameters[usage.InQuery]["practiceId"].Values, "a free-form parameter's value is not kept")
	assert.Equal(t, int64(1), w.Parameters[usage.InHeader]["correlation-id"].Sent, "headers by the spec's name")

	v := p.Operations["createVisitV9"]
	require.NotNil(t, v)
	assert.Equal(t, map[int]int64{200: 1}, v.Statuses)
	assert.Equal(t, map[string]int64{"virtual": 1}, v.RequestFields["/visitDetails/visitTypeName"].Values)
	assert.Equal(t, map[string]int64{"adult": 1}, v.RequestFields["/visitDetails/assignmentQualifiers/[]"].Values, "arrays fold as []")
	assert.Equal(t, map[string]int64{"couponcode": 1}, v.RequestFields["/billingInfo/paymentMethod"].Values, "an enum of a oneOf branch")
	gender := v.RequestFields["/patient/gender"]
	require.NotNil(t, gender, "the field's name is kept")
	assert.Equal(t, int64(1), gender.Sent)
	assert.Empty(t, gender.Values, "a personal field's value is never kept, enum or not")
	assert.Contains(t, v.RequestFields, "/patient/address")
	for path := range v.RequestFields {
		assert.NotContains(t, path, "/patient/address/", "the journal masks a personal object whole")
	}
	assert.Contains(t, v.ResponseFields, "/visitId")

	s := p.Operations["visitSummaryV9"]
	require.NotNil(t, s)
	assert.Equal(t, int64(1), s.Parameters[usage.InPath]["visitId"].Sent)
	assert.Contains(t, s.ResponseFields, "/status")

	h := p.Operations["searchProviderHistories"]
	require.NotNil(t, h)
	assert.Equal(t, int64(1), h.RequestFields["/actorFirstName"].Sent)

	mo := p.Operations["getModalities"]
	require.NotNil(t, mo)
	assert.Equal(t, int64(2), mo.UndeclaredQuery, "undeclared parameters counted, their names not kept")
	assert.Empty(t, p.Leaks())
}

// The redaction test: nothing the app sent under a patient or secret
// field, in a body, a query or a header, reaches the profile document,
// nor does any credential.
func TestProfileHoldsNoPatientValueOrSecret(t *testing.T) {
	m := mockdextest.NewServer(t)
	appRun(t, m)
	p := profileOf(t, journalOf(t, m))
	var doc bytes.Buffer
	require.NoError(t, usage.Write(&doc, p))
	text := doc.String()
	for _, secret := range []string{patient.first, patient.last, patient.dob, patient.phone, patient.email, patient.line1,
		patient.city, patient.zip, patient.reason, "chest pain", patient.coupon, patient.header,
		m.ServiceKey(), m.APIKey(), mockdextest.PatientJoe, mockdextest.PracticeVirtualVisits, "trace-app-1",
		"female", "98104"} {
		assert.NotContains(t, text, secret)
	}
	assert.NotContains(t, strings.ToLower(text), "bearer ")
	back, err := usage.Read(strings.NewReader(text))
	require.NoError(t, err, "a built profile passes Read's own check")
	assert.Empty(t, back.Leaks())
}
