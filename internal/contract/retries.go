package contract

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/scenarios"
)

// OperationRetries counts the retries one operation needed over a run.
type OperationRetries struct {
	OperationID string `json:"operationId"`
	// Requests is how many requests needed at least one retry, Retries
	// how many retries they needed in all.
	Requests int `json:"requests"`
	Retries  int `json:"retries"`
	// ByStatus counts the retried answers by status ("503": 2).
	ByStatus map[string]int `json:"byStatus"`
	// Waited is the time spent waiting before the retries.
	Waited time.Duration `json:"waitedNs"`
}

// Why is "503 ×2, 429 ×1", most frequent first.
func (o OperationRetries) Why() string {
	codes := slices.Sorted(maps.Keys(o.ByStatus))
	slices.SortStableFunc(codes, func(a, b string) int { return o.ByStatus[b] - o.ByStatus[a] })
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = fmt.Sprintf("%s ×%d", c, o.ByStatus[c])
	}
	return strings.Join(parts, ", ")
}

// retryTally is one operation's retries and where they first showed.
type retryTally struct {
	OperationRetries
	scenario, step string
}

// noteRetries adds one exchange's retries to its operation's tally. r.mu is held.
func (r *runState) noteRetries(op, scenario, step string, rs []scenarios.Retry) {
	if len(rs) == 0 {
		return
	}
	t := r.retries[op]
	if t == nil {
		t = &retryTally{OperationRetries: OperationRetries{OperationID: op, ByStatus: map[string]int{}}, scenario: scenario, step: step}
		r.retries[op] = t
	}
	t.Requests++
	t.Retries += len(rs)
	for _, x := range rs {
		t.ByStatus[strconv.Itoa(x.Status)]++
		t.Waited += x.Wait
	}
}

// retryReport lists the operations that needed retries, by operationId.
func (r *runState) retryReport() []OperationRetries {
	out := make([]OperationRetries, 0, len(r.retries))
	for _, op := range slices.Sorted(maps.Keys(r.retries)) {
		out = append(out, r.retries[op].OperationRetries)
	}
	return out
}

// retryFindings warn, per operation, that the tier needed retries: a
// tier that answers at the third try looks as healthy as one that
// answers at the first once the retries hide it.
func (r *runState) retryFindings() []Finding {
	var out []Finding
	for _, o := range r.retryReport() {
		t := r.retries[o.OperationID]
		f := newFinding(RuleRetried, "", "an answer at the first try", fmt.Sprintf("%d retries over %d requests (%s)", o.Retries, o.Requests, o.Why()),
			fmt.Sprintf("the tier needed %d retries to answer %s (%s), waiting %s in all", o.Retries, o.OperationID, o.Why(), o.Waited.Round(time.Millisecond)))
		f.Scenario, f.Step, f.OperationID = t.scenario, t.step, o.OperationID
		out = append(out, f)
	}
	return out
}
