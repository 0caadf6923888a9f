// Package control is mockdex's own control plane under /_mockdex/: the
// admin API (clock, reset, namespaces, tokens, visit and report state
// changes, faults, the request journal) and the dashboard. It is not part
// of DexCare's API, so it is not in spec/dexcare.yaml; docs/admin-api.md
// describes it.
//
// Mount puts it in front of a server.Server. It uses only the server's
// exported surface (the namespace registry, operations, journal), and the
// server never imports it, so a mock built without it (--no-admin) has no
// /_mockdex/ at all.
//
// Every request passes the guard first (guard.go): Host and Origin checks
// against DNS rebinding and cross-site requests, the optional admin
// token, JSON-only writes (the dashboard's forms carry a per-process
// token instead) and a 64 KiB body cap.
package control
