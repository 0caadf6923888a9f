// Package drift is a stand-in for a DexCare tier that changed under us: a
// reverse proxy in front of a mockdex that serves DexCare's three hosts
// separately (api, ecvapi, reporting), hides the control plane
// (/_mockdex/), and changes one thing at a time the way a vendor release
// does: a field renamed, filters turned case-sensitive, a CSV column
// dropped, a job stuck in RUNNING, a 3-second endpoint, 403 become 401,
// dates no longer RFC 3339. PassThrough changes nothing.
//
// The contract runner's tests run it against every mutation and assert
// the drift is caught under the mutation's rule id. It never imports the
// mock: the upstream is any http.Handler.
package drift
