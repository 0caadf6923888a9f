package contract

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mockdex/mockdex/internal/scenarios"
)

// failureRule is the rule of each way a request can fail.
var failureRule = map[FailureKind]string{
	FailStalled:     RuleStalledBeforeAnswer,
	FailBodyStalled: RuleStalledInBody,
	FailTruncated:   RuleBodyTruncated,
	FailReset:       RuleConnectionReset,
	FailTLS:         RuleTLSFailed,
	FailTooLarge:    RuleResponseTooLarge,
	FailOther:       RuleRequestFailed,
}

// sendFailure is a request that got no usable answer: a finding under
// the rule of how it failed, naming the operation, the host, the bytes
// that arrived and the time taken. The run's own deadline ending a
// request is not a finding (the scenario is listed as cut short). r.mu
// is held.
func (r *runState) sendFailure(x scenarios.Exchange, attempt int) []Finding {
	if isContextEnd(x.Err) {
		return nil
	}
	var te *TransportError
	if !errors.As(x.Err, &te) {
		// A Doer other than Client (a test's) failed.
		r.failedSends++
		f := newFinding(RuleRequestFailed, "", "an HTTP answer", x.Duration.Round(time.Millisecond).String()+" without one",
			"the request got no answer: "+r.cfg.Scrubber.Scrub(rootMessage(x.Err)))
		f.attempt = attempt
		return []Finding{f}
	}
	if te.Status != 0 {
		r.answers++ // it answered, badly: the target is reachable
	} else {
		r.failedSends++
	}
	expected := "a whole answer within --request-timeout"
	if te.Kind == FailTooLarge {
		expected = "a body within " + te.Limit
	}
	f := newFinding(failureRule[te.Kind], "", expected, te.Describe(),
		fmt.Sprintf("%s %s%s: %s", te.Method, te.Origin, te.Path, r.cfg.Scrubber.Scrub(failureWhy(te))))
	f.attempt = attempt
	return []Finding{f}
}

// failureWhy says what a transport failure means for the answer.
func failureWhy(te *TransportError) string {
	switch te.Kind {
	case FailStalled:
		return "the tier sent no answer within the request timeout"
	case FailBodyStalled:
		if te.Trickle {
			return "the body trickled in too slowly to end within the request timeout"
		}
		return "the body stopped arriving and did not end within the request timeout"
	case FailTruncated:
		return "the connection ended before the body did: the answer is cut short"
	case FailReset:
		return "the connection was reset"
	case FailTLS:
		return "the TLS handshake failed: " + rootMessage(te.Err)
	case FailTooLarge:
		return "the answer is larger than any documented answer comes near (--max-response-bytes): the rest was not read"
	}
	return "the request failed: " + rootMessage(te.Err)
}

// answerForm judges an answer against what its operation documents: a
// 3xx no spec declares (credentials are never sent after it), an HTML
// page where JSON or CSV is documented (a gateway's error page), a body
// that is not the JSON documented, text that is not UTF-8.
func (r *runState) answerForm(x scenarios.Exchange) []Finding {
	doc := r.ops.answer(x.Method, x.URL, x.Status)
	if !doc.known {
		return nil
	}
	ct := mediaType(x.RespHeader.Get("Content-Type"))
	var fs []Finding
	switch {
	case x.Status/100 == 3 && !doc.declared:
		loc := redirectTarget(x)
		fs = append(fs, newFinding(RuleUndeclaredRedirect, "", "an answer from "+originOf(x.URL), fmt.Sprintf("%d to %s", x.Status, loc),
			fmt.Sprintf("the tier redirected to %s, which no spec declares; the runner does not follow a redirect out of the origin and sends no credential or body after one", loc)))
	case isHTML(ct, x.RespBody) && !doc.documents("text/html"):
		fs = append(fs, newFinding(RuleGatewayErrorPage, "", strings.Join(doc.media, " or "), fmt.Sprintf("an HTML page (status %d)", x.Status),
			"an HTML page answered where the spec documents "+strings.Join(doc.media, " or ")+": a gateway or proxy answered, not the API"))
	case doc.documents("application/json") && len(x.RespBody) > 0 && !json.Valid(x.RespBody):
		fs = append(fs, newFinding(RuleBodyNotJSON, "", "application/json", fmt.Sprintf("%d bytes of %s that do not parse", len(x.RespBody), orUnknown(ct)),
			"the spec documents a JSON answer; the body is not JSON"))
	}
	if (strings.Contains(ct, "json") || strings.HasPrefix(ct, "text/")) && !utf8.Valid(x.RespBody) {
		fs = append(fs, newFinding(RuleInvalidUTF8, "", "UTF-8", fmt.Sprintf("an invalid byte sequence at byte %d", invalidUTF8At(x.RespBody)),
			"the body is not valid UTF-8 (JSON and CSV answers must be): a decoder replaces what it cannot read, so values may have changed"))
	}
	return fs
}

func orUnknown(ct string) string {
	if ct == "" {
		return "no content type"
	}
	return ct
}

// redirectTarget is a redirect's Location, resolved, without its query
// (which may carry a token).
func redirectTarget(x scenarios.Exchange) string {
	loc := x.RespHeader.Get("Location")
	if loc == "" {
		return "no Location"
	}
	base, err := url.Parse(x.URL)
	if err != nil {
		return "an unreadable Location"
	}
	u, err := base.Parse(loc)
	if err != nil {
		return "an unreadable Location"
	}
	out := u.Scheme + "://" + u.Host + u.Path
	if u.RawQuery != "" {
		out += " (query left out)"
	}
	return out
}

// isHTML reports whether an answer is an HTML page: by its content type,
// or by how it starts when the type says nothing useful.
func isHTML(ct string, body []byte) bool {
	if ct == "text/html" || ct == "application/xhtml+xml" {
		return true
	}
	if strings.Contains(ct, "json") || ct == "text/csv" {
		return false
	}
	head := strings.ToLower(strings.TrimSpace(string(body[:min(len(body), 64)])))
	return strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html")
}

func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}
