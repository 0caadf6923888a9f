package gate

import (
	"net/http"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
)

// Route finds the operation r asks for. It first accepts the docs'
// bracket form for arrays (regionCodes[]=WA), rewriting it to the
// repeated form the spec declares (regionCodes=WA).
func (g *Gate) Route(r *http.Request) (Input, error) {
	normalizeQuery(r)
	route, params, err := g.findRoute(r)
	return Input{Route: route, Params: params, r: r}, err
}

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
