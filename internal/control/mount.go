package control

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/mockdex/mockdex/internal/server"
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

// Control serves /_mockdex/ for one server.
type Control struct {
	srv    *server.Server
	opts   Options
	csrf   string // the dashboard forms' per-process token
	router *mux.Router
	log    *slog.Logger
}

// Mount returns a handler that serves the control plane under /_mockdex/
// and passes every other request to srv.
func Mount(srv *server.Server, opts Options) http.Handler {
	c := New(srv, opts)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == Prefix || strings.HasPrefix(r.URL.Path, Prefix+"/") {
			c.ServeHTTP(w, r)
			return
		}
		srv.ServeHTTP(w, r)
	})
}

// New builds the control plane for srv; Mount is the usual way in.
func New(srv *server.Server, opts Options) *Control {
	c := &Control{srv: srv, opts: opts, csrf: newCSRFToken(), log: srv.Options().Logger}
	c.router = c.routes()
	return c
}

func newCSRFToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b) // crypto/rand never fails on supported platforms
	return hex.EncodeToString(b)
}

// ServeHTTP guards, then routes, a control-plane request, and logs it as
// the server logs its own: no query, no header but the correlation id.
func (c *Control) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now() // wall time, for the log's duration only
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	if r, ok := c.guard(rec, r); ok {
		c.router.ServeHTTP(rec, r)
	}
	c.log.Info("request", "method", r.Method, "path", r.URL.Path, "operationId", "admin",
		"status", rec.status, "duration_ms", float64(time.Since(start).Microseconds())/1000,
		"correlation_id", r.Header.Get("correlation-id"))
}

// statusRecorder remembers the status for the log.
type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (s *statusRecorder) WriteHeader(code int) {
	if !s.wrote {
		s.status, s.wrote = code, true
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(p []byte) (int, error) {
	s.wrote = true
	return s.ResponseWriter.Write(p)
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
		c.requestRoutes,
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
