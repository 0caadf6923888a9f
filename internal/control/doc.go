// Package control is mockdex's own control plane under /_mockdex/: the
// admin API (clock, reset, namespaces, tokens, visit and report state
// changes, faults, the request journal) and the dashboard. It is not part
// of DexCare's API, so it is not in spec/dexcare.yaml; docs/admin-api.md
// describes it.
//
// New builds it over a mock's Parts (its namespaces, journal and the
// spec's operations); internal/mock mounts it in front of DexCare's API,
// which it never imports, so a mock built without it (--no-admin) has no
// /_mockdex/ at all. Persist keeps a mock's namespaces in a data
// directory (--data-dir).
//
// Every request passes the guard first (guard.go): Host and Origin checks
// against DNS rebinding and cross-site requests, the optional admin
// token, JSON-only writes (the dashboard's forms carry a per-process
// token instead) and a 64 KiB body cap. Answers go through the same
// respond.Recorder and access log line as the API's.
package control
