// Package scaleout holds the end-to-end test of several mockdex
// processes behind nginx, routed by a consistent hash of the namespace
// with examples/scale-out/nginx.conf (docs/scale-out.md): each
// namespace's state stays whole across many clients, on one process, and
// the namespaces spread over the processes.
package scaleout
