package mirror

import (
	"net/http"
	"testing"
)

type mustNotSend struct{ t *testing.T }

func (m mustNotSend) Do(req *http.Request) (*http.Response, error) {
	m.t.Errorf("%s %s reached the client", req.Method, req.URL.Path)
	return nil, nil
}

// TestGuardRefusesBeforeSending: anything but the read-only calls is
// refused before the client sees it: writes, and reads the mirror has no
// business making (a patient's visit).
func TestGuardRefusesBeforeSending(t *testing.T) {
	g := readOnly{mustNotSend{t}}
	for _, c := range []struct{ method, path string }{
		{"POST", "/api/9/visits"}, {"POST", "/api/7/visits/providerbooking"}, {"POST", "/v5/slots/slot-taken"},
		{"POST", "/api/8/reporting/allvisitsreport"}, {"PUT", "/api/9/visits/x/acceptTerms"}, {"GET", "/api/9/visits/x/summary"},
		{"DELETE", "/api/8/practices/x"}, {"POST", "/api/9/modalities"}, {"GET", "/_mockdex/state"},
		{"GET", "/v5/providers/1/2/timeslots"},
	} {
		req, _ := http.NewRequest(c.method, "http://tier.example"+c.path, nil)
		if _, err := g.Do(req); err == nil {
			t.Errorf("%s %s was not refused", c.method, c.path)
		}
	}
}
