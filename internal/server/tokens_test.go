package server_test

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/mockdextest"
)

// Every refused bearer token gets the same 401 on every PHI operation,
// which names no reason and echoes no part of the token.
func TestRefusedBearerTokensGetOneQuiet401(t *testing.T) {
	m := mockdextest.NewServer(t)
	now := m.Clock.Now()
	good := m.Token(joeGUID)
	parts := strings.Split(good, ".")
	none := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + parts[1] + "."
	other, err := auth.Mint("another-secret", joeGUID, now, time.Hour)
	require.NoError(t, err)
	expired, err := auth.Mint(auth.DefaultJWTSecret, joeGUID, now.Add(-2*time.Hour), time.Hour)
	require.NoError(t, err)
	visit := createVisit(t, m, joeVisit(t, nil), m.Bearer(joeGUID))

	ops := []struct{ method, path, body string }{
		{"POST", visitsPath, joeVisit(t, nil)},
		{"GET", "/api/9/visits/" + visit.VisitID + "/summary", ""},
		{"GET", "/api/9/visits/" + visit.VisitID + "/waittime", ""},
		{"PUT", "/api/9/visits/" + visit.VisitID + "/acceptTerms", ""},
		{"POST", bookingPath, bookingBody(kentSlot("10:10"), nil)},
	}
	for name, header := range map[string]string{
		"alg none": "Bearer " + none, "other secret": "Bearer " + other, "expired": "Bearer " + expired,
		"garbage": "Bearer a.b.c", "no scheme": good, "dc-token": "dc-token " + good,
	} {
		for _, op := range ops {
			resp := m.Do(op.method, op.path, op.body, "Authorization: "+header)
			body := m.ReadBody(resp)
			assert.Equal(t, 401, resp.StatusCode, "%s %s %s", name, op.method, op.path)
			assert.JSONEq(t, `{"error":"Unauthorized: invalid or expired token"}`, body, name)
		}
	}
}
