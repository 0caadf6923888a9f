package server

import (
	"net/http"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
)

// findRoute is the router's answer for r. A path without parameters (the
// wait times, the visit create) is answered from a table the router
// itself filled, sparing the walk over every route and its allocations;
// the route returned is shared, read-only, and its params nil.
func (s *Server) findRoute(r *http.Request) (*routers.Route, map[string]string, error) {
	if s.router == compiledRouter() {
		if route := staticRoutes()[r.URL.EscapedPath()][r.Method]; route != nil {
			return route, nil, nil
		}
	}
	return s.router.FindRoute(r)
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
