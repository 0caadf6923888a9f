package spec

import (
	"fmt"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// uuidOf is a UUID of version v (0 to 15) with the given variant nibble.
func uuidOf(v int, variant byte) string {
	return fmt.Sprintf("0190f3c8-5d2a-%x1a2-%c4b6-8e3f9c2d1a70", v, variant)
}

// A UUID of every version RFC 9562 defines, the Nil and the Max UUID are
// accepted; versions it leaves undefined, other variants and things that
// are not UUIDs are not.
func TestUUIDFormatIsRFC9562(t *testing.T) {
	schema := openapi3.NewStringSchema().WithFormat("uuid")
	registerFormats()
	check := func(s string) error { return schema.VisitJSON(s, openapi3.EnableFormatValidation()) }
	for v := 1; v <= 8; v++ {
		assert.NoError(t, check(uuidOf(v, '8')), "version %d", v)
		assert.NoError(t, check(strings.ToUpper(uuidOf(v, 'b'))), "version %d, upper case", v)
	}
	for _, ok := range []string{
		"00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
		"233441f4-129f-4d0e-afaa-b3009dbe80c7", // the docs' patient, v4
		"018f6b7c-2a9e-7c3d-9b1a-5e4f3c2b1a00", // a v7, as uuid.NewV7 makes them
	} {
		assert.NoError(t, check(ok), ok)
	}
	for _, bad := range []string{
		uuidOf(0, '8'), uuidOf(9, '8'), uuidOf(15, '8'), // undefined versions
		uuidOf(7, '7'), uuidOf(7, 'c'), // NCS and Microsoft variants
		"018f6b7c2a9e7c3d9b1a5e4f3c2b1a00", "{018f6b7c-2a9e-7c3d-9b1a-5e4f3c2b1a00}",
		"urn:uuid:018f6b7c-2a9e-7c3d-9b1a-5e4f3c2b1a00", "018f6b7c-2a9e-7c3d-9b1a-5e4f3c2b1a0g",
		"018f6b7c-2a9e-7c3d-9b1a-5e4f3c2b1a00 ", "joe", "",
	} {
		assert.Error(t, check(bad), bad)
	}
}

// Wherever the spec says `format: uuid` (a parameter, a body field, a
// response field, a component), a v7 UUID passes the whole schema: no
// pattern, length or enum beside the format refuses it.
func TestEveryUUIDSchemaTakesAV7(t *testing.T) {
	doc, err := Load()
	require.NoError(t, err)
	const v7 = "018f6b7c-2a9e-7c3d-9b1a-5e4f3c2b1a00"
	seen := 0
	for where, s := range uuidSchemas(doc) {
		seen++
		assert.NoError(t, s.VisitJSON(v7, openapi3.EnableFormatValidation()), where)
	}
	assert.Greater(t, seen, 10, "the walk found the spec's uuid fields")
}

// uuidSchemas is every schema in doc whose format is uuid, by where it is.
func uuidSchemas(doc *openapi3.T) map[string]*openapi3.Schema {
	out := map[string]*openapi3.Schema{}
	seen := map[*openapi3.Schema]bool{}
	var walk func(string, *openapi3.SchemaRef)
	walk = func(at string, ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		if s.Format == "uuid" {
			out[at] = s
		}
		for name, p := range s.Properties {
			walk(at+"."+name, p)
		}
		walk(at+"[]", s.Items)
		for i, group := range [][]*openapi3.SchemaRef{s.OneOf, s.AnyOf, s.AllOf} {
			for j, b := range group {
				walk(fmt.Sprintf("%s/%d.%d", at, i, j), b)
			}
		}
		if s.AdditionalProperties.Schema != nil {
			walk(at+"{}", s.AdditionalProperties.Schema)
		}
	}
	for name, s := range doc.Components.Schemas {
		walk("#/components/schemas/"+name, s)
	}
	for name, p := range doc.Components.Parameters {
		walk("#/components/parameters/"+name, p.Value.Schema)
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			at := method + " " + path
			for _, p := range append(item.Parameters, op.Parameters...) {
				walk(at+" "+p.Value.In+" "+p.Value.Name, p.Value.Schema)
			}
			if op.RequestBody != nil {
				for mt, c := range op.RequestBody.Value.Content {
					walk(at+" body "+mt, c.Schema)
				}
			}
			for status, r := range op.Responses.Map() {
				for mt, c := range r.Value.Content {
					walk(at+" "+status+" "+mt, c.Schema)
				}
			}
		}
	}
	return out
}
