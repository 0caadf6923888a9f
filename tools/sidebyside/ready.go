//go:build unix

package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"time"
)

// runReady is the ready mode: it times starts of one or more built
// mockdex binaries, exec to first 200 from /readyz, alternating between
// them start by start so that load from elsewhere falls on each alike.
//
//	go run ./tools/sidebyside ready [-starts 20] OLD NEW ...
func runReady(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sidebyside ready", flag.ContinueOnError)
	fs.SetOutput(stderr)
	starts := fs.Int("starts", 20, "starts of each binary")
	if err := fs.Parse(args); err != nil || fs.NArg() == 0 || *starts < 1 {
		fmt.Fprintln(stderr, "usage: sidebyside ready [-starts N] MOCKDEX_BINARY...")
		return 2
	}
	r, err := newReadyRunner(stdout, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "sidebyside:", err)
		return 1
	}
	defer r.close()
	if err := r.readyCompare(fs.Args(), *starts); err != nil {
		fmt.Fprintln(stderr, "sidebyside:", err)
		return 1
	}
	return 0
}

// newReadyRunner is a runner without the wrk check: ready mode needs none.
func newReadyRunner(stdout, stderr io.Writer) (*runner, error) {
	tmp, err := os.MkdirTemp("", "mockdex-ready-")
	if err != nil {
		return nil, err
	}
	dir, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	c := config{repo: dir}
	return &runner{ctx: context.Background(), cfg: c, out: stdout, errw: stderr, tmp: tmp}, nil
}

// readyCompare starts each binary in turn, starts times over.
func (r *runner) readyCompare(bins []string, starts int) error {
	r.printf("load average at start: %s\n", loadAverage())
	times := make([][]time.Duration, len(bins))
	cpu := make([][]time.Duration, len(bins))
	for i := range starts {
		for j, bin := range bins {
			p, d, err := r.startMockdex(bin, fmt.Sprintf("ready-%d-%d", j, i))
			if err != nil {
				return err
			}
			p.stop()
			times[j] = append(times[j], d)
			cpu[j] = append(cpu[j], p.cmd.ProcessState.UserTime()+p.cmd.ProcessState.SystemTime())
		}
	}
	for j, bin := range bins {
		t, c := sorted(times[j]), sorted(cpu[j])
		r.printf("%s: ready median %s, min %s, max %s over %d starts; CPU per start (to exit) median %s\n",
			bin, ms(t[len(t)/2]), ms(t[0]), ms(t[len(t)-1]), len(t), ms(c[len(c)/2]))
	}
	r.printf("load average at end: %s\n", loadAverage())
	return nil
}

func sorted(t []time.Duration) []time.Duration {
	sort.Slice(t, func(a, b int) bool { return t[a] < t[b] })
	return t
}
