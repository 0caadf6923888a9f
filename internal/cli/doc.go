// Package cli holds what the help of every mockdex command has in common:
// a synopsis, the flags, and the environment variables that apply, printed
// to stdout with exit status 0 when asked for with -h or --help, and
// usage errors to stderr.
package cli
