package control_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/mockdextest"
)

// Test data from the fixtures.
const (
	practiceID = "6996d161-cd16-4556-9577-f942c3f80c80"
	joeGUID    = "233441f4-129f-4d0e-afaa-b3009dbe80c7"
	adminJSON  = "Content-Type: application/json"
	nsHeader   = "X-Mockdex-Namespace"
)

// joeVisit is a v9 request for Joe in WA.
func joeVisit(t *testing.T) string {
	t.Helper()
	body := map[string]any{
		"patient": map[string]any{
			"patientGuid": joeGUID, "firstName": "Joe", "lastName": "Public", "gender": "male",
			"dateOfBirth": "1970-01-01", "phone": "204-555-3233", "email": "joe.public@example.com",
			"address": map[string]any{"line1": "312 S Washington St", "city": "Seattle", "state": "WA", "postalCode": "98104"},
		},
		"billingInfo": map[string]any{"paymentMethod": "couponcode", "couponCode": "kyle1"},
		"visitDetails": map[string]any{
			"practiceId": practiceID, "stateLicensure": "WA", "visitTypeName": "virtual",
			"visitReason": "sore throat", "brand": "providence", "acceptedTerms": true, "declaration": "self",
		},
	}
	out, err := json.Marshal(body)
	require.NoError(t, err)
	return string(out)
}

type visitCreated struct {
	VisitID          string `json:"visitId"`
	VisitRedirectURL string `json:"visitRedirectUrl"`
}

// createVisit queues a visit for Joe, with extra headers (a namespace).
func createVisit(t *testing.T, m *mockdextest.Server, headers ...string) visitCreated {
	t.Helper()
	resp := m.Do("POST", "/api/9/visits", joeVisit(t), append([]string{m.Bearer(joeGUID)}, headers...)...)
	body := m.ReadBody(resp)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	var out visitCreated
	require.NoError(t, json.Unmarshal([]byte(body), &out))
	return out
}

// visitStatus is the visit's status by the owner's summary.
func visitStatus(t *testing.T, m *mockdextest.Server, id string, headers ...string) (int, string) {
	t.Helper()
	resp := m.Do("GET", "/api/9/visits/"+id+"/summary", "", append([]string{m.Bearer(joeGUID)}, headers...)...)
	var out struct{ Status string }
	if resp.StatusCode != http.StatusOK {
		m.ReadBody(resp)
		return resp.StatusCode, ""
	}
	m.ReadJSON(resp, &out)
	return resp.StatusCode, out.Status
}

func ns(name string) string { return nsHeader + ": " + name }
