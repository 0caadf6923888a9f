package contract

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// SpecChange is one structural difference between two OpenAPI documents.
type SpecChange struct {
	Kind      string `json:"kind"`
	Operation string `json:"operation"` // METHOD /path with parameters as {}
	Detail    string `json:"detail"`
}

// Kinds of SpecChange.
const (
	OnlyInOurs         = "operation-only-in-ours"
	OnlyInTheirs       = "operation-only-in-theirs"
	StatusOnlyInOurs   = "status-only-in-ours"
	StatusOnlyInTheirs = "status-only-in-theirs"
	RequiredOnlyInOurs = "required-only-in-ours"
	RequiredOnlyTheirs = "required-only-in-theirs"
	PropertyOnlyInOurs = "response-property-only-in-ours"
	PropertyOnlyTheirs = "response-property-only-in-theirs"
)

// SpecDiff compares paths, operations, documented statuses, required
// request-body fields and 200-response properties of two documents. It is
// a small structural diff of our own (oasdiff, the thorough tool, pins a
// kin-openapi other than this module's); it does not follow every
// composition keyword. Published DexCare files put a base path in their
// server URL (https://ecvapi…/api/9) and paths below it; both sides are
// normalised to full paths.
func SpecDiff(ours, theirs []byte) ([]SpecChange, error) {
	a, err := loadLoose(ours)
	if err != nil {
		return nil, fmt.Errorf("our spec: %w", err)
	}
	b, err := loadLoose(theirs)
	if err != nil {
		return nil, fmt.Errorf("their spec: %w", err)
	}
	oa, ob := operations(a), operations(b)
	var out []SpecChange
	for _, k := range sortedOps(oa) {
		if _, ok := ob[k]; !ok {
			out = append(out, SpecChange{OnlyInOurs, k, "not in their file (it may cover another service)"})
			continue
		}
		out = append(out, compareOps(k, oa[k], ob[k])...)
	}
	for _, k := range sortedOps(ob) {
		if _, ok := oa[k]; !ok {
			out = append(out, SpecChange{OnlyInTheirs, k, "their file documents it; spec/dexcare.yaml does not"})
		}
	}
	return out, nil
}

func loadLoose(data []byte) (*openapi3.T, error) {
	l := openapi3.NewLoader()
	return l.LoadFromData(data)
}

var pathParam = regexp.MustCompile(`\{[^}]+\}`)

func operations(doc *openapi3.T) map[string]*openapi3.Operation {
	base := ""
	if len(doc.Servers) > 0 {
		// Server variables ({customerShorthand}) sit in the host; fill them
		// so the URL parses and its path survives.
		raw := pathParam.ReplaceAllString(doc.Servers[0].URL, "x")
		if u, err := url.Parse(raw); err == nil {
			base = strings.TrimRight(u.Path, "/")
		}
	}
	out := map[string]*openapi3.Operation{}
	for p, item := range doc.Paths.Map() {
		full := pathParam.ReplaceAllString(base+p, "{}")
		for method, op := range item.Operations() {
			out[method+" "+full] = op
		}
	}
	return out
}

func sortedOps(m map[string]*openapi3.Operation) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func compareOps(k string, a, b *openapi3.Operation) []SpecChange {
	var out []SpecChange
	sa, sb := statuses(a), statuses(b)
	out = append(out, setDiff(k, sa, sb, StatusOnlyInOurs, StatusOnlyInTheirs, "status %s")...)
	out = append(out, setDiff(k, requiredBody(a), requiredBody(b), RequiredOnlyInOurs, RequiredOnlyTheirs, "required request field %s")...)
	out = append(out, setDiff(k, okProperties(a), okProperties(b), PropertyOnlyInOurs, PropertyOnlyTheirs, "200 response property %s")...)
	return out
}

func setDiff(op string, a, b map[string]bool, onlyA, onlyB, format string) []SpecChange {
	var out []SpecChange
	for _, x := range minus(a, b) {
		out = append(out, SpecChange{onlyA, op, fmt.Sprintf(format, x)})
	}
	for _, x := range minus(b, a) {
		out = append(out, SpecChange{onlyB, op, fmt.Sprintf(format, x)})
	}
	return out
}

func statuses(op *openapi3.Operation) map[string]bool {
	out := map[string]bool{}
	if op.Responses != nil {
		for code := range op.Responses.Map() {
			out[code] = true
		}
	}
	return out
}

func requiredBody(op *openapi3.Operation) map[string]bool {
	out := map[string]bool{}
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return out
	}
	for _, mt := range op.RequestBody.Value.Content {
		if mt.Schema != nil && mt.Schema.Value != nil {
			for _, r := range mt.Schema.Value.Required {
				out[r] = true
			}
		}
	}
	return out
}

// okProperties lists the 200 response's top-level properties (of the
// array's items for a list), through allOf but not anyOf/oneOf.
func okProperties(op *openapi3.Operation) map[string]bool {
	out := map[string]bool{}
	if op.Responses == nil {
		return out
	}
	r := op.Responses.Value("200")
	if r == nil || r.Value == nil {
		return out
	}
	for _, mt := range r.Value.Content {
		if mt.Schema != nil {
			collectProps(mt.Schema.Value, out)
		}
	}
	return out
}

func collectProps(s *openapi3.Schema, out map[string]bool) {
	if s == nil {
		return
	}
	if s.Items != nil {
		collectProps(s.Items.Value, out)
	}
	for name := range s.Properties {
		out[name] = true
	}
	for _, sub := range s.AllOf {
		collectProps(sub.Value, out)
	}
}
