package contract

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/mockdex/mockdex/internal/scenarios"
)

// errRequestTimeout marks a request cut off by the per-request timeout,
// as opposed to the run's deadline.
var errRequestTimeout = errors.New("no answer within the request timeout")

// CorrelationHeader is sent on every request so DexCare support can trace it.
const CorrelationHeader = "correlation-id"

// Client decorates a Doer with what a polite tester of a shared tier
// needs: a correlation id per request, a request rate limit, a timeout,
// and retries on 429 and 502/503/504 honouring Retry-After. 500 is not
// retried: DexCare documents it as an answer, and a retried POST could
// create twice.
type Client struct {
	Next    scenarios.Doer
	RPS     float64       // requests per second; 0: unlimited
	Timeout time.Duration // per attempt; 0: none
	Retries int           // extra attempts on a retryable answer
	// Backoff is the wait before the first retry without Retry-After; it doubles.
	Backoff time.Duration
	// Sleep waits (tests replace it); nil: a context-aware sleep.
	Sleep func(context.Context, time.Duration) error

	mu   sync.Mutex // guards next
	next time.Time  // earliest start of the next request
}

// Do sends req, setting its correlation id in place so the caller's copy
// of the headers shows it.
func (c *Client) Do(req *http.Request) (*http.Response, error) {
	if req.Header.Get(CorrelationHeader) == "" {
		req.Header.Set(CorrelationHeader, uuid.NewString())
	}
	backoff := c.Backoff
	for attempt := 0; ; attempt++ {
		resp, err := c.attempt(req)
		if err != nil || attempt >= c.Retries || !retryable(resp.StatusCode) {
			return resp, err
		}
		wait := retryAfter(resp, backoff)
		resp.Body.Close()
		if err := c.sleep(req.Context(), wait); err != nil {
			return nil, err
		}
		backoff *= 2
		if req.GetBody != nil {
			if req.Body, err = req.GetBody(); err != nil {
				return nil, err
			}
		}
	}
}

func (c *Client) attempt(req *http.Request) (*http.Response, error) {
	if err := c.sleep(req.Context(), c.reserve()); err != nil {
		return nil, err
	}
	if c.Timeout <= 0 {
		return c.Next.Do(req)
	}
	ctx, cancel := context.WithTimeout(req.Context(), c.Timeout)
	resp, err := c.Next.Do(req.WithContext(ctx))
	if err != nil {
		cancel()
		if ctx.Err() != nil && req.Context().Err() == nil {
			return nil, fmt.Errorf("%w (%s): %w", errRequestTimeout, c.Timeout, err)
		}
		return nil, err
	}
	resp.Body = cancelOnClose{resp.Body, cancel}
	return resp, nil
}

// reserve books the next request slot and returns how long to wait for it.
func (c *Client) reserve() time.Duration {
	if c.RPS <= 0 {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	start := c.next
	if start.Before(now) {
		start = now
	}
	c.next = start.Add(time.Duration(float64(time.Second) / c.RPS))
	return start.Sub(now)
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func retryable(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// retryAfter reads Retry-After (seconds or an HTTP date), capped at a minute.
func retryAfter(resp *http.Response, fallback time.Duration) time.Duration {
	h := resp.Header.Get("Retry-After")
	if secs, err := strconv.Atoi(h); err == nil && secs >= 0 {
		return min(time.Duration(secs)*time.Second, time.Minute)
	}
	if t, err := http.ParseTime(h); err == nil {
		return min(max(time.Until(t), 0), time.Minute)
	}
	return fallback
}

type cancelOnClose struct {
	body   io.ReadCloser
	cancel context.CancelFunc
}

func (c cancelOnClose) Read(p []byte) (int, error) { return c.body.Read(p) }

func (c cancelOnClose) Close() error {
	err := c.body.Close()
	c.cancel()
	return err
}
