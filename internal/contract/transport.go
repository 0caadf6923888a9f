package contract

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"syscall"
	"time"
)

// FailureKind names how a request failed to get a usable answer; each
// kind is a finding under its own rule (failureRule).
type FailureKind string

// The ways a tier can fail a request.
const (
	// FailStalled: no answer (status line and headers) within the request timeout.
	FailStalled FailureKind = "stalled"
	// FailBodyStalled: the answer began, but its body did not end within
	// the request timeout (stopped, or trickling).
	FailBodyStalled FailureKind = "body-stalled"
	// FailTruncated: the connection ended before the body's declared end.
	FailTruncated FailureKind = "truncated"
	// FailReset: the connection was reset or closed without an answer.
	FailReset FailureKind = "reset"
	// FailTLS: the TLS handshake failed (an untrusted certificate...).
	FailTLS FailureKind = "tls"
	// FailTooLarge: the body passed --max-response-bytes, or its JSON the
	// bounds a decode is held to (MaxJSONValues, MaxJSONDepth).
	FailTooLarge FailureKind = "too-large"
	// FailOther: anything else (a refused connection, a name that does
	// not resolve, a body that does not decompress).
	FailOther FailureKind = "failed"
)

// TransportError is a request that got no usable answer: which request,
// from which origin, what arrived and how long it took. It never holds a
// credential (it names the URL's origin and path, not its query).
type TransportError struct {
	Kind   FailureKind
	Method string
	Origin string // scheme://host[:port]
	Path   string
	// Status is the answer's status when one began (0: none did).
	Status int
	// Received counts the body's bytes read; Declared is its
	// Content-Length (-1: not declared).
	Received, Declared int64
	Elapsed            time.Duration
	// Trickle says bytes were still arriving when the timeout ended it.
	Trickle bool
	// Limit says which bound a FailTooLarge answer passed.
	Limit string
	Err   error
}

func (e *TransportError) Error() string {
	return fmt.Sprintf("%s %s%s: %s", e.Method, e.Origin, e.Path, e.Describe())
}

// AnswerStatus is the status of the answer that began (0: none did), for
// callers that do not import this package (the mirror).
func (e *TransportError) AnswerStatus() int { return e.Status }

// Unwrap gives the underlying error (a timeout, a reset...).
func (e *TransportError) Unwrap() error { return e.Err }

// Describe says what happened in words a report can show: what arrived,
// after how long, and why it is not an answer.
func (e *TransportError) Describe() string {
	took := elapsed(e.Elapsed)
	switch e.Kind {
	case FailStalled:
		return fmt.Sprintf("no answer within %s", took)
	case FailBodyStalled:
		how := "then nothing more"
		if e.Trickle {
			how = "still trickling in"
		}
		return fmt.Sprintf("status %d, then %s of the body in %s, %s", e.Status, e.bytes(), took, how)
	case FailTruncated:
		return fmt.Sprintf("status %d, then the connection ended after %s of the body, in %s", e.Status, e.bytes(), took)
	case FailReset:
		if e.Status > 0 {
			return fmt.Sprintf("status %d, then the connection was reset after %s of the body, in %s", e.Status, e.bytes(), took)
		}
		return fmt.Sprintf("the connection was reset or closed without an answer, in %s", took)
	case FailTLS:
		return fmt.Sprintf("the TLS handshake failed in %s: %s", took, rootMessage(e.Err))
	case FailTooLarge:
		return fmt.Sprintf("status %d, a body over %s; %s read in %s, the rest refused", e.Status, e.Limit, byteCount(e.Received), took)
	}
	return fmt.Sprintf("no usable answer in %s: %s", took, rootMessage(e.Err))
}

// elapsed shows a duration to the millisecond, or to a tenth of one
// under a second: a failure can come fast.
func elapsed(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
	}
	return d.Round(time.Millisecond).String()
}

func (e *TransportError) bytes() string {
	if e.Declared >= 0 {
		return fmt.Sprintf("%d of %d declared bytes", e.Received, e.Declared)
	}
	return byteCount(e.Received)
}

func byteCount(n int64) string {
	switch {
	case n == 1:
		return "1 byte"
	case n >= 1<<20:
		return fmt.Sprintf("%d bytes (%.1f MiB)", n, float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}

// rootMessage is the innermost error's text: the URL and method are
// already named, and some wrappers repeat them.
func rootMessage(err error) string {
	if err == nil {
		return "unknown error"
	}
	for {
		var ue *url.Error
		if errors.As(err, &ue) && ue.Err != nil {
			err = ue.Err
			continue
		}
		break
	}
	return err.Error()
}

// classify names the kind of a transport failure. Timeouts are told
// apart by the caller, which knows whether the attempt's own deadline
// ended it.
func classify(err error, answered bool) FailureKind {
	var certErr *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var recErr tls.RecordHeaderError
	var alert tls.AlertError
	switch {
	case errors.As(err, &certErr), errors.As(err, &unknownCA), errors.As(err, &hostErr), errors.As(err, &recErr), errors.As(err, &alert):
		return FailTLS
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE), errors.Is(err, net.ErrClosed):
		return FailReset
	case answered && errors.Is(err, io.ErrUnexpectedEOF):
		return FailTruncated
	case !answered && (errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)):
		return FailReset
	}
	return FailOther
}

// NewHTTPClient is the HTTP client a run or a mirror sends through: it
// never follows a redirect (Client decides, within one origin only, so
// no credential or body reaches another), and it bounds the answer's
// headers. Proxies come from the environment, as for any Go program.
func NewHTTPClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxResponseHeaderBytes = maxHeaderBytes
	tr.TLSHandshakeTimeout = 10 * time.Second
	return &http.Client{Transport: tr, CheckRedirect: noRedirects}
}

// maxHeaderBytes bounds an answer's status line and headers.
const maxHeaderBytes = 1 << 20

func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// withoutRedirects makes sure a Doer that is an *http.Client does not
// follow redirects by itself (http.DefaultClient does, and passes custom
// headers such as x-api-key to any host, and Authorization to another
// port of the same one).
func withoutRedirects(d interface {
	Do(*http.Request) (*http.Response, error)
}) interface {
	Do(*http.Request) (*http.Response, error)
} {
	hc, ok := d.(*http.Client)
	if !ok {
		return d
	}
	c := *hc
	c.CheckRedirect = noRedirects
	return &c
}

// attemptError turns a failed send or body read into a TransportError,
// unless it is the caller's own context ending (the run's deadline),
// which is returned as it is.
func attemptError(parent, attempt context.Context, req *http.Request, err error, status int, received, declared int64, began, lastByte time.Time) error {
	if parent.Err() != nil {
		return parent.Err()
	}
	te := &TransportError{Method: req.Method, Origin: origin(req.URL), Path: req.URL.Path, Status: status,
		Received: received, Declared: declared, Elapsed: time.Since(began), Err: err}
	switch {
	case attempt.Err() != nil && status == 0:
		te.Kind = FailStalled
	case attempt.Err() != nil:
		te.Kind = FailBodyStalled
		te.Trickle = !lastByte.IsZero() && time.Since(lastByte) < te.Elapsed/4
	default:
		te.Kind = classify(err, status != 0)
	}
	return te
}

// origin is a URL's scheme, host and port: what a credential is bound to.
func origin(u *url.URL) string {
	return u.Scheme + "://" + u.Host
}

// sameOrigin reports whether two URLs share scheme, host and port (an
// omitted port is the scheme's default).
func sameOrigin(a, b *url.URL) bool {
	return a.Scheme == b.Scheme && a.Hostname() == b.Hostname() && portOf(a) == portOf(b)
}

func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if u.Scheme == "https" {
		return "443"
	}
	return "80"
}
