package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/contract"
	"github.com/mockdex/mockdex/internal/contract/inproc"
	"github.com/mockdex/mockdex/internal/namespaces"
	"github.com/mockdex/mockdex/internal/scenarios"
)

// unreachableError means the target did not answer at all (exit 3).
type unreachableError struct{ err error }

func (u unreachableError) Error() string { return u.err.Error() }

// setup is the target side of a run.
type setup struct {
	name       string
	fixtures   fs.FS // the reference mocks' world (nil: the default)
	target     scenarios.Target
	start      time.Time
	production bool
	mockdex    bool
}

func (s setup) apply(cfg *contract.Config) {
	cfg.TargetName, cfg.Target, cfg.Start = s.name, s.target, s.start
	cfg.Production, cfg.Seed, cfg.Mockdex = s.production, inproc.DefaultSeed, s.mockdex
	cfg.Reference = inproc.ReferencesOn(s.fixtures)
}

func (d deps) buildTarget(ctx context.Context, f *runFlags, sel []scenarios.Scenario, scrub *contract.Scrubber) (setup, error) {
	fixtures, err := fixturesDir(f.fixtures)
	if err != nil {
		return setup{}, err
	}
	if f.target == "mock" {
		m, err := inproc.Start(inproc.Options{Seed: inproc.DefaultSeed, Start: inproc.DefaultStart, Fixtures: fixtures})
		if err != nil {
			return setup{}, err
		}
		noLimit := func(next scenarios.Doer) scenarios.Doer {
			return &contract.Client{Next: next, MaxBytes: f.maxBytes, Sleep: d.sleep}
		}
		t := m.Target(noLimit)
		t.PollDeadline = f.pollDeadline
		t.Vars = envVars()
		return setup{name: "mock (in-process)", target: t, start: inproc.DefaultStart, mockdex: true, fixtures: fixtures}, nil
	}
	bases, err := baseURLs(f)
	if err != nil {
		return setup{}, err
	}
	opts := f.clientOptions()
	if err := reachable(ctx, d.probeClient(opts), bases); err != nil {
		return setup{}, err
	}
	t := scenarios.Target{Base: bases, Client: d.tierClient(opts), Vars: envVars(), PollDeadline: f.pollDeadline}
	if f.namespace != "" {
		t.Header = http.Header{namespaces.Header: {f.namespace}}
	}
	s := setup{name: targetName(f, bases), production: anyProduction(bases), fixtures: fixtures}
	clk, isMock, err := d.mockdexTarget(ctx, f, opts)
	if err != nil {
		return setup{}, err
	}
	if isMock {
		scrub.Add(os.Getenv("MOCKDEX_ADMIN_TOKEN"))
		s.production, s.mockdex = false, true
		s.start = clk.start
		t.Now = clk.now
		if clk.manual {
			t.Advance = clk.advance
		}
	} else {
		s.start = time.Now().UTC().Truncate(time.Second)
	}
	creds, err := credentials(sel, isMock, t.Vars, clk)
	if err != nil {
		return setup{}, err
	}
	for _, secret := range []string{creds.ServiceKey, creds.APIKey, os.Getenv("DEXCARE_JWT"), os.Getenv("DEXCARE_OTHER_JWT"), os.Getenv("DEXCARE_EHR_JWT")} {
		scrub.Add(secret)
	}
	t.Creds = creds
	s.target = t
	return s, nil
}

// mockdexTarget says whether the target is a running mockdex, and if so
// follows its clock. Only a single --target URL is asked: hosts given as
// --api, --ecvapi and --reporting are a DexCare tier's, and get no
// /_mockdex/ request, let alone the admin token.
func (d deps) mockdexTarget(ctx context.Context, f *runFlags, opts clientOptions) (*mockClock, bool, error) {
	if !f.singleTarget() {
		return nil, false, nil
	}
	cp := &controlPlane{next: d.probeClient(opts), namespace: f.namespace}
	return detectMockdex(ctx, cp, strings.TrimRight(f.target, "/"), os.Getenv("MOCKDEX_ADMIN_TOKEN"))
}

// fixturesDir opens --fixtures (none: nil, the default world).
func fixturesDir(dir string) (fs.FS, error) {
	if dir == "" {
		return nil, nil
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("--fixtures %s: not a directory", dir)
	}
	return os.DirFS(dir), nil
}

func baseURLs(f *runFlags) (map[scenarios.Host]string, error) {
	pick := func(specific string) string {
		if specific != "" {
			return strings.TrimRight(specific, "/")
		}
		return strings.TrimRight(f.target, "/")
	}
	b := map[scenarios.Host]string{scenarios.ECVAPI: pick(f.ecvapi), scenarios.API: pick(f.api), scenarios.Reporting: pick(f.reporting)}
	for h, u := range b {
		if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			return nil, fmt.Errorf("base URL for %s: %q is not an http(s) URL", h, u)
		}
	}
	return b, nil
}

func targetName(f *runFlags, bases map[scenarios.Host]string) string {
	if f.target != "" && f.ecvapi == "" && f.api == "" && f.reporting == "" {
		return f.target
	}
	return fmt.Sprintf("ecvapi=%s api=%s reporting=%s", bases[scenarios.ECVAPI], bases[scenarios.API], bases[scenarios.Reporting])
}

func anyProduction(bases map[scenarios.Host]string) bool {
	for _, u := range bases {
		if contract.LooksProduction(u) {
			return true
		}
	}
	return false
}

// reachable checks that every host answers HTTP at all (any status).
func reachable(ctx context.Context, c scenarios.Doer, bases map[scenarios.Host]string) error {
	seen := map[string]bool{}
	for _, u := range bases {
		if seen[u] {
			continue
		}
		seen[u] = true
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u+"/", nil)
		if err != nil {
			return err
		}
		resp, err := c.Do(req)
		var te *contract.TransportError
		switch {
		case errors.As(err, &te) && te.Status != 0:
			continue // it answered, badly: the run's findings will say how
		case errors.As(err, &te):
			return unreachableError{fmt.Errorf("target unreachable: %s: %s", u, te.Describe())}
		case err != nil:
			return unreachableError{fmt.Errorf("target unreachable: %s: %v", u, err)}
		}
		resp.Body.Close()
	}
	return nil
}

// envVars reads the identities that exist in the target.
func envVars() scenarios.Vars {
	v := scenarios.Vars{}
	for name, env := range scenarios.VarEnv {
		if val := os.Getenv(env); val != "" {
			v[name] = val
		}
	}
	return v
}

// credentials come only from the environment; against a mockdex the
// missing ones default to the mock's own.
func credentials(sel []scenarios.Scenario, isMock bool, vars scenarios.Vars, clk *mockClock) (scenarios.Credentials, error) {
	c := scenarios.Credentials{ServiceKey: os.Getenv("DEXCARE_SERVICE_KEY"), APIKey: os.Getenv("DEXCARE_API_KEY")}
	tokens := map[string]string{}
	for name, env := range scenarios.TokenEnv {
		tokens[name] = os.Getenv(env)
	}
	if isMock {
		return mockCredentials(c, clk), nil
	}
	if missing := missingCredentials(sel, c, tokens["patientGuid"]); len(missing) > 0 {
		return c, fmt.Errorf("the selected scenarios need %s in the environment", strings.Join(missing, ", "))
	}
	all := scenarios.Defaults()
	for k, v := range vars {
		all[k] = v
	}
	c.Bearer = func(guid string) (string, error) {
		for name, tok := range tokens {
			if all[name] == guid && tok != "" {
				return tok, nil
			}
		}
		return "", fmt.Errorf("%w: no token for this patient (set DEXCARE_OTHER_JWT or DEXCARE_EHR_JWT)", scenarios.ErrNoCredential)
	}
	return c, nil
}

func mockCredentials(c scenarios.Credentials, clk *mockClock) scenarios.Credentials {
	if c.ServiceKey == "" {
		c.ServiceKey = envOr("MOCKDEX_SERVICE_KEY", auth.DefaultServiceKey)
	}
	if c.APIKey == "" {
		c.APIKey = envOr("MOCKDEX_API_KEY", auth.DefaultAPIKey)
	}
	secret := envOr("MOCKDEX_JWT_SECRET", auth.DefaultJWTSecret)
	c.Bearer = func(guid string) (string, error) { return auth.Mint(secret, guid, clk.now(), time.Hour) }
	return c
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func missingCredentials(sel []scenarios.Scenario, c scenarios.Credentials, jwt string) []string {
	need := map[string]bool{}
	for _, sc := range sel {
		for _, st := range sc.Steps {
			switch {
			case st.Auth == scenarios.ServiceKey && c.ServiceKey == "":
				need["DEXCARE_SERVICE_KEY"] = true
			case st.Auth == scenarios.APIKey && c.APIKey == "":
				need["DEXCARE_API_KEY"] = true
			case st.Auth == scenarios.Bearer && jwt == "":
				need["DEXCARE_JWT"] = true
			}
		}
	}
	out := make([]string, 0, len(need))
	for k := range need {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
