package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/mockdex/mockdex/e2e/hostile"
	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/contract/inproc"
	"github.com/mockdex/mockdex/internal/scenarios"
)

// controlPlaneLog records the /_mockdex/ requests a tier gets (it has no
// control plane: each is a 404) and the Authorization they carried.
type controlPlaneLog struct {
	next http.Handler
	mu   sync.Mutex // guards got
	got  []string
}

func (c *controlPlaneLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_mockdex") {
		c.mu.Lock()
		c.got = append(c.got, r.Method+" "+r.URL.Path+" Authorization="+r.Header.Get("Authorization"))
		c.mu.Unlock()
		http.NotFound(w, r)
		return
	}
	c.next.ServeHTTP(w, r)
}

func (c *controlPlaneLog) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.got = nil
}

func (c *controlPlaneLog) requests() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.got...)
}

// TestAdminTokenStaysWithAMockdex: with MOCKDEX_ADMIN_TOKEN set, a tier
// given as one --target URL is asked, without any credential, whether it
// is a mockdex, and gets no token when it is not; a tier given as --api,
// --ecvapi and --reporting gets no /_mockdex/ request at all.
func TestAdminTokenStaysWithAMockdex(t *testing.T) {
	setTierCredentials(t)
	t.Setenv("MOCKDEX_ADMIN_TOKEN", "admin-token-of-another-mock")
	mock, err := inproc.New(inproc.DefaultSeed, inproc.DefaultStart)
	if err != nil {
		t.Fatal(err)
	}
	log := &controlPlaneLog{next: mock.Server}
	hs := httptest.NewServer(log)
	defer hs.Close()

	runContract(t, "--target", hs.URL, "--run", "^qualifiers-and-modalities$")
	got := log.requests()
	if len(got) != 1 || got[0] != "GET /_mockdex/clock Authorization=" {
		t.Errorf("a single --target: the control plane got %q, want one GET of its clock with no credential", got)
	}
	log.reset()
	runContract(t, "--api", hs.URL, "--ecvapi", hs.URL, "--reporting", hs.URL, "--run", "^qualifiers-and-modalities$")
	if got := log.requests(); len(got) != 0 {
		t.Errorf("--api, --ecvapi and --reporting: the tier got %q", got)
	}
}

// TestMirrorIsGuarded: a mirror of a production-looking host needs
// --i-understand-this-is-production (it copies live provider data into
// files); a mirror redirected to another origin ends (exit 1, naming
// where) and sends it nothing.
func TestMirrorIsGuarded(t *testing.T) {
	c := mirroredTiers[1]
	cfg := c.configFile(t)
	t.Setenv(scenarios.EnvAPIKey, auth.DefaultAPIKey)
	d := deps{transport: hostRouter{"api.care.example.org": c.mock(t).Server}}
	var out, errb bytes.Buffer
	args := []string{"contract", "mirror", "--api", "https://api.care.example.org", "--config", cfg, "--out", filepath.Join(t.TempDir(), "w"), "--rps", "0"}
	if code := d.run(args, &out, &errb); code != exitUsage || !strings.Contains(errb.String(), "--i-understand-this-is-production") {
		t.Errorf("production without the flag: exit %d\n%s", code, errb.String())
	}
	errb.Reset()
	if code := d.run(append(args, "--i-understand-this-is-production"), &out, &errb); code != exitOK {
		t.Errorf("production with the flag: exit %d\n%s", code, errb.String())
	}

	redirect, _ := hostile.Lookup("redirect-other-origin")
	tier, err := hostile.Start(c.mock(t).Server, redirect)
	if err != nil {
		t.Fatal(err)
	}
	defer tier.Close()
	code, _, stderr := contractCmd("mirror", "--target", tier.URL, "--config", cfg, "--out", filepath.Join(t.TempDir(), "r"), "--rps", "0")
	if code != exitDrift || !strings.Contains(stderr, "a redirect to http://127.0.0.2:") {
		t.Errorf("redirected: exit %d, want %d naming the Location\n%s", code, exitDrift, stderr)
	}
	for _, s := range tier.Strays() {
		t.Errorf("stray: %s", s)
	}
}
