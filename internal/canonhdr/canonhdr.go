// Package canonhdr reads request headers by names already in canonical
// form. http.Header.Get canonicalizes its argument on every call; the
// reads a busy mock makes of every request (correlation id, namespace,
// content type, origin) use constant names, checked once by Must.
package canonhdr

import (
	"fmt"
	"net/http"
)

// Name is a header name in canonical form (http.CanonicalHeaderKey).
type Name struct{ s string }

// The names more than one package reads on every request, defined once.
var (
	CorrelationID = Must("Correlation-Id")
	ContentType   = Must("Content-Type")
)

// Must is name as a Name; it panics when name is not canonical, so a
// package's names fail at its init, in every one of its tests.
func Must(name string) Name {
	if http.CanonicalHeaderKey(name) != name {
		panic(fmt.Sprintf("canonhdr: %q is not canonical (%q)", name, http.CanonicalHeaderKey(name)))
	}
	return Name{name}
}

// String is the name.
func (n Name) String() string { return n.s }

// Get is h's first value for n, as h.Get(n.String()) is, "" when none.
func Get(h http.Header, n Name) string {
	if v := h[n.s]; len(v) > 0 {
		return v[0]
	}
	return ""
}
