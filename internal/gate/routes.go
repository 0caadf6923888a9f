package gate

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/spec"
)

// Route finds the operation r asks for. It first accepts the docs'
// bracket form for arrays (regionCodes[]=WA), rewriting it to the
// repeated form the spec declares (regionCodes=WA).
func (g *Gate) Route(r *http.Request) (Input, error) {
	normalizeQuery(r)
	route, params, err := g.findRoute(r)
	return Input{Route: route, Params: params, r: r}, err
}

// Input is one request on its way through the gate: routed by Route,
// then checked by Check, which leaves in it what it read and verified, so
// nothing is read or parsed twice on the way to a handler.
type Input struct {
	// Route is the spec operation the request was routed to.
	Route *routers.Route
	// Params are its path parameters (nil for a path without any).
	Params map[string]string
	// Subject is the patient GUID of a verified bearer token.
	Subject string
	// AuthProblem names the mistake behind a refused credential ("" when
	// none was refused): DexCare's answer does not say, the journal and
	// the access log do.
	AuthProblem auth.Problem
	// Raw is the body as read (bounded by MaxBody), nil without one.
	Raw []byte

	r      *http.Request
	query  url.Values // parsed once, on first use
	body   any        // the JSON body, parsed once, defaults filled in
	parsed bool       // body holds a parsed JSON body (which may be null)
}

// OperationID is the routed operation's id.
func (in *Input) OperationID() string { return in.Route.Operation.OperationID }

// Param is a path parameter of the routed operation.
func (in *Input) Param(name string) string { return in.Params[name] }

// Query is the request's query, parsed once and shared by validation and
// the handler: read it, never change it.
func (in *Input) Query() url.Values {
	if in.query == nil {
		in.query = in.r.URL.Query()
	}
	return in.query
}

// Request is the request the input came from.
func (in *Input) Request() *http.Request { return in.r }

// JSON is the JSON body as Check parsed it (objects as map[string]any,
// numbers as json.Number, defaults filled in), and whether the request
// had one: fault rules match on it without parsing the body again. Read
// it, never change it.
func (in *Input) JSON() (any, bool) { return in.body, in.parsed }

// findRoute is the router's answer for r. A path without parameters (the
// wait times, the visit create) is answered from a table the router
// itself filled, sparing the walk over every route and its allocations;
// the route returned is shared, read-only, and its params nil.
func (g *Gate) findRoute(r *http.Request) (*routers.Route, map[string]string, error) {
	if g.router == compiledRouter() {
		if route := staticRoutes()[r.URL.EscapedPath()][r.Method]; route != nil {
			return route, nil, nil
		}
	}
	return g.router.FindRoute(r)
}

// compiledSpec is the spec and the router built from it: read-only, so
// every gate in the process shares one (spec.Shared).
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

// compiledRouter is the process's shared router, nil if it did not build.
func compiledRouter() routers.Router {
	c, err := compiled()
	if err != nil {
		return nil
	}
	return c.router
}

// staticRoutes maps escaped path, then method, to the route the shared
// router finds for them, for every spec path without a template. It is
// what FindRoute answers: the table asks it. The router matches by path
// and method only when no server names a host or scheme; else the table
// is empty.
var staticRoutes = sync.OnceValue(func() map[string]map[string]*routers.Route {
	c, err := compiled()
	table := map[string]map[string]*routers.Route{}
	if err != nil || !pathOnly(c.doc.Servers) {
		return table
	}
	for path, item := range c.doc.Paths.Map() {
		if strings.Contains(path, "{") || !pathOnly(item.Servers) {
			continue
		}
		for method := range item.Operations() {
			req, err := http.NewRequest(method, path, nil)
			if err != nil {
				continue
			}
			route, params, err := c.router.FindRoute(req)
			if err != nil || len(params) > 0 || route.Path != path {
				continue
			}
			key := req.URL.EscapedPath()
			if table[key] == nil {
				table[key] = map[string]*routers.Route{}
			}
			table[key][method] = route
		}
	}
	return table
})

// pathOnly says the servers are bare paths: no host, scheme or variable
// for the router to match.
func pathOnly(servers openapi3.Servers) bool {
	for _, sv := range servers {
		if strings.Contains(sv.URL, "://") || strings.Contains(sv.URL, "{") {
			return false
		}
	}
	return true
}

// AllowedMethods lists the methods the spec has for the request's path
// (an Allow header's value).
func (g *Gate) AllowedMethods(r *http.Request) string {
	var methods []string
	for _, m := range []string{"GET", "POST", "PUT", "DELETE", "PATCH"} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, _, err := g.router.FindRoute(probe); err == nil {
			methods = append(methods, m)
		}
	}
	return strings.Join(methods, ", ")
}

// normalizeQuery rewrites the bracket form of arrays (regionCodes[]=WA)
// to the repeated form (regionCodes=WA). It edits the raw query in place
// of parsing and encoding it again: only keys change, values stay as sent.
func normalizeQuery(r *http.Request) {
	raw := r.URL.RawQuery
	if !strings.Contains(raw, "[]") && !strings.Contains(raw, "%5B%5D") && !strings.Contains(raw, "%5b%5d") {
		return
	}
	var b strings.Builder
	b.Grow(len(raw))
	first := true
	for part := range strings.SplitSeq(raw, "&") {
		if !first {
			b.WriteByte('&')
		}
		first = false
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
