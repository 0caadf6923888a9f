package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/mockdex/mockdex/internal/contract"
)

// deps are what the commands reach tiers through. The zero value is the
// real world; tests replace the transport (a tier served in process, so
// a test can run on a fake clock) and the waits between retries.
type deps struct {
	// transport carries every request (nil: contract.NewHTTPClient's own).
	transport http.RoundTripper
	// sleep waits before a retry (nil: a real wait).
	sleep func(context.Context, time.Duration) error
	// stop, when set, stops contract proxy instead of a signal; listening
	// is told the address it listens on.
	stop      context.Context
	listening func(addr string)
}

// httpClient never follows a redirect: contract.Client decides, within
// one origin only.
func (d deps) httpClient(roots *x509.CertPool) *http.Client {
	c := contract.NewHTTPClient()
	if d.transport != nil {
		c.Transport = d.transport
	} else if roots != nil {
		c.Transport.(*http.Transport).TLSClientConfig = &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
	}
	return c
}

// trustedRoots are the system's authorities and those in the PEM file
// caCert; nil (the system's alone) when caCert is "".
func trustedRoots(caCert string) (*x509.CertPool, error) {
	if caCert == "" {
		return nil, nil
	}
	b, err := os.ReadFile(caCert)
	if err != nil {
		return nil, fmt.Errorf("--ca-cert: %w", err)
	}
	roots, err := x509.SystemCertPool()
	if err != nil {
		roots = x509.NewCertPool()
	}
	if !roots.AppendCertsFromPEM(b) {
		return nil, fmt.Errorf("--ca-cert %s: no PEM certificate in it", caCert)
	}
	return roots, nil
}

// clientOptions are the flags every tier client shares.
type clientOptions struct {
	rps             float64
	timeout         time.Duration
	maxBytes        int64
	followRedirects bool
	roots           *x509.CertPool // nil: the system's
}

// tierClient is the rate-limited, retrying, bounded client of a run or
// a mirror.
func (d deps) tierClient(o clientOptions) *contract.Client {
	return &contract.Client{Next: d.httpClient(o.roots), RPS: o.rps, Timeout: o.timeout, Retries: 3, Backoff: time.Second,
		MaxBytes: o.maxBytes, FollowRedirects: o.followRedirects, Sleep: d.sleep}
}

// probeClient reaches a host once, to see it answers: no rate limit, no
// retries, the same bounds.
func (d deps) probeClient(o clientOptions) *contract.Client {
	return &contract.Client{Next: d.httpClient(o.roots), Timeout: o.timeout, MaxBytes: o.maxBytes, Sleep: d.sleep}
}
