package mockdextest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mockdex/mockdex/mockdextest"
)

// v7 is a time-ordered UUID (RFC 9562 version 7), as newer systems mint
// their ids.
const v7 = "018f6b7c-2a9e-7c3d-9b1a-5e4f3c2b1a00"

// A v7 UUID passes `format: uuid` in a path, a query, a request body and
// a response header: each request below gets past validation to the
// handler, which answers what it answers for an id it does not know. The
// server is strict, so the echoed header is checked against the spec too.
func TestV7UUIDsAreAccepted(t *testing.T) {
	m := mockdextest.NewServer(t)
	joe := m.Bearer(mockdextest.PatientJoe)

	resp := m.Do(http.MethodPut, "/api/9/visits/"+v7+"/acceptTerms", "", joe)
	if body := m.ReadBody(resp); resp.StatusCode != http.StatusNotFound {
		t.Errorf("acceptTerms for a v7 visitId: %d %s, want 404 (a visit it does not hold)", resp.StatusCode, body)
	}
	resp = m.Do(http.MethodPut, "/api/9/visits/"+strings.Replace(v7, "-7c3d-", "-9c3d-", 1)+"/acceptTerms", "", joe)
	if body := m.ReadBody(resp); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "uuid") {
		t.Errorf("acceptTerms for a version 9 id: %d %s, want 400 naming the format", resp.StatusCode, body)
	}

	resp = m.Do(http.MethodGet, "/api/9/regions/waittimes?regionCodes=WA&practiceId="+v7, "", "correlation-id: "+v7)
	if body := m.ReadBody(resp); resp.StatusCode != http.StatusOK {
		t.Errorf("wait times for a v7 practiceId: %d %s, want 200", resp.StatusCode, body)
	}
	if got := resp.Header.Get("correlation-id"); got != v7 {
		t.Errorf("correlation-id %q, want the v7 sent", got)
	}

	body := `{"patient":{"patientGuid":"` + v7 + `","firstName":"Ada","lastName":"L","gender":"female","dateOfBirth":"1990-12-10",
	  "phone":"204-555-3233","email":"ada@example.com","address":{"line1":"1 Main St","city":"Seattle","state":"WA","postalCode":"98104"}},
	  "billingInfo":{"paymentMethod":"couponcode","couponCode":"kyle1"},
	  "visitDetails":{"practiceId":"` + mockdextest.PracticeVirtualVisits + `","stateLicensure":"WA","visitTypeName":"virtual",
	  "visitReason":"cough","brand":"providence","acceptedTerms":true,"declaration":"self"}}`
	resp = m.Do(http.MethodPost, "/api/9/visits", body, m.Bearer(v7))
	if got := m.ReadBody(resp); resp.StatusCode != http.StatusBadRequest || !strings.Contains(got, "PATIENT_RECORD_NOT_FOUND") {
		t.Errorf("a visit for a v7 patientGuid: %d %s, want the handler's 400 PATIENT_RECORD_NOT_FOUND", resp.StatusCode, got)
	}
}
