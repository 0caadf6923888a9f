package mockdextest

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"syscall"
	"time"

	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/devca"
	"github.com/mockdex/mockdex/internal/mock"
)

// start builds the mock with mock.New, the constructor `mockdex serve`
// uses, and serves it on a loopback listener, or in memory with
// NoListener. report gets strict mode's findings.
func start(c *config, s *Server, report func(string)) error {
	if c.err != nil {
		return c.err
	}
	opts := mock.Options{
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
		Timeline:    c.timeline,
		TokenIssuer: mock.TokenIssuer{URL: c.issuer.URL, Audience: c.issuer.Audience,
			JWKSURL: c.issuer.JWKSURL, PatientClaim: c.issuer.PatientClaim},
	}
	if c.strict {
		opts.ResponseCheck = func(op string, status int, err error) {
			report(fmt.Sprintf("mockdex answered %s with a %d that breaks the spec: %v", op, status, err))
		}
	}
	if c.noListener {
		opts.AdminHosts = []string{memoryHost} // the control plane answers to the made-up host
	}
	m, err := mock.New(opts)
	if err != nil {
		return err
	}
	in := m.Options() // defaults filled in
	s.creds = credentials{in.ServiceKey, in.APIKey, in.JWTSecret}
	s.handler, s.oidcPath = m, m.OIDCPath()
	if c.noListener {
		s.URL, s.Client, s.stop = "http://"+memoryHost, &http.Client{Transport: memoryTransport{m}}, func() {}
		return nil
	}
	if c.tls {
		return startTLS(m, s)
	}
	hs := httptest.NewServer(m)
	s.URL, s.Client, s.stop = hs.URL, hs.Client(), hs.Close
	return nil
}

// startTLS serves m over HTTPS with a certificate for localhost,
// 127.0.0.1 and ::1 from an authority made for this mock, as `mockdex
// serve --tls auto` does; the Client trusts that authority alone.
func startTLS(m http.Handler, s *Server) error {
	a, err := devca.New(nil, time.Now()) // certificates are judged by the wall clock, not the mock's
	if err != nil {
		return err
	}
	hs := httptest.NewUnstartedServer(m)
	hs.TLS, hs.EnableHTTP2 = a.ServerConfig(), true
	hs.StartTLS()
	s.URL, s.stop, s.ca = hs.URL, hs.Close, a.CA()
	s.Client = &http.Client{Transport: &http.Transport{TLSClientConfig: a.ClientConfig(), ForceAttemptHTTP2: true}}
	return nil
}

// memoryHost is the made-up host a mock without a listener is reached
// at; nothing resolves it, as nothing dials it.
const memoryHost = "mockdex.test"

// memoryTransport serves each request by calling the mock directly, as
// a server would receive it. A fault that breaks the connection (a
// reset, a body cut short) is seen as a client over a network sees it:
// a reset is an error wrapping syscall.ECONNRESET, a cut body ends in
// io.ErrUnexpectedEOF.
type memoryTransport struct{ h http.Handler }

func (t memoryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	in := req.Clone(req.Context())
	in.Host, in.RequestURI, in.RemoteAddr = req.URL.Host, req.URL.RequestURI(), "127.0.0.1:1"
	if in.Body == nil {
		in.Body = http.NoBody
	}
	rec := &sentRecorder{ResponseRecorder: httptest.NewRecorder()}
	aborted := serveInMemory(t.h, rec, in)
	if req.Body != nil {
		_ = req.Body.Close() // a RoundTripper closes the request body
	}
	if aborted && !rec.sent {
		return nil, fmt.Errorf("mockdextest: the mock reset the connection (a fault): %w", syscall.ECONNRESET)
	}
	resp := rec.Result()
	resp.Request = req
	if aborted {
		resp.Body = io.NopCloser(io.MultiReader(resp.Body, errReader{io.ErrUnexpectedEOF}))
	}
	return resp, nil
}

// serveInMemory serves r, reporting whether the handler broke the
// exchange (panicked with http.ErrAbortHandler, as a transport fault
// does where it cannot hijack a connection).
func serveInMemory(h http.Handler, w http.ResponseWriter, r *http.Request) (aborted bool) {
	defer func() {
		if p := recover(); p != nil {
			if p != http.ErrAbortHandler { //nolint:errorlint // net/http panics with this very value
				panic(p)
			}
			aborted = true
		}
	}()
	h.ServeHTTP(w, r)
	return false
}

// sentRecorder notes whether anything of the response was sent.
type sentRecorder struct {
	*httptest.ResponseRecorder
	sent bool
}

func (r *sentRecorder) WriteHeader(code int) {
	r.sent = true
	r.ResponseRecorder.WriteHeader(code)
}

func (r *sentRecorder) Write(p []byte) (int, error) {
	r.sent = true
	return r.ResponseRecorder.Write(p)
}

// errReader fails every read with err.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// noTB stands in for a test when a mock is started with Start: the
// helpers panic where they would fail a test, and strict mode's findings
// are kept for Close.
type noTB struct {
	mu       sync.Mutex
	problems []error
}

func (*noTB) Helper() {}

func (*noTB) Fatalf(format string, args ...any) {
	panic("mockdextest: " + fmt.Sprintf(format, args...))
}

func (n *noTB) report(msg string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.problems = append(n.problems, errors.New(msg))
}

func (n *noTB) err() error {
	n.mu.Lock()
	defer n.mu.Unlock()
	return errors.Join(n.problems...)
}

var _ io.Closer = (*Server)(nil)
