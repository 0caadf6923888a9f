// Package mockdextest runs mockdex inside a Go test, the way
// httptest.NewServer runs a handler: a real listener on loopback, a
// manual clock the test moves, strict response checking on, and cleanup
// when the test ends.
//
//	m := mockdextest.NewServer(t)
//	resp, _ := m.Client.Get(m.URL + "/api/9/modalities")
//	m.Clock.Advance(10 * time.Minute)
package mockdextest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/control"
	"github.com/mockdex/mockdex/internal/server"
)

// Epoch is where a test mock's clock starts unless WithStart says
// otherwise: a Monday, 09:00 in Seattle, when every fixture region and
// clinic is open.
var Epoch = time.Date(2024, 6, 3, 16, 0, 0, 0, time.UTC)

// Server is a mock running for one test.
type Server struct {
	URL    string
	Client *http.Client
	Clock  *clock.Controlled
	Mock   *server.Server
	t      testing.TB
}

// Option adjusts the mock.
type Option func(*config)

type config struct {
	opts   server.Options
	start  time.Time
	strict bool
}

// WithStart starts the manual clock at t.
func WithStart(t time.Time) Option { return func(c *config) { c.start = t } }

// WithHistory generates days of past activity.
func WithHistory(days int) Option { return func(c *config) { c.opts.HistoryDays = days } }

// WithSeed sets the seed for generated data.
func WithSeed(seed int64) Option { return func(c *config) { c.opts.Seed = seed } }

// WithOptions edits the server options directly.
func WithOptions(fn func(*server.Options)) Option { return func(c *config) { fn(&c.opts) } }

// Lenient turns off strict response checking (for tests that feed the mock
// through a proxy that breaks responses on purpose).
func Lenient() Option { return func(c *config) { c.strict = false } }

// NewServer starts a mock for the test. Any response that does not match
// spec/dexcare.yaml fails the test.
func NewServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	c := &config{start: Epoch, strict: true}
	for _, o := range opts {
		o(c)
	}
	c.opts.Clock = clock.NewManual(c.start)
	if c.strict {
		c.opts.ResponseCheck = func(op string, status int, err error) {
			t.Errorf("mockdex answered %s with a %d that breaks the spec: %v", op, status, err)
		}
	}
	mock, err := server.New(c.opts)
	if err != nil {
		t.Fatalf("mockdex: %v", err)
	}
	hs := httptest.NewServer(control.Mount(mock, control.Options{}))
	t.Cleanup(hs.Close)
	return &Server{URL: hs.URL, Client: hs.Client(), Clock: c.opts.Clock, Mock: mock, t: t}
}

// Reset puts the default namespace's world back to its fixtures.
func (s *Server) Reset() { s.Mock.Reset() }

// Token mints a bearer token for the patient, valid for an hour of mock time.
func (s *Server) Token(patientGUID string) string {
	tok, err := auth.Mint(s.Mock.Options().JWTSecret, patientGUID, s.Clock.Now(), time.Hour)
	if err != nil {
		s.t.Fatalf("mint token: %v", err)
	}
	return tok
}

// ServiceKey is the reporting dc-token key the mock accepts.
func (s *Server) ServiceKey() string { return s.Mock.Options().ServiceKey }

// APIKey is the x-api-key the mock accepts.
func (s *Server) APIKey() string { return s.Mock.Options().APIKey }

// Do sends a request with an optional JSON body and headers given as
// "Name: value" strings.
func (s *Server) Do(method, path, body string, headers ...string) *http.Response {
	s.t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if err != nil {
		s.t.Fatalf("request: %v", err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, h := range headers {
		name, value, ok := strings.Cut(h, ":")
		if !ok {
			s.t.Fatalf("header %q: want \"Name: value\"", h)
		}
		req.Header.Set(strings.TrimSpace(name), strings.TrimSpace(value))
	}
	resp, err := s.Client.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	return resp
}

// Bearer is the Authorization header for the patient's token.
func (s *Server) Bearer(patientGUID string) string {
	return fmt.Sprintf("Authorization: Bearer %s", s.Token(patientGUID))
}

// DCToken is the Authorization header for reporting.
func (s *Server) DCToken() string { return "Authorization: dc-token " + s.ServiceKey() }

// XAPIKey is the x-api-key header.
func (s *Server) XAPIKey() string { return "x-api-key: " + s.APIKey() }
