package mockdextest

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/control"
	"github.com/mockdex/mockdex/internal/server"
	"github.com/mockdex/mockdex/internal/testhook"
)

// start builds the mock as `mockdex serve` does and serves it on a
// loopback listener until the test ends. It is the one place that knows
// how mockdex is put together: the DexCare API behind the control plane,
// as `mockdex serve` composes them. key is the
// *Server handed to the test, registered so mockdex's own tests can reach
// the server behind it.
func start(t testing.TB, c *config, key *Server) (string, *http.Client, credentials, error) {
	opts := server.Options{
		Clock:       clock.NewManual(c.start),
		Fixtures:    c.fixtures,
		Seed:        c.seed,
		HistoryDays: c.historyDays,
		ServiceKey:  c.serviceKey,
		APIKey:      c.apiKey,
		JWTSecret:   c.jwtSecret,
		JournalSize: c.journalSize,
		MaxVisits:   c.maxVisits,
		MaxReports:  c.maxReports,
	}
	if c.strict {
		opts.ResponseCheck = func(op string, status int, err error) {
			t.Errorf("mockdex answered %s with a %d that breaks the spec: %v", op, status, err)
		}
	}
	mock, err := server.New(opts)
	if err != nil {
		return "", nil, credentials{}, err
	}
	hs := httptest.NewServer(control.Mount(mock, control.Options{}))
	testhook.Register(key, mock)
	t.Cleanup(func() {
		hs.Close()
		testhook.Forget(key)
	})
	in := mock.Options() // defaults filled in
	return hs.URL, hs.Client(), credentials{in.ServiceKey, in.APIKey, in.JWTSecret}, nil
}
