package mockdextest

import (
	"crypto/x509"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/mock"
)

// Epoch is where a test mock's clock starts unless WithStart says
// otherwise: Monday 3 June 2024, 09:00 in Seattle, when every region and
// clinic of the default world is open. Treat it as a constant.
var Epoch = mock.Epoch

// Server is a running mock: one test's (NewServer), or one a program
// started and closes itself (Start).
type Server struct {
	// URL is the mock's base URL, http://127.0.0.1:PORT, for every
	// DexCare host (api, ecvapi, scheduling) at once. With NoListener it
	// is a made-up origin only Client reaches.
	URL string
	// Client talks to the mock.
	Client *http.Client
	// Clock is the mock's clock. It stands still until the test moves it.
	Clock Clock

	t        tb
	creds    credentials
	world    worldFiles
	handler  http.Handler
	stop     func()
	closed   sync.Once
	free     *noTB             // a Start mock's stand-in for a test; nil for NewServer's
	ca       *x509.Certificate // the authority of the TLS certificate; nil without TLS
	oidcPath string            // where the mock's OpenID issuer is served
}

// tb is what the helpers need of a test: testing.TB, or noTB.
type tb interface {
	Helper()
	Fatalf(format string, args ...any)
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
	if err := start(c, s, func(msg string) { t.Errorf("%s", msg) }); err != nil {
		t.Fatalf("mockdex: %v", err)
	}
	s.Clock = controlClock{s}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// NewTLSServer is NewServer serving HTTPS, as httptest.NewTLSServer:
// URL is https://127.0.0.1:PORT, Client trusts the mock's certificate
// (issued for localhost, 127.0.0.1 and ::1 by an authority made for this
// mock alone), and Certificate is that authority, for other clients to
// trust. HTTP/2 is served to clients that ask for it.
func NewTLSServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	return NewServer(t, append(opts, WithTLS())...)
}

// Certificate is the authority that issued the certificate of a mock
// serving HTTPS (NewTLSServer, WithTLS): add it to a certificate pool, or
// write it as PEM for a client in another language. Nil without TLS.
func (s *Server) Certificate() *x509.Certificate { return s.ca }

// Start starts a mock outside a test (in TestMain, an example, a
// program); Close stops it. Its helpers panic where NewServer's would
// fail the test, and strict mode's findings are returned by Close.
func Start(opts ...Option) (*Server, error) {
	c := newConfig(opts)
	free := &noTB{}
	s := &Server{t: free, free: free, world: worldFiles{fsys: c.fixtures}}
	if err := start(c, s, free.report); err != nil {
		return nil, fmt.Errorf("mockdex: %w", err)
	}
	s.Clock = controlClock{s}
	return s, nil
}

// Close stops the mock (a second call does nothing). For a mock from
// Start it returns every answer strict mode found breaking the spec,
// joined (nil when there were none); for NewServer's, which fail their
// test instead, nil. NewServer's mock is closed when its test ends.
func (s *Server) Close() error {
	s.closed.Do(s.stop)
	if s.free == nil {
		return nil
	}
	return s.free.err()
}

// Handler is the mock itself, serving what URL serves: mount it in a
// test's own server, or call it directly.
func (s *Server) Handler() http.Handler { return s.handler }

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

// IssuerURL is mockdex's own OpenID issuer, for an app whose sign-in
// goes through an identity provider: point its OIDC client at it (the
// discovery document is IssuerURL + "/.well-known/openid-configuration")
// and sign in as a patient of the fixtures; the access token it gets is
// accepted by DexCare's API. See docs/sign-in.md.
func (s *Server) IssuerURL() string { return s.URL + s.oidcPath }

// ServiceKey is the reporting dc-token key the mock accepts.
func (s *Server) ServiceKey() string { return s.creds.serviceKey }

// APIKey is the x-api-key the mock accepts.
func (s *Server) APIKey() string { return s.creds.apiKey }
