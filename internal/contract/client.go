package contract

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/mockdex/mockdex/internal/scenarios"
)

// CorrelationHeader is sent on every request so DexCare support can trace it.
const CorrelationHeader = "correlation-id"

// maxRedirects bounds the same-origin redirects one request follows.
const maxRedirects = 5

// Client decorates a Doer with what a polite tester of a shared tier
// needs, and what a tester that trusts no tier needs: a correlation id
// per request, a request rate limit, a timeout over the whole exchange
// (headers and body), a bounded body read into memory, and retries on
// 429 and 502/503/504 honouring Retry-After. 500 is not retried: DexCare
// documents it as an answer, and a retried POST could create twice.
//
// A failure to get a usable answer is a *TransportError naming what
// arrived and how long it took; the caller's own context ending (the
// run's deadline) is returned as the context's error instead.
//
// It never follows a redirect to another origin: a 3xx is the answer,
// for the caller to judge. With FollowRedirects it follows one within the
// same scheme, host and port (where the same credentials belong).
type Client struct {
	Next    scenarios.Doer
	RPS     float64       // requests per second; 0: unlimited
	Timeout time.Duration // per attempt, headers and body; 0: none
	Retries int           // extra attempts on a retryable answer
	// Backoff is the wait before the first retry without Retry-After; it doubles.
	Backoff time.Duration
	// MaxBytes bounds one answer's body (0: DefaultMaxResponseBytes).
	MaxBytes int64
	// FollowRedirects follows a redirect within the request's origin.
	FollowRedirects bool
	// Sleep waits (tests replace it); nil: a context-aware sleep.
	Sleep func(context.Context, time.Duration) error

	once sync.Once
	next scenarios.Doer // Next, made not to follow redirects itself

	mu       sync.Mutex // guards nextSlot
	nextSlot time.Time  // earliest start of the next request
}

// Do sends req, setting its correlation id in place so the caller's copy
// of the headers shows it. The answer's body is in memory: reading it
// cannot fail or stall.
func (c *Client) Do(req *http.Request) (*http.Response, error) {
	c.once.Do(func() { c.next = withoutRedirects(c.Next) })
	if req.Header.Get(CorrelationHeader) == "" {
		req.Header.Set(CorrelationHeader, uuid.NewString())
	}
	backoff := c.Backoff
	for attempt := 0; ; attempt++ {
		resp, err := c.follow(req)
		if err != nil || attempt >= c.Retries || !retryable(resp.StatusCode) {
			return resp, err
		}
		wait := retryAfter(resp, backoff)
		scenarios.NoteRetry(req.Context(), scenarios.Retry{Status: resp.StatusCode, Wait: wait})
		if err := c.sleep(req.Context(), wait); err != nil {
			return nil, err
		}
		backoff *= 2
		if req.Body, err = rewind(req); err != nil {
			return nil, err
		}
	}
}

// follow makes one attempt, and follows its redirects when allowed.
func (c *Client) follow(req *http.Request) (*http.Response, error) {
	cur := req
	for hops := 0; ; hops++ {
		resp, err := c.attempt(cur)
		if err != nil || !c.FollowRedirects || hops >= maxRedirects {
			return resp, err
		}
		next := sameOriginRedirect(cur, resp)
		if next == nil {
			return resp, nil
		}
		cur = next
	}
}

// sameOriginRedirect is the request a redirect asks for, when it may be
// followed: to the same origin, and either keeping the method and body
// (307, 308) or turning a GET into a GET (301, 302, 303). nil otherwise:
// the 3xx is the answer.
func sameOriginRedirect(req *http.Request, resp *http.Response) *http.Request {
	loc, err := resp.Location()
	if err != nil || !sameOrigin(req.URL, loc) {
		return nil
	}
	switch resp.StatusCode {
	case http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther:
		if req.Method != http.MethodGet && req.Method != http.MethodHead {
			return nil
		}
	default:
		return nil
	}
	next := req.Clone(req.Context())
	next.URL, next.Host = loc, ""
	if next.Body, err = rewind(req); err != nil {
		return nil
	}
	return next
}

// rewind gives a fresh copy of a request's body for another attempt.
func rewind(req *http.Request) (io.ReadCloser, error) {
	if req.GetBody == nil {
		return req.Body, nil
	}
	return req.GetBody()
}

// attempt sends one request and reads its whole body within the timeout
// and the byte and JSON bounds.
func (c *Client) attempt(req *http.Request) (*http.Response, error) {
	parent := req.Context()
	if err := c.sleep(parent, c.reserve()); err != nil {
		return nil, err
	}
	ctx, cancel := parent, context.CancelFunc(func() {})
	if c.Timeout > 0 {
		ctx, cancel = context.WithTimeout(parent, c.Timeout)
	}
	defer cancel()
	began := time.Now()
	resp, err := c.next.Do(req.WithContext(ctx))
	if err != nil {
		return nil, attemptError(parent, ctx, req, err, 0, 0, -1, began, time.Time{})
	}
	defer resp.Body.Close()
	limit := c.MaxBytes
	if limit <= 0 {
		limit = DefaultMaxResponseBytes
	}
	tooLarge := func(received int64, what string) error {
		return &TransportError{Kind: FailTooLarge, Method: req.Method, Origin: origin(req.URL), Path: req.URL.Path, Status: resp.StatusCode,
			Received: received, Declared: resp.ContentLength, Elapsed: time.Since(began), Limit: what}
	}
	if resp.ContentLength > limit {
		return nil, tooLarge(0, byteCount(limit)) // refused before a byte is read
	}
	m := &meter{r: resp.Body}
	body, over, err := readCapped(m, resp.ContentLength, limit)
	if err != nil {
		return nil, attemptError(parent, ctx, req, err, resp.StatusCode, m.n, resp.ContentLength, began, m.last)
	}
	if over {
		return nil, tooLarge(m.n, byteCount(limit))
	}
	if looksJSON(body) {
		if bound := jsonBounds(body, MaxJSONValues, MaxJSONDepth); bound != "" {
			return nil, tooLarge(m.n, bound)
		}
	}
	resp.Body, resp.ContentLength = heldBody{bytes.NewReader(body), body}, int64(len(body))
	return resp, nil
}

// readChunk is the unit a body of unknown length is read in.
const readChunk = 64 << 10

// readCapped reads a body of declared length (-1: unknown) up to limit
// bytes, and says whether there was more. A declared body is read into
// one buffer of its size; one of unknown length in chunks, joined once it
// ended within the limit, so a body that passes the limit costs the
// limit and no more (a growing buffer would double it).
func readCapped(r io.Reader, declared, limit int64) (body []byte, over bool, err error) {
	// A declared 0 is read as unknown: a Doer that is not net/http's
	// (a test's) may leave ContentLength at its zero value.
	if declared > 0 {
		b := make([]byte, declared)
		n, err := io.ReadFull(r, b)
		if err == io.EOF || err == nil && n < len(b) {
			err = io.ErrUnexpectedEOF
		}
		return b, false, err
	}
	var chunks [][]byte
	var total int64
	for {
		c := make([]byte, min(readChunk, limit+1-total))
		n, err := fill(r, c)
		chunks, total = append(chunks, c[:n]), total+int64(n)
		switch {
		case total > limit:
			return nil, true, nil
		case err == io.EOF:
			out := make([]byte, 0, total)
			for _, c := range chunks {
				out = append(out, c...)
			}
			return out, false, nil
		case err != nil:
			return nil, false, err
		}
	}
}

// fill reads into b until it is full or the reader ends (io.EOF) or
// fails; unlike io.ReadFull it passes a reader's own io.ErrUnexpectedEOF
// (a chunked body cut short) through as it is, not as a short read.
func fill(r io.Reader, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := r.Read(b[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// looksJSON reports whether a body opens as a JSON object or array would:
// whatever its content type says, something may decode it.
func looksJSON(b []byte) bool {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case '{', '[':
			return true
		}
		return false
	}
	return false
}

// meter counts the bytes a body delivers and when the last came.
type meter struct {
	r    io.Reader
	n    int64
	last time.Time
}

func (m *meter) Read(p []byte) (int, error) {
	n, err := m.r.Read(p)
	if n > 0 {
		m.n += int64(n)
		m.last = time.Now()
	}
	return n, err
}

// heldBody is an answer's body already in memory; Bytes lets a reader
// take it without a copy.
type heldBody struct {
	*bytes.Reader
	b []byte
}

func (h heldBody) Close() error { return nil }

// Bytes is the whole body.
func (h heldBody) Bytes() []byte { return h.b }

// reserve books the next request slot and returns how long to wait for it.
func (c *Client) reserve() time.Duration {
	if c.RPS <= 0 {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	start := c.nextSlot
	if start.Before(now) {
		start = now
	}
	c.nextSlot = start.Add(time.Duration(float64(time.Second) / c.RPS))
	return start.Sub(now)
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if c.Sleep != nil && d > 0 {
		return c.Sleep(ctx, d)
	}
	return Sleep(ctx, d)
}

// Sleep waits d, or until ctx ends (its error then); a wait of 0 or less
// returns at once, with ctx's error if it has ended.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
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
	if d, ok := RetryAfter(resp.Header, time.Now()); ok {
		return d
	}
	return fallback
}

// RetryAfter reads a Retry-After header (seconds, or an HTTP date seen
// from now), capped at a minute; ok is false when there is none readable.
func RetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := h.Get("Retry-After")
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return min(time.Duration(secs)*time.Second, time.Minute), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return min(max(t.Sub(now), 0), time.Minute), true
	}
	return 0, false
}
