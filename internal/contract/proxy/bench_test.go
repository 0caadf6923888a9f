package proxy_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/contract/inproc"
	"github.com/mockdex/mockdex/internal/contract/proxy"
	"github.com/mockdex/mockdex/internal/scenarios"
)

// BenchmarkAddedLatency measures what the proxy adds to a call on
// loopback: each iteration sends the same read (a practice, as an app
// does at start) straight to the tier and through the proxy, one after
// the other, so both see the same machine load. It reports the median and
// 99th percentile of each, and of the difference. "judged" has the
// proxy judge every exchange (spec, published file, the mock's answer)
// in the background, as it runs for real, where a repeated read is
// judged once; "judged-distinct" sends a different request each time
// (wait times by a market no practice has), so every one is judged and
// the worker competes for the CPU; "forward-only" has neither judge nor
// mock. not-judged/exchange is the share the worker could not keep up with.
//
//	go test -run '^$' -bench AddedLatency -benchtime 2000x ./internal/contract/proxy/
func BenchmarkAddedLatency(b *testing.B) {
	tierMock, err := inproc.New(inproc.DefaultSeed, inproc.DefaultStart)
	require.NoError(b, err)
	tier := httptest.NewServer(tierMock.Server)
	b.Cleanup(tier.Close)
	shadowMock, err := inproc.New(inproc.DefaultSeed, inproc.DefaultStart)
	require.NoError(b, err)
	j, err := judge()
	require.NoError(b, err)
	upstreams := map[scenarios.Host]string{scenarios.API: tier.URL}
	judged := proxy.Options{Upstreams: upstreams, Mock: shadowMock.Server, MockCredentials: shadowMock.Target(nil).Creds, Judge: j}
	same := func(int) string { return "/api/8/practices/" + practiceID }
	distinct := func(i int) string {
		return fmt.Sprintf("/api/9/regions/waittimes?practiceId=%s&homeMarket=m%d", practiceID, i)
	}
	for _, v := range []struct {
		name string
		opts proxy.Options
		path func(int) string
	}{
		{"judged", judged, same},
		{"judged-distinct", judged, distinct},
		{"forward-only", proxy.Options{Upstreams: upstreams}, same},
	} {
		b.Run(v.name, func(b *testing.B) {
			p, err := proxy.New(v.opts)
			require.NoError(b, err)
			srv := httptest.NewServer(p)
			defer func() { srv.Close(); p.Close() }()
			sideBySide(b, tier.URL, srv.URL, v.path)
			if v.opts.Judge != nil {
				require.NoError(b, p.Wait(b.Context()))
				st := p.Stats()
				b.ReportMetric(float64(st.NotJudged)/float64(st.Judged+st.NotJudged), "not-judged/exchange")
			}
		})
	}
}

func sideBySide(b *testing.B, direct, proxied string, path func(int) string) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 2}}
	get := func(base, path string) time.Duration {
		began := time.Now()
		resp, err := client.Get(base + path)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("status %d", resp.StatusCode)
		}
		return time.Since(began)
	}
	get(direct, path(-1)) // open both connections before timing
	get(proxied, path(-1))
	d, p, added := make([]time.Duration, 0, b.N), make([]time.Duration, 0, b.N), make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		x, y := get(direct, path(i)), get(proxied, path(i))
		d, p, added = append(d, x), append(p, y), append(added, y-x)
	}
	b.StopTimer()
	for _, m := range []struct {
		name string
		ds   []time.Duration
	}{{"direct", d}, {"proxied", p}, {"added", added}} {
		slices.Sort(m.ds)
		b.ReportMetric(micros(m.ds[len(m.ds)/2]), m.name+"-p50-µs")
		b.ReportMetric(micros(m.ds[len(m.ds)*99/100]), m.name+"-p99-µs")
	}
}

func micros(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1000 }
