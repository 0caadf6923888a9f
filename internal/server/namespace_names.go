package server

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/mockdex/mockdex/internal/apierr"
)

// How a request names its namespace.
const (
	// NamespaceHeader selects the namespace; absent, the default one.
	NamespaceHeader = "X-Mockdex-Namespace"
	// NamespaceParam does the same in a URL, for browsers, which cannot
	// set headers: the pages mockdex serves put it in their links and
	// forms. It is taken out of the query before the spec sees it. When
	// both are sent, the header wins.
	NamespaceParam = "_mockdex_ns"
	// DefaultNamespace is the name of the namespace requests without one
	// use; naming it explicitly selects the same namespace.
	DefaultNamespace = "default"
	// NamespacePattern is what a namespace name must match.
	NamespacePattern = `^[a-z0-9][a-z0-9._-]{0,62}$`
)

// namespaceRE is compiled at first use: its repetition makes a large
// program, not worth building at package init on the way to every start.
var namespaceRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(NamespacePattern) })

// NamespaceOf is the namespace a request names, by header or else by
// parameter, DefaultNamespace when it names none; a bad name is an
// *apierr.Error naming the header.
func NamespaceOf(r *http.Request) (string, error) {
	name := r.Header.Get(NamespaceHeader)
	if name == "" && mayNameNamespace(r.URL.RawQuery) {
		name = r.URL.Query().Get(NamespaceParam)
	}
	return namespaceName(name), CheckNamespace(name)
}

// mayNameNamespace says raw may hold NamespaceParam: as written, or
// percent-encoded. A query that cannot is not parsed again for it.
func mayNameNamespace(raw string) bool {
	return strings.Contains(raw, NamespaceParam) || strings.Contains(raw, "%")
}

// CheckNamespace refuses a name that does not match NamespacePattern;
// "" (no name) is the default namespace and fine.
func CheckNamespace(name string) error {
	if name == "" || namespaceRE().MatchString(name) {
		return nil
	}
	return apierr.InvalidField(NamespaceHeader, "%s must be 1 to 63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit", NamespaceHeader)
}

// namespaceName is the registry key for a checked name.
func namespaceName(name string) string {
	if name == "" {
		return DefaultNamespace
	}
	return name
}

// moveNamespaceParam takes NamespaceParam out of the query, so the spec
// never sees it, and puts it in the header unless one was sent: from
// there on the header is the one place the namespace is read from (the
// journal records it too). The request is copied only when the parameter
// is there.
func moveNamespaceParam(r *http.Request) *http.Request {
	if !strings.Contains(r.URL.RawQuery, NamespaceParam) {
		return r
	}
	q := r.URL.Query()
	name, ok := q[NamespaceParam]
	if !ok {
		return r
	}
	q.Del(NamespaceParam)
	c := *r
	u := *r.URL
	u.RawQuery = q.Encode()
	c.URL, c.Header = &u, r.Header.Clone()
	if c.Header.Get(NamespaceHeader) == "" && len(name) > 0 {
		c.Header.Set(NamespaceHeader, name[0])
	}
	return &c
}

// namespaceQuery is the query parameter that keeps a browser in the
// request's namespace, "" for the default namespace.
func namespaceQuery(r *http.Request) url.Values {
	if ns := call(r).namespace; ns != "" && ns != DefaultNamespace {
		return url.Values{NamespaceParam: {ns}}
	}
	return nil
}
