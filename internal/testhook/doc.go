// Package testhook lets mockdex's own tests reach the server behind a
// mockdextest.Server (its world, its compiled spec). mockdextest keeps
// internal types out of its API so tests in other modules can use all of
// it; this package, being internal, is for this module's tests alone.
package testhook
