package contract

import "fmt"

// Rule ids are stable: CI configurations and dashboards key on them.
const (
	RuleMissingField        = "missing-field"
	RuleUndeclaredField     = "undeclared-field"
	RuleTypeChanged         = "type-changed"
	RuleStatusChanged       = "status-changed"
	RuleNewEnumValue        = "new-enum-value"
	RuleErrorMessageChanged = "error-message-changed"
	RuleSchemaViolation     = "schema-violation"
	RuleStepFailed          = "step-failed"
	RuleLatencyOverBudget   = "latency-over-budget"
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
	RuleUndeclaredField:     Warning, // Breaking where the schema forbids extras (see validate.go)
	RuleTypeChanged:         Breaking,
	RuleStatusChanged:       Breaking,
	RuleNewEnumValue:        Warning,
	RuleErrorMessageChanged: Warning,
	RuleSchemaViolation:     Breaking,
	RuleStepFailed:          Breaking,
	RuleLatencyOverBudget:   Warning,
}

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
	Pointer     string   `json:"pointer"`
	Expected    string   `json:"expected,omitempty"`
	Seen        string   `json:"seen,omitempty"`
	Message     string   `json:"message"`
	// Reproduce is a curl command with secrets as $DEXCARE_... names.
	Reproduce     string `json:"reproduce,omitempty"`
	CorrelationID string `json:"correlationId,omitempty"`
}

func newFinding(rule, pointer, expected, seen, msg string) Finding {
	return Finding{Rule: rule, Severity: ruleSeverity[rule], Pointer: pointer, Expected: expected, Seen: seen, Message: msg}
}
