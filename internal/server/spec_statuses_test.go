package server_test

import (
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/spec"
)

// Request validation answers before any handler runs, outside strict
// mode's response check, so the spec itself must declare what it can
// answer: 400 wherever a parameter or body can be refused, and the
// security scheme's refusal status. (updateAcceptTerms once answered an
// undeclared 400 for a visitId that is not a UUID.)
func TestValidationAnswersAreDeclared(t *testing.T) {
	doc, err := spec.Load()
	require.NoError(t, err)
	refusal := map[string]string{"ServiceToken": "403", "ApiKey": "401", "CareOptionsKey": "403", "PatientJWT": "401"}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			var want []string
			if op.RequestBody != nil || anyRefusable(op.Parameters) {
				want = append(want, "400")
			}
			if op.Security != nil {
				for _, req := range *op.Security {
					for name := range req {
						want = append(want, refusal[name])
					}
				}
			}
			for _, status := range want {
				assert.NotNil(t, op.Responses.Value(status), "%s %s (%s) can answer %s but does not declare it", method, path, op.OperationID, status)
			}
		}
	}
}

// anyRefusable reports whether validation can refuse one of the
// parameters: a required query or header, or a schema that constrains
// the value beyond "a string".
func anyRefusable(params openapi3.Parameters) bool {
	for _, ref := range params {
		p := ref.Value
		if p.Required && p.In != openapi3.ParameterInPath {
			return true
		}
		if p.Schema == nil || p.Schema.Value == nil {
			continue
		}
		s := p.Schema.Value
		if s.Format != "" || s.Pattern != "" || len(s.Enum) > 0 || s.Min != nil || s.Max != nil ||
			s.MinLength > 0 || s.MaxLength != nil || (s.Type != nil && !s.Type.Is("string")) {
			return true
		}
	}
	return false
}
