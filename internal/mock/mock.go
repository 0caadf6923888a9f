package mock

import (
	"context"
	"log/slog"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/control"
	"github.com/mockdex/mockdex/internal/crossorigin"
	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/gate"
	"github.com/mockdex/mockdex/internal/journal"
	"github.com/mockdex/mockdex/internal/namespaces"
	"github.com/mockdex/mockdex/internal/oidc"
	"github.com/mockdex/mockdex/internal/server"
)

// Mock is one running mock: DexCare's API over its namespaces, with the
// control plane mounted under /_mockdex/ (unless Options.NoAdmin).
type Mock struct {
	opts    Options
	spaces  *namespaces.Registry
	journal *journal.Journal // nil: none kept
	gate    *gate.Gate
	api     *server.Server
	front   http.Handler         // api behind CORS handling (unless NoCORS)
	oidc    http.Handler         // mockdex's OpenID issuer, behind CORS handling; nil: NoOIDC
	parts   control.Parts        // what the control plane drives
	control *control.Control     // nil: NoAdmin
	kept    *control.Persistence // nil: no DataDir
}

// New assembles a mock from o: the one constructor behind `mockdex
// serve`, mockdextest and the contract runner's in-process target.
func New(o Options) (*Mock, error) {
	o = o.withDefaults()
	// The spec and the world do not depend on each other: on a cold start
	// each is about half the work, so they are built on two cores at once.
	specDone := make(chan error, 1)
	go func() { specDone <- gate.Load() }()
	tmpl, worldErr := namespaces.NewTemplate(namespaces.TemplateOptions{Clock: o.Clock, Fixtures: o.Fixtures,
		Seed: o.Seed, HistoryDays: o.HistoryDays, BaseURL: o.BaseURL, MaxVisits: o.MaxVisits, MaxReports: o.MaxReports})
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
	creds := g.Options() // the credentials in effect, defaults filled in
	o.ServiceKey, o.APIKey, o.JWTSecret = creds.ServiceKey, creds.APIKey, creds.JWTSecret
	m := &Mock{opts: o, gate: g,
		spaces:  namespaces.New(namespaces.Options{Root: o.Clock, Template: tmpl, Seed: o.Seed, Max: o.MaxNamespaces, Logger: o.Logger}),
		journal: journal.New(journal.Options{Entries: o.JournalSize, Bytes: o.JournalBytes})}
	if m.api, err = server.New(server.Options{Namespaces: m.spaces, Gate: g, Journal: m.journal,
		BaseURL: o.BaseURL, Logger: o.Logger, ResponseCheck: o.ResponseCheck}); err != nil {
		return nil, err
	}
	if m.front, err = crossOrigin(m.api, g, o); err != nil {
		return nil, err
	}
	if issuer != nil {
		m.oidc = issuerCrossOrigin(issuer, o)
	}
	m.parts = control.Parts{Namespaces: m.spaces, Journal: m.journal, Operations: g.Operations(),
		JWTSecret: o.JWTSecret, Logger: o.Logger}
	if !o.NoAdmin {
		m.control = control.New(m.parts, control.Options{AdminToken: o.AdminToken, AdminHosts: o.AdminHosts})
	}
	if o.DataDir != "" {
		if m.kept, err = control.Persist(m.parts, control.PersistOptions{Dir: o.DataDir, Reset: o.ResetData}); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// ServeHTTP serves the control plane under /_mockdex/ and DexCare's API
// everywhere else. Each side watches its answer through one
// respond.Recorder and writes one access log line.
func (m *Mock) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if m.control != nil && isControl(r.URL.Path) {
		m.control.ServeHTTP(w, r)
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

// Close saves what changed in DataDir once more and stops saving; a mock
// without one has nothing to close.
func (m *Mock) Close() error {
	if m.kept == nil {
		return nil
	}
	return m.kept.Close()
}
