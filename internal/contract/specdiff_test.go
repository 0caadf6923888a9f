package contract

import (
	"os"
	"testing"

	"github.com/mockdex/mockdex/spec"
)

const specA = `openapi: 3.0.3
info: {title: a, version: "1"}
servers: [{url: /}]
paths:
  /api/9/visits/{visitId}/summary:
    get:
      operationId: summary
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  visitId: {type: string}
                  status: {type: string, enum: [requested, done]}
  /api/9/visits:
    post:
      operationId: create
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [patient], properties: {patient: {type: object}, billingInfo: {type: object}}}
      responses:
        "200": {description: ok}
  /v1/reporting/providerhistories:
    post:
      operationId: apr
      responses:
        "200": {description: ok}
`

// specB puts the version in a templated server URL, as DexCare's files do.
const specB = `{"openapi":"3.0.3","info":{"title":"b","version":"1"},
 "servers":[{"url":"https://ecvapi.{tier}.example.org/api/9","variables":{"tier":{"default":"uat"}}}],
 "paths":{
  "/visits/{visitId}/summary":{"get":{"operationId":"summary","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","properties":{"visitId":{"type":"string"},"status":{"type":"string","enum":["requested","done","cancelled"]}}}}}}}}},
  "/visits":{"post":{"operationId":"create","requestBody":{"content":{"application/json":{"schema":{"type":"object","required":["patient","billingInfo"],"properties":{"patient":{"type":"object"},"billingInfo":{"type":"object"}}}}}},"responses":{"200":{"description":"ok"}}}}
 }}`

func TestSpecDiffUsesOasdiffOverNormalisedPaths(t *testing.T) {
	rep, err := SpecDiff([]byte(specA), []byte(specB), "b.json")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Finding{}
	for _, f := range rep.Findings {
		got[f.Rule] = f
	}
	if f, ok := got["response-property-enum-value-added"]; !ok || f.Step != "GET /api/9/visits/{visitId}/summary" {
		t.Errorf("no enum value added on the full path: %+v", rep.Findings)
	}
	if f, ok := got["request-property-became-required"]; !ok || f.Severity != Breaking {
		t.Errorf("a newly required request field must be breaking: %+v", rep.Findings)
	}
	for _, f := range rep.Findings {
		if f.Rule == "api-removed-without-deprecation" {
			t.Errorf("an operation of another service reported as removed: %+v", f)
		}
	}
}

// The published visit-service file really differs from ours; oasdiff
// must find breaking changes there.
func TestSpecDiffAgainstPublishedVisitService(t *testing.T) {
	theirs, err := os.ReadFile("../../spec/published/visit-service-v9.json")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := SpecDiff(spec.YAML, theirs, "visit-service-v9.json")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Summary.Findings["breaking"] == 0 {
		t.Errorf("no breaking change found: %+v", rep.Findings)
	}
	for _, f := range rep.Findings {
		t.Logf("%s %s %s: %s", f.Severity, f.Rule, f.Step, f.Message)
	}
}
