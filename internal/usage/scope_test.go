package usage_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/mockdex/mockdex/internal/journal"
	"github.com/mockdex/mockdex/internal/usage"
)

func practice(status int, body string) journal.Entry {
	return journal.Entry{OperationID: "getPractice", Method: "GET", Path: "/api/8/practices/p1", Status: status,
		ResponseBody: json.RawMessage(body)}
}

func TestClassify(t *testing.T) {
	p := build(t, "run-app",
		practice(200, `{"id":"p1","displayName":"Acme","payment":{"creditCard":true},"practiceRegions":[{"regionCode":"WA"}]}`),
		journal.Entry{OperationID: "searchProviderHistories", Method: "POST", Path: "/v1/reporting/providerhistories", Status: 200,
			RequestBody:  json.RawMessage(`{"startDate":"x","endDate":"y","action":"created"}`),
			ResponseBody: json.RawMessage(`{"count":1,"data":[{"action":"created","timestamp":"t"}]}`)},
		guestVisit("DCIntSched"),
	)
	for _, c := range []struct {
		name    string
		f       usage.Finding
		depends bool
	}{
		{"a field the app reads", usage.Finding{OperationID: "getPractice", Rule: "missing-field", Pointer: "/displayName"}, true},
		{"a field inside a list the app reads", usage.Finding{OperationID: "getPractice", Rule: "type-changed", Pointer: "/practiceRegions/*/regionCode"}, true},
		{"an object whose fields the app reads", usage.Finding{OperationID: "getPractice", Rule: "type-changed", Pointer: "/practiceRegions"}, true},
		{"a map key the contract keeps and the profile folds", usage.Finding{OperationID: "getPractice", Rule: "missing-field", Pointer: "/payment/creditCard"}, true},
		{"a field the app never got", usage.Finding{OperationID: "getPractice", Rule: "missing-field", Pointer: "/careMode"}, false},
		{"a new field", usage.Finding{OperationID: "getPractice", Rule: "undeclared-field", Pointer: "/name"}, false},
		{"an operation the app never calls", usage.Finding{OperationID: "getModalities", Rule: "missing-field", Pointer: "/[]/name"}, false},
		{"a status the app gets", usage.Finding{OperationID: "getPractice", Rule: "status-changed", Expected: "200"}, true},
		{"a status the app never gets", usage.Finding{OperationID: "getPractice", Rule: "status-changed", Expected: "404"}, false},
		{"the whole answer", usage.Finding{OperationID: "getPractice", Rule: "latency-over-budget"}, true},
		{"a filter the app sends", usage.Finding{OperationID: "searchProviderHistories", Rule: "filter-not-applied", Pointer: "/data/*/action"}, true},
		{"a filter the app never sends", usage.Finding{OperationID: "searchProviderHistories", Rule: "filter-case-sensitive", Pointer: "/data/*/providerName"}, false},
		{"a count any search reads", usage.Finding{OperationID: "searchProviderHistories", Rule: "count-mismatch", Pointer: "/count"}, true},
		{"a query parameter the app sends", usage.Finding{OperationID: "createQueuedGuestVisit", Rule: "status-changed", Location: usage.InQuery, Pointer: "product"}, true},
		{"a body field the app sends", usage.Finding{OperationID: "createQueuedGuestVisit", Rule: "schema-violation", Location: usage.InBody, Pointer: "/visitDetails/visitTypeName"}, true},
		{"contract's request rule, a parameter", usage.Finding{OperationID: "createQueuedGuestVisit", Rule: "request-schema-violation", Pointer: "/query/product"}, true},
		{"contract's request rule, a body field", usage.Finding{OperationID: "createQueuedGuestVisit", Rule: "request-schema-violation", Pointer: "/body/visitDetails/visitTypeName"}, true},
		{"contract's request rule, a parameter never sent", usage.Finding{OperationID: "createQueuedGuestVisit", Rule: "request-schema-violation", Pointer: "/header/correlation-id"}, false},
		{"a body field the app never sends", usage.Finding{OperationID: "createQueuedGuestVisit", Rule: "schema-violation", Location: usage.InBody, Pointer: "/patient/email"}, false},
	} {
		v := p.Classify(c.f)
		assert.Equal(t, c.depends, v.Depends, "%s: %s", c.name, v.Reason)
		assert.NotEmpty(t, v.Reason, c.name)
	}
}
