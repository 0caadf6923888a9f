package usage

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/e2e/binaries"
	"github.com/mockdex/mockdex/e2e/drift"
	"github.com/mockdex/mockdex/examples/usageapp"
	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/contract"
	"github.com/mockdex/mockdex/internal/contract/inproc"
	"github.com/mockdex/mockdex/internal/redact"
	"github.com/mockdex/mockdex/internal/scenarios"
	"github.com/mockdex/mockdex/internal/usage"
)

const (
	root       = "../.."
	practiceID = "6996d161-cd16-4556-9577-f942c3f80c80" // the default world's virtual practice
	joe        = "233441f4-129f-4d0e-afaa-b3009dbe80c7"
	// scenariosRun are the scenarios that meet the drifts: a practice
	// read, the APR search, the wait-time filters.
	scenariosRun = "^(practice-regions|apr-filters|waittimes-filters)$"
)

// The app's suite sends these (examples/usageapp/app_test.go): patient
// values and secrets that must not reach the profile.
var appSecrets = []string{"Zelphine", "Quaxley", "1961-07-23", "zelphine.q@example.org", "206-555-7788", "77 Wisteria Lane",
	"Quahog", "98199", "ZQ-SECRET-COUPON", "sore throat", joe, practiceID, auth.DefaultServiceKey, auth.DefaultAPIKey}

// The drifts UAT plays: one in a field the app reads (a practice's
// displayName renamed), one in a field of an answer it never gets (APR
// record ids lose their GUID form), one in a filter only it sends.
func drifts(t *testing.T) (read, ignored, param drift.Mutation) {
	t.Helper()
	var ok [3]bool
	read, ok[0] = drift.Lookup("field-renamed")
	ignored, ok[1] = drift.Lookup("ids-not-guids")
	param, ok[2] = drift.Lookup("param-refused")
	require.Equal(t, [3]bool{true, true, true}, ok)
	return read, ignored, param
}

func TestAppUsageEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the commands and runs the app's suite")
	}
	bin := binaries.Dir(t)
	dir := t.TempDir()
	profile := filepath.Join(dir, "usage.json")
	runAppSuite(t, profile)
	checkPrivate(t, profile)
	setCredentials(t)

	read, ignored, param := drifts(t)
	uat := tier(t, drift.Combine(read, ignored, param))

	// Without the profile: both response drifts fail the run; the
	// filter only the app sends is never exercised.
	unscoped, code := contractRun(t, bin, dir, "unscoped", uat.args())
	assert.Equal(t, 1, code)
	assert.Equal(t, contract.Breaking, finding(t, unscoped, contract.RuleMissingField, "getPractice").Severity)
	assert.Equal(t, contract.Breaking, finding(t, unscoped, contract.RuleValueFormChanged, "").Severity)
	assert.Nil(t, find(unscoped, contract.RuleStatusChanged, "getAvailabilityAndWaitTimes"), "no scenario sends homeMarket")

	// Scoped to the app: the drift it depends on breaks the run, the
	// other is a note; the app's own filter is replayed and caught.
	scoped, code := contractRun(t, bin, dir, "scoped", append(uat.args(), "--usage", profile))
	assert.Equal(t, 1, code)
	renamed := finding(t, scoped, contract.RuleMissingField, "getPractice")
	assert.Equal(t, contract.Breaking, renamed.Severity)
	require.NotNil(t, renamed.App)
	assert.True(t, renamed.App.Depends, renamed.App.Reason)
	assert.Equal(t, "/displayName", renamed.Pointer)
	ids := finding(t, scoped, contract.RuleValueFormChanged, "")
	assert.Equal(t, contract.Info, ids.Severity)
	require.NotNil(t, ids.App)
	assert.False(t, ids.App.Depends)
	assert.Equal(t, contract.Breaking, ids.App.Severity)
	assert.Contains(t, ids.App.Reason, "never called searchProviderHistories")
	refused := finding(t, scoped, contract.RuleStatusChanged, "getAvailabilityAndWaitTimes")
	assert.Equal(t, contract.AppUsageScenario, refused.Scenario, "found by the replayed request")
	assert.Contains(t, refused.Step, "homeMarket")
	assert.True(t, refused.App.Depends)
	require.NotNil(t, scoped.Usage)
	assert.Positive(t, scoped.Usage.Replayed)
	text := readFile(t, filepath.Join(dir, "scoped.txt"))
	lead, rest, ok := strings.Cut(text, "Not used by your app")
	require.True(t, ok, text)
	assert.Contains(t, lead, "Drift your app depends on (")
	assert.Contains(t, lead, "missing-field")
	assert.Contains(t, rest, "value-form-changed")
	for _, s := range appSecrets[:10] {
		assert.NotContains(t, text, s)
	}

	// A tier whose only drift is in what the app never gets fails the
	// run without the profile, and passes the scoped one.
	quiet := tier(t, ignored)
	_, code = contractRun(t, bin, dir, "quiet-unscoped", quiet.args())
	assert.Equal(t, 1, code)
	quietScoped, code := contractRun(t, bin, dir, "quiet-scoped", append(quiet.args(), "--usage", profile))
	assert.Equal(t, 0, code, "a drift the app does not depend on is a note")
	assert.Equal(t, contract.Info, finding(t, quietScoped, contract.RuleValueFormChanged, "").Severity)

	// The same app through contract proxy in front of the drifted tier,
	// whose reporting host lacks the reports: the app's own traffic shows
	// the same drift, and the mock answers what the tier lacks.
	recorded := filepath.Join(dir, "recorded")
	px := startProxy(t, bin, filepath.Join(dir, "proxy.json"), "--api", uat.api, "--ecvapi", uat.ecvapi, "--reporting", uat.api,
		"--fallback", "mock", "--record", recorded)
	app := usageapp.Client{API: px.url, ECVAPI: px.url, Reporting: px.url, ServiceKey: auth.DefaultServiceKey}
	ctx := context.Background()
	_, err := app.PracticeName(ctx, practiceID)
	assert.ErrorContains(t, err, "no displayName", "the drift breaks the app")
	_, err = app.ShortestWait(ctx, practiceID)
	assert.ErrorContains(t, err, "status 400")
	id, err := app.StartVisitsReport(ctx, "2024-05-20T00:00:00Z", "2024-06-03T00:00:00Z")
	require.NoError(t, err, "the mock answers the operation the tier lacks")
	assert.NotEmpty(t, id)
	proxied, code := px.stop(t)
	assert.Equal(t, 1, code)
	same := finding(t, proxied, contract.RuleMissingField, "getPractice")
	assert.Equal(t, renamed.Pointer, same.Pointer, "the same finding as the scoped run")
	assert.Equal(t, renamed.Severity, same.Severity)
	assert.NotNil(t, find(proxied, contract.RuleStatusChanged, "getAvailabilityAndWaitTimes"))
	fb := finding(t, proxied, contract.RuleAnsweredByMock, "startAvrReport")
	assert.Contains(t, fb.Message, "404")
	raw := readFile(t, filepath.Join(dir, "proxy.json"))
	assert.NotContains(t, raw, auth.DefaultServiceKey)

	// What the app saw builds fixtures.
	out := filepath.Join(dir, "fixtures")
	cmd := exec.Command(filepath.Join(bin, "contract"), "mirror", "--from-recording", recorded, "--out", out)
	msg, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", msg)
	practices := readFile(t, filepath.Join(out, "practices.json"))
	assert.Contains(t, practices, practiceID)
	assert.NotContains(t, practices, redact.Mask)
}

// runAppSuite runs the app's own tests as CI would, saving the profile.
func runAppSuite(t *testing.T, profile string) {
	t.Helper()
	// Compiled in the end-to-end flavour under its lock, so it reuses
	// what the other end-to-end builds compiled rather than compiling
	// every dependency once more in a flavour of its own.
	cmd := exec.Command("go", append(append([]string{"test"}, binaries.Flags...), "-count=1", "./examples/usageapp")...)
	cmd.Dir = root
	cmd.Env = append(append(os.Environ(), binaries.Env...), "USAGE_PROFILE="+profile)
	var out []byte
	var err error
	binaries.Locked(t, func() { out, err = cmd.CombinedOutput() })
	require.NoError(t, err, "the app's suite: %s", out)
}

// checkPrivate: the profile is one usage.Read accepts (no value under a
// name the redaction list masks), and holds none of the app's patient
// values, secrets or identifiers.
func checkPrivate(t *testing.T, profile string) {
	t.Helper()
	doc := readFile(t, profile)
	p, err := usage.Read(strings.NewReader(doc))
	require.NoError(t, err)
	assert.Empty(t, p.Leaks())
	require.Contains(t, p.Operations, "createVisitV9", "the app's visit is profiled")
	for _, s := range appSecrets {
		assert.NotContains(t, doc, s)
	}
	assert.NotContains(t, strings.ToLower(doc), "bearer")
}

// setCredentials gives the runs the tier's keys and Joe's token (the
// drifted tier is a mock of the default world).
func setCredentials(t *testing.T) {
	t.Helper()
	tok, err := auth.Mint(auth.DefaultJWTSecret, joe, time.Now(), time.Hour)
	require.NoError(t, err)
	t.Setenv(scenarios.EnvServiceKey, auth.DefaultServiceKey)
	t.Setenv(scenarios.EnvAPIKey, auth.DefaultAPIKey)
	t.Setenv(scenarios.EnvJWT, tok)
}

// uat is the drift simulator playing a tier, each host on loopback.
type uat struct{ api, ecvapi, reporting string }

func (u uat) args() []string {
	return []string{"--api", u.api, "--ecvapi", u.ecvapi, "--reporting", u.reporting}
}

func tier(t *testing.T, m drift.Mutation) uat {
	t.Helper()
	mock, err := inproc.New(inproc.DefaultSeed, time.Now().UTC().Truncate(time.Second))
	require.NoError(t, err)
	sim := drift.New(mock.Server, m)
	serve := func(h scenarios.Host) string {
		srv := httptest.NewServer(sim.Handler(h))
		t.Cleanup(srv.Close)
		return srv.URL
	}
	return uat{api: serve(scenarios.API), ecvapi: serve(scenarios.ECVAPI), reporting: serve(scenarios.Reporting)}
}

// contractRun runs contract run on the scenarios that meet the drifts,
// with a JSON and a text report named name.
func contractRun(t *testing.T, bin, dir, name string, args []string) (contract.Report, int) {
	t.Helper()
	jsonPath := filepath.Join(dir, name+".json")
	all := append([]string{"run", "--run", scenariosRun, "--rps", "0", "--timeout", "2m",
		"--report", "json=" + jsonPath, "--report", "text=" + filepath.Join(dir, name+".txt")}, args...)
	cmd := exec.Command(filepath.Join(bin, "contract"), all...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	code := cmd.ProcessState.ExitCode()
	if code != 0 && code != 1 {
		t.Fatalf("contract %s: %v\n%s", strings.Join(all, " "), err, stderr.String())
	}
	var rep contract.Report
	require.NoError(t, json.Unmarshal([]byte(readFile(t, jsonPath)), &rep))
	return rep, code
}

// proxyProc is a running contract proxy.
type proxyProc struct {
	cmd    *exec.Cmd
	url    string
	report string
	stderr *bytes.Buffer
	read   chan struct{} // closed when stderr has ended
}

func startProxy(t *testing.T, bin, report string, args ...string) *proxyProc {
	t.Helper()
	cmd := exec.Command(filepath.Join(bin, "contract"), append([]string{"proxy", "--listen", "127.0.0.1:0",
		"--report", "json=" + report, "--flush-interval", "1h"}, args...)...)
	pipe, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	rd := bufio.NewReader(pipe)
	line, err := rd.ReadString('\n')
	require.NoError(t, err)
	_, after, ok := strings.Cut(line, "http://")
	require.True(t, ok, "start-up line %q", line)
	p := &proxyProc{cmd: cmd, url: "http://" + strings.Fields(after)[0], report: report, stderr: &bytes.Buffer{}, read: make(chan struct{})}
	go func() {
		defer close(p.read)
		_, _ = p.stderr.ReadFrom(rd)
	}()
	return p
}

// stop ends the proxy as Ctrl-C would and reads its report.
func (p *proxyProc) stop(t *testing.T) (contract.Report, int) {
	t.Helper()
	require.NoError(t, p.cmd.Process.Signal(os.Interrupt))
	<-p.read // the pipe is read to its end before Wait closes it
	_ = p.cmd.Wait()
	code := p.cmd.ProcessState.ExitCode()
	var rep contract.Report
	require.NoError(t, json.Unmarshal([]byte(readFile(t, p.report)), &rep), "stderr: %s", p.stderr.String())
	return rep, code
}

func find(r contract.Report, rule, op string) *contract.Finding {
	for i, f := range r.Findings {
		if f.Rule == rule && (op == "" || f.OperationID == op) {
			return &r.Findings[i]
		}
	}
	return nil
}

func finding(t *testing.T, r contract.Report, rule, op string) contract.Finding {
	t.Helper()
	f := find(r, rule, op)
	if f == nil {
		var b strings.Builder
		for _, g := range r.Findings {
			b.WriteString("\n  " + g.Severity.String() + " " + g.Rule + " " + g.OperationID + " " + g.Scenario + " › " + g.Step + " " + g.Pointer)
		}
		t.Fatalf("no %s finding on %q; findings:%s", rule, op, b.String())
	}
	return *f
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}
