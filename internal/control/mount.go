package control

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"time"

	"github.com/gorilla/mux"

	"github.com/mockdex/mockdex/internal/gate"
	"github.com/mockdex/mockdex/internal/journal"
	"github.com/mockdex/mockdex/internal/membound"
	"github.com/mockdex/mockdex/internal/namespaces"
	"github.com/mockdex/mockdex/internal/respond"
	"github.com/mockdex/mockdex/internal/usage"
)

// Prefix is where the control plane lives.
const Prefix = "/_mockdex"

// Options configure the control plane. Every zero value works.
type Options struct {
	// AdminToken, when set, must come with every control-plane request as
	// "Authorization: Bearer TOKEN" (or as the password of HTTP Basic
	// authentication, which is how a browser sends it).
	AdminToken string
	// AdminHosts are host names the control plane answers to besides IP
	// literals and localhost (the name a container is reached by, say).
	AdminHosts []string
}

// Parts are the pieces of a mock the control plane drives; internal/mock
// hands them over when it assembles a mock.
type Parts struct {
	// Namespaces are the mock's worlds. Required.
	Namespaces *namespaces.Registry
	// Journal is the mock's request journal; nil when it keeps none.
	Journal *journal.Journal
	// Usage holds the namespaces' usage profiles, fed from Journal; nil
	// when the mock keeps none (GET /_mockdex/usage answers 404).
	Usage *usage.Store
	// Operations are the spec's, as fault rules name them.
	Operations []gate.Operation
	// JWTSecret signs the patient tokens POST /_mockdex/tokens mints.
	JWTSecret string
	// Logger gets one line per request; nil discards.
	Logger *slog.Logger
	// Memory is the process's memory bound; nil: none.
	Memory *membound.Bound
}

// Control serves /_mockdex/ for one mock.
type Control struct {
	spaces    *namespaces.Registry
	memory    *membound.Bound
	journal   *journal.Journal
	usage     *usage.Store
	ops       []gate.Operation
	jwtSecret string
	opts      Options
	csrf      string // the dashboard forms' per-process token
	router    *mux.Router
	log       *slog.Logger
	// importing admits one state import at a time: each holds its
	// document and the world built from it, a small multiple of its size.
	importing chan struct{}
}

// New builds the control plane over a mock's parts.
func New(p Parts, opts Options) *Control {
	if p.Logger == nil {
		p.Logger = slog.New(slog.DiscardHandler)
	}
	c := &Control{spaces: p.Namespaces, memory: p.Memory, journal: p.Journal, usage: p.Usage, ops: p.Operations, jwtSecret: p.JWTSecret,
		opts: opts, csrf: newCSRFToken(), log: p.Logger, importing: make(chan struct{}, 1)}
	c.router = c.routes()
	return c
}

func newCSRFToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b) // crypto/rand never fails on supported platforms
	return hex.EncodeToString(b)
}

// ServeHTTP guards, then routes, a control-plane request, and logs it as
// the API logs its own (respond.Log, operationId "admin").
func (c *Control) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now() // wall time, for the log's duration only
	out := respond.NewRecorder(w, nil)
	if r, ok := c.guard(out, r); ok {
		c.router.ServeHTTP(out, r)
	}
	respond.Log(c.log, r, "admin", out.Status(), time.Since(start))
}

// routes registers every endpoint, by an explicit list of groups.
func (c *Control) routes() *mux.Router {
	m := mux.NewRouter()
	a := m.PathPrefix(Prefix).Subrouter()
	for _, register := range []func(*mux.Router){
		c.clockRoutes,
		c.namespaceRoutes,
		c.stateRoutes,
		c.tokenRoutes,
		c.visitRoutes,
		c.reportRoutes,
		c.faultRoutes,
		c.timelineRoutes,
		c.requestRoutes,
		c.usageRoutes,
		c.dashboardRoutes,
	} {
		register(a)
	}
	m.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		adminError(w, http.StatusNotFound, "Not Found")
	})
	m.MethodNotAllowedHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		adminError(w, http.StatusMethodNotAllowed, "Method Not Allowed")
	})
	return m
}
