//go:build !unix

package main

// openFileLimit is unknown outside Unix; the connection cap then rests
// on --max-conns alone.
func openFileLimit() uint64 { return 0 }
