package mirror

import (
	"fmt"
	"net/http"
	"regexp"
)

// Doer sends one request; *http.Client and the contract runner's Client
// are Doers.
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// Call is one kind of request the mirror may send.
type Call struct {
	Method string
	// Path is the operation's path as the spec writes it.
	Path        string
	OperationID string
	pattern     *regexp.Regexp
}

// ReadOnlyCalls are the only requests the mirror sends: GETs, and the
// POST searches that read (Care Options' provider search and the All
// Providers Report search). Nothing here creates, books or changes
// anything on the tier.
var ReadOnlyCalls = []Call{
	{http.MethodGet, "/api/9/assignmentqualifiers", "getAssignmentQualifiers", nil},
	{http.MethodGet, "/api/9/modalities", "getModalities", nil},
	{http.MethodGet, "/api/8/practices/{practiceId}", "getPractice", nil},
	{http.MethodGet, "/api/9/regions/waittimes", "getAvailabilityAndWaitTimes", nil},
	{http.MethodGet, "/v5/providers/{npid}/timeslots", "getSingleProviderTimeslots", nil},
	{http.MethodGet, "/v1/availability/slots", "getAggregatedSlotsV1", nil},
	{http.MethodPost, "/v1/availability/providers", "availableProvidersV1", nil},
	{http.MethodPost, "/v1/reporting/providerhistories", "searchProviderHistories", nil},
}

func init() {
	param := regexp.MustCompile(`\\\{[A-Za-z]+\\\}`)
	for i, c := range ReadOnlyCalls {
		ReadOnlyCalls[i].pattern = regexp.MustCompile("^" + param.ReplaceAllString(regexp.QuoteMeta(c.Path), `[^/]+`) + "$")
	}
}

// ReadOnlyCall finds the read-only call a request is, if it is one.
func ReadOnlyCall(method, path string) (Call, bool) {
	for _, c := range ReadOnlyCalls {
		if c.Method == method && c.pattern.MatchString(path) {
			return c, true
		}
	}
	return Call{}, false
}

// readOnly refuses, before sending, any request that is not one of
// ReadOnlyCalls: a bug in the mirror must not become a write on a tier.
type readOnly struct{ next Doer }

func (g readOnly) Do(req *http.Request) (*http.Response, error) {
	if _, ok := ReadOnlyCall(req.Method, req.URL.Path); !ok {
		return nil, fmt.Errorf("mirror: refused to send %s %s: not one of its read-only calls", req.Method, req.URL.Path)
	}
	return g.next.Do(req)
}
