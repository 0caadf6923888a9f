package proxy_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/e2e/drift"
	"github.com/mockdex/mockdex/internal/contract"
	"github.com/mockdex/mockdex/internal/contract/inproc"
	"github.com/mockdex/mockdex/internal/contract/proxy"
	"github.com/mockdex/mockdex/internal/scenarios"
	"github.com/mockdex/mockdex/spec"
)

const practiceID = "6996d161-cd16-4556-9577-f942c3f80c80" // the default world's virtual-visits practice

var judge = sync.OnceValues(func() (*contract.Judge, error) { return contract.NewJudge(spec.YAML, spec.Published()) })

// driftedTier is the drift simulator playing the tier, each DexCare host
// on its own loopback server, in front of a mock of the default world.
func driftedTier(t *testing.T, m drift.Mutation) (map[scenarios.Host]string, *inproc.Mock) {
	t.Helper()
	mock, err := inproc.New(inproc.DefaultSeed, inproc.DefaultStart)
	require.NoError(t, err)
	sim := drift.New(mock.Server, m)
	urls := map[scenarios.Host]string{}
	for _, h := range []scenarios.Host{scenarios.API, scenarios.ECVAPI, scenarios.Reporting} {
		srv := httptest.NewServer(sim.Handler(h))
		t.Cleanup(srv.Close)
		urls[h] = srv.URL
	}
	return urls, mock
}

// shadow is the in-process mock the proxy asks: the same world as the
// tier's, in its own instance.
func shadow(t *testing.T) *inproc.Mock {
	t.Helper()
	m, err := inproc.New(inproc.DefaultSeed, inproc.DefaultStart)
	require.NoError(t, err)
	return m
}

// start serves a proxy on loopback; o.Mock and o.Judge default to a
// shadow mock and the project's judge.
func start(t *testing.T, o proxy.Options) (*proxy.Proxy, string) {
	t.Helper()
	if o.Mock == nil {
		m := shadow(t)
		o.Mock, o.MockCredentials = m.Server, m.Target(nil).Creds
		o.MockPatient = "233441f4-129f-4d0e-afaa-b3009dbe80c7"
	}
	if o.Judge == nil {
		j, err := judge()
		require.NoError(t, err)
		o.Judge = j
	}
	p, err := proxy.New(o)
	require.NoError(t, err)
	srv := httptest.NewServer(p)
	t.Cleanup(func() { srv.Close(); p.Close() })
	return p, srv.URL
}

// call sends one request and reads the whole answer.
func call(t *testing.T, method, url, body string, headers ...string) (*http.Response, []byte) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, b
}

// settled waits for the proxy to judge what it has queued.
func settled(t *testing.T, p *proxy.Proxy) *contract.Report {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	require.NoError(t, p.Wait(ctx))
	return p.Report()
}

func findingsOf(rep *contract.Report, rule string) []contract.Finding {
	var out []contract.Finding
	for _, f := range rep.Findings {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}
