// Package dexcare holds DexCare's response shapes: the JSON types of the
// answers spec/dexcare.yaml declares (practices, wait times, visits,
// time slots, Care Options, the provider report, ...). It is their one
// home: internal/server writes them, and internal/mirror reads a real
// tier's answers into them. It imports nothing of mockdex's, so both can
// use it without reaching each other.
//
// Field comments say only what the JSON does not: when a field is left
// out, and why a pointer is one.
package dexcare
