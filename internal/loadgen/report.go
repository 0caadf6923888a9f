package loadgen

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

// Report is what a run measured. Latencies are milliseconds, from sending
// the request to reading the last byte of the answer.
type Report struct {
	Mix               Mix         `json:"mix"`
	Concurrency       int         `json:"concurrency"`
	StoppedBy         string      `json:"stoppedBy"` // which bound ended the run: requests, duration or interrupt
	Requests          int         `json:"requests"`
	DurationSeconds   float64     `json:"durationSeconds"`
	RequestsPerSecond float64     `json:"requestsPerSecond"`
	Outcomes          Outcomes    `json:"outcomes"`
	Latency           Latency     `json:"latency"`
	Operations        []Operation `json:"operations"` // by operationId
}

// Values of Report.StoppedBy.
const (
	stopRequests  = "requests"
	stopDuration  = "duration"
	stopInterrupt = "interrupt" // the caller's context ended first (Ctrl-C)
)

// Operation is one operation's share of the run.
type Operation struct {
	OperationID string   `json:"operationId"`
	Requests    int      `json:"requests"`
	Outcomes    Outcomes `json:"outcomes"`
	Latency     Latency  `json:"latency"`
	// Statuses counts answers by HTTP status; 0 counts requests that got
	// no answer (refused, reset, timed out).
	Statuses map[int]int `json:"statuses"`
}

// Outcomes sort answers by what they mean.
type Outcomes struct {
	OK       int `json:"ok"`       // 2xx
	Busy     int `json:"busy"`     // 409 on a visit create (the queue is full) or 507 on a create or report start (the mock's --max-visits or --max-reports cap), as designed
	Evicted  int `json:"evicted"`  // 404 on a report status: the mock evicted the finished job (--max-reports), as designed; it leaves the poll rotation
	NotBuilt int `json:"notBuilt"` // 501: the mock does not implement the operation yet
	Errors   int `json:"errors"`   // anything else, and no answer at all
}

// Latency percentiles (nearest rank) and maximum, in milliseconds.
type Latency struct {
	P50 float64 `json:"p50Ms"`
	P90 float64 `json:"p90Ms"`
	P99 float64 `json:"p99Ms"`
	Max float64 `json:"maxMs"`
}

func (o *Outcomes) add(opID string, status int) {
	switch {
	case status >= 200 && status < 300:
		o.OK++
	case status == http.StatusNotImplemented:
		o.NotBuilt++
	case status == http.StatusConflict && opID == opCreateVisit.id,
		status == http.StatusInsufficientStorage && (opID == opCreateVisit.id || opID == opStartAvr.id):
		o.Busy++
	case status == http.StatusNotFound && opID == opAvrStatus.id:
		o.Evicted++
	default:
		o.Errors++
	}
}

func buildReport(cfg Config, samples []sample, elapsed time.Duration) *Report {
	r := &Report{Mix: cfg.Mix, Concurrency: cfg.Concurrency, Requests: len(samples), DurationSeconds: elapsed.Seconds(), StoppedBy: stopDuration}
	if len(samples) >= cfg.Requests {
		r.StoppedBy = stopRequests
	}
	if elapsed > 0 {
		r.RequestsPerSecond = float64(len(samples)) / elapsed.Seconds()
	}
	byOp := map[string][]sample{}
	for _, s := range samples {
		byOp[s.op] = append(byOp[s.op], s)
		r.Outcomes.add(s.op, s.status)
	}
	r.Latency = latencyOf(samples)
	for id, ss := range byOp {
		r.Operations = append(r.Operations, operationReport(id, ss))
	}
	slices.SortFunc(r.Operations, func(a, b Operation) int { return strings.Compare(a.OperationID, b.OperationID) })
	return r
}

func operationReport(id string, ss []sample) Operation {
	op := Operation{OperationID: id, Requests: len(ss), Statuses: map[int]int{}, Latency: latencyOf(ss)}
	for _, s := range ss {
		op.Statuses[s.status]++
		op.Outcomes.add(id, s.status)
	}
	return op
}

func latencyOf(ss []sample) Latency {
	if len(ss) == 0 {
		return Latency{}
	}
	d := make([]time.Duration, len(ss))
	for i, s := range ss {
		d[i] = s.latency
	}
	slices.Sort(d)
	return Latency{P50: ms(rank(d, 50)), P90: ms(rank(d, 90)), P99: ms(rank(d, 99)), Max: ms(d[len(d)-1])}
}

// rank is the nearest-rank percentile of sorted durations: the smallest
// value with at least p% of the samples at or below it.
func rank(sorted []time.Duration, p int) time.Duration {
	i := (p*len(sorted)+99)/100 - 1
	return sorted[max(i, 0)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
