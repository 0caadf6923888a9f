package shared

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// One client opens 200 namespaces at the default cap of 100, writing a
// visit in each (by the header, and by the _mockdex_ns parameter as a
// page of the mock's own site would); another client's namespace is
// intact afterwards. Without --data-dir the probe meets a 507 naming the
// cap once every namespace holds state; with it, evicted namespaces are
// saved and come back on their next request.
func TestProbeOf200NamespacesLeavesAnotherClientsIntact(t *testing.T) {
	roomy := roomyFixtures(t)
	for _, c := range []struct {
		name     string
		args     []string
		refusals bool
	}{
		{"in-memory", nil, true},
		{"data-dir", []string{"--data-dir", t.TempDir()}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := start(t, append([]string{"--history-days", "1", "--fixtures", roomy}, c.args...)...)
			status, mine, err := p.createGuest("team-b")
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, status)

			refused, made := 0, 0
			for i := 0; i < 200; i++ {
				ns, path := fmt.Sprintf("probe-%d", i), guestPath
				header := ns
				if i%2 == 1 {
					header, path = "", guestPath+"&_mockdex_ns="+ns
				}
				status, body, err := p.try("POST", path, header, guestVisit, "x-api-key", "mockdex-api-key")
				require.NoError(t, err)
				switch status {
				case http.StatusOK:
					made++
				case http.StatusInsufficientStorage:
					refused++
					var answer struct{ Code, Error string }
					require.NoError(t, json.Unmarshal(body, &answer))
					assert.Equal(t, "NAMESPACE_LIMIT_REACHED", answer.Code)
					assert.Contains(t, answer.Error, "limit of 100 namespaces (--max-namespaces)")
				default:
					t.Fatalf("probe %d: %d %s", i, status, body)
				}
			}
			t.Logf("%d namespaces made, %d refused", made, refused)
			if c.refusals {
				assert.Equal(t, 98, made, "the cap of 100 counts the default and team-b")
			} else {
				assert.Zero(t, refused, "with --data-dir, eviction saves: nothing is refused")
			}

			status, body := p.do("GET", "/_mockdex/visits/"+mine, "team-b", "")
			assert.Equal(t, http.StatusOK, status, "team-b's visit is still there: %s", body)
			if !c.refusals {
				_, first, err := p.createGuest("probe-0") // evicted to disk, loaded back
				require.NoError(t, err)
				assert.Len(t, p.visitIDs("probe-0"), 2, "probe-0 came back with its visit: %s", first)
			}
		})
	}
}

// A page of another site can make a browser load a URL naming a
// namespace in _mockdex_ns, but that creates no namespace: the answer is
// a 403 saying so, and the registry does not grow.
func TestCrossSitePageCannotCreateNamespaces(t *testing.T) {
	p := start(t, "--history-days", "1")
	status, body := p.do("GET", "/api/9/modalities?_mockdex_ns=from-evil", "", "", "Sec-Fetch-Site", "cross-site")
	assert.Equal(t, http.StatusForbidden, status, string(body))
	assert.Contains(t, string(body), "NAMESPACE_CREATE_CROSS_SITE")
	status, body = p.do("GET", "/_mockdex/namespaces", "", "")
	require.Equal(t, http.StatusOK, status)
	assert.NotContains(t, string(body), "from-evil")

	status, _ = p.do("GET", "/api/9/modalities?_mockdex_ns=mine", "", "")
	require.Equal(t, http.StatusOK, status, "a script (no Origin) creates it")
	status, _ = p.do("GET", "/api/9/modalities?_mockdex_ns=mine", "", "", "Sec-Fetch-Site", "cross-site")
	assert.Equal(t, http.StatusOK, status, "and a link from anywhere uses it")
}
