package contract

import (
	"fmt"

	"github.com/mockdex/mockdex/internal/scenarios"
)

// Rule ids are stable: CI configurations and dashboards key on them.
// The behaviour checks' ids are the scenarios package's (filter-not-applied,
// page-overlap, job-stuck, ...), listed in ruleSeverity below.
const (
	RuleMissingField        = "missing-field"
	RuleUndeclaredField     = "undeclared-field"
	RuleTypeChanged         = "type-changed"
	RuleStatusChanged       = "status-changed"
	RuleNewEnumValue        = "new-enum-value"
	RuleErrorMessageChanged = "error-message-changed"
	RuleSchemaViolation     = "schema-violation"
	RulePublishedViolation  = "published-schema-violation"
	RuleValueFormChanged    = "value-form-changed"
	RuleStepFailed          = scenarios.RuleStepFailed
	RuleLatencyOverBudget   = "latency-over-budget"
	RuleRequestFailed       = "request-failed"
	RuleRunDeadline         = "run-deadline"
	RuleCSVColumnDropped    = "csv-column-dropped"
	RuleCSVColumnAdded      = "csv-column-added"
	RuleCSVColumnRenamed    = "csv-column-renamed"
	RuleCSVColumnReordered  = "csv-column-reordered"
	RuleCSVValueForm        = "csv-value-form"

	// Data, not shape: one side lists entries where the other lists none,
	// so the entries' fields could not be compared. The rule names the
	// side that lacks the data.
	RuleMockLacksData   = "mock-lacks-data"   // the target lists entries; the mock's world has none there (its fixtures lack them)
	RuleTargetLacksData = "target-lacks-data" // the mock lists entries; the target has none there

	// A tier that fails a request: each way is a rule of its own, and
	// the finding names the operation, the host, the bytes that arrived
	// and the time taken.
	RuleStalledBeforeAnswer = "stalled-before-answer" // no status line within --request-timeout
	RuleStalledInBody       = "stalled-in-body"       // the body stopped (or trickled) past --request-timeout
	RuleBodyTruncated       = "body-truncated"        // the connection ended before the body's declared end
	RuleConnectionReset     = "connection-reset"      // the connection was reset or closed without an answer
	RuleTLSFailed           = "tls-failed"            // the TLS handshake failed
	RuleResponseTooLarge    = "response-too-large"    // a body over --max-response-bytes, or JSON past the decode bounds
	RuleBodyNotJSON         = "body-not-json"         // the spec documents JSON; the body is not JSON
	RuleInvalidUTF8         = "invalid-utf8"          // a JSON or text body that is not valid UTF-8
	RuleGatewayErrorPage    = "gateway-error-page"    // an HTML page where the spec documents JSON or CSV: a gateway answered
	RuleUndeclaredRedirect  = "undeclared-redirect"   // a 3xx no spec declares; names its Location
	RuleRetried             = "retried"               // the tier needed retries (429, 502, 503, 504) to answer

	// The shadow proxy's own (contract proxy, internal/contract/proxy).
	RuleAnsweredByMock   = "answered-by-mock"  // the tier answered 404 or 501 for an operation the spec has; the mock answered the app
	RuleOperationUnknown = "operation-unknown" // the app called a path no operation of the spec has; not forwarded
	RuleAnswerTooLarge   = "answer-too-large"  // an answer passed the proxy's byte bound and was cut
	RuleNotJudged        = "not-judged"        // exchanges the proxy could not judge, findings it could not keep
)

// Severity orders findings for --fail-on.
type Severity int

// Severities, least first.
const (
	Info Severity = iota + 1
	Warning
	Breaking
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Breaking:
		return "breaking"
	}
	return "unknown"
}

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity's name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, ok := ParseSeverity(string(b))
	if !ok {
		return fmt.Errorf("unknown severity %q", b)
	}
	*s = v
	return nil
}

// ParseSeverity reads "breaking", "warning" or "info".
func ParseSeverity(s string) (Severity, bool) {
	for _, v := range []Severity{Info, Warning, Breaking} {
		if v.String() == s {
			return v, true
		}
	}
	return 0, false
}

// ruleSeverity is each rule's default severity.
var ruleSeverity = map[string]Severity{
	RuleMissingField:        Breaking,
	RuleUndeclaredField:     Warning, // Breaking where an unpublished operation's schema forbids extras
	RuleTypeChanged:         Breaking,
	RuleStatusChanged:       Breaking,
	RuleNewEnumValue:        Warning,
	RuleErrorMessageChanged: Warning,
	RuleSchemaViolation:     Breaking, // Warning where DexCare publishes the operation: its file is the judge
	RulePublishedViolation:  Breaking,
	RuleValueFormChanged:    Breaking,
	RuleStepFailed:          Breaking,
	RuleLatencyOverBudget:   Breaking,
	RuleRequestFailed:       Breaking,
	RuleRunDeadline:         Breaking,
	RuleCSVColumnDropped:    Breaking,
	RuleCSVColumnAdded:      Breaking,
	RuleCSVColumnRenamed:    Breaking,
	RuleCSVColumnReordered:  Breaking,
	RuleCSVValueForm:        Breaking,
	RuleMockLacksData:       Warning, // the app's tests run against less than the tier holds
	RuleTargetLacksData:     Info,    // a tier with nothing there today (no free slot) is common
	RuleStalledBeforeAnswer: Breaking,
	RuleStalledInBody:       Breaking,
	RuleBodyTruncated:       Breaking,
	RuleConnectionReset:     Breaking,
	RuleTLSFailed:           Breaking,
	RuleResponseTooLarge:    Breaking,
	RuleBodyNotJSON:         Breaking,
	RuleInvalidUTF8:         Breaking,
	RuleGatewayErrorPage:    Breaking,
	RuleUndeclaredRedirect:  Breaking,
	RuleRetried:             Warning,
	RuleRequestViolation:    Warning,
	RuleAnsweredByMock:      Warning,
	RuleOperationUnknown:    Warning,
	RuleAnswerTooLarge:      Breaking,
	RuleNotJudged:           Info,

	scenarios.RuleFilterNotApplied:    Breaking,
	scenarios.RuleFilterMissesRows:    Breaking,
	scenarios.RuleFilterCaseSensitive: Breaking,
	scenarios.RuleCountMismatch:       Breaking,
	scenarios.RulePageOverlap:         Breaking,
	scenarios.RulePageGap:             Breaking,
	scenarios.RuleOffsetIgnored:       Breaking,
	scenarios.RuleJobStuck:            Breaking,
	scenarios.RuleStatusMachine:       Breaking,
	scenarios.RuleCSVRowOutsideWindow: Breaking,
	scenarios.RuleVisitReadByOther:    Breaking,
	scenarios.RuleOwnerCannotRead:     Breaking,
	scenarios.RuleInconclusive:        Warning,
	scenarios.RuleSlotStillListed:     Breaking,
	scenarios.RuleSlotNotRestored:     Breaking,
	scenarios.RuleSearchContext:       Breaking,
	scenarios.RuleEventNotAccepted:    Breaking,
	scenarios.RuleEventNotRecorded:    Breaking,
}

// severityOf is a rule's default severity; a rule the table lacks (an
// oasdiff check id) is a warning.
func severityOf(rule string) Severity {
	if s, ok := ruleSeverity[rule]; ok {
		return s
	}
	return Warning
}

// SeverityOf is a rule's default severity (a warning for a rule the
// table lacks).
func SeverityOf(rule string) Severity { return severityOf(rule) }

// Rules lists the rule ids with their severities, for docs and `contract list`.
func Rules() map[string]Severity {
	out := make(map[string]Severity, len(ruleSeverity))
	for k, v := range ruleSeverity {
		out[k] = v
	}
	return out
}

// Finding is one difference between what the target did and what the
// spec or the mock says it should.
type Finding struct {
	Rule        string   `json:"rule"`
	Severity    Severity `json:"severity"`
	Scenario    string   `json:"scenario"`
	Step        string   `json:"step"`
	OperationID string   `json:"operationId,omitempty"`
	// Host is the origin (scheme://host:port) the exchange went to.
	Host     string `json:"host,omitempty"`
	Pointer  string `json:"pointer"`
	Expected string `json:"expected,omitempty"`
	Seen     string `json:"seen,omitempty"`
	Message  string `json:"message"`
	// Reproduce is a curl command with secrets as $DEXCARE_... names.
	Reproduce     string `json:"reproduce,omitempty"`
	CorrelationID string `json:"correlationId,omitempty"`
	// Also lists the rules that saw the same cause and were folded into
	// this finding (a status change also breaks the schema and the
	// step's expectation).
	Also []string `json:"also,omitempty"`
	// Elsewhere lists the other scenario › step places the same cause
	// showed (one drift in a shared operation is one finding).
	Elsewhere []string `json:"elsewhere,omitempty"`
	// App says whether the app whose usage profile scoped the run
	// depends on this finding; nil for a run without one.
	App *AppScope `json:"app,omitempty"`

	attempt   int    // the exchange of the step it concerns (1-based; 0: the last)
	renamedTo string // a missing field's likely new name (pairRenames)
}

func newFinding(rule, pointer, expected, seen, msg string) Finding {
	return Finding{Rule: rule, Severity: severityOf(rule), Pointer: pointer, Expected: expected, Seen: seen, Message: msg}
}
