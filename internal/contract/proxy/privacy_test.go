package proxy_test

import (
	"bytes"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/contract"
	"github.com/mockdex/mockdex/internal/contract/proxy"
	"github.com/mockdex/mockdex/internal/scenarios"
)

// seen records every credential header a server got.
type seen struct {
	mu    sync.Mutex
	creds []string
	hits  int
}

func (s *seen) record(r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hits++
	for _, h := range []string{"Authorization", "X-Api-Key", "Cookie", "X-Forwarded-For", "Forwarded"} {
		if v := r.Header.Get(h); v != "" {
			s.creds = append(s.creds, v)
		}
	}
}

func (s *seen) all() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.creds, "\n")
}

// The app's credentials reach their own tier, with nothing added (no
// X-Forwarded-For), and nothing else: not the
// tier of another host, not the origin a redirect points at (the proxy
// does not follow it), not the mock; and no report carries them, nor the
// patient's data, even where the tier echoes it in an error.
func TestCredentialsStayWithTheirTierAndReportsStayClean(t *testing.T) {
	var other, api, ecv, mockSaw seen
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { other.record(r) }))
	t.Cleanup(elsewhere.Close)
	apiTier := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		api.record(r)
		http.Redirect(w, r, elsewhere.URL+"/moved", http.StatusFound)
	}))
	t.Cleanup(apiTier.Close)
	ecvTier := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ecv.record(r)
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"error":"Zelphine Quaxley born 1961-07-23 is not eligible"}`)
	}))
	t.Cleanup(ecvTier.Close)

	m := shadow(t)
	recordingMock := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mockSaw.record(r)
		m.Server.ServeHTTP(w, r)
	})
	p, url := start(t, proxy.Options{Mock: recordingMock, MockCredentials: m.Target(nil).Creds,
		Upstreams: map[scenarios.Host]string{scenarios.API: apiTier.URL, scenarios.ECVAPI: ecvTier.URL}})

	claims := base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"233441f4-129f-4d0e-afaa-b3009dbe80c7"}`))
	bearer := "Bearer eyJhbGciOiJIUzI1NiJ9." + claims + ".app-signature-SECRET"
	apiKey := "app-api-key-SECRET"
	visit := `{"patient":{"patientGuid":"233441f4-129f-4d0e-afaa-b3009dbe80c7","firstName":"Zelphine","lastName":"Quaxley",
		"dateOfBirth":"1961-07-23","email":"zq@example.org"},"visitDetails":{"visitTypeName":"virtual"}}`
	resp, _ := call(t, "POST", url+"/api/9/visits", visit, "Authorization", bearer, "Correlation-Id", "app-trace-1")
	assert.Equal(t, 400, resp.StatusCode)
	resp, _ = call(t, "GET", url+"/api/8/practices/"+practiceID, "", "X-Api-Key", apiKey)
	assert.Equal(t, http.StatusFound, resp.StatusCode, "the redirect reaches the app as the tier sent it")
	assert.Equal(t, elsewhere.URL+"/moved", resp.Header.Get("Location"))

	assert.Equal(t, bearer, ecv.all(), "the ecvapi tier got the app's token, untouched")
	assert.Equal(t, apiKey, api.all(), "the api tier got the app's key, and only it")
	assert.Zero(t, other.hits, "the proxy follows no redirect")
	rep := settled(t, p)
	for _, secret := range []string{"app-signature-SECRET", apiKey, bearer} {
		assert.NotContains(t, mockSaw.all(), secret, "the mock gets its own credentials, never the app's")
	}
	assert.Contains(t, mockSaw.all(), "Bearer ey", "a token of the mock's own, for the same patient")

	require.NotEmpty(t, findingsOf(rep, contract.RuleErrorMessageChanged), "the tier's error message differs: %+v", rep.Findings)
	for _, format := range contract.Formats {
		var out bytes.Buffer
		require.NoError(t, contract.Write(&out, rep, contract.WriteOptions{Format: format, FailOn: contract.Breaking}))
		for _, secret := range []string{"app-signature-SECRET", apiKey, "Zelphine", "Quaxley", "1961-07-23", "zq@example.org"} {
			assert.NotContains(t, out.String(), secret, format)
		}
	}
}
