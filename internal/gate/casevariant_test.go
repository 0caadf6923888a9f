package gate

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// walkedCaseVariant is declaredCaseVariant as it was before the
// declarations were collected once per schema: the walk of every branch
// for every key. The two must name the same violation.
func walkedCaseVariant(v any, s *openapi3.Schema, name string, path []string, sorted bool) (found bool, vi *Violation) {
	if s == nil {
		return false, nil
	}
	if p, ok := s.Properties[name]; ok {
		found, vi = true, caseVariantIn(v, p, append(path, name), sorted)
	}
	for _, group := range [...]openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
		for _, b := range group {
			if b == nil {
				continue
			}
			f, bvi := walkedCaseVariant(v, b.Value, name, path, sorted)
			found = found || f
			if vi == nil {
				vi = bvi
			}
		}
	}
	return found, vi
}

// Every schema of the spec, every name it declares (and one it does not),
// values built from the schema with keys turned to case variants here and
// there: the collected declarations find what the walk found.
func TestDeclaredCaseVariantAsWalked(t *testing.T) {
	c, err := compiled()
	require.NoError(t, err)
	checked := 0
	for _, ref := range c.doc.Components.Schemas {
		s := ref.Value
		names := slices.Collect(maps.Keys(declarationsOf(s)))
		for _, name := range append(names, "notDeclaredAnywhere") {
			for branch := range 3 {
				for _, v := range []any{sample(declaredSchema(s, name), branch, 0), varied(sample(declaredSchema(s, name), branch, 0))} {
					for _, sorted := range []bool{false, true} {
						wf, wvi := walkedCaseVariant(v, s, name, nil, sorted)
						f, vi := declaredCaseVariant(v, s, name, nil, sorted)
						assert.Equal(t, wf, f, name)
						if sorted {
							assert.Equal(t, wvi, vi, name)
						} else { // map order: which variant is met first varies; caseVariant names one sorted
							assert.Equal(t, wvi == nil, vi == nil, name)
						}
						checked++
					}
				}
			}
		}
	}
	assert.Greater(t, checked, 1000)
}

// declaredSchema is the first schema s declares for name, or s.
func declaredSchema(s *openapi3.Schema, name string) *openapi3.Schema {
	if decls := declarationsOf(s)[name]; len(decls) > 0 && decls[0].Value != nil {
		return decls[0].Value
	}
	return s
}

// varied is v with every other object key turned to a case variant.
func varied(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := map[string]any{}
		i := 0
		for _, k := range slices.Sorted(maps.Keys(t)) {
			key := k
			if i%2 == 0 {
				key = strings.ToLower(k)
				if key == k {
					key = strings.ToUpper(k)
				}
			}
			out[key] = varied(t[k])
			i++
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = varied(e)
		}
		return out
	}
	return v
}

// Where two branches declare a property, each with its own shape, the
// first branch's finding is the one named, as the walk named it.
func TestDeclaredCaseVariantFirstBranchFirst(t *testing.T) {
	obj := func(props ...string) *openapi3.SchemaRef {
		s := &openapi3.Schema{Type: &openapi3.Types{"object"}, Properties: openapi3.Schemas{}}
		for _, p := range props {
			s.Properties[p] = &openapi3.SchemaRef{Value: &openapi3.Schema{Type: &openapi3.Types{"integer"}}}
		}
		return &openapi3.SchemaRef{Value: s}
	}
	branch := func(x *openapi3.SchemaRef) *openapi3.SchemaRef {
		return &openapi3.SchemaRef{Value: &openapi3.Schema{Properties: openapi3.Schemas{"x": x}}}
	}
	s := &openapi3.Schema{OneOf: openapi3.SchemaRefs{branch(obj("Alpha")), branch(obj("beta"))}}
	v := map[string]any{"alpha": 1, "BETA": 2}
	want := &Violation{In: "body", Path: []string{"x", "alpha"}, Rule: ruleCaseVariant, Prop: "Alpha"}
	_, walked := walkedCaseVariant(v, s, "x", nil, true)
	require.Equal(t, want, walked)
	found, vi := declaredCaseVariant(v, s, "x", nil, true)
	assert.True(t, found)
	assert.Equal(t, want, vi)
}
