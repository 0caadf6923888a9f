package redact

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestClassesFoldKeys(t *testing.T) {
	for key, want := range map[string]Class{
		"firstName": Personal, "first_name": Personal, "FIRST-NAME": Personal,
		"patientGuid": Identifier, "stripeToken": Secret, "sessionId": Secret,
		"visitId": Public, "practiceId": Public, "status": Public,
	} {
		assert.Equal(t, want, Of(key), key)
	}
}

func TestPoliciesDifferOnlyOnIdentifiers(t *testing.T) {
	body := `{"visitId":"v1","patient":{"patientGuid":"p1","firstName":"Ann","address":{"city":"X"}},"billingInfo":{"stripeToken":"tok"},"middleName":null}`
	mask := func(p Policy) map[string]any {
		var v map[string]any
		require.NoError(t, json.Unmarshal([]byte(body), &v))
		return p.Value(v).(map[string]any)
	}
	j := mask(Journal)
	assert.Equal(t, "v1", j["visitId"])
	assert.Equal(t, "p1", j["patient"].(map[string]any)["patientGuid"], "the journal keeps ids")
	assert.Equal(t, Mask, j["patient"].(map[string]any)["firstName"])
	assert.Equal(t, Mask, j["patient"].(map[string]any)["address"], "objects go whole")
	assert.Equal(t, Mask, j["billingInfo"].(map[string]any)["stripeToken"])
	assert.Nil(t, j["middleName"], "null reveals nothing")

	r := mask(Report)
	assert.Equal(t, Mask, r["patient"].(map[string]any)["patientGuid"], "reports hide ids")
	assert.Equal(t, "v1", r["visitId"])
}

func TestValuesAndHeaders(t *testing.T) {
	q := url.Values{"email": {"a@b"}, "regionCodes": {"WA", "OR"}, "practiceId": {"p"}}
	got := Journal.Values(q)
	assert.Equal(t, Mask, got["email"])
	assert.Equal(t, []string{"WA", "OR"}, got["regionCodes"])
	assert.Equal(t, "p", got["practiceId"])
	assert.Nil(t, Journal.Values(nil))

	h := http.Header{"Authorization": {"Bearer x"}, "X-Api-Key": {"k"}, "X-Session-Token": {"t"}, "Accept": {"a", "b"}}
	hs := Journal.Headers(h)
	assert.NotContains(t, hs, "Authorization")
	assert.NotContains(t, hs, "X-Api-Key")
	assert.Equal(t, Mask, hs["X-Session-Token"])
	assert.Equal(t, "a, b", hs["Accept"])
	assert.True(t, CredentialHeader("x-api-key"))
}

// TokBox's connection data is the user's details as text; the All
// Providers Report's data is a list of records, each judged field by field.
func TestDataIsPersonalOnlyAsText(t *testing.T) {
	var v map[string]any
	require.NoError(t, json.Unmarshal([]byte(`{"connection":{"id":"c1","data":"{\"name\":\"Ann\"}"},"data":[{"id":"e1","actorFirstName":"Ann"}]}`), &v))
	got := Journal.Value(v).(map[string]any)
	assert.Equal(t, Mask, got["connection"].(map[string]any)["data"])
	rec := got["data"].([]any)[0].(map[string]any)
	assert.Equal(t, "e1", rec["id"])
	assert.Equal(t, Mask, rec["actorFirstName"])
}

func TestMasksHeader(t *testing.T) {
	for name, want := range map[string]bool{
		"X-Session-Token": true, "X-Client-Secret": true, "Api-Key": true,
		"Email": true, "X-Email": true, "X-Patient-Guid": false, "Patient-Guid": false,
		"Accept": false, "Correlation-Id": false, "X-Mockdex-Namespace": false,
	} {
		assert.Equal(t, want, Journal.MasksHeader(name), name)
	}
	assert.True(t, Report.MasksHeader("Patient-Guid"), "reports hide identifiers")
}
