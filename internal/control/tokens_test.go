package control_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/mock"
	"github.com/mockdex/mockdex/mockdextest"
)

type tokenBody struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expiresAt"`
	Patient   string    `json:"patient"`
	Namespace string    `json:"namespace"`
}

func mint(t *testing.T, m *mockdextest.Server, body string, headers ...string) tokenBody {
	t.Helper()
	resp := m.Do("POST", "/_mockdex/tokens", body, headers...)
	raw := m.ReadBody(resp)
	require.Equal(t, http.StatusOK, resp.StatusCode, raw)
	var out tokenBody
	decode(t, raw, &out)
	return out
}

func TestTokensOverHTTP(t *testing.T) {
	m := mockdextest.NewServer(t)
	tok := mint(t, m, `{"patient":"`+joeGUID+`","ttl":"24h"}`)
	assert.Equal(t, mockdextest.Epoch.Add(24*time.Hour), tok.ExpiresAt.UTC())
	assert.Equal(t, joeGUID, tok.Patient)
	assert.Equal(t, "default", tok.Namespace)
	resp := m.Do("POST", "/api/9/visits", joeVisit(t), "Authorization: Bearer "+tok.Token)
	assert.Equal(t, http.StatusOK, resp.StatusCode, "the API takes the token: %s", m.ReadBody(resp))

	for body, want := range map[string]string{
		`{"patient":"joe"}`: "'patient' must be the patient's GUID",
		`{"ttl":"1h"}`:      "'patient' must be the patient's GUID",
		`{"patient":"` + joeGUID + `","ttl":"soon"}`:   "'ttl' must be a positive Go duration",
		`{"patient":"` + joeGUID + `","ttl":"-1h"}`:    "'ttl' must be a positive Go duration",
		`{"patient":"` + joeGUID + `","role":"admin"}`: "the body must be",
	} {
		resp := m.Do("POST", "/_mockdex/tokens", body)
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, body)
		assert.Contains(t, m.ReadBody(resp), want, body)
	}
	m.Clock.Set(time.Date(8999, 12, 1, 0, 0, 0, 0, time.UTC))
	resp = m.Do("POST", "/_mockdex/tokens", `{"patient":"`+joeGUID+`","ttl":"744h"}`)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, m.ReadBody(resp), "'ttl' would end after the year 8999")
}

// A token's lifetime is judged by the clock of the namespace it is used
// in: moving one namespace's clock past it expires it there only.
func TestTokenLifetimesFollowTheNamespaceClock(t *testing.T) {
	m := mockdextest.NewServer(t)
	tok := mint(t, m, `{"patient":"`+joeGUID+`","ttl":"1h"}`, ns("team-a"))
	bearer := "Authorization: Bearer " + tok.Token
	for _, name := range []string{"team-a", "team-b"} {
		createVisit(t, m, ns(name), bearer)
	}
	m.ReadBody(m.Do("POST", "/_mockdex/clock", `{"advance":"2h"}`, ns("team-a")))
	resp := m.Do("POST", "/api/9/visits", joeVisit(t), ns("team-a"), bearer)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "expired by team-a's clock: %s", m.ReadBody(resp))
	resp = m.Do("GET", "/api/9/visits/"+joeGUID+"/summary", "", ns("team-b"), bearer)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "still valid by team-b's: %s", m.ReadBody(resp))
}

// Under --clock scaled:60 a day of wall time is 60 days of mock time: the
// default token lasts that long.
func TestDefaultTokenSurvivesAScaledDay(t *testing.T) {
	srv, err := mock.New(mock.Options{Clock: clock.New(clock.Scaled, 60, mockdextest.Epoch)})
	require.NoError(t, err)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	status, body := send(t, hs.URL, "POST", "/_mockdex/tokens", "", `{"patient":"`+joeGUID+`"}`, adminJSON)
	require.Equal(t, http.StatusOK, status, body)
	var tok tokenBody
	decode(t, body, &tok)
	life := tok.ExpiresAt.Sub(srv.Clock().Now())
	assert.InDelta(t, (60 * 24 * time.Hour).Hours(), life.Hours(), 1, "a wall day at 60x is 60 mock days")

	manual := mint(t, mockdextest.NewServer(t), `{"patient":"`+joeGUID+`"}`)
	assert.Equal(t, mockdextest.Epoch.Add(24*time.Hour), manual.ExpiresAt.UTC(), "a manual clock counts as real time")
}
