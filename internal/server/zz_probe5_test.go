//go:build probe

package server_test

import (
	"bytes"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/mockdex/mockdex/internal/server"
	"github.com/mockdex/mockdex/mockdextest"
)

func TestProbeJournalLeaks(t *testing.T) {
	var logs bytes.Buffer
	m := mockdextest.NewServer(t, mockdextest.Lenient(), mockdextest.WithOptions(func(o *server.Options) {
		o.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	}))
	tok := m.Token(joeGUID)
	m.Do("POST", "/v1/booking/queued-guest-visit?product=x", guestOK, m.XAPIKey()).Body.Close()
	m.Do("POST", "/v1/booking/queued-guest-visit?product=x", strings.Replace(guestOK, `"gender":"male"`, `"gender":"mail"`, 1), m.XAPIKey()).Body.Close()
	m.Do("POST", "/api/9/visits", joeVisit(t, nil), "Authorization: Bearer "+tok).Body.Close()
	m.Do("POST", "/api/9/visits", joeVisit(t, nil)+"{", "Authorization: Bearer "+tok).Body.Close()
	m.Do("POST", "/api/9/visits", strings.Replace(joeVisit(t, nil), "{", "[", 1), "Authorization: Bearer "+tok).Body.Close()
	m.Do("POST", "/api/9/visits", joeVisit(t, nil), "Authorization: Bearer "+tok, "Content-Type: text/plain").Body.Close()
	m.Do("POST", "/retail", "timeSlot=2024-06-03T15%3A40%3A00-07%3A00&departmentUrlName=AcmeC4&brand=Acme&firstName=Zelda&lastName=Quux&dateOfBirth=1958-06-07&visitReason=x&email=zq%40x.test&phone=2065551234", "Content-Type: application/x-www-form-urlencoded").Body.Close()
	m.Do("POST", "/retail", "timeSlot=2024-06-03T15%3A40%3A00-07%3A00&firstName=Zelda&lastName=Quux", "Content-Type: application/x-www-form-urlencoded").Body.Close()
	m.Do("GET", "/retail?brand=Acme&firstName=Zelda&email=zq@x.test", "").Body.Close()
	m.Do("POST", "/api/8/reporting/allvisitsreport", `{"type":"virtual"}`, m.DCToken()).Body.Close()
	m.Do("POST", "/api/8/reporting/allvisitsreport", `{"type":"virtual"}`, "Authorization: dc-token WRONGSECRETVALUE").Body.Close()
	resp := m.Do("GET", "/_mockdex/requests", "")
	b, _ := io.ReadAll(resp.Body)
	all := string(b) + logs.String()
	t.Logf("journal %d bytes, logs %d bytes: %.1500s", len(b), logs.Len(), b)
	for _, p := range []string{"Zelda", "Quux", "zq@x", "zq%40x", "2065551234", "1958-06-07", "Joe", "Public", "joe.public", "204-555", "1970-01-01", tok[:20], "SECRET_TOKEN", "WRONGSECRET", "mockdex-api-key"} {
		if i := strings.Index(all, p); i >= 0 {
			lo := max(0, i-150)
			t.Logf("LEAK %q: ...%s...", p, all[lo:min(len(all), i+80)])
		}
	}
}
