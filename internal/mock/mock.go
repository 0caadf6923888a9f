package mock

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/control"
	"github.com/mockdex/mockdex/internal/crossorigin"
	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/gate"
	"github.com/mockdex/mockdex/internal/journal"
	"github.com/mockdex/mockdex/internal/membound"
	"github.com/mockdex/mockdex/internal/metrics"
	"github.com/mockdex/mockdex/internal/namespaces"
	"github.com/mockdex/mockdex/internal/oidc"
	"github.com/mockdex/mockdex/internal/server"
	"github.com/mockdex/mockdex/internal/store"
	"github.com/mockdex/mockdex/internal/timeline"
	"github.com/mockdex/mockdex/internal/usage"
)

// Mock is one running mock: DexCare's API over its namespaces, with the
// control plane mounted under /_mockdex/ (unless Options.NoAdmin).
type Mock struct {
	opts    Options
	spaces  *namespaces.Registry
	journal *journal.Journal // nil: none kept
	gate    *gate.Gate
	api     *server.Server
	usage   *usage.Store         // nil: no journal, so no profile
	front   http.Handler         // api behind CORS handling (unless NoCORS)
	oidc    http.Handler         // mockdex's OpenID issuer, behind CORS handling; nil: NoOIDC
	parts   control.Parts        // what the control plane drives
	control *control.Control     // nil: NoAdmin
	kept    *control.Persistence // nil: no DataDir
	memory  *membound.Bound      // nil: no memory bound
	metrics *metrics.Metrics
	scrape  http.Handler  // /metrics on the API's port: nil with NoAdmin
	stop    chan struct{} // closed by Close: ends the idle sweep
	closed  sync.Once
}

// New assembles a mock from o: the one constructor behind `mockdex
// serve`, mockdextest and the contract runner's in-process target.
func New(o Options) (*Mock, error) {
	o = o.withDefaults()
	durability, err := store.ParseDurability(o.Durability)
	if err != nil {
		return nil, err
	}
	if durability == store.Always && o.DataDir == "" {
		return nil, errors.New("durability always needs a data directory (--data-dir) to put changes in")
	}
	memory := membound.New(membound.Options{Limit: o.MaxMemory, Runtime: o.MemoryRuntimeLimit})
	var admit func(string) error
	if memory != nil {
		admit = func(what string) error {
			if what == "report" {
				return memory.Admit(membound.Report)
			}
			return memory.Admit(membound.Visit)
		}
	}
	// The spec and the world do not depend on each other: on a cold start
	// each is about half the work, so they are built on two cores at once.
	specDone := make(chan error, 1)
	go func() { specDone <- gate.Load() }()
	tmpl, worldErr := namespaces.NewTemplate(namespaces.TemplateOptions{Clock: o.Clock, Fixtures: o.Fixtures,
		Seed: o.Seed, HistoryDays: o.HistoryDays, BaseURL: o.BaseURL, MaxVisits: o.MaxVisits, MaxReports: o.MaxReports,
		Admit: admit})
	if err := <-specDone; err != nil {
		return nil, err
	}
	if worldErr != nil {
		return nil, worldErr
	}
	issuer, issuers, err := signIn(o, tmpl)
	if err != nil {
		return nil, err
	}
	g, err := gate.New(gate.Options{ServiceKey: o.ServiceKey, APIKey: o.APIKey, JWTSecret: o.JWTSecret,
		Issuers: issuers, TokenRefused: tokenRefused(o.Logger)})
	if err != nil {
		return nil, err
	}
	if err := setTimeline(tmpl, o.Timeline, g.Operations()); err != nil {
		return nil, err
	}
	creds := g.Options() // the credentials in effect, defaults filled in
	o.ServiceKey, o.APIKey, o.JWTSecret = creds.ServiceKey, creds.APIKey, creds.JWTSecret
	m := &Mock{opts: o, gate: g, memory: memory, stop: make(chan struct{}),
		spaces: namespaces.New(namespaces.Options{Root: o.Clock, Template: tmpl, Seed: o.Seed, Max: o.MaxNamespaces,
			IdleTTL: o.NamespaceIdleTTL, Memory: memory, Logger: o.Logger}),
		journal: journal.New(journal.Options{Entries: o.JournalSize, Bytes: o.JournalBytes, ObserveBodyLimit: profileBodyLimit})}
	m.metrics = metrics.New(operationIDs(g.Operations()), m.metricSources())
	if m.api, err = server.New(server.Options{Namespaces: m.spaces, Gate: g, Journal: m.journal,
		BaseURL: o.BaseURL, Logger: o.Logger, ResponseCheck: o.ResponseCheck, Observe: m.metrics.Observe}); err != nil {
		return nil, err
	}
	m.usage = profileStore(m.journal, o.MaxNamespaces)
	if m.front, err = crossOrigin(m.api, g, o); err != nil {
		return nil, err
	}
	if issuer != nil {
		m.oidc = issuerCrossOrigin(issuer, o)
	}
	m.parts = control.Parts{Namespaces: m.spaces, Journal: m.journal, Usage: m.usage, Operations: g.Operations(),
		JWTSecret: o.JWTSecret, Logger: o.Logger, Memory: memory}
	if !o.NoAdmin {
		m.control = control.New(m.parts, control.Options{AdminToken: o.AdminToken, AdminHosts: o.AdminHosts})
		m.scrape = m.control.Guarded(m.metrics.Handler())
	}
	if o.DataDir != "" {
		if m.kept, err = control.Persist(m.parts, control.PersistOptions{Dir: o.DataDir, Reset: o.ResetData,
			Durability: durability}); err != nil {
			return nil, err
		}
	}
	if o.NamespaceIdleTTL > 0 {
		go m.sweep(o.NamespaceIdleTTL)
	}
	return m, nil
}

// setTimeline reads the timeline every world starts with (none when data
// is empty) and checks it against the fixtures.
func setTimeline(tmpl *fakes.Template, data []byte, ops []gate.Operation) error {
	if len(data) == 0 {
		return nil
	}
	tl, err := timeline.Parse(data, control.FaultOperations(ops))
	if err == nil {
		err = tmpl.SetTimeline(tl)
	}
	if err != nil {
		return fmt.Errorf("%w: %w", ErrTimeline, err)
	}
	return nil
}

// ErrTimeline marks New's refusal of Options.Timeline, so a caller can
// name where the timeline came from (mockdex names its --timeline file).
var ErrTimeline = errors.New("timeline")

// profileBodyLimit is how large an answer the usage profile reads its
// fields from: past the journal's own 16 KiB (time slots, APR pages), so
// large answers add what the app could read too. The bytes are copied as
// the answer is written and held only until the journal's flush.
const profileBodyLimit = 256 << 10

// profileStore folds every journaled request into its namespace's usage
// profile, on the journal's flush (off the request path), keeping at
// most as many profiles as there may be namespaces (the rest are merged
// into one). Without a journal there is nothing to fold.
func profileStore(j *journal.Journal, maxNamespaces int) *usage.Store {
	if j == nil {
		return nil
	}
	s := usage.NewStore(maxNamespaces, nil)
	j.Observe(func(e *journal.Entry) {
		name := namespaces.Name(e.Namespace)
		if namespaces.Check(name) == nil { // a refused name is no namespace's
			s.Add(name, e)
		}
	})
	return s
}

// Usage holds the namespaces' usage profiles; nil when the journal is off.
func (m *Mock) Usage() *usage.Store { return m.usage }

// sweep expires idle namespaces now and then, so an idle mock gives
// their memory back (the registry also sweeps whenever it makes one).
func (m *Mock) sweep(ttl time.Duration) {
	every := min(max(ttl/4, time.Second), time.Minute)
	t := time.NewTicker(every) // wall time: the namespaces' idleness is wall time
	defer t.Stop()
	for {
		select {
		case <-m.stop:
			return
		case <-t.C:
			m.spaces.Sweep()
		}
	}
}

// ServeHTTP serves the control plane under /_mockdex/ and DexCare's API
// everywhere else. Each side watches its answer through one
// respond.Recorder and writes one access log line.
func (m *Mock) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if m.kept != nil && m.kept.Durability() == store.Always && isWrite(r.Method) {
		w = &syncingWriter{ResponseWriter: w, sync: func() error {
			name, err := namespaces.Of(r)
			if err != nil {
				return nil // refused for its name: nothing changed
			}
			return m.kept.Sync(name)
		}}
	}
	if m.control != nil && isControl(r.URL.Path) {
		m.serveControl(w, r)
		return
	}
	if m.scrape != nil && r.URL.Path == MetricsPath {
		m.scrape.ServeHTTP(w, r)
		return
	}
	if m.oidc != nil && oidc.Serves(r.URL.Path) {
		m.oidc.ServeHTTP(w, r)
		return
	}
	m.front.ServeHTTP(w, r)
}

// issuerCrossOrigin lets an app's pages read the issuer's discovery,
// keys, tokens and user info, from the origins the API answers.
func issuerCrossOrigin(p *oidc.Provider, o Options) http.Handler {
	if o.NoCORS {
		return p
	}
	return crossorigin.WrapIssuer(p, crossorigin.Options{Origins: o.CORSOrigins})
}

// tokenRefused logs why a patient token was refused, which the client
// is not told (it gets DexCare's 401).
func tokenRefused(log *slog.Logger) func(error) {
	return func(reason error) {
		log.LogAttrs(context.Background(), slog.LevelInfo, "patient token refused", slog.String("reason", reason.Error()))
	}
}

// OIDCPath is where mockdex's OpenID issuer is served (its issuer URL
// is the mock's origin and this path), "" when it is not (NoOIDC).
func (m *Mock) OIDCPath() string {
	if m.oidc == nil {
		return ""
	}
	return oidc.Path
}

// crossOrigin puts api behind the CORS handling o asks for.
func crossOrigin(api http.Handler, g *gate.Gate, o Options) (http.Handler, error) {
	if o.NoCORS {
		return api, nil
	}
	if err := crossorigin.CheckOrigins(o.CORSOrigins); err != nil {
		return nil, err
	}
	return crossorigin.Wrap(api, g.Spec(), crossorigin.Options{Origins: o.CORSOrigins}), nil
}

// isControl says whether a path is the control plane's.
func isControl(path string) bool {
	return path == control.Prefix || strings.HasPrefix(path, control.Prefix+"/")
}

// API is DexCare's API alone (with its CORS handling), without the
// control plane.
func (m *Mock) API() http.Handler { return m.front }

// Parts are the pieces of the mock a control plane drives: a test builds
// one of other options over the same mock with control.New(m.Parts(), o).
func (m *Mock) Parts() control.Parts { return m.parts }

// Options are the options in effect, defaults filled in (the keys and
// secret clients must present).
func (m *Mock) Options() Options { return m.opts }

// Namespaces are the mock's worlds.
func (m *Mock) Namespaces() *namespaces.Registry { return m.spaces }

// Clock is the mock's clock: the default namespace's, and the one every
// other namespace's clock was forked from.
func (m *Mock) Clock() *clock.Controlled { return m.opts.Clock }

// Journal is the request journal, nil when it is off.
func (m *Mock) Journal() *journal.Journal { return m.journal }

// Spec is the compiled spec the mock routes and validates by. It is
// shared by every mock in the process: read it, never change it.
func (m *Mock) Spec() *openapi3.T { return m.gate.Spec() }

// World is the default namespace's current state, for in-process tests.
func (m *Mock) World() *fakes.World { return m.spaces.World(namespaces.Default) }

// Reset puts the default namespace's world back to its fixtures (and
// generated history), once the requests in it have finished.
func (m *Mock) Reset() { m.spaces.Reset(namespaces.Default) }

// CutUploads ends every request body still arriving and refuses new
// ones: the first step of a drain (see server.Server.CutUploads).
func (m *Mock) CutUploads() { m.api.CutUploads() }

// Close saves what changed in DataDir once more and stops saving, and
// stops expiring idle namespaces.
func (m *Mock) Close() error {
	m.closed.Do(func() { close(m.stop) })
	if m.kept == nil {
		return nil
	}
	return m.kept.Close()
}

// Stats is what the mock holds and has refused, for /metrics: its
// namespaces (visits and report jobs held, evictions, expiries, refusals
// by cause), its memory against its bound, and its persistence (nil
// without DataDir).
type Stats struct {
	Namespaces  namespaces.Stats
	Memory      membound.Stats
	Persistence *store.SaverStats
}

// Stats reads the mock's counters.
func (m *Mock) Stats() Stats {
	s := Stats{Namespaces: m.spaces.Stats(), Memory: m.memory.Stats()}
	if m.kept != nil {
		ps := m.kept.Stats()
		s.Persistence = &ps
	}
	return s
}
