package namespaces

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/mockdex/mockdex/internal/apierr"
	"github.com/mockdex/mockdex/internal/canonhdr"
)

// How a request names its namespace.
const (
	// Header selects the namespace; absent, the default one.
	Header = "X-Mockdex-Namespace"
	// Param does the same in a URL, for browsers, which cannot
	// set headers: the pages mockdex serves put it in their links and
	// forms. It is taken out of the query before the spec sees it. When
	// both are sent, the header wins.
	Param = "_mockdex_ns"
	// Default is the name of the namespace requests without one
	// use; naming it explicitly selects the same namespace.
	Default = "default"
	// Pattern is what a namespace name must match.
	Pattern = `^[a-z0-9][a-z0-9._-]{0,62}$`
)

// The headers every request's namespace is read from.
var (
	headerName    = canonhdr.Must(Header)
	fetchSiteName = canonhdr.Must("Sec-Fetch-Site")
	originName    = canonhdr.Must("Origin")
)

// Of is the namespace a request names, by header or else by
// parameter, Default when it names none; a bad name is an
// *apierr.Error naming the header.
func Of(r *http.Request) (string, error) {
	name := canonhdr.Get(r.Header, headerName)
	if name == "" && mayName(r.URL.RawQuery) {
		name = r.URL.Query().Get(Param)
	}
	return Name(name), Check(name)
}

// mayName says raw may hold Param: as written, or
// percent-encoded. A query that cannot is not parsed again for it.
func mayName(raw string) bool {
	return strings.Contains(raw, Param) || strings.Contains(raw, "%")
}

// Check refuses a name that does not match Pattern;
// "" (no name) is the default namespace and fine.
func Check(name string) error {
	if name == "" || matches(name) {
		return nil
	}
	return apierr.InvalidField(Header, "%s must be 1 to 63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit", Header)
}

// matches says name matches Pattern. Every request's name is checked
// (twice: when served, and when its journal entry is profiled); a byte
// loop costs a fraction of the regexp (TestMatchesIsPattern holds the
// two to the same answers).
func matches(name string) bool {
	if len(name) == 0 || len(name) > 63 || !lowerOrDigit(name[0]) {
		return false
	}
	for i := 1; i < len(name); i++ {
		if c := name[i]; !lowerOrDigit(c) && c != '.' && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

func lowerOrDigit(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' }

// Name is the registry key for a checked name: the name a request
// sent, "" (none) being Default.
func Name(name string) string {
	if name == "" {
		return Default
	}
	return name
}

// MoveParam takes Param out of the query, so the spec
// never sees it, and puts it in the header unless one was sent: from
// there on the header is the one place the namespace is read from (the
// journal records it too). The request is copied only when the parameter
// is there.
func MoveParam(r *http.Request) *http.Request {
	if !strings.Contains(r.URL.RawQuery, Param) {
		return r
	}
	q := r.URL.Query()
	name, ok := q[Param]
	if !ok {
		return r
	}
	q.Del(Param)
	c := *r
	u := *r.URL
	u.RawQuery = q.Encode()
	c.URL, c.Header = &u, r.Header.Clone()
	if c.Header.Get(Header) == "" && len(name) > 0 {
		c.Header.Set(Header, name[0])
		return c.WithContext(context.WithValue(c.Context(), byParam{}, true))
	}
	return &c
}

// byParam marks a request whose namespace MoveParam took from Param.
type byParam struct{}

// HoldRequest leases the namespace request r names (Of), creating it
// if need be, with one rule more than Hold: a namespace named by Param
// on a request from another site (a page anywhere can make a browser
// load a URL, but not send the header) may be used, not created.
func (n *Registry) HoldRequest(r *http.Request) (*Lease, error) {
	name, err := Of(r)
	if err != nil {
		return nil, err
	}
	how := create
	if (r.Context().Value(byParam{}) != nil || canonhdr.Get(r.Header, headerName) == "") && crossSite(r) {
		how = noCreate
	}
	ns, err := n.hold(name, how)
	if err != nil {
		return nil, err
	}
	return &Lease{reg: n, ns: ns}, nil
}

// crossSite says whether a browser sent r on behalf of a page of another
// site: by Sec-Fetch-Site, or failing that by an Origin whose host is not
// the one r was sent to (ports aside, as sites ignore them). Requests
// from scripts and tools send neither.
func crossSite(r *http.Request) bool {
	if site := canonhdr.Get(r.Header, fetchSiteName); site != "" {
		return site == "cross-site"
	}
	origin := canonhdr.Get(r.Header, originName)
	if origin == "" {
		return false
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return true // "null", or unreadable: an opaque origin
	}
	return !strings.EqualFold(u.Hostname(), hostname(r.Host))
}

// hostname is host without its port.
func hostname(host string) string {
	u := url.URL{Host: host}
	return u.Hostname()
}
