package contract

import (
	"slices"
	"strings"

	"github.com/mockdex/mockdex/internal/scenarios"
)

// precedence orders rules that saw the same cause: the first leads the
// finding, the others are listed in its Also. A behaviour check names
// the cause best; a generic step failure least.
var precedence = []string{
	// A failed exchange explains everything else about its answer.
	RuleTLSFailed, RuleConnectionReset, RuleStalledBeforeAnswer, RuleStalledInBody, RuleBodyTruncated, RuleResponseTooLarge,
	RuleUndeclaredRedirect, RuleGatewayErrorPage, RuleBodyNotJSON, RuleInvalidUTF8,
	scenarios.RuleVisitReadByOther, scenarios.RuleOwnerCannotRead, scenarios.RuleJobStuck, scenarios.RuleStatusMachine,
	scenarios.RuleFilterCaseSensitive, scenarios.RuleFilterMissesRows, scenarios.RuleFilterNotApplied,
	scenarios.RulePageOverlap, scenarios.RulePageGap, scenarios.RuleCountMismatch, scenarios.RuleOffsetIgnored,
	scenarios.RuleCSVRowOutsideWindow, scenarios.RuleSlotStillListed, scenarios.RuleSlotNotRestored, scenarios.RuleSearchContext,
	scenarios.RuleEventNotAccepted, scenarios.RuleEventNotRecorded, RuleStatusChanged, RuleRequestFailed, RulePublishedViolation,
	RuleCSVColumnRenamed, RuleCSVColumnDropped, RuleCSVColumnAdded, RuleCSVColumnReordered, RuleCSVValueForm,
	RuleValueFormChanged, RuleTypeChanged, RuleMissingField, RuleSchemaViolation, RuleUndeclaredField,
	RuleLatencyOverBudget, RuleNewEnumValue, RuleErrorMessageChanged, RuleStepFailed, scenarios.RuleInconclusive,
}

func rank(rule string) int {
	if i := slices.Index(precedence, rule); i >= 0 {
		return i
	}
	return len(precedence)
}

// leads reports whether a should lead over b: more severe, then earlier
// in precedence.
func leads(a, b Finding) bool {
	if a.Severity != b.Severity {
		return a.Severity > b.Severity
	}
	return rank(a.Rule) < rank(b.Rule)
}

// mergeStep folds one step's findings of one cause into one: findings at
// the same pointer, and everything about the answer as a whole (pointer
// "") once the status itself changed — a 422 instead of 400 also breaks
// the spec and the step's expectation, but it is one change.
func mergeStep(fs []Finding) []Finding {
	statusCause := slices.ContainsFunc(fs, func(f Finding) bool { return f.Rule == RuleStatusChanged })
	byKey := map[string]int{}
	var out []Finding
	for _, f := range fs {
		key := f.Pointer
		if key == "" && !statusCause && f.Rule == RuleStepFailed {
			key = "\x00" + f.Message // separate failures of one step stay separate
		}
		i, seen := byKey[key]
		if !seen {
			byKey[key] = len(out)
			out = append(out, f)
			continue
		}
		out[i] = fold(out[i], f)
	}
	return foldRenames(out)
}

// foldRenames folds the undeclared-field report of a renamed field's new
// name (the validator sees it too) into the rename.
func foldRenames(fs []Finding) []Finding {
	renames := map[string]bool{}
	for _, f := range fs {
		if f.renamedTo != "" {
			renames[f.renamedTo] = true
		}
	}
	var out, folded []Finding
	for _, f := range fs {
		if f.Rule == RuleUndeclaredField && renames[f.Pointer] {
			folded = append(folded, f)
			continue
		}
		out = append(out, f)
	}
	for _, g := range folded {
		for i := range out {
			if out[i].renamedTo == g.Pointer {
				out[i] = fold(out[i], g)
			}
		}
	}
	return out
}

// fold merges two findings of one cause: the leading one keeps its text,
// the other's rule joins Also (once), and the worst severity stays.
func fold(a, b Finding) Finding {
	if leads(b, a) {
		a, b = b, a
	}
	sev := max(a.Severity, b.Severity)
	for _, r := range append([]string{b.Rule}, b.Also...) {
		if r != a.Rule && !slices.Contains(a.Also, r) {
			a.Also = append(a.Also, r)
		}
	}
	if a.Expected == "" && a.Seen == "" {
		a.Expected, a.Seen = b.Expected, b.Seen
	}
	a.Severity = sev
	return a
}

// measured are the rules whose Seen is a measurement (a time, a count of
// bytes): it differs every time the same cause shows.
var measured = map[string]bool{
	RuleLatencyOverBudget: true, RuleRequestFailed: true, RuleStalledBeforeAnswer: true, RuleStalledInBody: true,
	RuleBodyTruncated: true, RuleConnectionReset: true, RuleTLSFailed: true, RuleResponseTooLarge: true, RuleRetried: true,
}

// fieldForm are the rules about one field's values: a field that changed
// form (a date written another way) is one cause wherever it shows, in
// every operation whose answers hold it (both wait-time listings).
var fieldForm = map[string]bool{RuleValueFormChanged: true, RuleTypeChanged: true}

// groupByCause folds the same finding seen in several steps (one drift in
// an operation that several scenarios use) into its first occurrence,
// listing the other places in Elsewhere.
func groupByCause(fs []Finding) []Finding {
	byKey := map[string]int{}
	var out []Finding
	for _, f := range fs {
		op := f.OperationID
		if fieldForm[f.Rule] && f.Pointer != "" {
			op = "" // one field's form, whichever listing shows it
		}
		key := strings.Join([]string{f.Rule, op, f.Pointer, f.Expected}, "\x00")
		if !measured[f.Rule] {
			key += "\x00" + f.Seen // a measured time or size differs every time; the cause does not
		}
		if f.Rule == RuleStepFailed || f.OperationID == "" {
			key += "\x00" + f.Scenario + "\x00" + f.Step + "\x00" + f.Message
		}
		if i, seen := byKey[key]; seen {
			where := f.Scenario + " › " + f.Step
			if !slices.Contains(out[i].Elsewhere, where) && where != out[i].Scenario+" › "+out[i].Step {
				out[i].Elsewhere = append(out[i].Elsewhere, where)
			}
			continue
		}
		byKey[key] = len(out)
		out = append(out, f)
	}
	return out
}
