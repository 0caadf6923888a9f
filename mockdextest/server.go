package mockdextest

import (
	"net/http"
	"testing"
	"time"

	"github.com/mockdex/mockdex/internal/auth"
)

// Epoch is where a test mock's clock starts unless WithStart says
// otherwise: Monday 3 June 2024, 09:00 in Seattle, when every region and
// clinic of the default world is open. Treat it as a constant.
var Epoch = time.Date(2024, 6, 3, 16, 0, 0, 0, time.UTC)

// Server is a mock running for one test.
type Server struct {
	// URL is the mock's base URL, http://127.0.0.1:PORT, for every
	// DexCare host (api, ecvapi, scheduling) at once.
	URL string
	// Client talks to the mock.
	Client *http.Client
	// Clock is the mock's clock. It stands still until the test moves it.
	Clock Clock

	t     testing.TB
	creds credentials
	world worldFiles
}

// credentials are what the mock accepts, defaults filled in.
type credentials struct {
	serviceKey, apiKey, jwtSecret string
}

// Clock is the mock's clock as a test sees it. Visits move through their
// lifecycle and report jobs run only as this clock moves; the wall clock
// plays no part.
type Clock interface {
	// Now is the mock's current time, in UTC.
	Now() time.Time
	// Set moves the clock to t (forward or back).
	Set(t time.Time)
	// Advance moves the clock by d and returns the new time.
	Advance(d time.Duration) time.Time
}

// NewServer starts a mock for the test and stops it when the test ends.
// Unless Lenient is given, any response that does not match
// spec/dexcare.yaml fails the test.
func NewServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	c := newConfig(opts)
	s := &Server{t: t, world: worldFiles{fsys: c.fixtures}}
	url, client, creds, err := start(t, c, s)
	if err != nil {
		t.Fatalf("mockdex: %v", err)
	}
	s.URL, s.Client, s.creds = url, client, creds
	s.Clock = controlClock{s}
	return s
}

// Token mints a bearer token for the patient, signed with the mock's JWT
// secret and valid for an hour from the mock clock's now.
func (s *Server) Token(patientGUID string) string {
	s.t.Helper()
	tok, err := auth.Mint(s.creds.jwtSecret, patientGUID, s.Clock.Now(), time.Hour)
	if err != nil {
		s.t.Fatalf("mint token: %v", err)
	}
	return tok
}

// ServiceKey is the reporting dc-token key the mock accepts.
func (s *Server) ServiceKey() string { return s.creds.serviceKey }

// APIKey is the x-api-key the mock accepts.
func (s *Server) APIKey() string { return s.creds.apiKey }
