//go:build !unix

package binaries

// lock does nothing where there is no flock: test binaries building side
// by side then each compile what they need, which is slower, not wrong.
func lock(string) (func(), error) { return func() {}, nil }
