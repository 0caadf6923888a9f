package control_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
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

// visitStatus is the visit's status by the owner's summary; headers
// without an Authorization get Joe's token on the default clock.
func visitStatus(t *testing.T, m *mockdextest.Server, id string, headers ...string) (int, string) {
	t.Helper()
	if !slices.ContainsFunc(headers, func(h string) bool { return strings.HasPrefix(h, "Authorization:") }) {
		headers = append(headers, m.Bearer(joeGUID))
	}
	resp := m.Do("GET", "/api/9/visits/"+id+"/summary", "", headers...)
	var out struct{ Status string }
	if resp.StatusCode != http.StatusOK {
		m.ReadBody(resp)
		return resp.StatusCode, ""
	}
	m.ReadJSON(resp, &out)
	return resp.StatusCode, out.Status
}

func ns(name string) string { return nsHeader + ": " + name }

// joeIn is an Authorization header with a token for Joe minted by the
// namespace, on its clock.
func joeIn(t *testing.T, m *mockdextest.Server, name string) string {
	t.Helper()
	resp := m.Do("POST", "/_mockdex/tokens", `{"patient":"`+joeGUID+`"}`, ns(name))
	var out struct{ Token string }
	m.ReadJSON(resp, &out)
	require.NotEmpty(t, out.Token)
	return "Authorization: Bearer " + out.Token
}

func decode(t *testing.T, body string, into any) {
	t.Helper()
	require.NoError(t, json.Unmarshal([]byte(body), into), body)
}
