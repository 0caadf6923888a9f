// Package usage holds the end-to-end example of usage profiles and the
// contract proxy (issue 23): see usage_test.go.
package usage
