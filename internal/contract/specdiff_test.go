package contract

import (
	"testing"
)

const specA = `openapi: 3.0.3
info: {title: a, version: "1"}
servers: [{url: /}]
paths:
  /api/9/visits/{visitId}/summary:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {visitId: {type: string}, status: {type: string}}}
        "404": {description: nf}
  /api/9/visits:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [patient, visitDetails], properties: {patient: {type: object}, visitDetails: {type: object}}}
      responses:
        "200": {description: ok}
`

// specB puts the version in a templated server URL, as DexCare's files do.
const specB = `{"openapi":"3.0.3","info":{"title":"b","version":"1"},
 "servers":[{"url":"https://ecvapi.{tier}.example.org/api/9","variables":{"tier":{"default":"uat"}}}],
 "paths":{
  "/visits/{id}/summary":{"get":{"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","properties":{"visitId":{"type":"string"},"userId":{"type":"string"}}}}}}}}},
  "/visits":{"post":{"requestBody":{"content":{"application/json":{"schema":{"type":"object","required":["patient","billingInfo","visitDetails"]}}}},"responses":{"200":{"description":"ok"}}}},
  "/tokbox-events":{"post":{"responses":{"200":{"description":"ok"}}}}
 }}`

func TestSpecDiff(t *testing.T) {
	changes, err := SpecDiff([]byte(specA), []byte(specB))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, c := range changes {
		got[c.Kind+" "+c.Operation+" "+c.Detail] = true
	}
	for _, want := range []string{
		"status-only-in-ours GET /api/9/visits/{}/summary status 404",
		"response-property-only-in-ours GET /api/9/visits/{}/summary 200 response property status",
		"response-property-only-in-theirs GET /api/9/visits/{}/summary 200 response property userId",
		"required-only-in-theirs POST /api/9/visits required request field billingInfo",
	} {
		if !got[want] {
			t.Errorf("missing change %q; got %v", want, changes)
		}
	}
	only := 0
	for _, c := range changes {
		if c.Kind == OnlyInTheirs {
			only++
		}
	}
	if only != 1 {
		t.Errorf("%d operations only in theirs, want 1 (tokbox-events): %v", only, changes)
	}
}
