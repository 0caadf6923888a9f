package hostile

import (
	"net/http"
	"slices"
	"strings"
)

// Case is one way a tier misbehaves, on the requests it matches; every
// other request passes through to the upstream.
type Case struct {
	Name string
	// What says what the tier does, for test names and docs.
	What string
	// Rule is the rule id the contract runner must report it under.
	Rule string
	// Unreachable: the tier answers nothing usable at all, and a run ends
	// with the documented exit for an unreachable target (3).
	Unreachable bool
	// Scenarios is a --run expression naming scenarios that meet the
	// misbehaving operation; Writes says they need --allow-writes.
	Scenarios string
	Writes    bool
	// Args are the extra flags the case is run with.
	Args []string
	// Oversized marks a body far larger than a run may hold in memory.
	Oversized bool

	match func(*http.Request) bool
	act   func(t *Tier, w http.ResponseWriter, r *http.Request)
	tls   bool
}

// On is the case misbehaving on the requests match accepts instead.
func (c Case) On(match func(*http.Request) bool) Case {
	if c.match != nil {
		c.match = match
	}
	return c
}

// The operations the cases misbehave on, and the scenarios that meet them.
var (
	// Modalities is a GET of a JSON list (qualifiers-and-modalities).
	Modalities = func(r *http.Request) bool { return r.Method == http.MethodGet && r.URL.Path == "/api/9/modalities" }
	// AVRStart is a POST with a JSON answer (avr-virtual's start).
	AVRStart = func(r *http.Request) bool {
		return r.Method == http.MethodPost && r.URL.Path == "/api/8/reporting/allvisitsreport"
	}
	// AVRStatus is the polled job status (avr-virtual's poll).
	AVRStatus = func(r *http.Request) bool {
		return r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/api/8/reporting/allvisitsreport/") && !strings.HasSuffix(r.URL.Path, "/data")
	}
	// AVRData is the CSV download (avr-virtual's csv).
	AVRData = func(r *http.Request) bool {
		return r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/api/8/reporting/allvisitsreport/") && strings.HasSuffix(r.URL.Path, "/data")
	}
	// APICall is any request to an API path (not a probe of the root).
	APICall = func(r *http.Request) bool {
		return strings.HasPrefix(r.URL.Path, "/api/") || strings.HasPrefix(r.URL.Path, "/v1/") || strings.HasPrefix(r.URL.Path, "/v5/")
	}
)

const (
	modalitiesRun = "^qualifiers-and-modalities$"
	avrRun        = "^avr-virtual$"
	// redirectRun sends a patient's token and data (a visit), a
	// reporting key and an x-api-key: what a redirect must not carry off.
	redirectRun = "^(virtual-visit|avr-virtual|slots-search)$"
)

// The rule ids the cases expect (the contract package's; restated so
// this package stays below it).
const (
	ruleStalledBeforeAnswer = "stalled-before-answer"
	ruleStalledInBody       = "stalled-in-body"
	ruleBodyTruncated       = "body-truncated"
	ruleConnectionReset     = "connection-reset"
	ruleTLSFailed           = "tls-failed"
	ruleResponseTooLarge    = "response-too-large"
	ruleInvalidUTF8         = "invalid-utf8"
	ruleBodyNotJSON         = "body-not-json"
	ruleGatewayErrorPage    = "gateway-error-page"
	ruleUndeclaredRedirect  = "undeclared-redirect"
	ruleStatusChanged       = "status-changed"
)

// Cases lists every way the hostile tier misbehaves.
func Cases() []Case {
	return []Case{
		{Name: "stall-before-answer", What: "modalities never answer", Rule: ruleStalledBeforeAnswer, Scenarios: modalitiesRun,
			match: Modalities, act: stallBeforeAnswer},
		{Name: "stall-in-body", What: "modalities send 7 of 100 bytes, then nothing", Rule: ruleStalledInBody, Scenarios: modalitiesRun,
			match: Modalities, act: stallInBody},
		{Name: "trickle", What: "the AVR CSV comes a byte every 100 ms", Rule: ruleStalledInBody, Scenarios: avrRun,
			match: AVRData, act: trickle},
		{Name: "truncated", What: "an AVR status declares its length and ends after 2 bytes", Rule: ruleBodyTruncated, Scenarios: avrRun,
			match: AVRStatus, act: truncate},
		{Name: "reset", What: "the AVR start is reset after its headers", Rule: ruleConnectionReset, Scenarios: avrRun,
			match: AVRStart, act: reset},
		{Name: "redirect-other-origin", What: "every API call is a 307 to another host", Rule: ruleUndeclaredRedirect, Scenarios: redirectRun,
			Writes: true, Args: []string{"--follow-redirects"}, match: APICall, act: redirect(http.StatusTemporaryRedirect, otherOrigin)},
		{Name: "redirect-other-port", What: "every API call is a 302 to another port of the tier's host", Rule: ruleUndeclaredRedirect,
			Scenarios: redirectRun, Writes: true, Args: []string{"--follow-redirects"}, match: APICall, act: redirect(http.StatusFound, otherPort)},
		{Name: "oversized-body", What: "modalities stream 500 MB", Rule: ruleResponseTooLarge, Scenarios: modalitiesRun, Oversized: true,
			match: Modalities, act: oversized},
		{Name: "json-array-50mb", What: "modalities stream a valid 50 MB JSON array", Rule: ruleResponseTooLarge, Scenarios: modalitiesRun,
			Oversized: true, match: Modalities, act: jsonArray(false)},
		{Name: "json-array-50mb-within-the-byte-cap", What: "a declared 50 MB JSON array, with the byte cap raised past it: the decode bounds refuse it",
			Rule: ruleResponseTooLarge, Scenarios: modalitiesRun, Args: []string{"--max-response-bytes", "67108864"}, Oversized: true,
			match: Modalities, act: jsonArray(true)},
		{Name: "gzip-bomb", What: "modalities are 256 KB of gzip that inflate to 256 MB", Rule: ruleResponseTooLarge, Scenarios: modalitiesRun,
			Oversized: true, match: Modalities, act: gzipBomb},
		{Name: "invalid-utf8", What: "modalities hold a byte that is not UTF-8", Rule: ruleInvalidUTF8, Scenarios: modalitiesRun,
			match: Modalities, act: invalidUTF8},
		{Name: "not-json", What: "modalities are 200 application/json, and the body is not JSON", Rule: ruleBodyNotJSON, Scenarios: modalitiesRun,
			match: Modalities, act: notJSON},
		{Name: "gateway-html-502", What: "modalities are a gateway's HTML 502 page", Rule: ruleGatewayErrorPage, Scenarios: modalitiesRun,
			match: Modalities, act: gatewayPage},
		{Name: "rate-limited", What: "modalities are 429 with Retry-After: 30, every time", Rule: ruleStatusChanged, Scenarios: modalitiesRun,
			match: Modalities, act: rateLimited},
		{Name: "tls-untrusted", What: "the tier serves TLS under a certificate nobody trusts", Rule: ruleTLSFailed, Unreachable: true,
			Scenarios: modalitiesRun, tls: true},
	}
}

// Lookup finds a case by name.
func Lookup(name string) (Case, bool) {
	all := Cases()
	i := slices.IndexFunc(all, func(c Case) bool { return c.Name == name })
	if i < 0 {
		return Case{}, false
	}
	return all[i], true
}
