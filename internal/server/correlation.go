package server

import (
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/uuid"

	"github.com/mockdex/mockdex/internal/canonhdr"
)

// correlationHeader is the correlation-id header as an answer sets it.
var correlationHeader = canonhdr.CorrelationID.String()

// uuidCorrelationOperations lists the operations with a response that
// declares a correlation-id header of format uuid.
func uuidCorrelationOperations(doc *openapi3.T) map[string]bool {
	out := map[string]bool{}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, resp := range op.Responses.Map() {
				if h, ok := resp.Value.Headers["correlation-id"]; ok && h.Value != nil &&
					h.Value.Schema != nil && h.Value.Schema.Value.Format == "uuid" {
					out[op.OperationID] = true
				}
			}
		}
	}
	return out
}

// uuidCorrelationID is the request's correlation-id when it is a UUID,
// else a new one: such operations promise a UUID back.
func uuidCorrelationID(r *http.Request) string {
	if id := canonhdr.Get(r.Header, canonhdr.CorrelationID); uuid.Validate(id) == nil && len(id) == 36 {
		return id
	}
	return uuid.NewString()
}
