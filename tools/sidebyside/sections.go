//go:build unix

package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// waitTimesPath is the GET the issue measures, with the docs' bracket
// form of the array; Prism knows only the spec's repeated form
// (prismWaitTimesPath), which it would otherwise refuse.
const (
	waitTimesPath      = "/api/9/regions/waittimes?regionCodes[]=WA&practiceId=6996d161-cd16-4556-9577-f942c3f80c80"
	prismWaitTimesPath = "/api/9/regions/waittimes?regionCodes=WA&practiceId=6996d161-cd16-4556-9577-f942c3f80c80"
)

// all runs every section and prints the summary.
func (r *runner) all() error {
	c := r.cfg
	r.printf("mockdex side by side: %s, %d CPUs, wrk -t%d -c%d -d%s, %d rounds\n",
		time.Now().UTC().Format(time.RFC3339), numCPU(), c.threads, c.conns, c.duration, c.rounds)
	r.printf("load average at start: %s\n", loadAverage())
	r.progress("building mockdex")
	bin, err := r.build()
	if err != nil {
		return err
	}
	if err := r.readySection(bin); err != nil {
		return err
	}
	if err := r.getSection(bin); err != nil {
		return err
	}
	if err := r.postSection(bin); err != nil {
		return err
	}
	if c.apr {
		if err := r.aprSection(); err != nil {
			return err
		}
	}
	r.report.print(r.out)
	r.printf("load average at end: %s\n", loadAverage())
	return nil
}

// startMockdex starts the built binary with defaults (journal and request
// log on) plus args, and waits until it is ready.
func (r *runner) startMockdex(bin, name string, args ...string) (*proc, time.Duration, error) {
	addr, base, err := freeBase()
	if err != nil {
		return nil, 0, err
	}
	t0 := time.Now()
	p, err := r.start(name, base, append([]string{bin, "--addr", addr}, args...))
	if err != nil {
		return nil, 0, err
	}
	d, err := r.waitOK(p, base+"/readyz", t0, 30*time.Second)
	return p, d, err
}

// readySection times starts from exec to the first ready answer.
func (r *runner) readySection(bin string) error {
	r.progress("timing %d starts", r.cfg.ready)
	var times []time.Duration
	for i := range r.cfg.ready {
		p, d, err := r.startMockdex(bin, fmt.Sprintf("ready-%d", i))
		if err != nil {
			return err
		}
		p.stop()
		times = append(times, d)
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	med := times[len(times)/2]
	r.printf("\nready: median %s, max %s over %d starts (exec to first 200 from /readyz, polled every 1 ms)\n",
		ms(med), ms(times[len(times)-1]), len(times))
	r.report.add("ready (exec to first ready answer), median", ms(med), "< 100 ms", med < 100*time.Millisecond)
	return nil
}

// getSection runs wrk on the wait-times GET against mockdex, the bare
// server answering mockdex's own body, and Prism when available, round
// by round.
func (r *runner) getSection(bin string) error {
	mock, _, err := r.startMockdex(bin, "mockdex-get")
	if err != nil {
		return err
	}
	body, ctype, err := fetch(mock.base + waitTimesPath)
	if err != nil {
		return err
	}
	bare, err := r.startBare("bare", body, ctype, 0)
	if err != nil {
		return err
	}
	targets := []*proc{bare, mock}
	for _, d := range r.cfg.spins {
		spun, err := r.startBare("bare+"+d.String(), body, ctype, d)
		if err != nil {
			return err
		}
		targets = append(targets, spun)
	}
	if prism, err := r.startPrism(); err != nil {
		r.printf("\nprism: %v\n", err)
	} else if prism != nil {
		targets = append(targets, prism)
	}
	r.printf("\nGET %s (%d-byte body)\n", waitTimesPath, len(body))
	res, err := r.rounds(targets, func(p *proc) (string, string) {
		if p.name == "prism" {
			return p.base + prismWaitTimesPath, ""
		}
		return p.base + waitTimesPath, ""
	})
	if err != nil {
		return err
	}
	r.judgeGet(res)
	return nil
}

func (r *runner) judgeGet(res map[string][]wrkResult) {
	bare, mock := median(res["bare"]), median(res["mockdex-get"])
	r.report.judgeGetMarks(mock, bare)
	if ps, ok := res["prism"]; ok {
		prism := median(ps)
		x := mock.rps / prism.rps
		r.report.add("GET wait times, mockdex / Prism", fmt.Sprintf("%.1fx (%.0f / %.0f req/s)", x, mock.rps, prism.rps), fmt.Sprintf(">= %dx", markPrism), x >= markPrism)
	}
}

// rounds runs wrk against each target once per round, in turn, so load
// from elsewhere on the machine falls on all of them alike.
func (r *runner) rounds(targets []*proc, req func(*proc) (url, script string)) (map[string][]wrkResult, error) {
	out := map[string][]wrkResult{}
	r.printf("%-6s %-14s %12s %10s %10s %8s  %s\n", "round", "server", "req/s", "p50", "p99", "non-2xx", "load")
	for i := 1; i <= r.cfg.rounds; i++ {
		for _, p := range targets {
			url, script := req(p)
			r.progress("round %d: %s", i, p.name)
			res, err := r.wrk(url, script)
			if err != nil {
				return nil, err
			}
			out[p.name] = append(out[p.name], res)
			r.printf("%-6d %-14s %12.0f %10s %10s %8d  %s\n", i, p.name, res.rps, ms(res.p50), ms(res.p99), res.non2xx+res.errs, loadAverage())
		}
	}
	for _, p := range targets {
		m := median(out[p.name])
		r.printf("%-6s %-14s %12.0f %10s %10s %8d\n", "median", p.name, m.rps, ms(m.p50), ms(m.p99), m.non2xx+m.errs)
	}
	return out, nil
}

// startBare starts this program's bare mode answering body, spending
// spin of CPU on each request first.
func (r *runner) startBare(name string, body []byte, ctype string, spin time.Duration) (*proc, error) {
	file := filepath.Join(r.tmp, "bare-body")
	if err := os.WriteFile(file, body, 0o600); err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	addr, base, err := freeBase()
	if err != nil {
		return nil, err
	}
	p, err := r.start(name, base, []string{self, "bare", "-addr", addr, "-body", file, "-type", ctype, "-spin", spin.String()})
	if err != nil {
		return nil, err
	}
	_, err = r.waitOK(p, base+"/", time.Now(), 10*time.Second)
	return p, err
}

func fetch(url string) ([]byte, string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %d %s", url, resp.StatusCode, body)
	}
	return body, resp.Header.Get("Content-Type"), err
}

// median picks, field by field, the median of the runs.
func median(rs []wrkResult) wrkResult {
	if len(rs) == 0 {
		return wrkResult{}
	}
	pick := func(less func(a, b wrkResult) bool) wrkResult {
		s := append([]wrkResult(nil), rs...)
		sort.Slice(s, func(i, j int) bool { return less(s[i], s[j]) })
		return s[len(s)/2]
	}
	m := pick(func(a, b wrkResult) bool { return a.rps < b.rps })
	m.p50 = pick(func(a, b wrkResult) bool { return a.p50 < b.p50 }).p50
	m.p99 = pick(func(a, b wrkResult) bool { return a.p99 < b.p99 }).p99
	for _, x := range rs {
		m.non2xx = max(m.non2xx, x.non2xx)
		m.errs = max(m.errs, x.errs)
	}
	return m
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }
