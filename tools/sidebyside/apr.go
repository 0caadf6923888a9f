//go:build unix

package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// aprSection runs the benchmark that pages the All Providers Report over
// 1,000,000 stored records through the mock's HTTP API, and reports the
// slower of its two cases.
func (r *runner) aprSection() error {
	r.progress("APR benchmark over 1,000,000 records")
	cmd := exec.CommandContext(r.ctx, "go", "test", "-run", "^$", "-bench", "APROverHTTP1M", "-benchtime", "20x", "./internal/server/")
	cmd.Dir = r.cfg.repo
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("APR benchmark: %v\n%s", err, out)
	}
	r.printf("\nAPR, a 50-row page over 1,000,000 records, over HTTP (go test -bench APROverHTTP1M -benchtime 20x ./internal/server/)\n")
	worst := time.Duration(0)
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 4 && strings.HasPrefix(f[0], "BenchmarkAPROverHTTP1M/") && f[3] == "ns/op" {
			ns, _ := strconv.ParseFloat(f[2], 64)
			d := time.Duration(ns)
			worst = max(worst, d)
			r.printf("  %-40s %s\n", strings.TrimPrefix(f[0], "BenchmarkAPROverHTTP1M/"), ms(d))
		}
	}
	if worst == 0 {
		return fmt.Errorf("APR benchmark printed no figures:\n%s", out)
	}
	r.report.add("APR 50-row page over 1,000,000 records, HTTP", ms(worst), "< 50 ms", worst < 50*time.Millisecond)
	return nil
}
