package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"

	"github.com/mockdex/mockdex/spec"
)

// The markers around the table in the README; what lies between them is
// the generator's.
const (
	begin = "<!-- optable: begin (go run ./tools/optable writes this table from spec/dexcare.yaml) -->"
	end   = "<!-- optable: end -->"
)

// credentials names each security scheme as a request carries it.
var credentials = map[string]string{
	"ServiceToken":   "`dc-token`",
	"ApiKey":         "`x-api-key`",
	"CareOptionsKey": "`x-api-key`",
	"PatientJWT":     "`Bearer` JWT",
}

// row is one operation.
type row struct {
	path, method, id, host, auth string
}

// Table is the Markdown table of every operation in doc, in the spec's
// path order, each path's methods in a fixed order.
func Table(doc *openapi3.T) (string, error) {
	var rows []row
	var errs []error
	order, err := pathOrder(spec.YAML)
	if err != nil {
		return "", err
	}
	if len(order) != doc.Paths.Len() {
		return "", fmt.Errorf("the spec file lists %d paths, the loaded spec %d", len(order), doc.Paths.Len())
	}
	for _, path := range order {
		item := doc.Paths.Value(path)
		if item == nil {
			return "", fmt.Errorf("path %s is in the YAML but not in the loaded spec", path)
		}
		for _, method := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
			op := item.GetOperation(method)
			if op == nil {
				continue
			}
			host, _ := op.Extensions["x-dexcare-host"].(string)
			if host == "" {
				errs = append(errs, fmt.Errorf("%s %s (%s) has no x-dexcare-host", method, path, op.OperationID))
			}
			auth, err := authOf(op)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s %s: %w", method, path, err))
			}
			rows = append(rows, row{path, method, op.OperationID, host, auth})
		}
	}
	if err := errors.Join(errs...); err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("| method | path | operationId | host | credentials |\n|---|---|---|---|---|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | `%s` | `%s` | %s | %s |\n", r.method, r.path, r.id, r.host, r.auth)
	}
	return b.String(), nil
}

// pathOrder is the paths in the order the spec file lists them, which
// groups them by product (reporting, virtual care, booking, pages).
func pathOrder(src []byte) ([]string, error) {
	var doc struct {
		Paths yaml.Node `yaml:"paths"`
	}
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, err
	}
	var out []string
	for i := 0; i+1 < len(doc.Paths.Content); i += 2 {
		out = append(out, doc.Paths.Content[i].Value)
	}
	if len(out) == 0 {
		return nil, errors.New("the spec lists no paths")
	}
	return out, nil
}

// authOf is the credentials an operation needs: its own security, none
// when it declares an empty list or none at all (the spec sets no
// document-wide default).
func authOf(op *openapi3.Operation) (string, error) {
	if op.Security == nil || len(*op.Security) == 0 {
		return "none", nil
	}
	var names []string
	for _, req := range *op.Security {
		for scheme := range req {
			name, ok := credentials[scheme]
			if !ok {
				return "", fmt.Errorf("security scheme %s has no name in tools/optable", scheme)
			}
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return strings.Join(slices.Compact(names), " or "), nil
}

// Replace puts table between the markers in readme.
func Replace(readme, table string) (string, error) {
	i := strings.Index(readme, begin)
	j := strings.Index(readme, end)
	if i < 0 || j < i {
		return "", fmt.Errorf("no %q ... %q markers", begin, end)
	}
	return readme[:i+len(begin)] + "\n" + table + readme[j:], nil
}
