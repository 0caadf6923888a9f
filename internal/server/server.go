package server

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/canonhdr"
	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/gate"
	"github.com/mockdex/mockdex/internal/journal"
	"github.com/mockdex/mockdex/internal/namespaces"
	"github.com/mockdex/mockdex/internal/respond"
)

// Server is DexCare's API over a mock's namespaces.
type Server struct {
	opts     Options
	gate     *gate.Gate
	spaces   *namespaces.Registry
	journal  *journal.Journal // nil: no record kept
	handlers map[string]handler
	styles   map[string]errStyle // operationId → x-error-style, checked in New
	hosts    map[string]string   // operationId → x-dexcare-host, for fault rules
	// uuidCorrelation holds the operations whose answers declare a UUID
	// correlation-id header (slots v5 events): they never echo another.
	uuidCorrelation map[string]bool
	ready           atomic.Bool
	uploads         uploads
}

// New binds every spec operation to its handler and error style; a spec
// operation without either is a start-up error, not a 500 at request time.
func New(opts Options) (*Server, error) {
	if opts.Namespaces == nil || opts.Gate == nil {
		return nil, errors.New("server: Options.Namespaces and Options.Gate are required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{opts: opts, gate: opts.Gate, spaces: opts.Namespaces, journal: opts.Journal}
	if err := s.bindOperations(); err != nil {
		return nil, err
	}
	s.ready.Store(true)
	return s, nil
}

// bindOperations builds the handler table and reads each operation's
// error style.
func (s *Server) bindOperations() error {
	var err error
	if s.handlers, err = handlerTable(s.operations()); err != nil {
		return err
	}
	if err := s.checkHandlers(); err != nil {
		return err
	}
	var bad []string
	if s.styles, bad = operationStyles(s.gate.Spec()); len(bad) > 0 {
		return fmt.Errorf("operations without a known x-error-style: %s", strings.Join(bad, ", "))
	}
	s.uuidCorrelation = uuidCorrelationOperations(s.gate.Spec())
	s.hosts = map[string]string{}
	for _, op := range s.gate.Operations() {
		s.hosts[op.ID] = op.Host
	}
	return nil
}

// ServeHTTP serves one request: health endpoints first, then the spec's
// operations. The control plane (/_mockdex/) is not served here: see
// internal/control, which internal/mock mounts in front of the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now() // wall time, for the durations in the log and journal only
	r = namespaces.MoveParam(r)
	r, uploaded := s.uploads.track(w, r)
	defer uploaded()
	capture := s.startCapture(r, start)
	out := respond.PooledRecorder(w, capture)
	if cid := canonhdr.Get(r.Header, canonhdr.CorrelationID); cid != "" {
		out.Header().Set(correlationHeader, cid)
	}
	opID, abort, problem := s.serve(out, r, capture)
	d := time.Since(start)
	if problem != "" {
		respond.Log(s.opts.Logger, r, opID, out.Status(), d, respond.AuthProblem(string(problem)))
	} else {
		respond.Log(s.opts.Logger, r, opID, out.Status(), d)
	}
	if s.opts.Observe != nil {
		s.opts.Observe(opID, out.Status(), d)
	}
	capture.SetOperation(opID)
	capture.Finish(d)
	out.Recycle()
	if abort {
		// A transport fault that could not hijack the connection (HTTP/2,
		// or a writer in memory) breaks the exchange here, once the
		// journal has its record: net/http resets an HTTP/2 stream, and
		// closes an HTTP/1 connection, on this panic.
		panic(http.ErrAbortHandler)
	}
}

// The operation names the log gives the probes.
const (
	opHealthz = "healthz"
	opReadyz  = "readyz"
)

// serve answers r and names its operation; abort says a fault broke
// the exchange and the connection must be cut once the record is kept;
// problem names a refused credential's mistake, for the log.
func (s *Server) serve(w *respond.Recorder, r *http.Request, capture *journal.Capture) (opID string, abort bool, problem auth.Problem) {
	switch r.URL.Path {
	case "/healthz":
		respond.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
		return opHealthz, false, ""
	case "/readyz":
		s.serveReady(w)
		return opReadyz, false, ""
	}
	in, err := s.gate.Route(r)
	if err != nil {
		s.writeRouteError(w, r, err)
		return "", false, ""
	}
	c := &Call{Input: in, style: s.styles[in.OperationID()], host: s.hosts[in.OperationID()], capture: capture}
	s.serveOperation(w, c)
	return in.OperationID(), c.abort, c.AuthProblem
}

func (s *Server) serveReady(w http.ResponseWriter) {
	if !s.ready.Load() {
		respond.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "starting"})
		return
	}
	respond.WriteJSON(w, http.StatusOK, map[string]any{"status": "ready", "operations": len(s.handlers)})
}

// serveOperation takes a routed call through the namespace, the gate's
// check, the fault rules and the handler, to the one writer.
func (s *Server) serveOperation(w *respond.Recorder, c *Call) {
	opID := c.OperationID()
	if s.uuidCorrelation[opID] {
		w.Header().Set(correlationHeader, uuidCorrelationID(c.Request()))
	}
	lease, err := s.holdNamespace(c)
	if err != nil {
		// Past the strict-mode check, like a fault: the namespace header
		// is mockdex's, not the spec's.
		s.writeError(w, c, err)
		return
	}
	defer lease.Release()
	err = s.gate.Check(&c.Input, c.Now)
	c.capture.SetVerdict(verdict(err))
	c.capture.SetAuthProblem(string(c.AuthProblem))
	if err != nil {
		s.answer(w, c, Answer{}, err)
		return
	}
	// A fault writes past the strict-mode check: its status and body are
	// the user's on purpose, not the mock's to answer for. Its delay runs
	// before the request enters the world, so it never holds up a reset.
	hit, faulted := s.takeFault(c, lease.Namespace())
	if faulted && s.applyFault(w, c, hit) {
		return
	}
	defer s.enterWorld(c, lease)()
	a, err := s.handlers[opID](c)
	if err == nil && a.status < http.StatusBadRequest {
		c.World.CountCall(opID, c.Now) // a timeline's "after" counts answered calls
	}
	if faulted && hit.Kind.ShapesBody() {
		s.shapeAnswer(w, c, hit, func(w http.ResponseWriter) { s.write(w, c, a, err) })
		return
	}
	s.answer(w, c, a, err)
}

// verdict is what the journal notes of a validation result: "" when the
// request passed, else the refusal's message (it names fields, never
// echoes their values).
func verdict(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// holdNamespace leases the namespace the request names and serves the
// call on its clock.
func (s *Server) holdNamespace(c *Call) (*namespaces.Lease, error) {
	lease, err := s.spaces.HoldRequest(c.Request())
	if err != nil {
		return nil, err
	}
	c.useNamespace(lease.Namespace())
	return lease, nil
}

// enterWorld read-locks the leased namespace's world for the call, has
// its timeline catch up to the call's time, and returns the unlock: the
// answer is written before a reset can replace the world.
func (s *Server) enterWorld(c *Call, lease *namespaces.Lease) func() {
	held := lease.Namespace()
	world, leave := lease.Enter()
	if ns := lease.Namespace(); ns != held {
		c.useNamespace(ns) // deleted and made anew meanwhile
	}
	c.World = world
	world.Catch(c.Now)
	return leave
}

// CutUploads ends every request body still arriving and refuses reads
// of any body from now on; requests past their bodies run on. The
// mockdex command calls it when it starts draining, so a client that
// stalls mid-upload cannot hold the shutdown.
func (s *Server) CutUploads() { s.uploads.cutAll() }

// Call is one request as its handler sees it: routed and checked by the
// gate (the operation, path parameters, the query parsed once, the
// verified patient, the body parsed once), served from one namespace's
// world at one instant. Handlers take it and return an Answer or an
// error; they never write the response themselves.
type Call struct {
	gate.Input
	// World is the namespace's world, read-locked until the answer is
	// written: a reset waits for it.
	World *fakes.World
	// Now is the mock time the request is served at, by the namespace's
	// clock: one instant per request, so an answer never straddles a
	// clock change.
	Now time.Time
	// Namespace is the name of the namespace serving the request.
	Namespace string

	style   errStyle         // the operation's x-error-style
	host    string           // the operation's x-dexcare-host
	capture *journal.Capture // nil: not journaled
	// abort: a fault broke the exchange; ServeHTTP cuts the connection.
	abort bool
}

// useNamespace serves the call from ns: its name, and its clock's time,
// which the journal records too.
func (c *Call) useNamespace(ns *namespaces.Namespace) {
	c.Namespace, c.Now = ns.Name(), ns.Clock().Now()
	c.capture.SetTime(c.Now)
}

// keepNamespace is the query parameter that keeps a browser in the
// call's namespace, nil for the default namespace: a browser cannot send
// the header, so links and forms carry it.
func (c *Call) keepNamespace() url.Values {
	if c.Namespace != "" && c.Namespace != namespaces.Default {
		return url.Values{namespaces.Param: {c.Namespace}}
	}
	return nil
}

// handler serves one operation: an Answer, or an error the one writer
// words in the operation's style.
type handler func(*Call) (Answer, error)

// decoded binds a handler that takes the request body, decoded into its
// own type from the gate's one parse (gate.Input.Decode).
func decoded[T any](h func(*Call, *T) (Answer, error)) handler {
	return func(c *Call) (Answer, error) {
		body := new(T)
		if err := c.Decode(body); err != nil {
			return Answer{}, err
		}
		return h(c, body)
	}
}

// journaled says whether a request goes into the journal: the spec's API
// and unmatched paths do; mockdex's own endpoints and probes do not, so
// reading the journal does not fill it.
func journaled(r *http.Request) bool {
	p := r.URL.Path
	return p != "/healthz" && p != "/readyz" && !strings.HasPrefix(p, "/_mockdex")
}

// startCapture begins the request's journal record: bounded copies only,
// taken as the body is read and the response written (see package
// journal). r is a copy of the request net/http passed in whenever it has
// a body (uploads.track made one): the capturing body goes on the copy,
// as net/http judges by the original's body whether a refused upload may
// be left unread. Nil when the request is not journaled.
func (s *Server) startCapture(r *http.Request, wall time.Time) *journal.Capture {
	if s.journal == nil || !journaled(r) {
		return nil
	}
	c := s.journal.Begin(r, wall, s.spaces.Clock().Now())
	if body := c.Body(r.Body); body != r.Body {
		r.Body = body
	}
	return c
}
