package faults

import (
	"slices"
	"strings"
)

// statusBadGateway is a gateway page's status unless the fault gives one
// (the package stays clear of net/http, which the world must not reach).
const statusBadGateway = 502

// settleKind fills in the kind a fault without one has, and refuses an
// unknown one.
func (f *Fault) settleKind() error {
	switch {
	case f.Kind == "" && f.Status != 0:
		f.Kind = KindStatus
	case f.Kind == "":
		f.Kind = KindDelay
	case !slices.Contains(kinds, f.Kind):
		names := make([]string, len(kinds))
		for i, k := range kinds {
			names[i] = string(k)
		}
		return refuse("'kind' %q is not a kind of fault: %s", clip(string(f.Kind)), strings.Join(names, ", "))
	case f.Kind == KindGatewayPage && f.Status == 0:
		f.Status = statusBadGateway
	}
	return nil
}

// check refuses faults that would do nothing or cannot be written.
func check(f Fault) error {
	if err := checkCommon(f); err != nil {
		return err
	}
	switch f.Kind {
	case KindStatus:
		return checkStatus(f)
	case KindDelay:
		if f.Delay.IsZero() {
			return refuse("a fault needs a 'status', a 'delay' or both, or a 'kind'")
		}
		if f.Body != nil || len(f.Headers) > 0 {
			return refuse("'body' needs a 'status' to be sent with ('headers' too), or a kind that shapes the answer")
		}
		return nil
	case KindReset:
		return only(f, "a reset", "status", "body", "headers")
	case KindGatewayPage:
		if f.Status < 400 {
			return refuse("'status' of a gateway-page must be from 400 to 599")
		}
		return only(f, "a gateway-page", "body")
	}
	if f.Body != nil && f.Status == 0 {
		return refuse("'body' needs a 'status' to be sent with: without one, the %s shapes the operation's own answer", f.Kind)
	}
	if f.Kind == KindSlowBody && (f.BytesPerSecond < 1 || f.BytesPerSecond > MaxBytesPerSecond) {
		return refuse("a slow-body needs 'bytesPerSecond' from 1 to %d", MaxBytesPerSecond)
	}
	return nil
}

func checkCommon(f Fault) error {
	switch {
	case f.Status != 0 && (f.Status < 200 || f.Status > 599):
		return refuse("'status' must be an HTTP status from 200 to 599")
	case f.Times != nil && *f.Times < 1:
		return refuse("'times' must be at least 1, or omitted for a fault that stays until removed")
	case f.Probability < 0 || f.Probability > 1:
		return refuse("'probability' must be from 0 to 1")
	case f.BytesPerSecond != 0 && f.Kind != KindSlowBody:
		return refuse("'bytesPerSecond' is for a slow-body fault only")
	}
	return checkHeaders(f.Headers)
}

func checkStatus(f Fault) error {
	switch {
	case f.Status == 0:
		return refuse("a fault of kind status needs a 'status'")
	case f.Status < 400 && f.Body == nil:
		return refuse("a 'status' below 400 needs a 'body': the default body is the operation's error shape")
	}
	return nil
}

// only refuses the fields a kind cannot use.
func only(f Fault, what string, unused ...string) error {
	set := map[string]bool{"status": f.Status != 0, "body": f.Body != nil, "headers": len(f.Headers) > 0}
	for _, name := range unused {
		if set[name] {
			return refuse("'%s' has no use in %s: it sends no answer of its own", name, what)
		}
	}
	return nil
}

// framing are the headers net/http owns: a fault setting them could not
// be written as it says.
var framing = []string{"Content-Length", "Transfer-Encoding", "Connection", "Trailer", "Upgrade"}

func checkHeaders(h map[string]string) error {
	if len(h) > maxPairs {
		return refuse("'headers' may hold at most %d entries", maxPairs)
	}
	for k, v := range h {
		switch {
		case !headerName.MatchString(k):
			return refuse("'headers' name %q is not a header name", clip(k))
		case strings.ContainsAny(v, "\r\n\x00") || len(v) > maxText:
			return refuse("'headers' %s: the value must be one line of at most %d bytes", k, maxText)
		case slices.Contains(framing, canonicalHeader(k)):
			return refuse("'headers' may not set %s: mockdex frames the answer (use a kind such as truncated-body to break it)", canonicalHeader(k))
		}
	}
	return nil
}
