package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/mockdex/mockdex/fixtures"
	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/fakes"
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
	fixtures        *fakes.Fixtures
	spaces          *Namespaces
	// template makes every world (a namespace's, a reset's, an import's):
	// fixtures and generated history built once, so a new world is a copy.
	template *fakes.Template
	ready    atomic.Bool
	// journal and ops serve the control plane too; a reset leaves the
	// journal alone (it restores the world, not the record of requests).
	journal *journal
	ops     []Operation
}

// New compiles the spec, loads fixtures and builds the world.
func New(opts Options) (*Server, error) {
	opts = opts.withDefaults()
	doc, err := spec.Load()
	if err != nil {
		return nil, err
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("router from spec: %w", err)
	}
	fsys := opts.Fixtures
	if fsys == nil {
		fsys = fixtures.Default()
	}
	fx, err := fakes.LoadFixtures(fsys, opts.Seed)
	if err != nil {
		return nil, err
	}
	clk := opts.Clock
	if clk == nil {
		clk = clock.NewManual(time.Time{})
	}
	tmpl, err := fakes.NewTemplate(fakes.Options{Fixtures: fx, Clock: clk, Seed: opts.Seed, HistoryDays: opts.HistoryDays,
		BaseURL: opts.BaseURL, MaxVisits: opts.MaxVisits, MaxReports: opts.MaxReports})
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, clock: clk, doc: doc, router: router, fixtures: fx, template: tmpl,
		journal: newJournal(opts.JournalSize)}
	s.ops = s.specOperations()
	if err := s.bindOperations(); err != nil {
		return nil, err
	}
	s.spaces = newNamespaces(clk, opts.Seed, opts.MaxNamespaces, s.newWorld)
	s.ready.Store(true)
	return s, nil
}

// newWorld builds a namespace's world from the template (fixtures and
// generated history, ending at the namespace clock's now).
func (s *Server) newWorld(clk *clock.Controlled) *fakes.World {
	return s.template.NewWorld(clk)
}

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
func (s *Server) Reset() { s.spaces.Reset(DefaultNamespace) }

// World is the default namespace's current state, for in-process tests.
func (s *Server) World() *fakes.World { return s.spaces.World(DefaultNamespace) }

// Namespaces is the registry of namespaces, for the control plane.
func (s *Server) Namespaces() *Namespaces { return s.spaces }

// Template makes the server's worlds: a namespace's, a reset's, an
// imported state's (fakes.ImportWorld).
func (s *Server) Template() *fakes.Template { return s.template }

// Options are the options in effect, defaults filled in (the keys and
// secret clients must present).
func (s *Server) Options() Options { return s.opts }

// Clock is the server's clock: the default namespace's, and the one every
// other namespace's clock was forked from.
func (s *Server) Clock() *clock.Controlled { return s.clock }

// Spec is the compiled spec the server routes and validates by.
func (s *Server) Spec() *openapi3.T { return s.doc }

// ServeHTTP routes a request: health endpoints first, then the spec's
// operations. The control plane (/_mockdex/) is not served here: see
// internal/control, which mounts it in front of the server.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now() // wall time, for the durations in the log and journal only
	r = moveNamespaceParam(r)
	tr, w, r := s.startTrace(w, r, start)
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	if cid := r.Header.Get("correlation-id"); cid != "" {
		rec.Header().Set("correlation-id", cid)
	}
	opID := s.serve(rec, r)
	d := time.Since(start)
	s.logRequest(r, opID, rec.status, d)
	s.finishTrace(tr, r, opID, d)
}

func (s *Server) serve(w *recorder, r *http.Request) string {
	switch {
	case r.URL.Path == "/healthz":
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
		return "healthz"
	case r.URL.Path == "/readyz":
		s.serveReady(w)
		return "readyz"
	}
	normalizeQuery(r)
	route, params, err := s.router.FindRoute(r)
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
	call := &callInfo{route: route, params: params, style: style}
	if s.uuidCorrelation[op.OperationID] {
		w.Header().Set("correlation-id", uuidCorrelationID(r))
	}
	r = r.WithContext(context.WithValue(r.Context(), callKey{}, call))
	lease, err := s.holdNamespace(r, call)
	if err != nil {
		// Past the strict-mode check, like a fault: the namespace header
		// is mockdex's, not the spec's.
		s.writeError(w, r, style, err)
		return
	}
	defer lease.Release()
	if err := s.validateRequest(r, route, params, call); err != nil {
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
func (s *Server) holdNamespace(r *http.Request, c *callInfo) (*Lease, error) {
	name, err := NamespaceOf(r)
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
func (s *Server) enterWorld(r *http.Request, c *callInfo, lease *Lease) func() {
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
func (s *Server) useNamespace(r *http.Request, c *callInfo, ns *Namespace) {
	c.namespace, c.now = ns.name, ns.clock.Now()
	if t := traceOf(r); t != nil {
		t.mock = c.now
	}
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
// declares (regionCodes=WA).
func normalizeQuery(r *http.Request) {
	if !strings.Contains(r.URL.RawQuery, "[]") && !strings.Contains(r.URL.RawQuery, "%5B%5D") {
		return
	}
	q := r.URL.Query()
	for k, vs := range q {
		if base, ok := strings.CutSuffix(k, "[]"); ok {
			delete(q, k)
			q[base] = append(q[base], vs...)
		}
	}
	r.URL.RawQuery = q.Encode()
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
