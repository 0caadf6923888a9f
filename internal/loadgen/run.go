package loadgen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// requestTimeout bounds one request, so a stuck mock cannot hold the
// run past its duration by more than this.
const requestTimeout = 10 * time.Second

// ErrUnreachable wraps a failure of the setup requests: the mock is not
// running at the URL, or refuses the credentials.
var ErrUnreachable = errors.New("the mock did not answer the setup requests")

// Run sends the mix until cfg.Requests have been sent or cfg.Duration has
// passed, whichever comes first, and reports every request it sent.
// Requests in flight at the deadline are allowed to finish and are
// counted. An error means no load was sent (bad config, mock unreachable).
func Run(ctx context.Context, cfg Config) (*Report, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	client := newClient(cfg.Concurrency)
	defer client.CloseIdleConnections()
	t, err := prepare(ctx, cfg, client)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreachable, err)
	}
	schedule, _ := cfg.Mix.schedule() // checked by withDefaults
	samples, elapsed := drive(ctx, cfg, t, schedule)
	r := buildReport(cfg, samples, elapsed)
	if ctx.Err() != nil && r.StoppedBy == stopDuration {
		r.StoppedBy = stopInterrupt
	}
	return r, nil
}

// newClient keeps one idle connection per worker (the default keeps two
// per host, and the churn of the rest would measure the kernel's port
// handling, not the mock), uses no proxy, and never follows a redirect
// off the target.
func newClient(workers int) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil // the load goes to the loopback target itself, never through a proxy
	tr.MaxIdleConns = workers
	tr.MaxIdleConnsPerHost = workers
	return &http.Client{
		Transport:     tr,
		Timeout:       requestTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// sample is one request's outcome. status 0 is a transport failure.
type sample struct {
	op      string
	status  int
	latency time.Duration
}

// drive runs the workers. Request numbers come from one shared counter,
// so the count bound is exact however the workers interleave.
func drive(ctx context.Context, cfg Config, t *target, schedule []operation) ([]sample, time.Duration) {
	ctx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	var next atomic.Int64
	perWorker := make([][]sample, cfg.Concurrency)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range perWorker {
		wg.Go(func() {
			for ctx.Err() == nil {
				n := int(next.Add(1) - 1)
				if n >= cfg.Requests {
					return
				}
				perWorker[w] = append(perWorker[w], t.send(schedule[n%len(schedule)], n))
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	var all []sample
	for _, s := range perWorker {
		all = append(all, s...)
	}
	return all, elapsed
}

// send makes one request and reads the whole answer, so the latency
// includes the body and the connection is reused.
func (t *target) send(op operation, n int) sample {
	req, err := op.build(t, n)
	if err != nil {
		return sample{op: op.id}
	}
	start := time.Now()
	resp, err := t.client.Do(req)
	if err != nil {
		return sample{op: op.id, latency: time.Since(start)}
	}
	var body []byte
	if op.seen != nil {
		body, err = io.ReadAll(resp.Body)
	} else {
		_, err = io.Copy(io.Discard, resp.Body)
	}
	resp.Body.Close()
	s := sample{op: op.id, status: resp.StatusCode, latency: time.Since(start)}
	if err != nil {
		s.status = 0
		return s
	}
	if op.seen != nil {
		op.seen(t, req, resp.StatusCode, body)
	}
	return s
}
