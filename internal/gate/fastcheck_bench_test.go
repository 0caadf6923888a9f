package gate

import (
	"encoding/json"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The three ways to judge a visit body, on the same parse:
//
//	go test -run '^$' -bench BodyValidators -benchmem ./internal/gate/
//
// Each includes the parse (parse-only is that alone): kin-openapi (the path a refusal still takes), the compiled check
// (fastcheck.go) and santhosh-tekuri/jsonschema v6 over the same schema
// turned into JSON Schema (nullable as a "null" type; jsonschema fills
// no defaults, so it could not stand in for kin-openapi alone anyway).
func BenchmarkBodyValidators(b *testing.B) {
	c, err := compiled()
	if err != nil {
		b.Fatal(err)
	}
	schema := c.doc.Paths.Find("/api/9/visits").Post.RequestBody.Value.Content.Get("application/json").Schema.Value
	js := jsonSchemaOf(b, c.doc, "VisitRequest")
	bodies := map[string]string{
		"valid": visitBody,
		// billingInfo matches no branch: every branch is tried and worded
		"invalid": `{"patient":{"patientGuid":"g","firstName":"S","lastName":"B","gender":"other","dateOfBirth":"1970-01-01","phone":"1","email":"s@example.com","address":{"line1":"1","city":"Seattle","state":"WA","postalCode":"98104"}},"billingInfo":{"paymentMethod":"couponcode"},"visitDetails":{"stateLicensure":"WA","visitReason":"r","acceptedTerms":true,"declaration":"self"}}`,
	}
	for _, name := range []string{"valid", "invalid"} {
		parse := func() any {
			v, err := decodeStrict([]byte(bodies[name]))
			if err != nil {
				b.Fatal(err)
			}
			return v
		}
		wantValid := name == "valid"
		b.Run(name+"/parse-only", func(b *testing.B) {
			for b.Loop() {
				parse()
			}
		})
		b.Run(name+"/kin-openapi", func(b *testing.B) {
			for b.Loop() {
				err := schema.VisitJSON(parse(), openapi3.VisitAsRequest(), openapi3.DefaultsSet(func() {}), openapi3.EnableFormatValidation())
				if (err == nil) != wantValid {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/compiled", func(b *testing.B) {
			for b.Loop() {
				if fastValid(schema, parse()) != wantValid {
					b.Fatal("wrong verdict")
				}
			}
		})
		b.Run(name+"/jsonschema-v6", func(b *testing.B) {
			for b.Loop() {
				if err := js.Validate(parse()); (err == nil) != wantValid {
					b.Fatal(err)
				}
			}
		})
	}
}

const visitBody = `{"patient":{"patientGuid":"g","firstName":"S","lastName":"B","gender":"other","dateOfBirth":"1970-01-01","phone":"1","email":"s@example.com","address":{"line1":"1","city":"Seattle","state":"WA","postalCode":"98104"}},"billingInfo":{"paymentMethod":"couponcode","couponCode":"x"},"visitDetails":{"practiceId":"6996d161-cd16-4556-9577-f942c3f80c80","stateLicensure":"WA","visitTypeName":"virtual","assignmentQualifiers":["adult"],"visitReason":"r","brand":"providence","acceptedTerms":true,"declaration":"self"}}`

// jsonSchemaOf compiles the spec's component schemas as one JSON Schema
// document, nullable turned into a "null" type, and returns name's.
func jsonSchemaOf(b *testing.B, doc *openapi3.T, name string) *jsonschema.Schema {
	raw, err := json.Marshal(map[string]any{"components": map[string]any{"schemas": doc.Components.Schemas}})
	if err != nil {
		b.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		b.Fatal(err)
	}
	nullableToType(v)
	comp := jsonschema.NewCompiler()
	comp.AssertFormat()
	if err := comp.AddResource("mem://spec.json", v); err != nil {
		b.Fatal(err)
	}
	s, err := comp.Compile("mem://spec.json#/components/schemas/" + name)
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func nullableToType(v any) {
	switch t := v.(type) {
	case map[string]any:
		if t["nullable"] == true {
			if ty, ok := t["type"].(string); ok {
				t["type"] = []any{ty, "null"}
			}
		}
		delete(t, "nullable")
		for _, e := range t {
			nullableToType(e)
		}
	case []any:
		for _, e := range t {
			nullableToType(e)
		}
	}
}
