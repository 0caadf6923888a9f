package contract

import (
	"sort"
	"time"
)

// Scenario outcomes.
const (
	StatusPassed  = "passed"
	StatusFailed  = "failed"
	StatusSkipped = "skipped"
)

// Report is a run's outcome: what ran, what was found, what was not covered.
type Report struct {
	Target  string  `json:"target"`
	Summary Summary `json:"summary"`
	// Usage is set when an app's usage profile scoped the run (--usage):
	// findings then say whether the app depends on them (Finding.App).
	Usage     *UsageReport     `json:"usage,omitempty"`
	Scenarios []ScenarioReport `json:"scenarios"`
	Findings  []Finding        `json:"findings"`
	// Unexercised lists spec operations no scenario reached.
	Unexercised []string `json:"unexercisedOperations"`
	// Retries lists the operations that needed retries, and why.
	Retries            []OperationRetries `json:"retries,omitempty"`
	Unreachable        bool               `json:"unreachable,omitempty"`
	CredentialsRefused bool               `json:"credentialsRefused,omitempty"`

	exercised map[string]bool
}

// Summary counts.
type Summary struct {
	Scenarios int            `json:"scenarios"`
	Passed    int            `json:"passed"`
	Failed    int            `json:"failed"`
	Skipped   int            `json:"skipped"`
	Steps     int            `json:"steps"`
	Findings  map[string]int `json:"findings"` // by severity
}

// ScenarioReport is one scenario's outcome.
type ScenarioReport struct {
	Name   string       `json:"name"`
	Tags   []string     `json:"tags"`
	Status string       `json:"status"`
	Reason string       `json:"reason,omitempty"`
	Steps  []StepReport `json:"steps,omitempty"`

	cutAt string // the step the run's deadline stopped it at ("not started")
}

// StepReport is one step as the target answered it.
type StepReport struct {
	Name        string `json:"name"`
	OperationID string `json:"operationId,omitempty"`
	Method      string `json:"method,omitempty"`
	Path        string `json:"path,omitempty"`
	Status      int    `json:"status,omitempty"`
	// Duration over every attempt (polls, pages).
	Duration       time.Duration `json:"durationNs"`
	CorrelationIDs []string      `json:"correlationIds,omitempty"`
	Failure        string        `json:"failure,omitempty"`
	Findings       int           `json:"findings"`
	NotRun         bool          `json:"notRun,omitempty"`
	// Blocked says why a step did not run (a step it needs failed).
	Blocked string `json:"blocked,omitempty"`
	Skipped string `json:"skipped,omitempty"`
	// Retries counts the answers the client tried again after (429, 502, 503, 504).
	Retries int `json:"retries,omitempty"`
	// Reproduce is a curl command sending the step's last request again.
	Reproduce string `json:"reproduce,omitempty"`
}

func (r *Report) summarize() {
	s := Summary{Scenarios: len(r.Scenarios), Findings: map[string]int{}}
	for _, sc := range r.Scenarios {
		switch sc.Status {
		case StatusPassed:
			s.Passed++
		case StatusFailed:
			s.Failed++
		case StatusSkipped:
			s.Skipped++
		}
		s.Steps += len(sc.Steps)
	}
	for _, f := range r.Findings {
		s.Findings[f.Severity.String()]++
	}
	sort.SliceStable(r.Findings, func(i, j int) bool { return r.Findings[i].Severity > r.Findings[j].Severity })
	r.Summary = s
}

// Worst returns the highest severity found (0 when nothing was found).
func (r *Report) Worst() Severity { return worst(r.Findings) }

// FailsAt reports whether any finding is at or above threshold.
func (r *Report) FailsAt(threshold Severity) bool {
	return r.Worst() >= threshold && r.Worst() > 0
}
