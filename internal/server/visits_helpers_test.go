package server_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/mockdextest"
)

// joeVisit is a v9 request for Joe (patientGuid form) in WA, changed by
// edit before it is encoded.
func joeVisit(t *testing.T, edit func(body, details map[string]any)) string {
	t.Helper()
	details := map[string]any{
		"practiceId": practiceID, "stateLicensure": "WA", "visitTypeName": "virtual",
		"visitReason": "sore throat", "brand": "providence", "acceptedTerms": true, "declaration": "self",
	}
	body := map[string]any{
		"patient": map[string]any{
			"patientGuid": joeGUID, "firstName": "Joe", "lastName": "Public", "gender": "male",
			"dateOfBirth": "1970-01-01", "phone": "204-555-3233", "email": "joe.public@example.com",
			"address": map[string]any{"line1": "312 S Washington St", "city": "Seattle", "state": "WA", "postalCode": "98104"},
		},
		"billingInfo":  map[string]any{"paymentMethod": "couponcode", "couponCode": "kyle1"},
		"visitDetails": details,
	}
	if edit != nil {
		edit(body, details)
	}
	out, err := json.Marshal(body)
	require.NoError(t, err)
	return string(out)
}

// visitCreated is the create answer a client reads.
type visitCreated struct {
	VisitID          string `json:"visitId"`
	PatientGUID      string `json:"patientGuid"`
	VisitRedirectURL string `json:"visitRedirectUrl"`
	TokBoxVisit      struct {
		WaitingRoomSession struct {
			SessionID string `json:"sessionId"`
		} `json:"waitingRoomSession"`
	} `json:"tokBoxVisit"`
}

func createVisit(t *testing.T, m *mockdextest.Server, body string, headers ...string) visitCreated {
	t.Helper()
	resp := m.Do("POST", "/api/9/visits", body, headers...)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("create visit: %d %s", resp.StatusCode, m.ReadBody(resp))
	}
	var out visitCreated
	m.ReadJSON(resp, &out)
	return out
}

// summary is the part of a visit summary the tests read.
type summary struct {
	Status               string            `json:"status"`
	Type                 string            `json:"type"`
	Modality             string            `json:"modality"`
	ProviderID           *string           `json:"providerId"`
	AssignmentQualifiers []string          `json:"assignmentQualifiers"`
	StateLicensure       string            `json:"stateLicensure"`
	PracticeID           string            `json:"practiceId"`
	PatientGUID          string            `json:"patientGuid"`
	HomeMarket           string            `json:"homeMarket"`
	AcceptTerms          bool              `json:"acceptTerms"`
	Timestamps           map[string]string `json:"timestamps"`
}

func getSummary(t *testing.T, m *mockdextest.Server, visitID, subject string) summary {
	t.Helper()
	resp := m.Do("GET", "/api/9/visits/"+visitID+"/summary", "", m.Bearer(subject))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("summary: %d %s", resp.StatusCode, m.ReadBody(resp))
	}
	var out summary
	m.ReadJSON(resp, &out)
	return out
}

// waitEntry is one wait-time entry.
type waitEntry struct {
	Available            bool     `json:"available"`
	Reason               string   `json:"reason"`
	BusyMessage          string   `json:"busyMessage"`
	Estimate             *int     `json:"estimatedWaitTimeSeconds"`
	PracticeID           string   `json:"practiceId"`
	RegionCode           string   `json:"regionCode"`
	VisitTypeName        string   `json:"visitTypeName"`
	AssignmentQualifiers []string `json:"assignmentQualifiers"`
}

func waitTimes(t *testing.T, m *mockdextest.Server, query string) []waitEntry {
	t.Helper()
	resp := m.Do("GET", "/api/9/regions/waittimes?"+query, "")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var out []waitEntry
	m.ReadJSON(resp, &out)
	return out
}

// entry finds the wait-time entry for a pool.
func entry(t *testing.T, list []waitEntry, practice, region, modality, qualifier string) waitEntry {
	t.Helper()
	for _, e := range list {
		if e.PracticeID == practice && e.RegionCode == region && e.VisitTypeName == modality &&
			len(e.AssignmentQualifiers) == 1 && e.AssignmentQualifiers[0] == qualifier {
			return e
		}
	}
	t.Fatalf("no wait-time entry for %s %s %s/%s in %+v", practice, region, modality, qualifier, list)
	return waitEntry{}
}
