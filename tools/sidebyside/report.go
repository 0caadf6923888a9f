//go:build unix

package main

import (
	"fmt"
	"io"
	"runtime"
)

// report is the summary: one line per target.
type report struct{ lines []line }

type line struct {
	what, got, goal string
	ok              bool
}

func (r *report) add(what, got, goal string, ok bool) {
	r.lines = append(r.lines, line{what, got, goal, ok})
}

func (r *report) print(w io.Writer) {
	fmt.Fprintf(w, "\n%-48s %-34s %-12s %s\n", "summary", "measured", "goal", "")
	for _, l := range r.lines {
		verdict := "ok"
		if !l.ok {
			verdict = "MISSED"
		}
		fmt.Fprintf(w, "%-48s %-34s %-12s %s\n", l.what, l.got, l.goal, verdict)
	}
}

func numCPU() int { return runtime.NumCPU() }
