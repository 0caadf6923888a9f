// Package namespaces holds a mock's namespaces: isolated worlds, each
// with its own clock and fault rules, selected per request by the
// X-Mockdex-Namespace header (or the _mockdex_ns parameter a browser
// sends); the default namespace is the one a request without either uses.
//
// The Registry creates a namespace on first use, caps how many live at
// once (evicting the least recently used idle one), and hands a request a
// Lease: while it is held the namespace is not evicted, and Enter
// read-locks its world so a reset or an import waits for the requests
// already in it. A Keeper (the control plane's persistence) keeps
// namespaces beyond the process's memory.
//
// Every world is a copy of one Template (NewTemplate): the fixtures and
// the generated history, built once per mock.
//
// The DexCare API (internal/server) leases a namespace per request; the
// control plane (internal/control) lists, resets, deletes, exports and
// imports them. This package knows neither.
package namespaces
