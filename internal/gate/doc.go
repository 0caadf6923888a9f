// Package gate is mockdex's OpenAPI gate: it routes requests by the
// embedded spec (spec/dexcare.yaml) and checks them against it before any
// handler runs, and checks the mock's answers against it in strict mode.
//
// Route finds a request's operation (a table answers paths without
// parameters; the router built from the spec answers the rest). Check
// then judges the request as DexCare's gateways and services would: the
// body's size (413 past MaxBody), security (the service key, the API key,
// a patient's bearer token, whose verified subject it keeps), parameters,
// and the body. The body is read once and a JSON body parsed once; the
// checks DexCare's Node services make beyond the schema (one JSON value,
// no repeated key, property names exact in case) work on that parse, as
// does the schema validation, and Decode fills a handler's body type from
// it, never from the text again.
//
// Refusals are *Violation values (where, and which rule, never the value
// sent) that the API's error writer words in each endpoint family's
// style (AJV, Quoted, Plain), or *apierr.Error values for credentials.
//
// CheckResponse validates an answer against the operation's declared
// responses, and against DexCare's published file for the operations it
// publishes (spec/published).
//
// The gate knows nothing of handlers: what it hands on is an Input, the
// route and what it read and verified.
package gate
