//go:build unix

package main

import (
	"fmt"
	"time"
)

// The marks of issue 24, judged from the medians of one run. They are
// ratios to the bare net/http server measured in the same rounds (which
// load elsewhere on the machine slows alike), except the POST rate,
// which has no bare counterpart.
const (
	markGetVsBare    = 0.75  // GET req/s, mockdex / bare, at least
	markGetP99VsBare = 1.3   // GET p99, mockdex / bare, at most
	markPostRPS      = 20000 // POST /api/9/visits req/s, at least, every answer 200
	markPrism        = 20    // GET req/s, mockdex / Prism, at least
)

// exitMissed is the exit status of a run that measured everything but
// missed a mark (1 is a run that could not measure).
const exitMissed = 3

// judgeGetMarks adds the GET lines: rate and p99 against bare's.
func (r *report) judgeGetMarks(mock, bare wrkResult) {
	ratio := mock.rps / bare.rps
	r.add("GET wait times, mockdex / bare net/http", fmt.Sprintf("%.2fx (%.0f / %.0f req/s)", ratio, mock.rps, bare.rps),
		fmt.Sprintf(">= %.2fx", markGetVsBare), ratio >= markGetVsBare)
	p99 := float64(mock.p99) / float64(max(bare.p99, time.Microsecond))
	r.add("GET wait times p99 at 32 connections, / bare's", fmt.Sprintf("%.2fx (%s / %s)", p99, ms(mock.p99), ms(bare.p99)),
		fmt.Sprintf("<= %.1fx", markGetP99VsBare), p99 <= markGetP99VsBare)
	r.add("GET wait times non-2xx (mockdex)", fmt.Sprint(mock.non2xx+mock.errs), "0", mock.non2xx+mock.errs == 0)
}

// judgePostMark adds the POST line: the rate, and every answer a 200.
func (r *report) judgePostMark(m wrkResult) {
	bad := m.non2xx + m.errs
	r.add("POST /api/9/visits", fmt.Sprintf("%.0f req/s, %d not 200", m.rps, bad), fmt.Sprintf(">= %d", markPostRPS), m.rps >= markPostRPS && bad == 0)
}

// missed counts the lines whose mark was missed.
func (r *report) missed() int {
	n := 0
	for _, l := range r.lines {
		if !l.ok {
			n++
		}
	}
	return n
}
