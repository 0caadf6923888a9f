package proxy

import (
	"regexp"
	"strings"

	"github.com/mockdex/mockdex/internal/scenarios"
	"github.com/mockdex/mockdex/internal/usage"
)

// placeholder is a scenario path's {variable}.
var placeholder = regexp.MustCompile(`\{[^}/]+\}`)

// operationHosts says which of DexCare's hosts serves each operation,
// learned from the scenarios (each step names its host), so there is no
// second table of path prefixes to keep in step. An operation no
// scenario reaches takes the host of an operation on the same path, else
// the api host.
func operationHosts(idx *usage.Index) map[string]scenarios.Host {
	out := map[string]scenarios.Host{}
	byPath := map[string]scenarios.Host{}
	for _, sc := range scenarios.All() {
		for _, st := range sc.Steps {
			path, _, _ := strings.Cut(st.Path, "?")
			op, tmpl, ok := idx.Route(st.Method, placeholder.ReplaceAllString(path, "x"))
			if !ok {
				continue
			}
			out[op], byPath[tmpl] = st.Host, st.Host
		}
	}
	for _, op := range idx.Operations() {
		if _, ok := out[op]; ok {
			continue
		}
		out[op] = scenarios.API
		if h, ok := byPath[idx.Template(op)]; ok {
			out[op] = h
		}
	}
	return out
}
