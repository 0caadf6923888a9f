// Package proxy is the core of `contract proxy`: a validating shadow
// proxy between an app and a DexCare tier. The app points its DexCare
// base URLs at it; each request goes to the tier for its host, with the
// app's credentials untouched and to that origin only, and the tier's
// answer comes back unchanged (status, headers, body bytes, streaming,
// errors, 429s). No redirect is followed: the app gets it as the tier
// sent it.
//
// Off the request path, each exchange is then judged as a contract run
// judges a step: the request and the answer against our spec and
// DexCare's published files, and the answer against what an in-process
// mock answers to the same request (with the mock's own credentials, of
// the same style and validity as the app's), with the run's diff rules.
// Findings are deduplicated by cause and written in the run's report
// formats. An exchange is compared only where the mock could answer the
// same question: a 404 on one side only, or a refusal on one side only,
// says the two worlds hold different data or credentials, not that the
// API drifted.
//
// With Fallback, where the tier answers 404 or 501 for an operation the
// spec has and the mock serves it, the app gets the mock's answer,
// marked X-Mockdex-Proxy: answered-by-mock, and the report says so.
// With RecordDir, the tier's answers to the mirror's read-only calls are
// kept (redacted, internal/mirror's seen-answer format) so `contract
// mirror` can build fixtures from what the app saw.
//
// Nothing it writes holds a secret or a patient value: it logs nothing,
// findings are scrubbed of every credential and patient value of their
// exchange before they are kept, and recordings are redacted with the
// report policy. Every read is bounded: request bodies it buffers, answer
// bytes it passes on and keeps, and the time an exchange may take.
package proxy
