package contract

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/contract/inproc"
	"github.com/mockdex/mockdex/internal/scenarios"
	"github.com/mockdex/mockdex/spec"
)

// shellDoer sends every request by running its reproduce line with sh and
// curl, with the DEXCARE_* variables set: the run sees exactly what a
// person pasting the lines would get.
type shellDoer struct {
	t     *testing.T
	env   []string
	names map[string]string // credential value → its variable
	refs  map[string]string
	dir   string
	n     atomic.Int64
}

func (d *shellDoer) Do(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
	}
	x := scenarios.Exchange{Method: req.Method, URL: req.URL.String(), Header: req.Header.Clone(), Body: body}
	for _, h := range []string{"Authorization", "X-Api-Key"} {
		v := req.Header.Get(h)
		if _, tok, ok := strings.Cut(v, " "); ok && h == "Authorization" {
			v = tok
		}
		if name := d.names[v]; name != "" {
			x.Credential = name
		}
	}
	line := reproduce(x, d.refs, nil)
	for secret := range d.names {
		if strings.Contains(line, secret) {
			d.t.Errorf("reproduce line holds a credential: %s", line)
		}
	}
	n := d.n.Add(1)
	hdr, out := filepath.Join(d.dir, fmt.Sprintf("h%d", n)), filepath.Join(d.dir, fmt.Sprintf("b%d", n))
	cmd := exec.CommandContext(req.Context(), "sh", "-c", line+" -D "+hdr+" -o "+out)
	cmd.Env = append(os.Environ(), d.env...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("%v: %s\n%s", err, msg, line)
	}
	return readCurl(hdr, out, req)
}

// readCurl turns curl's dumped headers and body into a response.
func readCurl(hdrFile, bodyFile string, req *http.Request) (*http.Response, error) {
	h, err := os.ReadFile(hdrFile)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(bodyFile)
	if err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	tp := textproto.NewReader(bufioReader(h))
	status, err := tp.ReadLine()
	if err != nil {
		return nil, err
	}
	fields := strings.Fields(status)
	code, err := strconv.Atoi(fields[1])
	if err != nil {
		return nil, err
	}
	mh, _ := tp.ReadMIMEHeader()
	return &http.Response{StatusCode: code, Header: http.Header(mh), Body: io.NopCloser(bytes.NewReader(b)), Request: req}, nil
}

// TestReproduceLinesReproduce plays every scenario twice on twin mocks:
// once directly, once by executing each request's reproduce line with sh
// and curl. Every step must get the same status both ways.
func TestReproduceLinesReproduce(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed")
	}
	judge, err := NewJudge(spec.YAML, spec.Published())
	if err != nil {
		t.Fatal(err)
	}
	direct := runOnMock(t, judge, nil)
	viaShell := runOnMock(t, judge, func(m *inproc.Mock) scenarios.Doer { return newShellDoer(t, m) })
	want := map[string]int{}
	for _, sc := range direct.Scenarios {
		for _, st := range sc.Steps {
			want[sc.Name+" › "+st.Name] = st.Status
		}
	}
	steps := 0
	for _, sc := range viaShell.Scenarios {
		for _, st := range sc.Steps {
			steps++
			if w := want[sc.Name+" › "+st.Name]; st.Status != w {
				t.Errorf("%s › %s: pasted line got %d, the direct request %d\n%s", sc.Name, st.Name, st.Status, w, st.Reproduce)
			}
		}
	}
	for _, f := range viaShell.Findings {
		if f.Rule == RuleStatusChanged || f.Rule == RuleRequestFailed {
			t.Errorf("%s › %s: %s %s", f.Scenario, f.Step, f.Rule, f.Message)
		}
	}
	if steps < 50 {
		t.Errorf("only %d steps ran", steps)
	}
}

func newShellDoer(t *testing.T, m *inproc.Mock) *shellDoer {
	d := scenarios.Defaults()
	env := []string{"DEXCARE_SERVICE_KEY=" + auth.DefaultServiceKey, "DEXCARE_API_KEY=" + auth.DefaultAPIKey}
	names := map[string]string{auth.DefaultServiceKey: scenarios.EnvServiceKey, auth.DefaultAPIKey: scenarios.EnvAPIKey}
	for name, envName := range scenarios.TokenEnv {
		tok := mustToken(t, m, d[name])
		env, names[tok] = append(env, envName+"="+tok), envName
	}
	for name, envName := range scenarios.VarEnv {
		env = append(env, envName+"="+d[name])
	}
	return &shellDoer{t: t, env: env, names: names, refs: envRefs(nil), dir: t.TempDir()}
}

func mustToken(t *testing.T, m *inproc.Mock, guid string) string {
	tok, err := auth.Mint(auth.DefaultJWTSecret, guid, m.Clock.Now(), 48*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// runOnMock runs every scenario against a fresh mock served over HTTP;
// via, when set, sends the requests instead of the HTTP client. Tokens
// are the long-lived ones the shell has, so both runs send the same.
func runOnMock(t *testing.T, judge *Judge, via func(*inproc.Mock) scenarios.Doer) *Report {
	m, err := inproc.New(inproc.DefaultSeed, inproc.DefaultStart)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(m.Server)
	t.Cleanup(hs.Close)
	var next scenarios.Doer = hs.Client()
	if via != nil {
		next = via(m)
	}
	tokens := map[string]string{}
	d := scenarios.Defaults()
	for name := range scenarios.TokenEnv {
		tokens[d[name]] = mustToken(t, m, d[name])
	}
	tgt := scenarios.Target{
		Base:   map[scenarios.Host]string{scenarios.API: hs.URL, scenarios.ECVAPI: hs.URL, scenarios.Reporting: hs.URL},
		Client: &Client{Next: next},
		Creds: scenarios.Credentials{ServiceKey: auth.DefaultServiceKey, APIKey: auth.DefaultAPIKey,
			Bearer: func(guid string) (string, error) { return tokens[guid], nil }},
		Advance: func(_ context.Context, d time.Duration) error { m.Clock.Advance(d); return nil },
		Now:     m.Clock.Now,
	}
	rep, err := Run(context.Background(), Config{TargetName: "mock", Target: tgt, Reference: inproc.References(),
		Start: inproc.DefaultStart, Seed: inproc.DefaultSeed, Scenarios: scenarios.All(), AllowWrites: true, Mockdex: true, Judge: judge})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func bufioReader(b []byte) *bufio.Reader { return bufio.NewReader(bytes.NewReader(b)) }
