package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/contract/inproc"
	"github.com/mockdex/mockdex/internal/namespaces"
	"github.com/mockdex/mockdex/internal/scenarios"
)

// servedMock is a running mockdex (control plane included) on the
// reference's seed and clock.
func servedMock(t *testing.T) *httptest.Server {
	t.Helper()
	mock, err := inproc.New(inproc.DefaultSeed, inproc.DefaultStart)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(mock.Handler)
	t.Cleanup(hs.Close)
	return hs
}

// addFault registers a fault on a running mockdex, in namespace ("": the default one).
func addFault(t *testing.T, base, namespace, fault string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, base+"/_mockdex/faults", strings.NewReader(fault))
	req.Header.Set("Content-Type", "application/json")
	if namespace != "" {
		req.Header.Set(namespaces.Header, namespace)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("the fault was not set: %v %v", err, resp)
	}
	resp.Body.Close()
}

// pastedStatus runs a reproduce line with sh and curl, as a person would
// paste it with the DEXCARE_* variables set, and returns the status it got.
func pastedStatus(t *testing.T, line string, env []string) int {
	t.Helper()
	cmd := exec.Command("sh", "-c", line+" -o /dev/null -w '%{http_code}'")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%v: %s", err, line)
	}
	code, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatalf("curl wrote %q for %s", out, line)
	}
	return code
}

// TestPastedLinesReproduceANamespacedRun: a run in a namespace of a
// shared mockdex whose modalities fail there (500) and answer elsewhere
// (200), with the tier's own postal code (DEXCARE_POSTAL_CODE) for Care
// Options: every reproduce line of the report, pasted, gets the status
// the report shows: the namespace header is on them, and the postal code
// is the one sent, not a made-up value of another kind.
func TestPastedLinesReproduceANamespacedRun(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed")
	}
	hs := servedMock(t)
	addFault(t, hs.URL, "drift", `{"operationId":"getModalities","status":500}`)
	env := []string{scenarios.EnvServiceKey + "=" + auth.DefaultServiceKey, scenarios.EnvAPIKey + "=" + auth.DefaultAPIKey}
	d := scenarios.Defaults()
	for name, v := range scenarios.VarEnv {
		env = append(env, v+"="+d[name])
	}
	env = append(env, "DEXCARE_POSTAL_CODE=98032")
	t.Setenv("DEXCARE_POSTAL_CODE", "98032")

	report := filepath.Join(t.TempDir(), "r.json")
	code, _, stderr := runContract(t, "--target", hs.URL, "--namespace", "drift", "--run", "^(qualifiers-and-modalities|practice-regions|care-options)$",
		"--report", "json="+report)
	if code != exitDrift {
		t.Fatalf("exit %d, want drift from the namespace's fault\n%s", code, stderr)
	}
	r := jsonReport(t, string(readAll(t, report)))
	faulted, postal := 0, 0
	for _, sc := range r.Scenarios {
		for _, st := range sc.Steps {
			if st.Reproduce == "" || st.NotRun {
				continue
			}
			if got := pastedStatus(t, st.Reproduce, env); got != st.Status {
				t.Errorf("%s › %s: pasted, got %d; the report shows %d\n%s", sc.Name, st.Name, got, st.Status, st.Reproduce)
			}
			if st.Status == http.StatusInternalServerError {
				faulted++
				bare := strings.Replace(st.Reproduce, " -H 'X-Mockdex-Namespace: drift'", "", 1)
				if bare == st.Reproduce || pastedStatus(t, bare, env) != http.StatusOK {
					t.Errorf("the namespace header is not what made the difference: %s", st.Reproduce)
				}
			}
			if strings.Contains(st.Reproduce, `"postalCode":"98032"`) {
				postal++
			}
		}
	}
	if faulted == 0 || postal == 0 {
		t.Errorf("%d steps met the namespace's fault, %d sent the tier's postal code: the test proves nothing", faulted, postal)
	}
}
