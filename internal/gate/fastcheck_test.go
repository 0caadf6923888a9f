package gate

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The compiled check may only ever say "valid" where kin-openapi says so
// too, leaving the same value behind (defaults filled in). Every JSON
// request body of the spec is tried: a body built from its schema (one
// per oneOf branch) and, from each, bodies broken one place at a time.
func TestFastCheckAgreesWithKin(t *testing.T) {
	c, err := compiled()
	require.NoError(t, err)
	kinOpts := []openapi3.SchemaValidationOption{openapi3.VisitAsRequest(), openapi3.DefaultsSet(func() {}), openapi3.EnableFormatValidation()}
	bodies, fastPassed, kinPassed := 0, 0, 0
	for _, path := range c.doc.Paths.InMatchingOrder() {
		for _, op := range c.doc.Paths.Value(path).Operations() {
			checkAgainstKin(t, op, kinOpts, &bodies, &fastPassed, &kinPassed)
		}
	}
	t.Logf("%d bodies: kin-openapi passed %d, the fast check %d", bodies, kinPassed, fastPassed)
	assert.Greater(t, fastPassed, 100, "the fast check should pass most valid bodies")
}

func checkAgainstKin(t *testing.T, op *openapi3.Operation, kinOpts []openapi3.SchemaValidationOption, bodies, fastPassed, kinPassed *int) {
	{
		rb := op.RequestBody
		if rb == nil || rb.Value == nil || rb.Value.Content.Get("application/json") == nil {
			return
		}
		s := rb.Value.Content.Get("application/json").Schema.Value
		for branch := range 5 {
			seed := sample(s, branch, 0)
			for i, v := range append([]any{seed}, mutations(seed)...) {
				*bodies++
				fast, slow := deepCopyJSON(v), deepCopyJSON(v)
				ok := fastValid(s, fast)
				kinErr := s.VisitJSON(slow, kinOpts...)
				if kinErr == nil {
					*kinPassed++
				}
				if !ok {
					continue
				}
				*fastPassed++
				if !assert.NoError(t, kinErr, "%s: the fast check passed body %d kin-openapi refuses: %s", op.OperationID, i, js(v)) {
					continue
				}
				assert.Equal(t, slow, fast, "%s: body %d filled in differently", op.OperationID, i)
			}
		}
	}
}

// The bodies the side-by-side run posts take the fast path.
func TestFastCheckPassesVisitBodies(t *testing.T) {
	c, err := compiled()
	require.NoError(t, err)
	visits := c.doc.Paths.Find("/api/9/visits").Post.RequestBody.Value.Content.Get("application/json").Schema.Value
	for _, body := range []string{
		`{"patient":{"patientGuid":"g","firstName":"S","lastName":"B","gender":"other","dateOfBirth":"1970-01-01","phone":"1","email":"s@example.com","address":{"line1":"1","city":"Seattle","state":"WA","postalCode":"98104"}},"billingInfo":{"paymentMethod":"couponcode","couponCode":"x"},"visitDetails":{"practiceId":"6996d161-cd16-4556-9577-f942c3f80c80","stateLicensure":"WA","visitTypeName":"virtual","assignmentQualifiers":["adult"],"visitReason":"r","brand":"providence","acceptedTerms":true,"declaration":"self"}}`,
		`{"patient":{"ehrIdentifier":"e","ehrIdentifierType":"t","homeEhr":"h","firstName":"S","lastName":"B","gender":"other","dateOfBirth":"1970-01-01","phone":"1","email":"s@example.com","address":{"line1":"1","city":"Seattle","state":"WA","postalCode":"98104"}},"billingInfo":{"paymentMethod":"insurance","declaration":"self","insuranceType":"manual","insuranceProviderId":"p","insuranceMemberId":"m","insuranceGroupNumber":null},"visitDetails":{"stateLicensure":"WA","visitReason":"r","acceptedTerms":true,"declaration":"self","appointmentTime":null}}`,
	} {
		v, err := decodeStrict([]byte(body))
		require.NoError(t, err)
		require.NoError(t, visits.VisitJSON(deepCopyJSON(v), openapi3.VisitAsRequest()))
		assert.True(t, fastValid(visits, v), body)
	}
}

func js(v any) string { b, _ := json.Marshal(v); return string(b) }

// sample builds a value s accepts where it can, taking oneOf branch
// branch (modulo their count) at every oneOf.
func sample(s *openapi3.Schema, branch, depth int) any {
	if s == nil || depth > 12 {
		return nil
	}
	if len(s.OneOf) > 0 {
		return sample(s.OneOf[branch%len(s.OneOf)].Value, branch, depth+1)
	}
	if len(s.AnyOf) > 0 {
		return sample(s.AnyOf[branch%len(s.AnyOf)].Value, branch, depth+1)
	}
	if len(s.AllOf) > 0 {
		obj := map[string]any{}
		for _, b := range s.AllOf {
			if m, ok := sample(b.Value, branch, depth+1).(map[string]any); ok {
				maps.Copy(obj, m)
			}
		}
		return obj
	}
	if len(s.Enum) > 0 {
		return s.Enum[branch%len(s.Enum)]
	}
	switch {
	case s.Type.Is(openapi3.TypeObject) || len(s.Properties) > 0:
		obj := map[string]any{}
		for name, p := range s.Properties {
			if branch%2 == 0 || slices.Contains(s.Required, name) {
				obj[name] = sample(p.Value, branch, depth+1)
			}
		}
		return obj
	case s.Type.Is(openapi3.TypeArray):
		if s.Items == nil {
			return []any{}
		}
		return []any{sample(s.Items.Value, branch, depth+1)}
	case s.Type.Is(openapi3.TypeInteger), s.Type.Is(openapi3.TypeNumber):
		if s.Min != nil {
			return json.Number(fmt.Sprint(*s.Min))
		}
		return json.Number("1")
	case s.Type.Is(openapi3.TypeBoolean):
		return branch%2 == 0
	case s.Type.Is(openapi3.TypeString):
		return sampleString(s)
	}
	return nil
}

func sampleString(s *openapi3.Schema) string {
	for _, c := range []string{"x", "6996d161-cd16-4556-9577-f942c3f80c80", "2022-04-13T15:00:00Z", "2022-04-13", "98104", "a@b.test", "2022-04-13T15:00:00+0000"} {
		if s.VisitJSON(c, openapi3.EnableFormatValidation()) == nil {
			return c
		}
	}
	return "x"
}

// mutations are v broken (or changed) at one place each: a key dropped,
// a value made null, of another type, too long, or outside its enum, and
// an unknown key added.
func mutations(v any) []any {
	var out []any
	others := []any{nil, json.Number("7"), json.Number("1.5"), "x", "other", true, map[string]any{}, []any{}, strings.Repeat("z", 2049)}
	var walk func(path []string, cur any)
	walk = func(path []string, cur any) {
		switch t := cur.(type) {
		case map[string]any:
			out = append(out, setAt(v, path, withKey(t, "unknownKey", "x")))
			for k, e := range t {
				out = append(out, setAt(v, path, without(t, k)))
				for _, o := range others {
					out = append(out, setAt(v, path, withKey(t, k, o)))
				}
				walk(append(slices.Clone(path), k), e)
			}
		case []any:
			for i, e := range t {
				for _, o := range others {
					c := slices.Clone(t)
					c[i] = o
					out = append(out, setAt(v, path, c))
				}
				walk(append(slices.Clone(path), fmt.Sprint(i)), e)
			}
		}
	}
	walk(nil, v)
	return out
}

func without(m map[string]any, k string) map[string]any {
	c := maps.Clone(m)
	delete(c, k)
	return c
}

func withKey(m map[string]any, k string, v any) map[string]any {
	c := maps.Clone(m)
	c[k] = v
	return c
}

// setAt is a copy of root with the value at path replaced by v.
func setAt(root any, path []string, v any) any {
	if len(path) == 0 {
		return v
	}
	switch t := root.(type) {
	case map[string]any:
		c := maps.Clone(t)
		c[path[0]] = setAt(t[path[0]], path[1:], v)
		return c
	case []any:
		c := slices.Clone(t)
		var i int
		fmt.Sscan(path[0], &i)
		c[i] = setAt(t[i], path[1:], v)
		return c
	}
	return root
}
