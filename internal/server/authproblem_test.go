package server

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/journal"
)

// DexCare's answers to bad credentials, which naming the mistake must
// not change.
const (
	patient401 = `{"error":"Unauthorized: invalid or expired token"}`
	service403 = `{"message":"Authorization failed: bad service token"}`
	apiKey401  = `{"message":"Unauthorized","status":401}`
)

// Each credential mistake gets DexCare's one answer for its scheme, and
// the journal entry and the access log line name the mistake, never the
// credential.
func TestAuthMistakesNamedInJournalAndLog(t *testing.T) {
	now := time.Date(2024, 6, 3, 16, 0, 0, 0, time.UTC)
	var logBuf bytes.Buffer
	s, err := newTest(testOptions{Clock: clock.NewManual(now), Logger: slog.New(slog.NewJSONHandler(&logBuf, nil))})
	require.NoError(t, err)

	const joe = "233441f4-129f-4d0e-afaa-b3009dbe80c7"
	mint := func(secret string, claims jwt.Claims, m jwt.SigningMethod) string {
		tok, err := jwt.NewWithClaims(m, claims).SignedString([]byte(secret))
		require.NoError(t, err)
		return tok
	}
	times := func(nbf, exp time.Time) jwt.RegisteredClaims {
		c := jwt.RegisteredClaims{Subject: joe, ExpiresAt: jwt.NewNumericDate(exp)}
		if !nbf.IsZero() {
			c.NotBefore = jwt.NewNumericDate(nbf)
		}
		return c
	}
	good := mint(auth.DefaultJWTSecret, times(time.Time{}, now.Add(time.Hour)), jwt.SigningMethodHS256)
	parts := strings.Split(good, ".")
	algNone := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + parts[1] + "."
	secrets := []string{good, auth.DefaultServiceKey, auth.DefaultAPIKey, "WRONG-KEY-123"}

	const (
		summary = "/api/9/visits/3f2a2b1c-0d4e-4f5a-8b6c-7d8e9f0a1b2c/summary"
		report  = "/api/8/reporting/allvisitsreport/3f2a2b1c-0d4e-4f5a-8b6c-7d8e9f0a1b2c"
		npi     = "/v5/providers/1234567890/timeslots"
	)
	for _, tc := range []struct {
		name    string
		path    string
		headers map[string]string
		status  int
		body    string
		want    auth.Problem
	}{
		{"no header", summary, nil, 401, patient401, auth.NoCredential},
		{"bare token", summary, map[string]string{"Authorization": good}, 401, patient401, auth.NoScheme},
		{"dc-token on a patient endpoint", summary, map[string]string{"Authorization": "dc-token " + good}, 401, patient401, auth.WrongScheme},
		{"x-api-key where a bearer is required", summary, map[string]string{"x-api-key": auth.DefaultAPIKey}, 401, patient401, auth.WrongCredential},
		{"expired", summary, map[string]string{"Authorization": "Bearer " + mint(auth.DefaultJWTSecret, times(time.Time{}, now.Add(-time.Minute)), jwt.SigningMethodHS256)}, 401, patient401, auth.Expired},
		{"not yet valid", summary, map[string]string{"Authorization": "Bearer " + mint(auth.DefaultJWTSecret, times(now.Add(time.Hour), now.Add(2*time.Hour)), jwt.SigningMethodHS256)}, 401, patient401, auth.NotYetValid},
		{"another secret", summary, map[string]string{"Authorization": "Bearer " + mint("another-secret", times(time.Time{}, now.Add(time.Hour)), jwt.SigningMethodHS256)}, 401, patient401, auth.BadSignature},
		{"alg none", summary, map[string]string{"Authorization": "Bearer " + algNone}, 401, patient401, auth.AlgNone},
		{"HS512", summary, map[string]string{"Authorization": "Bearer " + mint(auth.DefaultJWTSecret, times(time.Time{}, now.Add(time.Hour)), jwt.SigningMethodHS512)}, 401, patient401, auth.WrongAlgorithm},
		{"malformed", summary, map[string]string{"Authorization": "Bearer not-a-jwt"}, 401, patient401, auth.MalformedToken},
		{"no exp", summary, map[string]string{"Authorization": "Bearer " + mint(auth.DefaultJWTSecret, jwt.MapClaims{"sub": joe}, jwt.SigningMethodHS256)}, 401, patient401, auth.MissingClaim},

		{"Bearer on reporting", report, map[string]string{"Authorization": "Bearer " + auth.DefaultServiceKey}, 403, service403, auth.WrongScheme},
		{"bare key on reporting", report, map[string]string{"Authorization": auth.DefaultServiceKey}, 403, service403, auth.NoScheme},
		{"x-api-key on reporting", report, map[string]string{"x-api-key": auth.DefaultServiceKey}, 403, service403, auth.WrongCredential},
		{"patient token as the service key", report, map[string]string{"Authorization": "dc-token " + good}, 403, service403, auth.WrongCredential},
		{"unknown service key", report, map[string]string{"Authorization": "dc-token WRONG-KEY-123"}, 403, service403, auth.UnknownKey},
		{"no header on reporting", report, nil, 403, service403, auth.NoCredential},

		{"no x-api-key", npi, nil, 401, apiKey401, auth.NoCredential},
		{"unknown x-api-key", npi, map[string]string{"x-api-key": "WRONG-KEY-123"}, 401, apiKey401, auth.UnknownKey},
		{"bearer where x-api-key is required", npi, map[string]string{"Authorization": "Bearer " + good}, 401, apiKey401, auth.WrongCredential},
	} {
		logBuf.Reset()
		req := httptest.NewRequest("GET", tc.path, nil)
		for k, v := range tc.headers {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		assert.Equal(t, tc.status, rec.Code, tc.name)
		assert.JSONEq(t, tc.body, rec.Body.String(), "%s: DexCare's body, unchanged", tc.name)

		e := s.journal.List(journal.Filter{Limit: 1})
		require.Len(t, e, 1, tc.name)
		assert.Equal(t, string(tc.want), e[0].AuthProblem, "%s: the journal names the mistake", tc.name)
		line := logLine(t, logBuf.Bytes())
		assert.Equal(t, string(tc.want), line["auth_problem"], "%s: the log line names the mistake", tc.name)

		entry, err := json.Marshal(e[0])
		require.NoError(t, err)
		for _, secret := range secrets {
			assert.NotContains(t, string(entry), secret, "%s: no credential in the journal", tc.name)
			assert.NotContains(t, logBuf.String(), secret, "%s: no credential in the log", tc.name)
		}
	}
}

// A request whose credential passes (or that needs none) names no
// problem: the field and the attribute are absent.
func TestNoAuthProblemWhenNoneRefused(t *testing.T) {
	var logBuf bytes.Buffer
	s, err := newTest(testOptions{Logger: slog.New(slog.NewJSONHandler(&logBuf, nil))})
	require.NoError(t, err)
	req := httptest.NewRequest("GET", "/v5/providers/1234567890/timeslots", nil)
	req.Header.Set("x-api-key", auth.DefaultAPIKey)
	s.ServeHTTP(httptest.NewRecorder(), req)
	s.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/api/9/modalities", nil))
	for _, e := range s.journal.List(journal.Filter{}) {
		assert.Empty(t, e.AuthProblem, e.Path)
		entry, err := json.Marshal(e)
		require.NoError(t, err)
		assert.NotContains(t, string(entry), "authProblem")
	}
	assert.NotContains(t, logBuf.String(), "auth_problem")
}

// logLine is the one access line in out.
func logLine(t *testing.T, out []byte) map[string]any {
	t.Helper()
	var lines []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var m map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &m))
		if m["msg"] == "request" {
			lines = append(lines, m)
		}
	}
	require.Len(t, lines, 1)
	return lines[0]
}
