package server

import (
	"context"
	"net/http"
	"time"

	"github.com/mockdex/mockdex/internal/apierr"
	"github.com/mockdex/mockdex/internal/faults"
	"github.com/mockdex/mockdex/internal/namespaces"
	"github.com/mockdex/mockdex/internal/respond"
)

// A *Call is what fault rules match: faults.Call over the routed request.
var _ faults.Call = (*Call)(nil)

// Method is the request's method.
func (c *Call) Method() string { return c.Request().Method }

// Path is the request's path, as sent.
func (c *Call) Path() string { return c.Request().URL.Path }

// Host is the DexCare host serving the operation (its x-dexcare-host).
func (c *Call) Host() string { return c.host }

// QueryValues are the request's values of one query parameter.
func (c *Call) QueryValues(name string) []string { return c.Query()[name] }

// HeaderValues are the request's values of one header.
func (c *Call) HeaderValues(name string) []string { return c.Request().Header.Values(name) }

// Patient is the verified bearer token's subject ("" without one).
func (c *Call) Patient() string { return c.Subject }

// takeFault is the fault that applies to the call, if any: one of the
// namespace's own, else one its timeline has open at the call's time (an
// outage or a latency window).
func (s *Server) takeFault(c *Call, ns *namespaces.Namespace) (faults.Hit, bool) {
	var windows []faults.Fault
	if w := ns.World(); w != nil {
		windows = w.TimelineFaults(c.Now)
	}
	return ns.Faults().Take(c, windows)
}

// applyFault runs a fault that applies to the call, after routing and
// validation and before the handler: its headers, its delay, then
// whatever it answers in the handler's place. It reports whether the
// call is done (answered by the fault, broken by it, or abandoned by the
// client during the delay), in which case the handler must not run.
func (s *Server) applyFault(w *respond.Recorder, c *Call, hit faults.Hit) bool {
	c.capture.SetFault(hit.ID, string(hit.Kind))
	h := w.Header()
	h.Set("x-mockdex-fault", hit.ID)
	for k, v := range hit.Headers {
		h.Set(k, v)
	}
	if hit.Wait > 0 {
		extendDeadlines(w, hit.Wait)
		if !sleepCtx(c.Request().Context(), hit.Wait) {
			return true // the client hung up; do not change the world for it
		}
	}
	switch {
	case hit.Kind == faults.KindReset:
		c.abort = !resetConnection(w, c.Request())
	case hit.Kind == faults.KindGatewayPage:
		writeGatewayPage(w, hit.Status)
	case hit.Kind.ShapesBody() && hit.Status != 0:
		s.shapeAnswer(w, c, hit, func(w http.ResponseWriter) { writeFault(w, c, hit.Fault) })
	case hit.Kind == faults.KindStatus:
		writeFault(w, c, hit.Fault)
	default:
		return false // a delay, or a shape of the handler's own answer
	}
	return true
}

// sleepCtx waits d of wall time, or less if ctx ends first; it reports
// whether the whole wait passed. A delay fault and a slow body are the
// real sleeps in mockdex: they exist to be measured by the client's own
// stopwatch, which the mock clock does not drive.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// writeFault answers with the fault's status and body, or without a body,
// the operation's own error shape for that status.
func writeFault(w http.ResponseWriter, c *Call, f faults.Fault) {
	switch {
	case f.Body != nil:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(f.Status)
		_, _ = w.Write(append(f.Body, '\n')) // the client hung up
	case c.style == stylePage:
		renderErrorPage(w, f.Status, http.StatusText(f.Status))
	default:
		respond.WriteJSON(w, f.Status, faultBody(c, f.Status))
	}
}

// faultBody is the error body the operation's style answers status with,
// built by the style itself for the fault's status (503 included).
func faultBody(c *Call, status int) map[string]any {
	return c.style.body(c, status, apierr.New(respond.KindFor(status), "%s", http.StatusText(status)))
}
