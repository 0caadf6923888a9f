// Package avrcsv is the contract of the All Visits Report CSV: its
// columns (names, order, count) and the form of each column's values,
// described once in columns.json. mockdex writes its CSV from it, the
// contract runner checks every download against it, and
// docs/avr-data-dictionary.md shows it as a table that a test keeps in
// step with the file.
//
// It imports nothing but the standard library's encoding, so the fakes
// (which must not reach net/http) can use it.
package avrcsv
