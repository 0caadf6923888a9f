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

// unknownGUID names no patient, visit or report (the docs' own patient 12341234-... is a fixture).
const unknownGUID = "9e0c1d2b-3a4f-4b5c-8d6e-7f8091a2b3c4"

func TestCreateVisitRules(t *testing.T) {
	m := mockdextest.NewServer(t)
	joe := m.Bearer(joeGUID)
	runCalls(t, m, []call{
		{name: "docs first example: gender mail and timestamp birth date", method: "POST", path: "/api/9/visits",
			body: docsFirstExample, headers: []string{joe}, status: 400,
			want: `{"error":"/requestBody/patient/dateOfBirth - must match pattern \"^\\\\d{4}-\\\\d{2}-\\\\d{2}$\""}`},
		{name: "gender mail alone", method: "POST", path: "/api/9/visits", headers: []string{joe}, status: 400,
			want: `{"error":"/requestBody/patient/gender - must be equal to one of the allowed values: male, female, other, unknown, nonbinary"}`,
			body: joeVisit(t, func(b, _ map[string]any) { b["patient"].(map[string]any)["gender"] = "mail" })},
		{name: "terms not accepted", method: "POST", path: "/api/9/visits", headers: []string{joe}, status: 400,
			body: joeVisit(t, func(_, d map[string]any) { d["acceptedTerms"] = false }),
			want: `{"error":"'visitDetails.acceptedTerms' must be true"}`},
		{name: "blank visit reason", method: "POST", path: "/api/9/visits", headers: []string{joe}, status: 400,
			body: joeVisit(t, func(_, d map[string]any) { d["visitReason"] = "   " }),
			want: `{"error":"'visitDetails.visitReason' must not be blank","code":"MISSING_VISIT_REASON"}`},
		{name: "missing visit reason", method: "POST", path: "/api/9/visits", headers: []string{joe}, status: 400, has: "visitReason",
			body: joeVisit(t, func(_, d map[string]any) { delete(d, "visitReason") })},
		{name: "declaration other without actor", method: "POST", path: "/api/9/visits", headers: []string{joe}, status: 400,
			body: joeVisit(t, func(_, d map[string]any) { d["declaration"] = "other" }), has: "'actor' is required"},
		{name: "unknown patient guid", method: "POST", path: "/api/9/visits", headers: []string{m.Bearer(unknownGUID)}, status: 400,
			body: joeVisit(t, func(b, _ map[string]any) { b["patient"].(map[string]any)["patientGuid"] = unknownGUID }),
			want: `{"error":"Patient record not found with supplied identifier","code":"PATIENT_RECORD_NOT_FOUND"}`},
		{name: "unknown ehr record", method: "POST", path: "/api/9/visits", headers: []string{m.Bearer(sinjoro)}, status: 400,
			body: strings.Replace(docsPhoneExample, "M123456", "M000000", 1), has: "PATIENT_RECORD_NOT_FOUND"},
		{name: "someone else's guid", method: "POST", path: "/api/9/visits", headers: []string{m.Bearer(janeGUID)}, status: 403,
			body: joeVisit(t, nil), has: "not the patient"},
		{name: "someone else's ehr record", method: "POST", path: "/api/9/visits", headers: []string{joe}, status: 403,
			body: docsPhoneExample, has: "not the patient"},
		{name: "unknown practice", method: "POST", path: "/api/9/visits", headers: []string{joe}, status: 400,
			body: joeVisit(t, func(_, d map[string]any) { d["practiceId"] = "00000000-0000-4000-8000-000000000000" }), has: "visitDetails.practiceId"},
		{name: "region the practice does not serve", method: "POST", path: "/api/9/visits", headers: []string{joe}, status: 400,
			body: joeVisit(t, func(_, d map[string]any) { d["stateLicensure"] = "NY" }), has: "visitDetails.stateLicensure"},
		{name: "nobody on call", method: "POST", path: "/api/9/visits", headers: []string{joe}, status: 409,
			body: joeVisit(t, func(_, d map[string]any) { d["stateLicensure"] = "TX" }), has: "NO_ONCALL_PROVIDERS"},
		{name: "no token", method: "POST", path: "/api/9/visits", body: joeVisit(t, nil), status: 401},
	})
	assert.Zero(t, countVirtual(m), "a refused request queues nothing")
}

func TestCreateVisitOffHours(t *testing.T) {
	// 21:00 in Portland: Oregon (07:00-19:00) is closed, Washington (24x7) open.
	m := mockdextest.NewServer(t, mockdextest.WithStart(time.Date(2024, 6, 4, 4, 0, 0, 0, time.UTC)))
	runCalls(t, m, []call{
		{name: "oregon closed", method: "POST", path: "/api/9/visits", headers: []string{m.Bearer(joeGUID)}, status: 409,
			body: joeVisit(t, func(_, d map[string]any) { d["stateLicensure"] = "OR" }), has: "OFF_HOURS"},
		{name: "washington open", method: "POST", path: "/api/9/visits", headers: []string{m.Bearer(joeGUID)}, status: 200,
			body: joeVisit(t, nil), has: "visitRedirectUrl"},
	})
}

func TestCreateVisitEveryBillingKind(t *testing.T) {
	m := mockdextest.NewServer(t)
	for name, billing := range map[string]map[string]any{
		"creditcard":        {"paymentMethod": "creditcard", "stripeToken": "TokenFromStripe"},
		"couponcode":        {"paymentMethod": "couponcode", "couponCode": "aSecretServiceKey"},
		"insurance self":    {"paymentMethod": "insurance", "declaration": "self", "insuranceType": "manual", "insuranceProviderId": "p", "insuranceMemberId": "m"},
		"insurance other":   {"paymentMethod": "insurance", "declaration": "other", "insuranceType": "manual", "insuranceProviderId": "p", "insuranceMemberId": "m", "firstName": "A", "lastName": "B", "gender": "female", "dateOfBirth": "1971-03-15"},
		"external-self-pay": {"paymentMethod": "external-self-pay"},
	} {
		t.Run(name, func(t *testing.T) {
			c := createVisit(t, m, joeVisit(t, func(b, _ map[string]any) { b["billingInfo"] = billing }), m.Bearer(joeGUID))
			v, ok := mockOf(m).World().Visits.Get(c.VisitID)
			require.True(t, ok)
			assert.Equal(t, billing["paymentMethod"], v.PaymentMethod)
		})
	}
}

// TestDocsFlow replays the docs: practice → wait times → create (the phone
// example with an EHR id) → summary → the clock moves the visit on.
func TestDocsFlow(t *testing.T) {
	m := mockdextest.NewServer(t)
	resp := m.Do("GET", "/api/8/practices/"+practiceID+"?product=healthconnect", "")
	require.Equal(t, http.StatusOK, resp.StatusCode, m.ReadBody(resp))
	resp.Body.Close()
	wt := entry(t, waitTimes(t, m, "regionCodes[]=WA&practiceId="+practiceID+"&product=healthconnect"), practiceID, "WA", "phone", "adult")
	require.True(t, wt.Available)
	require.Equal(t, 300, *wt.Estimate, "empty queue: one handle time (600s) over two on call")

	c := createVisit(t, m, docsPhoneExample, m.Bearer(sinjoro))
	assert.Equal(t, sinjoro, c.PatientGUID)
	assert.True(t, strings.HasPrefix(c.VisitRedirectURL, m.URL+"/visit/"+c.VisitID+"?brand=providence"), c.VisitRedirectURL)
	assert.NotEmpty(t, c.TokBoxVisit.WaitingRoomSession.SessionID)

	s := getSummary(t, m, c.VisitID, sinjoro)
	assert.Equal(t, "requested", s.Status)
	assert.Equal(t, "phone", s.Modality)
	assert.Equal(t, "virtual", s.Type)
	assert.Equal(t, []string{"adult"}, s.AssignmentQualifiers)
	assert.Equal(t, "MAS", s.HomeMarket)
	assert.Nil(t, s.ProviderID, "no provider before assignment")
	assert.Contains(t, s.Timestamps, "requested")

	m.Clock.Advance(30 * time.Second)
	assert.Equal(t, "waitingroom", getSummary(t, m, c.VisitID, sinjoro).Status)

	m.Clock.Advance(270 * time.Second) // the 300s estimate has elapsed
	s = getSummary(t, m, c.VisitID, sinjoro)
	require.Equal(t, "invisit", s.Status)
	require.NotNil(t, s.ProviderID)
	assert.Contains(t, onCallIDs(m, practiceID, "WA", "phone/adult"), *s.ProviderID)
	assert.Contains(t, s.Timestamps, "invisit")
	assert.NotContains(t, s.Timestamps, "done")

	m.Clock.Advance(15 * time.Minute)
	s = getSummary(t, m, c.VisitID, sinjoro)
	assert.Equal(t, "done", s.Status)
	for _, st := range []string{"created", "requested", "waitingroom", "invisit", "done"} {
		assert.Contains(t, s.Timestamps, st)
	}
}

func TestDocsProxyExample(t *testing.T) {
	m := mockdextest.NewServer(t)
	// The token is the acting parent's; the patient is the child's record.
	c := createVisit(t, m, docsProxyExample, m.Bearer(joeGUID))
	assert.Equal(t, sinjoro, c.PatientGUID)
	v, _ := mockOf(m).World().Visits.Get(c.VisitID)
	assert.Equal(t, "other", v.Declaration)
	require.NotNil(t, v.Actor)
	assert.Equal(t, "Proxy", v.Actor.LastName)
	assert.Equal(t, []string{"pediatric"}, v.Qualifiers)
	assert.Equal(t, "virtual", v.Modality, "visitTypeName defaults to virtual")
	for _, who := range []string{joeGUID, sinjoro} {
		assert.Equal(t, "requested", getSummary(t, m, c.VisitID, who).Status, "both the actor and the patient see it")
	}
}

func TestVisitFieldsForReports(t *testing.T) {
	m := mockdextest.NewServer(t)
	c := createVisit(t, m, docsPhoneExample, m.Bearer(sinjoro))
	v, ok := mockOf(m).World().Visits.Get(c.VisitID)
	require.True(t, ok)
	assert.Equal(t, fakes.KindVirtual, v.Kind)
	assert.Equal(t, practiceID, v.PracticeID)
	assert.Equal(t, "WA", v.RegionCode)
	assert.Equal(t, "405772000", v.DepartmentID)
	assert.Equal(t, "org.providence.dig.epic.provorca", v.EHRSystemName)
	assert.Equal(t, "providence", v.Brand)
	assert.Equal(t, "insurance", v.PaymentMethod)
	assert.Equal(t, "Example request for a phone visit", v.VisitReason)
	require.Len(t, v.Timeline, 4)
	assert.NotEmpty(t, v.Timeline[2].ProviderID, "invisit names the provider")

	evs := visitEvents(m, c.VisitID)
	require.Len(t, evs, 3)
	actions := []string{}
	for _, e := range evs {
		actions = append(actions, e.Action)
		assert.Equal(t, v.Timeline[2].ProviderID, e.ProviderID)
		assert.NotEmpty(t, e.ProviderEmail)
		assert.NotEmpty(t, e.ProviderCredentials)
		assert.Equal(t, e.ProviderID, e.ActorID, "the provider acts for themselves")
	}
	assert.ElementsMatch(t, []string{"assigned", "started", "completed"}, actions)
}

func TestSummaryOwnerOnly(t *testing.T) {
	m := mockdextest.NewServer(t)
	c := createVisit(t, m, joeVisit(t, nil), m.Bearer(joeGUID))
	path := "/api/9/visits/" + c.VisitID + "/summary"
	runCalls(t, m, []call{
		{name: "owner", method: "GET", path: path, headers: []string{m.Bearer(joeGUID)}, status: 200, has: `"status":"requested"`},
		{name: "another patient", method: "GET", path: path, headers: []string{m.Bearer(janeGUID)}, status: 404, want: `{"error":"Visit not found"}`},
		{name: "unknown visit", method: "GET", path: "/api/9/visits/" + unknownGUID + "/summary", headers: []string{m.Bearer(joeGUID)}, status: 404},
		{name: "no token", method: "GET", path: path, status: 401},
	})
}

func TestVisitWaitTimeByPosition(t *testing.T) {
	m := mockdextest.NewServer(t)
	first := createVisit(t, m, joeVisit(t, nil), m.Bearer(joeGUID))
	second := createVisit(t, m, joeVisit(t, nil), m.Bearer(joeGUID))
	runCalls(t, m, []call{
		{name: "first in line", method: "GET", path: "/api/9/visits/" + first.VisitID + "/waittime", headers: []string{m.Bearer(joeGUID)}, status: 200,
			want: `{"estimatedWaitTimeSeconds":200,"estimateGeneratedAt":"2024-06-03T16:00:00.000Z","estimatedWaitTimeMessage":"You are number 1 in line"}`},
		{name: "second in line", method: "GET", path: "/api/9/visits/" + second.VisitID + "/waittime", headers: []string{m.Bearer(joeGUID)}, status: 200,
			want: `{"estimatedWaitTimeSeconds":400,"estimateGeneratedAt":"2024-06-03T16:00:00.000Z","estimatedWaitTimeMessage":"You are number 2 in line"}`},
		{name: "another patient", method: "GET", path: "/api/9/visits/" + first.VisitID + "/waittime", headers: []string{m.Bearer(janeGUID)}, status: 404},
	})
	m.Clock.Advance(250 * time.Second) // the first has started
	runCalls(t, m, []call{
		{name: "second moves up", method: "GET", path: "/api/9/visits/" + second.VisitID + "/waittime", headers: []string{m.Bearer(joeGUID)}, status: 200,
			want: `{"estimatedWaitTimeSeconds":150,"estimateGeneratedAt":"2024-06-03T16:04:10.000Z","estimatedWaitTimeMessage":"You are number 1 in line"}`},
		{name: "started visit waits no more", method: "GET", path: "/api/9/visits/" + first.VisitID + "/waittime", headers: []string{m.Bearer(joeGUID)}, status: 200,
			want: `{"estimatedWaitTimeSeconds":0,"estimateGeneratedAt":"2024-06-03T16:04:10.000Z","estimatedWaitTimeMessage":null}`},
	})
}

func TestAcceptTerms(t *testing.T) {
	m := mockdextest.NewServer(t)
	c := createVisit(t, m, joeVisit(t, nil), m.Bearer(joeGUID))
	path := "/api/9/visits/" + c.VisitID + "/acceptTerms"
	runCalls(t, m, []call{
		{name: "owner", method: "PUT", path: path, headers: []string{m.Bearer(joeGUID)}, status: 200},
		{name: "another patient", method: "PUT", path: path, headers: []string{m.Bearer(janeGUID)}, status: 404},
		{name: "unknown visit", method: "PUT", path: "/api/9/visits/" + unknownGUID + "/acceptTerms", headers: []string{m.Bearer(joeGUID)}, status: 404},
		{name: "cancel it", method: "POST", path: "/_mockdex/visits/" + c.VisitID + "/cancel", headers: []string{adminJSON}, status: 200},
		{name: "ended visit", method: "PUT", path: path, headers: []string{m.Bearer(joeGUID)}, status: 409, has: "ended"},
	})
	assert.True(t, getSummary(t, m, c.VisitID, joeGUID).AcceptTerms)
}

func countVirtual(m *mockdextest.Server) int {
	n := 0
	mockOf(m).World().Visits.Each(time.Time{}, mockdextest.Epoch.AddDate(1, 0, 0), func(v *fakes.Visit) bool {
		if v.Kind == fakes.KindVirtual || v.Kind == fakes.KindGuest {
			n++
		}
		return true
	})
	return n
}

func onCallIDs(m *mockdextest.Server, practice, region, pool string) []string {
	var ids []string
	for _, p := range mockOf(m).World().Fixtures.OnCall(fakes.PoolKey(practice, region, pool)) {
		ids = append(ids, p.ID)
	}
	return ids
}

// visitEvents are the visit's provider events, planned ones included.
func visitEvents(m *mockdextest.Server, visitID string) []fakes.ProviderEvent {
	far := mockdextest.Epoch.AddDate(1, 0, 0)
	_, evs := mockOf(m).World().Events.Search(fakes.EventQuery{To: far, Now: far, VisitID: visitID, Limit: 100})
	return evs
}
