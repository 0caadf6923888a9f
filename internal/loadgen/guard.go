package loadgen

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// ErrNotLoopback refuses a target outside this machine: this workplace
// forbids load against any other address.
var ErrNotLoopback = errors.New("this workplace forbids load against other addresses; use 127.0.0.0/8, ::1 or localhost")

// CheckLoopback accepts an http(s) base URL whose host is localhost or a
// loopback IP literal. Names other than localhost are refused rather than
// resolved, so a DNS answer can never send load elsewhere.
func CheckLoopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("--url %q is not an absolute URL", raw)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("--url scheme %q: want http or https", u.Scheme)
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("--url host %q: %w", host, ErrNotLoopback)
}
