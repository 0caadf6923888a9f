package server_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/mockdex/mockdex/mockdextest"
)

// Property names are exact and appear once, as DexCare's validator reads
// them: a case variant or a repeated key is refused with its path named,
// and nothing is stored from the body.
func TestBodyKeysAreExact(t *testing.T) {
	m := mockdextest.NewServer(t)
	long := strings.Repeat("x", 5000)
	guestReason := func(with string) string {
		return strings.Replace(docsGuestWithPractice, `"visitReason": "reasons"`, with, 1)
	}
	phone := func(old, with string) string { return strings.Replace(docsPhoneExample, old, with, 1) }
	runCalls(t, m, []call{
		{name: "guest: case variant of a declared key", method: "POST", path: guestPath, headers: []string{m.XAPIKey()},
			body:   guestReason(`"visitReason": "ok", "visitreason": "` + long + `"`),
			status: 400, want: `{"code":"OPENAPI_VALIDATION_ERROR","error":"/requestBody/visitDetails/visitreason - must be spelled 'visitReason' (property names are case-sensitive)"}`},
		{name: "guest: repeated key", method: "POST", path: guestPath, headers: []string{m.XAPIKey()},
			body:   guestReason(`"visitReason": "ok", "visitReason": "` + long + `"`),
			status: 400, want: `{"code":"OPENAPI_VALIDATION_ERROR","error":"/requestBody/visitDetails/visitReason - must not appear more than once in its object"}`},
		{name: "guest: undeclared property is named", method: "POST", path: guestPath, headers: []string{m.XAPIKey()},
			body:   strings.Replace(docsGuestWithPractice, `"firstName": "first",`, `"firstName": "first", "ehrIdentifier": "M1",`, 1),
			status: 400, want: `{"code":"OPENAPI_VALIDATION_ERROR","error":"/requestBody/patient - must NOT have additional properties ('ehrIdentifier')"}`},
		{name: "v9 visit: case variant where extras are allowed", method: "POST", path: visitsPath, headers: []string{m.Bearer(sinjoro)},
			body:   phone(`"visitReason": "Example request for a phone visit"`, `"visitReason": "ok", "visitreason": "`+long+`"`),
			status: 400, want: `{"error":"/requestBody/visitDetails/visitreason - must be spelled 'visitReason' (property names are case-sensitive)"}`},
		{name: "v9 visit: case variant inside a oneOf branch", method: "POST", path: visitsPath, headers: []string{m.Bearer(sinjoro)},
			body:   phone(`"ehrIdentifier": "M123456",`, `"ehrIdentifier": "M123456", "EHRIdentifier": "x",`),
			status: 400, want: `{"error":"/requestBody/patient/EHRIdentifier - must be spelled 'ehrIdentifier' (property names are case-sensitive)"}`},
		{name: "v9 visit: repeated key inside an array item", method: "POST", path: visitsPath, headers: []string{m.Bearer(sinjoro)},
			body: phone(`"declaration": "self",
    "stateLicensure"`, `"declaration": "self", "additionalDetails": [{"key": "a", "value": "b", "key": "c"}],
    "stateLicensure"`),
			status: 400, want: `{"error":"/requestBody/visitDetails/additionalDetails/0/key - must not appear more than once in its object"}`},
		{name: "avr: case variant, reporting wording", method: "POST", path: avrPath, headers: []string{m.DCToken()},
			body: `{"type":"virtual","Type":"retail"}`, status: 400,
			want: `{"error":"'Type' must be spelled 'type' (property names are case-sensitive)"}`},
		{name: "apr: repeated key", method: "POST", path: aprPath, headers: []string{m.DCToken()},
			body:   `{"startDate":"2023-10-12T07:00:00.000Z","endDate":"2023-10-13T17:00:00.000Z","limit":5,"limit":500}`,
			status: 400, want: `{"error":"'limit' must not appear more than once in its object"}`},
	})
	assert.Zero(t, countVisits(m), "no visit may be created from a refused body")
}
