package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/mockdextest"
)

const avrPath = "/api/8/reporting/allvisitsreport"

// call is one raw HTTP exchange and what a client would check of it.
type call struct {
	name    string
	method  string
	path    string
	body    string
	headers []string
	status  int
	want    string // exact JSON body, when set
	has     string // substring of the body, when set
}

func runCalls(t *testing.T, m *mockdextest.Server, calls []call) {
	t.Helper()
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			resp := m.Do(c.method, c.path, c.body, c.headers...)
			body := m.ReadBody(resp)
			require.Equal(t, c.status, resp.StatusCode, body)
			if c.want != "" {
				assert.JSONEq(t, c.want, body)
			}
			if c.has != "" {
				assert.Contains(t, body, c.has)
			}
		})
	}
}

func TestFoundationErrors(t *testing.T) {
	m := mockdextest.NewServer(t)
	dc := m.DCToken()
	runCalls(t, m, []call{
		{name: "avr without body", method: "POST", path: avrPath, headers: []string{dc},
			status: 400, want: `{"error":"'type' is required"}`},
		{name: "avr empty object", method: "POST", path: avrPath, body: `{}`, headers: []string{dc},
			status: 400, want: `{"error":"'type' is required"}`},
		{name: "avr unknown type", method: "POST", path: avrPath, body: `{"type":"inperson"}`, headers: []string{dc},
			status: 400, want: `{"error":"'type' must be one of [virtual, retail, provider_booking]"}`},
		{name: "avr wrong key", method: "POST", path: avrPath, body: `{"type":"virtual"}`, headers: []string{"Authorization: dc-token nope"},
			status: 403, want: `{"message":"Authorization failed: bad service token"}`},
		{name: "avr no key", method: "POST", path: avrPath, body: `{"type":"virtual"}`,
			status: 403, want: `{"message":"Authorization failed: bad service token"}`},
		{name: "avr status malformed id", method: "GET", path: avrPath + "/not-a-guid", headers: []string{dc},
			status: 400, want: `{"msg":"getAvrQueryStatus bad request', not-a-guid, 'reportId' must be a valid GUID"}`},
		{name: "avr data malformed id", method: "GET", path: avrPath + "/not-a-guid/data", headers: []string{dc},
			status: 400, want: `{"error":"'reportId' must be a valid GUID"}`},
		{name: "guest without api key", method: "POST", path: "/v1/booking/queued-guest-visit?product=DCIntSched", body: `{}`,
			status: 401, want: `{"code":"APIKEY_INVALID_OR_MISSING","error":"Unauthorized"}`},
		{name: "guest missing first name", method: "POST", path: "/v1/booking/queued-guest-visit?product=DCIntSched", headers: []string{m.XAPIKey()},
			body:   `{"patient":{"lastName":"l","email":"e@x.test","phone":"1","gender":"male","dateOfBirth":"1958-06-07","address":{"line1":"1","city":"c","state":"WA","postalCode":"98102"}},"billingInfo":{"paymentMethod":"couponcode","couponCode":"x"},"visitDetails":{"acceptedTerms":true,"brand":"providence","declaration":"self","practiceId":"6996d161-cd16-4556-9577-f942c3f80c80","stateLicensure":"WA","visitReason":"r","visitTypeName":"virtual"}}`,
			status: 400, want: `{"code":"OPENAPI_VALIDATION_ERROR","error":"/requestBody/patient - must have required property 'firstName'"}`},
		{name: "visit without token", method: "POST", path: "/api/9/visits", body: `{}`,
			status: 401, has: `"error"`},
		{name: "unknown path", method: "GET", path: "/api/9/nothing", status: 404, want: `{"error":"Not Found"}`},
		{name: "wrong method", method: "DELETE", path: "/api/9/modalities", status: 405, want: `{"error":"Method Not Allowed"}`},
	})
}

func TestWrongMethodListsAllowed(t *testing.T) {
	m := mockdextest.NewServer(t)
	resp := m.Do("DELETE", "/api/9/modalities", "")
	resp.Body.Close()
	assert.Equal(t, "GET", resp.Header.Get("Allow"))
}

func TestCorrelationIDEchoed(t *testing.T) {
	m := mockdextest.NewServer(t)
	resp := m.Do("GET", "/healthz", "", "correlation-id: 0d4b8e6e-0000-4000-8000-000000000001")
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "0d4b8e6e-0000-4000-8000-000000000001", resp.Header.Get("correlation-id"))
}

func TestAlgNoneRefused(t *testing.T) {
	m := mockdextest.NewServer(t)
	good := m.Token("233441f4-129f-4d0e-afaa-b3009dbe80c7")
	parts := strings.Split(good, ".")
	none := "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + parts[1] + "."
	resp := m.Do("GET", "/api/9/visits/241f29d1-3402-4a00-b74b-064d28d22596/summary", "", "Authorization: Bearer "+none)
	body := m.ReadBody(resp)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, body)
}

// adminJSON is the content type every control-plane write must declare,
// body or not.
const adminJSON = "Content-Type: application/json"

func TestHealthAndReady(t *testing.T) {
	m := mockdextest.NewServer(t)
	var ready map[string]any
	resp := m.Do("GET", "/readyz", "")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	m.ReadJSON(resp, &ready)
	assert.Equal(t, "ready", ready["status"])
	assert.Greater(t, ready["operations"].(float64), 15.0)
	resp = m.Do("GET", "/healthz", "")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	resp.Body.Close()
}
