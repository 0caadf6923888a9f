// Package inproc runs mockdex inside the contract runner's process as a
// scenario target, with no network: requests go straight to the handler.
// It is the only part of the contract tooling that builds a mock (with
// internal/mock's one constructor); the runner itself speaks HTTP.
package inproc

import (
	"context"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/mock"
	"github.com/mockdex/mockdex/internal/scenarios"
)

// BaseURL is the made-up origin in-process requests carry.
const BaseURL = "http://mockdex.inproc"

// DefaultStart is where an in-process target's clock starts: a Monday,
// 09:00 in Seattle, when every fixture region and clinic is open
// (mock.Epoch, the instant mockdextest uses too).
var DefaultStart = mock.Epoch

// Defaults of the reference mock: the same seed and history as
// `mockdex serve`, so a running mockdex and the reference agree.
const (
	DefaultSeed        = 1
	DefaultHistoryDays = 14
)

// Mock is an in-process mockdex with a manual clock.
type Mock struct {
	// Server is the mock (internal/mock): DexCare's API with its control
	// plane (/_mockdex/) mounted, as `mockdex serve` answers, and its
	// world, namespaces and options for tests that look inside.
	Server *mock.Mock
	// Handler is Server as an http.Handler; serve it to look like a
	// running mockdex.
	Handler http.Handler
	Clock   *clock.Controlled
}

// Options choose an in-process mock's world and clock; the zero value
// is the reference: the default world, seed 0, a manual clock at the zero time.
type Options struct {
	Seed  int64
	Start time.Time
	// Fixtures replaces the embedded default world (a `contract mirror`
	// of a tier, or a test's own fixture set); nil keeps the default.
	Fixtures fs.FS
	// Scale, when above 0, runs the clock that many times faster than
	// the wall clock from Start; 0 is a manual clock that stands still.
	Scale float64
	// AdminToken guards the control plane as `mockdex serve` with
	// MOCKDEX_ADMIN_TOKEN does ("": unguarded).
	AdminToken string
}

// New starts a mock on the default world whose manual clock reads start.
func New(seed int64, start time.Time) (*Mock, error) {
	return Start(Options{Seed: seed, Start: start})
}

// Start starts a mock as o says.
func Start(o Options) (*Mock, error) {
	clk := clock.NewManual(o.Start)
	if o.Scale > 0 {
		clk = clock.New(clock.Scaled, o.Scale, o.Start)
	}
	m, err := mock.New(mock.Options{Clock: clk, Seed: o.Seed, HistoryDays: DefaultHistoryDays, Fixtures: o.Fixtures,
		AdminToken: o.AdminToken})
	if err != nil {
		return nil, err
	}
	return &Mock{Server: m, Handler: m, Clock: clk}, nil
}

// Target is the mock as a scenario target; wrap, when set, decorates the
// in-process client (the runner's rate limit and correlation ids).
func (m *Mock) Target(wrap func(scenarios.Doer) scenarios.Doer) scenarios.Target {
	var client scenarios.Doer = &http.Client{Transport: Transport{Handler: m.Server}}
	if wrap != nil {
		client = wrap(client)
	}
	return scenarios.Target{
		Base:   map[scenarios.Host]string{scenarios.API: BaseURL, scenarios.ECVAPI: BaseURL, scenarios.Reporting: BaseURL},
		Client: client,
		Creds: scenarios.Credentials{
			ServiceKey: auth.DefaultServiceKey,
			APIKey:     auth.DefaultAPIKey,
			Bearer: func(guid string) (string, error) {
				return auth.Mint(auth.DefaultJWTSecret, guid, m.Clock.Now(), time.Hour)
			},
		},
		Advance: func(_ context.Context, d time.Duration) error { m.Clock.Advance(d); return nil },
		Now:     m.Clock.Now,
	}
}

// Transport answers requests by calling a handler directly.
type Transport struct{ Handler http.Handler }

// RoundTrip serves req in-process.
func (t Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.Handler.ServeHTTP(rec, req)
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}

// Reset gives the mock a fresh world with its clock at start: cheaper
// than New, which also builds the world's template.
func (m *Mock) Reset(start time.Time) {
	m.Clock.Set(start)
	m.Server.Reset()
}

// References returns a factory of reference mocks for the contract
// runner: one mock per seed, built once and reset for every scenario (a
// reset costs a fifth of a new server). Not safe for concurrent use; the
// runner plays scenarios one at a time.
func References() func(seed int64, start time.Time) (scenarios.Target, error) {
	return ReferencesOn(nil)
}

// ReferencesOn is References on a fixtures directory of the caller's (nil:
// the default world): a tier compared with a mock of its own world.
func ReferencesOn(fixtures fs.FS) func(seed int64, start time.Time) (scenarios.Target, error) {
	mocks := map[int64]*Mock{}
	return func(seed int64, start time.Time) (scenarios.Target, error) {
		m, ok := mocks[seed]
		if !ok {
			var err error
			if m, err = Start(Options{Seed: seed, Start: start, Fixtures: fixtures}); err != nil {
				return scenarios.Target{}, err
			}
			mocks[seed] = m
		} else {
			m.Reset(start)
		}
		return m.Target(nil), nil
	}
}

// NewScaled starts a mock whose clock runs factor times faster than the
// wall clock from start: a stand-in for a real tier whose report jobs
// finish while the runner sleeps between polls, only sooner.
func NewScaled(seed int64, start time.Time, factor float64) (*Mock, error) {
	return Start(Options{Seed: seed, Start: start, Scale: factor})
}

// Token mints a patient's bearer token valid for ttl from the mock's now,
// signed with the default secret.
func (m *Mock) Token(patientGUID string, ttl time.Duration) (string, error) {
	return auth.Mint(auth.DefaultJWTSecret, patientGUID, m.Clock.Now(), ttl)
}
