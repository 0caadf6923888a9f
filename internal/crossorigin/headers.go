package crossorigin

import (
	"net/http"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// alwaysRequested are the request headers a preflight grants besides the
// spec's: the body's type, and mockdex's namespace header.
var alwaysRequested = []string{"Content-Type", "X-Mockdex-Namespace"}

// alwaysExposed are the answer headers an app may read besides the
// spec's: what the mock adds to some answers (a fault's marker, a
// Retry-After of a busy or faulted answer, a redirect's Location).
var alwaysExposed = []string{"Location", "Retry-After", "X-Mockdex-Fault"}

// Requested are the methods of doc's operations and the request headers
// they use: header parameters, and the headers of header-borne security
// schemes (Authorization for the bearer and dc-token schemes, x-api-key).
func Requested(doc *openapi3.T) (methods, headers []string) {
	headers = slices.Clone(alwaysRequested)
	for _, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			methods = append(methods, method)
			headers = append(headers, headerParams(item.Parameters)...)
			headers = append(headers, headerParams(op.Parameters)...)
		}
	}
	for _, ref := range doc.Components.SecuritySchemes {
		switch s := ref.Value; {
		case s.Type == "http":
			headers = append(headers, "Authorization")
		case s.Type == "apiKey" && s.In == "header":
			headers = append(headers, s.Name)
		}
	}
	slices.Sort(methods)
	return slices.Compact(methods), canonical(headers)
}

func headerParams(params openapi3.Parameters) []string {
	var out []string
	for _, p := range params {
		if p.Value != nil && p.Value.In == openapi3.ParameterInHeader {
			out = append(out, p.Value.Name)
		}
	}
	return out
}

// Exposed are the headers an app may read on an answer: those the spec's
// responses declare, and alwaysExposed.
func Exposed(doc *openapi3.T) []string {
	out := slices.Clone(alwaysExposed)
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, resp := range op.Responses.Map() {
				if resp.Value == nil {
					continue
				}
				for name := range resp.Value.Headers {
					out = append(out, name)
				}
			}
		}
	}
	return canonical(out)
}

// canonical sorts names in their canonical form, once each.
func canonical(names []string) []string {
	for i, n := range names {
		names[i] = http.CanonicalHeaderKey(strings.TrimSpace(n))
	}
	slices.Sort(names)
	return slices.Compact(names)
}
