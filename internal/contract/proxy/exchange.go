package proxy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"time"

	"github.com/mockdex/mockdex/internal/scenarios"
)

// discardLog keeps net/http/httputil from logging: its messages carry
// URLs, and so queries.
var discardLog = log.New(io.Discard, "", 0)

// exchange is one request of the app and the tier's answer, as the
// judging worker needs them. Fields set before the tier answers are read
// only after; the tee hands the exchange to the worker when the body ends.
type exchange struct {
	op, tmpl string
	host     scenarios.Host
	base     *url.URL
	method   string
	path     string
	rawQuery string
	header   http.Header
	// body is the request body when it was kept whole (bodyWhole).
	body      []byte
	bodyWhole bool

	status     int
	respHeader http.Header
	// respBody is the answer's first bytes; respWhole says they are all.
	respBody  []byte
	respWhole bool
	tooLarge  bool // cut at MaxBody
}

type exchangeKey struct{}

func exchangeOf(ctx context.Context) *exchange {
	x, _ := ctx.Value(exchangeKey{}).(*exchange)
	if x == nil {
		x = &exchange{}
	}
	return x
}

// requestURL is the request as the spec sees it: the app's path and query.
func (x *exchange) requestURL() string {
	u := "http://tier" + x.path
	if x.rawQuery != "" {
		u += "?" + x.rawQuery
	}
	return u
}

// scenario is the exchange as the contract judge takes it.
func (x *exchange) scenario() scenarios.Exchange {
	return scenarios.Exchange{Method: x.method, URL: x.requestURL(), Header: x.header, Body: x.body,
		Status: x.status, RespHeader: x.respHeader, RespBody: x.respBody}
}

// errTooLarge cuts an answer past MaxBody.
var errTooLarge = errors.New("the answer is larger than the proxy passes on")

// tee passes the tier's answer through, keeping its first keep bytes to
// judge, and cuts it past max. When the body ends (or is closed) the
// exchange goes to the judging worker.
type tee struct {
	io.ReadCloser
	p         *Proxy
	x         *exchange
	keep, max int64
	n         int64
	eof, done bool
}

func (t *tee) Read(b []byte) (int, error) {
	n, err := t.ReadCloser.Read(b)
	if over := t.n + int64(n) - t.max; over > 0 {
		n -= int(over)
		t.x.tooLarge = true
		err = errTooLarge
	}
	if room := t.keep - int64(len(t.x.respBody)); room > 0 && n > 0 {
		t.x.respBody = append(t.x.respBody, b[:min(int64(n), room)]...)
	}
	t.n += int64(n)
	if err == io.EOF {
		t.eof = true
	}
	return n, err
}

func (t *tee) Close() error {
	err := t.ReadCloser.Close()
	if !t.done {
		t.done = true
		t.x.respWhole = t.eof && t.n <= t.keep
		t.p.finished(t.x)
	}
	return err
}

// finished queues an exchange for judging, or counts it as not judged
// when the queue is full.
func (p *Proxy) finished(x *exchange) {
	if x.tooLarge {
		p.col.addOwn(x, RuleAnswerTooLarge, fmt.Sprintf("the answer was cut after %d bytes (MaxBody); the app got it incomplete", p.opts.MaxBody))
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	select {
	case p.queue <- x:
		p.pending++
	default:
		p.col.countUnjudged()
	}
}

// fallback replaces a 404 or 501 of the tier for an operation the spec
// has by the mock's answer, when the mock serves it; it reports whether
// it did.
func (p *Proxy) fallback(resp *http.Response, x *exchange) bool {
	if !p.opts.Fallback || p.opts.Mock == nil || !x.bodyWhole ||
		(resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusNotImplemented) {
		return false
	}
	m := p.ask(p.opts.Mock, x, false)
	if m.Status == http.StatusNotFound || m.Status == http.StatusNotImplemented {
		return false // the mock lacks it too: the tier's answer stands
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	resp.StatusCode, resp.Status = m.Status, fmt.Sprintf("%d %s", m.Status, http.StatusText(m.Status))
	resp.Header = m.RespHeader.Clone()
	resp.Header.Set(MarkHeader, MarkAnsweredByMock)
	resp.Header.Del("Content-Length")
	resp.ContentLength = int64(len(m.RespBody))
	resp.Body = io.NopCloser(bytes.NewReader(m.RespBody))
	p.col.addOwn(x, RuleAnsweredByMock, fmt.Sprintf("the tier answered %d for an operation the spec has; the mock answered the app instead", x.status))
	return true
}

// ask sends the exchange's request to an in-process mock, with the
// mock's credentials in place of the app's (a wrong one where the tier
// refused the app's), and returns its answer.
func (p *Proxy) ask(h http.Handler, x *exchange, refused bool) scenarios.Exchange {
	target := x.path
	if x.rawQuery != "" {
		target += "?" + x.rawQuery
	}
	out := scenarios.Exchange{Method: x.method, URL: "http://mock" + target}
	req, err := http.NewRequestWithContext(context.Background(), x.method, out.URL, bytes.NewReader(x.body))
	if err != nil {
		out.Err = err
		return out
	}
	req.RemoteAddr = "127.0.0.1:1"
	req.Header = p.mockHeaders(x.header, refused)
	out.Header = req.Header
	rec := httptest.NewRecorder()
	began := time.Now()
	h.ServeHTTP(rec, req)
	out.Duration = time.Since(began)
	out.Status, out.RespHeader, out.RespBody = rec.Code, rec.Header(), rec.Body.Bytes()
	return out
}
