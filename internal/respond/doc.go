// Package respond is what mockdex's two HTTP faces share on the way out:
// the DexCare API (internal/server) and the control plane
// (internal/control) write JSON the same way (WriteJSON), map an error's
// kind to its status with one table (Status), watch their answers through
// one ResponseWriter wrapper (Recorder: the status for the access log, a
// copy for the request journal, and in strict mode the answer held back
// until it is checked), and write one access log line per request (Log).
package respond
