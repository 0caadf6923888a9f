package mirror_test

import (
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/mockdex/mockdex/internal/contract/inproc"
	"github.com/mockdex/mockdex/internal/mirror"
	"github.com/mockdex/mockdex/internal/statedoc"
	"github.com/mockdex/mockdex/spec"
)

// recorder is a RoundTripper that notes every request it carries.
type recorder struct {
	next http.RoundTripper
	mu   sync.Mutex // guards sent
	sent []string   // "METHOD /path"
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.sent = append(r.sent, req.Method+" "+req.URL.Path)
	r.mu.Unlock()
	return r.next.RoundTrip(req)
}

// The read-only POSTs: searches that read. Every other call is a GET.
var readingPOSTs = []string{"POST /v1/availability/providers", "POST /v1/reporting/providerhistories"}

// TestMirrorMakesNoWriteCall mirrors both tiers through a recording
// transport: every request is a GET or one of the two searches, every
// one of ReadOnlyCalls is used (the list is exact), and the tier's whole
// state (visits, bookings, EHR holds, report jobs) is the same after.
func TestMirrorMakesNoWriteCall(t *testing.T) {
	used := map[string]bool{}
	for _, c := range tierCases() {
		src := c.source(t)
		before := state(t, src)
		rec := &recorder{next: inproc.Transport{Handler: src.Server}}
		recordInto(t, t.TempDir(), &http.Client{Transport: rec}, mirror.Hosts{API: inproc.BaseURL, Reporting: inproc.BaseURL}, c)
		for _, s := range rec.sent {
			method, path, _ := strings.Cut(s, " ")
			if method != http.MethodGet && !slices.Contains(readingPOSTs, s) {
				t.Errorf("%s: the mirror sent %s", c.name, s)
			}
			call, ok := mirror.ReadOnlyCall(method, path)
			if !ok {
				t.Errorf("%s: %s is not one of ReadOnlyCalls", c.name, s)
			}
			used[call.OperationID] = true
		}
		if after := state(t, src); after != before {
			t.Errorf("%s: the tier's state changed while it was mirrored", c.name)
		}
	}
	for _, c := range mirror.ReadOnlyCalls {
		if !used[c.OperationID] {
			t.Errorf("ReadOnlyCalls lists %s %s, which the mirror never sends", c.Method, c.Path)
		}
	}
}

// TestReadOnlyCallsAreTheSpecs: each listed call is the spec's operation
// of that id, method and path, and each POST is one the spec describes
// as a search.
func TestReadOnlyCallsAreTheSpecs(t *testing.T) {
	doc, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range mirror.ReadOnlyCalls {
		item := doc.Paths.Find(c.Path)
		if item == nil || item.GetOperation(c.Method) == nil || item.GetOperation(c.Method).OperationID != c.OperationID {
			t.Errorf("%s %s is not operation %s of the spec", c.Method, c.Path, c.OperationID)
			continue
		}
		if c.Method == http.MethodPost && !slices.Contains(readingPOSTs, c.Method+" "+c.Path) {
			t.Errorf("%s %s: a POST that is not a search", c.Method, c.Path)
		}
	}
}

// state is the tier's whole state document (fakes' snapshot).
func state(t *testing.T, m *inproc.Mock) string {
	t.Helper()
	snap, err := m.Server.World().Export()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := statedoc.Encode(&b, snap); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
