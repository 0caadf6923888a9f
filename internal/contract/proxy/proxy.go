package proxy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/mockdex/mockdex/internal/contract"
	"github.com/mockdex/mockdex/internal/scenarios"
	"github.com/mockdex/mockdex/internal/usage"
)

// MarkHeader marks an answer the proxy gave itself instead of the tier's,
// with why: answered-by-mock, not-forwarded, rate-limited,
// tier-unreachable, no-upstream.
const MarkHeader = "X-Mockdex-Proxy"

// Marks, the values of MarkHeader.
const (
	MarkAnsweredByMock  = "answered-by-mock"
	MarkNotForwarded    = "not-forwarded"
	MarkRateLimited     = "rate-limited"
	MarkTierUnreachable = "tier-unreachable"
	MarkNoUpstream      = "no-upstream"
)

// Proxy is the shadow proxy: an http.Handler. Close it to stop judging.
type Proxy struct {
	opts     Options
	idx      *usage.Index
	upstream map[scenarios.Host]*url.URL
	rp       *httputil.ReverseProxy
	limit    *limiter
	col      *collector
	rec      *recordings
	repeats  repeats // the worker's own

	queue   chan *exchange
	workers sync.WaitGroup
	mu      sync.Mutex // guards pending and closed
	idle    *sync.Cond // signalled on mu when pending reaches 0
	pending int        // exchanges queued or being judged
	closed  bool
}

// New starts a proxy and its judging worker.
func New(o Options) (*Proxy, error) {
	o = o.withDefaults()
	idx, err := usage.DefaultIndex()
	if err != nil {
		return nil, err
	}
	p := &Proxy{opts: o, idx: idx, upstream: map[scenarios.Host]*url.URL{},
		limit: newLimiter(o.RPS, o.Now), col: newCollector(o.MaxFindings), queue: make(chan *exchange, o.QueueLen), repeats: repeats{}}
	for h, raw := range o.Upstreams {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("proxy: upstream for %s: want http(s)://host[:port], got %q", h, raw)
		}
		p.upstream[h] = u
	}
	if o.RecordDir != "" {
		p.rec = newRecorder(o.RecordDir, o.MaxRecordings)
	}
	p.idle = sync.NewCond(&p.mu)
	p.rp = &httputil.ReverseProxy{Rewrite: p.rewrite, Transport: transport(o.Transport),
		ModifyResponse: p.modifyResponse, ErrorHandler: p.tierError, ErrorLog: discardLog}
	p.workers.Add(1)
	go p.judgeLoop()
	return p, nil
}

func transport(t http.RoundTripper) http.RoundTripper {
	if t != nil {
		return t
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxResponseHeaderBytes = 64 << 10
	return tr
}

// Close stops judging, after the exchanges already queued. Requests still
// being served are forwarded but no longer judged.
func (p *Proxy) Close() {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.closed = true
	p.mu.Unlock()
	close(p.queue)
	p.workers.Wait()
}

// Wait returns once every exchange queued so far is judged, or ctx ends.
func (p *Proxy) Wait(ctx context.Context) error {
	stop := context.AfterFunc(ctx, func() {
		p.mu.Lock()
		p.idle.Broadcast()
		p.mu.Unlock()
	})
	defer stop()
	p.mu.Lock()
	defer p.mu.Unlock()
	for p.pending > 0 && ctx.Err() == nil {
		p.idle.Wait()
	}
	return ctx.Err()
}

// ServeHTTP forwards one request of the app to the tier.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	op, tmpl, ok := p.idx.Route(r.Method, r.URL.Path)
	if !ok && r.Method == http.MethodOptions {
		// A browser's CORS preflight: the tier of the path's host answers it.
		op, tmpl, ok = p.anyOperation(r.URL.Path)
	}
	if !ok {
		p.notForwarded(w, r)
		return
	}
	host := scenarios.HostOf(tmpl)
	base := p.upstream[host]
	if base == nil {
		answer(w, http.StatusBadGateway, MarkNoUpstream, fmt.Sprintf("mockdex contract proxy: no upstream for the %s host; nothing was sent", host))
		return
	}
	if wait, ok := p.limit.reserve(p.opts.MaxWait); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int((wait+time.Second-1)/time.Second)))
		answer(w, http.StatusTooManyRequests, MarkRateLimited, "mockdex contract proxy: over the rate limit toward the tier; try again later")
		return
	} else if err := p.opts.Sleep(r.Context(), wait); err != nil {
		return // the app hung up while waiting its turn
	}
	x := &exchange{op: op, tmpl: tmpl, host: host, base: base, method: r.Method, path: r.URL.Path,
		rawQuery: r.URL.RawQuery, header: r.Header.Clone()}
	x.body, x.bodyWhole = bufferBody(r, p.opts.MaxRequestBody)
	ctx, cancel := context.WithTimeout(r.Context(), p.opts.Timeout)
	defer cancel()
	p.rp.ServeHTTP(w, r.WithContext(context.WithValue(ctx, exchangeKey{}, x)))
}

// anyOperation finds an operation on path, whatever its method.
func (p *Proxy) anyOperation(path string) (op, tmpl string, ok bool) {
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch} {
		if op, tmpl, ok = p.idx.Route(m, path); ok {
			return op, tmpl, true
		}
	}
	return "", "", false
}

// bufferBody keeps up to limit bytes of the request body to replay, and
// puts them back in front of the rest, so the tier gets every byte.
func bufferBody(r *http.Request, limit int64) ([]byte, bool) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, true
	}
	buf, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	whole := err == nil && int64(len(buf)) <= limit
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(buf), r.Body), r.Body}
	if !whole {
		return nil, false
	}
	return buf, true
}

func (p *Proxy) rewrite(pr *httputil.ProxyRequest) {
	x := exchangeOf(pr.In.Context())
	pr.SetURL(x.base)
}

// modifyResponse sees the tier's answer before the app does: it notes a
// Retry-After, falls back to the mock where asked, and tees the body.
func (p *Proxy) modifyResponse(resp *http.Response) error {
	x := exchangeOf(resp.Request.Context())
	x.status, x.respHeader = resp.StatusCode, resp.Header.Clone()
	if resp.StatusCode == http.StatusTooManyRequests {
		wait, _ := contract.RetryAfter(resp.Header, p.opts.Now())
		p.limit.pause(wait)
	}
	if p.fallback(resp, x) {
		return nil
	}
	resp.Body = &tee{ReadCloser: resp.Body, p: p, x: x, keep: p.opts.MaxCapture, max: p.opts.MaxBody}
	return nil
}

// tierError answers the app when the tier gave no answer (or the run's
// deadline passed before it did): 502, or 504 for a timeout.
func (p *Proxy) tierError(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil && !errors.Is(r.Context().Err(), context.DeadlineExceeded) {
		return // the app hung up
	}
	x := exchangeOf(r.Context())
	status, what := http.StatusBadGateway, "the tier did not answer"
	if errors.Is(err, context.DeadlineExceeded) {
		status, what = http.StatusGatewayTimeout, fmt.Sprintf("the tier did not answer within %s", p.opts.Timeout)
	}
	p.col.addOwn(x, ruleRequestFailed, what+" ("+errorClass(err)+")")
	answer(w, status, MarkTierUnreachable, "mockdex contract proxy: "+what)
}

func (p *Proxy) notForwarded(w http.ResponseWriter, r *http.Request) {
	x := &exchange{method: r.Method, tmpl: "(no operation)"}
	p.col.addOwn(x, RuleUnknownOperation, "the app called a path no operation of the spec has; it was not forwarded")
	answer(w, http.StatusNotFound, MarkNotForwarded, "mockdex contract proxy: no DexCare operation has this method and path; nothing was sent")
}

// answer writes the proxy's own JSON answer, marked.
func answer(w http.ResponseWriter, status int, mark, msg string) {
	w.Header().Set(MarkHeader, mark)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = fmt.Fprintf(w, "{\"message\":%q}\n", msg)
}

// errorClass names a transport failure without its text, which carries
// the URL (and so the query, which may carry patient data).
func errorClass(err error) string {
	var ue *url.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.As(err, &ue) && ue.Timeout():
		return "timeout"
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "connection closed"
	}
	return "connection failed"
}
