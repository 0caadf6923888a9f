package scenarios

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Rule ids of the behaviour checks. They are stable: CI configurations
// and dashboards key on them. The contract runner turns a Violation into a
// finding under its rule.
const (
	RuleStepFailed          = "step-failed"                 // an expectation without a rule of its own failed
	RuleFilterNotApplied    = "filter-not-applied"          // a returned record breaks a filter (or the window) sent
	RuleFilterMissesRows    = "filter-misses-rows"          // a filter returns fewer records than the unfiltered window proves match
	RuleFilterCaseSensitive = "filter-case-sensitive"       // the same value in another letter case returns other records
	RuleCountMismatch       = "count-mismatch"              // count differs from the records paging reaches
	RulePageOverlap         = "page-overlap"                // a record appears on two pages
	RulePageGap             = "page-gap"                    // a page short of its limit before the last: records skipped
	RuleOffsetIgnored       = "offset-ignored"              // offset does not move the window by that many records
	RuleJobStuck            = "job-stuck"                   // a job did not finish within its poll deadline
	RuleStatusMachine       = "avr-status-machine"          // a job status outside the documented machine, or a move it forbids
	RuleCSVRowOutsideWindow = "csv-row-outside-window"      // a report row created outside the requested window
	RuleVisitReadByOther    = "visit-readable-by-other"     // another patient's token reads the visit
	RuleOwnerCannotRead     = "owner-cannot-read"           // the owner's token cannot read the visit
	RuleInconclusive        = "check-inconclusive"          // the target holds no data to check a behaviour on
	RuleSlotStillListed     = "slot-still-listed"           // a slot reported taken is still offered by a listing
	RuleSlotNotRestored     = "slot-not-restored"           // a slot reported released is not offered again
	RuleSearchContext       = "search-context-not-repeated" // a Care Options searchContext does not repeat its search
	RuleEventNotAccepted    = "event-not-accepted"          // a TokBox session event is not answered 202
	RuleEventNotRecorded    = "event-not-recorded"          // a session event does not show on its visit (mockdex's waiting room)
)

// Violation is a behaviour check that failed, under its rule. Messages
// name fields, never patient values.
type Violation struct {
	Rule     string
	Pointer  string
	Expected string
	Seen     string
	Message  string
	// Attempt is the exchange of the step it concerns (1-based); 0: the last.
	Attempt int
}

func (v *Violation) Error() string {
	msg := v.Rule + ": " + v.Message
	if v.Expected != "" || v.Seen != "" {
		msg += fmt.Sprintf(" (expected %s, seen %s)", v.Expected, v.Seen)
	}
	return msg
}

// Violations are several failed checks of one step.
type Violations []*Violation

func (vs Violations) Error() string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = v.Error()
	}
	return strings.Join(parts, "; ")
}

// err is nil for no violation, so a check can return it directly.
func (vs Violations) err() error {
	if len(vs) == 0 {
		return nil
	}
	return vs
}

// ViolationsOf unpacks a step error into its violations; an error of
// another kind is none.
func ViolationsOf(err error) []*Violation {
	var vs Violations
	if errors.As(err, &vs) {
		return vs
	}
	var v *Violation
	if errors.As(err, &v) {
		return []*Violation{v}
	}
	return nil
}

// Stuck is the job-stuck violation: the last status seen and how long the
// job was watched.
func Stuck(pointer, last string, until []string, watched time.Duration, attempt int) *Violation {
	return &Violation{Rule: RuleJobStuck, Pointer: pointer, Expected: strings.Join(until, " or "), Seen: last, Attempt: attempt,
		Message: fmt.Sprintf("the job was still %s after %s of polling", last, watched.Round(time.Second))}
}
