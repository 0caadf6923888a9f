package server

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

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
	out := respond.NewRecorder(w, capture)
	if cid := r.Header.Get(correlationHeader); cid != "" {
		out.Header().Set(correlationHeader, cid)
	}
	opID := s.serve(out, r, capture)
	d := time.Since(start)
	respond.Log(s.opts.Logger, r, opID, out.Status(), d)
	capture.SetOperation(opID)
	capture.Finish(d)
}

// The operation names the log gives the probes.
const (
	opHealthz = "healthz"
	opReadyz  = "readyz"
)

func (s *Server) serve(w *respond.Recorder, r *http.Request, capture *journal.Capture) string {
	switch r.URL.Path {
	case "/healthz":
		respond.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
		return opHealthz
	case "/readyz":
		s.serveReady(w)
		return opReadyz
	}
	in, err := s.gate.Route(r)
	if err != nil {
		s.writeRouteError(w, r, err)
		return ""
	}
	c := &Call{Input: in, style: s.styles[in.OperationID()], capture: capture}
	s.serveOperation(w, c)
	return in.OperationID()
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
	if err != nil {
		s.answer(w, c, Answer{}, err)
		return
	}
	// A fault writes past the strict-mode check: its status and body are
	// the user's on purpose, not the mock's to answer for. Its delay runs
	// before the request enters the world, so it never holds up a reset.
	if s.applyFault(w, c, lease.Namespace().Faults()) {
		return
	}
	defer s.enterWorld(c, lease)()
	a, err := s.handlers[opID](c)
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
	name, err := namespaces.Of(c.Request())
	if err != nil {
		return nil, err
	}
	lease := s.spaces.Hold(name)
	c.useNamespace(lease.Namespace())
	return lease, nil
}

// enterWorld read-locks the leased namespace's world for the call and
// returns the unlock: the answer is written before a reset can replace
// the world.
func (s *Server) enterWorld(c *Call, lease *namespaces.Lease) func() {
	held := lease.Namespace()
	world, leave := lease.Enter()
	if ns := lease.Namespace(); ns != held {
		c.useNamespace(ns) // deleted and made anew meanwhile
	}
	c.World = world
	return leave
}

// CutUploads ends every request body still arriving and refuses reads
// of any body from now on; requests past their bodies run on. The
// mockdex command calls it when it starts draining, so a client that
// stalls mid-upload cannot hold the shutdown.
func (s *Server) CutUploads() { s.uploads.cutAll() }
