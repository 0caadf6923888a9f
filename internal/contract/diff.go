package contract

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"

	"github.com/mockdex/mockdex/internal/scenarios"
)

// noise is what differs between two runs of the mock for one step: those
// paths are compared by shape only.
type noise struct {
	all   bool // the status itself varies: nothing is comparable
	paths map[string]bool
	forms map[string]bool // paths whose value form varies
	// shapeOnly compares no values: the answers are samples of the
	// tier's data (a behaviour check's searches), whose words differ
	// from the mock's by nature.
	shapeOnly bool
}

// learnNoise compares two mock runs of the same step.
func learnNoise(a, b scenarios.Exchange) noise {
	if a.Status != b.Status {
		return noise{all: true}
	}
	n := noise{paths: map[string]bool{}, forms: map[string]bool{}}
	sa := bodyShape(a.RespHeader.Get("Content-Type"), a.RespBody)
	sb := bodyShape(b.RespHeader.Get("Content-Type"), b.RespBody)
	for _, p := range union(sa, sb) {
		na, oka := sa[p]
		nb, okb := sb[p]
		if !oka || !okb || na.kind() != nb.kind() || !sameSet(na.values, nb.values) {
			n.paths[p] = true
		}
		if oka && okb && na.form() != nb.form() {
			n.forms[p] = true
		}
	}
	return n
}

// compareExchange reports how the target's answer to a step differs from
// the reference mock's answer to the same step.
func compareExchange(ref, tgt scenarios.Exchange, nz noise) []Finding {
	if nz.all || ref.Err != nil || tgt.Err != nil {
		return nil
	}
	if ref.Status != tgt.Status {
		return []Finding{newFinding(RuleStatusChanged, "", fmt.Sprint(ref.Status), fmt.Sprint(tgt.Status), statusMessage(ref.Status, tgt.Status))}
	}
	rct, tct := mediaType(ref.RespHeader.Get("Content-Type")), mediaType(tgt.RespHeader.Get("Content-Type"))
	if rct != tct {
		return []Finding{newFinding(RuleTypeChanged, "", rct, tct, "the target answered with another content type than the mock")}
	}
	if rct == "text/csv" {
		return headerFindings(csvHeader(ref.RespBody), csvHeader(tgt.RespBody), "the mock's header")
	}
	rs, ts := bodyShape(rct, ref.RespBody), bodyShape(tct, tgt.RespBody)
	return pairRenames(compareShapes(rs, ts, nz, tgt.Status))
}

// statusMessage says which side lacks the thing asked for when one side
// found it and the other answered 404: most often an identity one world
// holds and the other does not, not a changed API.
func statusMessage(ref, tgt int) string {
	switch {
	case ref == http.StatusNotFound && tgt/100 == 2:
		return "the target answered with another status than the mock: the target has what was asked for, the mock's world lacks it (404; are the DEXCARE_* identities in its fixtures?)"
	case tgt == http.StatusNotFound && ref/100 == 2:
		return "the target answered with another status than the mock: the target lacks what was asked for (404), which the mock's world holds (are the DEXCARE_* identities the tier's?)"
	}
	return "the target answered with another status than the mock"
}

func csvHeader(body []byte) []string {
	h, _ := csv.NewReader(bytes.NewReader(body)).Read()
	return h
}

// pairRenames folds an undeclared field into a missing one beside it of
// the same type: one rename is one finding, naming the new field.
func pairRenames(fs []Finding) []Finding {
	var out []Finding
	used := map[int]bool{}
	for i, f := range fs {
		if f.Rule != RuleMissingField {
			continue
		}
		for j, g := range fs {
			if g.Rule == RuleUndeclaredField && !used[j] && parentOf(g.Pointer) == parentOf(f.Pointer) {
				used[i], used[j] = true, true
				f.Seen, f.Also, f.renamedTo = "renamed to "+g.Pointer+"?", append(f.Also, RuleUndeclaredField), g.Pointer
				f.Message = "the mock sends this field; the target does not, and sends " + g.Pointer + " beside it instead (a rename?)"
				out = append(out, f)
				break
			}
		}
	}
	for i, f := range fs {
		if !used[i] {
			out = append(out, f)
		}
	}
	return out
}

func compareShapes(rs, ts shape, nz noise, status int) []Finding {
	var out []Finding
	reported := map[string]bool{}
	for _, p := range union(rs, ts) {
		if nz.paths[p] && (rs[p] == nil || ts[p] == nil) {
			continue
		}
		if f, ok := lacksData(p, rs, ts, nz, reported); ok {
			reported[p] = true
			out = append(out, f)
			continue
		}
		if underUnknown(p, rs, ts, reported) {
			continue
		}
		rn, tn := rs[p], ts[p]
		switch {
		case tn == nil:
			reported[p] = true
			out = append(out, newFinding(RuleMissingField, p, "present", "absent", "the mock sends this field; the target does not"))
		case rn == nil:
			reported[p] = true
			out = append(out, newFinding(RuleUndeclaredField, p, "absent", "present", "the target sends a field the mock does not"))
		case rn.kind() != tn.kind() && rn.kind() != "" && tn.kind() != "":
			reported[p] = true
			out = append(out, newFinding(RuleTypeChanged, p, rn.kind(), tn.kind(), "the field holds another JSON type on the target"))
		case rn.form() != "" && tn.kinds["string"] && tn.form() != rn.form() && !nz.forms[p]:
			reported[p] = true
			out = append(out, newFinding(RuleValueFormChanged, p, rn.form(), formsSeen(tn),
				"the values here no longer have the form the mock gives them"))
		case !nz.paths[p] && !nz.shapeOnly:
			out = append(out, compareValues(p, rn, tn, status)...)
		}
	}
	return out
}

// lacksData tells data from shape: p is a list's entries (or a map's
// data-keyed entries) that one side has and the other does not, though
// both have the list. That is one side lacking data, not a missing or
// undeclared field, and the finding names which side lacks it. Nothing
// under p is compared then (reported[p] hides it).
func lacksData(p string, rs, ts shape, nz noise, reported map[string]bool) (Finding, bool) {
	if !strings.HasSuffix(p, "/*") && !strings.HasSuffix(p, "/"+foldedKey) {
		return Finding{}, false
	}
	parent := parentOf(p)
	if rs[parent] == nil || ts[parent] == nil || nz.paths[parent] || (rs[p] == nil) == (ts[p] == nil) || underUnknown(parent, rs, ts, reported) {
		return Finding{}, false
	}
	if rs[p] == nil {
		return newFinding(RuleMockLacksData, parent, "none", "entries",
			"the target lists entries here where the mock lists none: the mock's world lacks the target's data (its fixtures; contract mirror reads them), so their fields went unchecked"), true
	}
	return newFinding(RuleTargetLacksData, parent, "entries", "none",
		"the mock lists entries here where the target lists none: the target lacks the data the mock has, so their fields went unchecked"), true
}

func formsSeen(n *node) string { return joinSet(n.forms) }

var enumLike = regexp.MustCompile(`^[A-Za-z][A-Za-z_]{0,39}$`)

// freeText keys hold prose or names, never enumerations.
var freeText = []string{"email", "description", "title", "reasonforvisit", "visitreason", "message", "url"}

// isFreeText reports whether a (lower-cased) key holds prose or a name;
// visitTypeName and the like are enumerations despite the suffix.
func isFreeText(key string) bool {
	if strings.HasSuffix(key, "name") && !strings.HasSuffix(key, "typename") {
		return true
	}
	for _, f := range freeText {
		if strings.Contains(key, f) {
			return true
		}
	}
	return false
}

// compareValues looks at string values only where they are stable in the
// mock: error messages on error answers, and enum-like words elsewhere.
func compareValues(p string, rn, tn *node, status int) []Finding {
	if !tn.kinds["string"] || pathSensitive(p) {
		return nil
	}
	added := minus(tn.values, rn.values)
	if len(added) == 0 {
		return nil
	}
	key := strings.ToLower(p[strings.LastIndex(p, "/")+1:])
	if status >= 400 && (key == "error" || key == "message" || key == "msg") {
		return []Finding{newFinding(RuleErrorMessageChanged, p, joinSet(rn.values), strings.Join(added, ", "), "the error message differs from the mock's")}
	}
	if isFreeText(key) {
		return nil
	}
	if !allMatch(added, enumLike) || !allMatch(keys(rn.values), enumLike) {
		return nil
	}
	return []Finding{newFinding(RuleNewEnumValue, p, joinSet(rn.values), strings.Join(added, ", "), "the target uses a value the mock never sends here")}
}

func pathSensitive(p string) bool {
	for _, tok := range strings.Split(p, "/") {
		if isSensitiveKey(tok) {
			return true
		}
	}
	return false
}

func union(a, b shape) []string {
	seen := map[string]bool{}
	for p := range a {
		seen[p] = true
	}
	for p := range b {
		seen[p] = true
	}
	return keys(seen)
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func minus(a, b map[string]bool) []string {
	var out []string
	for _, k := range keys(a) {
		if !b[k] {
			out = append(out, k)
		}
	}
	return out
}

func sameSet(a, b map[string]bool) bool {
	return len(a) == len(b) && len(minus(a, b)) == 0
}

func joinSet(m map[string]bool) string { return strings.Join(keys(m), ", ") }

func allMatch(vals []string, re *regexp.Regexp) bool {
	for _, v := range vals {
		if !re.MatchString(v) {
			return false
		}
	}
	return true
}
