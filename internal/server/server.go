package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/journal"
	"github.com/mockdex/mockdex/internal/namespaces"
	"github.com/mockdex/mockdex/spec"
)

// opHandler serves one operation. On success it has written the response;
// on error it has written nothing and the error writer answers in the
// operation's style.
type opHandler func(w http.ResponseWriter, r *http.Request) error

// Server is a running mock.
type Server struct {
	opts     Options
	clock    *clock.Controlled
	doc      *openapi3.T
	router   routers.Router
	handlers map[string]opHandler
	styles   map[string]errStyle // operationId → x-error-style, checked in New
	// uuidCorrelation holds the operations whose answers declare a UUID
	// correlation-id header (slots v5 events): they never echo another.
	uuidCorrelation map[string]bool
	spaces          *namespaces.Registry
	ready           atomic.Bool
	// journal and ops serve the control plane too; a reset leaves the
	// journal alone (it restores the world, not the record of requests).
	journal *journal.Journal
	ops     []Operation
	uploads uploads
	bearer  *auth.Verifier // patient tokens, signed with opts.JWTSecret
	passed  passedQueries  // queries that passed validation (validate_memo.go)
}

// New compiles the spec, loads fixtures and builds the world.
func New(opts Options) (*Server, error) {
	opts = opts.withDefaults()
	// The spec and the world do not depend on each other: on a cold start
	// each is about half the work, so they are built on two cores at once.
	specDone := make(chan error, 1)
	var c compiledSpec
	go func() {
		var err error
		c, err = compiled()
		specDone <- err
	}()
	clk := opts.Clock
	if clk == nil {
		clk = clock.NewManual(time.Time{})
	}
	tmpl, worldErr := namespaces.NewTemplate(namespaces.TemplateOptions{Clock: clk, Fixtures: opts.Fixtures, Seed: opts.Seed,
		HistoryDays: opts.HistoryDays, BaseURL: opts.BaseURL, MaxVisits: opts.MaxVisits, MaxReports: opts.MaxReports})
	if err := <-specDone; err != nil {
		return nil, err
	}
	if worldErr != nil {
		return nil, worldErr
	}
	s := &Server{opts: opts, clock: clk, doc: c.doc, router: c.router,
		journal: journal.New(journal.Options{Entries: opts.JournalSize, Bytes: opts.JournalBytes}),
		bearer:  auth.NewVerifier(opts.JWTSecret)}
	s.ops = s.specOperations()
	if err := s.bindOperations(); err != nil {
		return nil, err
	}
	s.spaces = namespaces.New(namespaces.Options{Root: clk, Template: tmpl, Seed: opts.Seed, Max: opts.MaxNamespaces, Logger: opts.Logger})
	s.ready.Store(true)
	return s, nil
}

// compiledSpec is the spec and the router built from it: read-only, so
// every Server in the process shares one (spec.Shared).
type compiledSpec struct {
	doc    *openapi3.T
	router routers.Router
}

var compiled = sync.OnceValues(func() (compiledSpec, error) {
	doc, err := spec.SharedUnchecked()
	if err != nil {
		return compiledSpec{}, err
	}
	// Validating the spec and building the router both only read it; on a
	// cold start the other core is free by now.
	checked := make(chan error, 1)
	go func() { checked <- spec.CheckShared() }()
	router, err := gorillamux.NewRouter(doc)
	if err := <-checked; err != nil {
		return compiledSpec{}, err
	}
	if err != nil {
		return compiledSpec{}, fmt.Errorf("router from spec: %w", err)
	}
	return compiledSpec{doc: doc, router: router}, nil
})

// bindOperations builds the handler table and reads each operation's
// error style; a spec operation without a handler or a known style is a
// start-up error, not a 500 at request time.
func (s *Server) bindOperations() error {
	var err error
	if s.handlers, err = handlerTable(s.operations()); err != nil {
		return err
	}
	if err := s.checkHandlers(); err != nil {
		return err
	}
	var bad []string
	if s.styles, bad = operationStyles(s.doc); len(bad) > 0 {
		return fmt.Errorf("operations without a known x-error-style: %s", strings.Join(bad, ", "))
	}
	s.uuidCorrelation = uuidCorrelationOperations(s.doc)
	return nil
}

// Reset puts the default namespace's world back to its fixtures (and
// generated history), once the requests in it have finished.
func (s *Server) Reset() { s.spaces.Reset(namespaces.Default) }

// World is the default namespace's current state, for in-process tests.
func (s *Server) World() *fakes.World { return s.spaces.World(namespaces.Default) }

// Namespaces is the registry of namespaces, for the control plane.
func (s *Server) Namespaces() *namespaces.Registry { return s.spaces }

// Template makes the server's worlds: a namespace's, a reset's, an
// imported state's (fakes.ImportWorld).
func (s *Server) Template() *fakes.Template { return s.spaces.Template() }

// Options are the options in effect, defaults filled in (the keys and
// secret clients must present).
func (s *Server) Options() Options { return s.opts }

// Clock is the server's clock: the default namespace's, and the one every
// other namespace's clock was forked from.
func (s *Server) Clock() *clock.Controlled { return s.clock }

// Spec is the compiled spec the server routes and validates by. It is
// shared by every Server in the process: read it, never change it.
func (s *Server) Spec() *openapi3.T { return s.doc }

// ServeHTTP routes a request: health endpoints first, then the spec's
// operations. The control plane (/_mockdex/) is not served here: see
// internal/control, which mounts it in front of the server.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now() // wall time, for the durations in the log and journal only
	r = namespaces.MoveParam(r)
	r, uploaded := s.uploads.track(w, r)
	defer uploaded()
	// One context value per request carries the call, journal capture
	// included: each WithContext copies the request.
	ci := &callInfo{}
	r = r.WithContext(context.WithValue(r.Context(), callKey{}, ci))
	c, w := s.startCapture(w, r, ci, start)
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	if cid := r.Header.Get(correlationHeader); cid != "" {
		rec.Header().Set(correlationHeader, cid)
	}
	opID := s.serve(rec, r)
	d := time.Since(start)
	s.logRequest(r, opID, rec.status, d)
	c.SetOperation(opID)
	c.Finish(d)
}

// The operation names the log gives the probes.
const (
	opHealthz = "healthz"
	opReadyz  = "readyz"
)

func (s *Server) serve(w *recorder, r *http.Request) string {
	switch {
	case r.URL.Path == "/healthz":
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
		return opHealthz
	case r.URL.Path == "/readyz":
		s.serveReady(w)
		return opReadyz
	}
	normalizeQuery(r)
	route, params, err := s.findRoute(r)
	if err != nil {
		s.writeRouteError(w, r, err)
		return ""
	}
	s.serveOperation(w, r, route, params)
	return route.Operation.OperationID
}

func (s *Server) serveReady(w http.ResponseWriter) {
	if !s.ready.Load() {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "starting"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ready", "operations": len(s.handlers)})
}

func (s *Server) serveOperation(w *recorder, r *http.Request, route *routers.Route, params map[string]string) {
	op := route.Operation
	style := s.styles[op.OperationID]
	call, r := attachCall(r)
	call.route, call.params, call.style = route, params, style
	if s.uuidCorrelation[op.OperationID] {
		w.Header().Set(correlationHeader, uuidCorrelationID(r))
	}
	lease, err := s.holdNamespace(r, call)
	if err != nil {
		// Past the strict-mode check, like a fault: the namespace header
		// is mockdex's, not the spec's.
		s.writeError(w, r, style, err)
		return
	}
	defer lease.Release()
	err = s.validateRequest(r, route, params, call)
	captureOf(r).SetVerdict(verdict(err))
	if err != nil {
		s.answer(w, r, route, params, func(out http.ResponseWriter) { s.writeError(out, r, style, err) })
		return
	}
	// A fault writes past the strict-mode check: its status and body are
	// the user's on purpose, not the mock's to answer for. Its delay runs
	// before the request enters the world, so it never holds up a reset.
	if s.applyFault(w, r, lease.Namespace().Faults(), op.OperationID, style) {
		return
	}
	defer s.enterWorld(r, call, lease)()
	s.answer(w, r, route, params, func(out http.ResponseWriter) {
		if err := s.handlers[op.OperationID](out, r); err != nil {
			s.writeError(out, r, style, err)
		}
	})
}

// holdNamespace leases the namespace the request names and serves the
// call on its clock.
func (s *Server) holdNamespace(r *http.Request, c *callInfo) (*namespaces.Lease, error) {
	name, err := namespaces.Of(r)
	if err != nil {
		return nil, err
	}
	lease := s.spaces.Hold(name)
	s.useNamespace(r, c, lease.Namespace())
	return lease, nil
}

// enterWorld read-locks the leased namespace's world for the call and
// returns the unlock: the answer is written before a reset can replace
// the world.
func (s *Server) enterWorld(r *http.Request, c *callInfo, lease *namespaces.Lease) func() {
	held := lease.Namespace()
	world, leave := lease.Enter()
	if ns := lease.Namespace(); ns != held {
		s.useNamespace(r, c, ns) // deleted and made anew meanwhile
	}
	c.world = world
	return leave
}

// useNamespace serves the call from ns: its name, and its clock's time,
// which the journal records too.
func (s *Server) useNamespace(r *http.Request, c *callInfo, ns *namespaces.Namespace) {
	c.namespace, c.now = ns.Name(), ns.Clock().Now()
	captureOf(r).SetTime(c.now)
}

// answer runs write. In strict mode the answer (a refusal from request
// validation as much as a handler's) is held back and checked against the
// spec before the client sees it.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, route *routers.Route, params map[string]string, write func(http.ResponseWriter)) {
	if s.opts.ResponseCheck == nil {
		write(w)
		return
	}
	buf := newBufferedResponse(w)
	write(buf)
	s.checkResponse(r, route, params, buf)
	buf.flush()
}

// normalizeQuery accepts the docs' bracket form for arrays
// (regionCodes[]=WA) by rewriting it to the repeated form the spec
// declares (regionCodes=WA). It edits the raw query in place of parsing
// and encoding it again: only keys change, values stay as sent.
func normalizeQuery(r *http.Request) {
	raw := r.URL.RawQuery
	if !strings.Contains(raw, "[]") && !strings.Contains(raw, "%5B%5D") && !strings.Contains(raw, "%5b%5d") {
		return
	}
	var b strings.Builder
	b.Grow(len(raw))
	for i, part := range strings.Split(raw, "&") {
		if i > 0 {
			b.WriteByte('&')
		}
		key, value, hasValue := strings.Cut(part, "=")
		for _, suffix := range []string{"[]", "%5B%5D", "%5b%5d"} {
			key = strings.TrimSuffix(key, suffix)
		}
		b.WriteString(key)
		if hasValue {
			b.WriteByte('=')
			b.WriteString(value)
		}
	}
	r.URL.RawQuery = b.String()
}

// callKey keys the per-request callInfo in the context.
type callKey struct{}

// callInfo is what a handler knows about its call beyond the request.
type callInfo struct {
	route  *routers.Route
	params map[string]string
	style  errStyle
	// now is the mock time the request is served at; one instant per
	// request, so a response never straddles a clock change.
	now time.Time
	// subject is the patient GUID from a verified bearer token.
	subject string
	// world is the state the request is served from, chosen once and
	// read-locked until the answer is written: a reset waits for it.
	world *fakes.World
	// namespace is the name of the namespace serving the request.
	namespace string
	// capture is the request's journal record; nil when not journaled.
	capture *journal.Capture
	// query is the parsed query, shared by validation and the handler;
	// read it through query(r), never change it.
	query url.Values
}

// query is the request's query, parsed once per call.
func query(r *http.Request) url.Values {
	c := call(r)
	if c.query == nil {
		c.query = r.URL.Query()
	}
	return c.query
}

// attachCall is the request's callInfo, attached to a copy of r first
// if it has none.
func attachCall(r *http.Request) (*callInfo, *http.Request) {
	if c, ok := r.Context().Value(callKey{}).(*callInfo); ok {
		return c, r
	}
	c := &callInfo{}
	return c, r.WithContext(context.WithValue(r.Context(), callKey{}, c))
}

func call(r *http.Request) *callInfo {
	c, _ := r.Context().Value(callKey{}).(*callInfo)
	if c == nil {
		return &callInfo{params: map[string]string{}}
	}
	return c
}

// pathParam is a path parameter of the matched operation.
func pathParam(r *http.Request, name string) string { return call(r).params[name] }
