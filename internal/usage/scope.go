package usage

import (
	"fmt"
	"strconv"
	"strings"
)

// Finding is what Classify needs of a contract finding: its operation,
// rule, JSON pointer (array elements as * or [], map keys as {key}),
// where the pointer points (a request parameter's location, "body" for
// the request body, "" for the answer), and for a changed status the
// status expected.
type Finding struct {
	OperationID string
	Rule        string
	Pointer     string
	Location    string
	Expected    string
}

// Where a finding's pointer points, besides the parameter locations.
const (
	InBody   = "body" // the request body
	InAnswer = ""     // the answer (the default)
	InCSV    = "csv"  // a CSV column (the journal keeps no CSV)
)

// Verdict says whether the app depends on what a finding is about.
type Verdict struct {
	Depends bool
	// Reason says why, for the report ("your app reads /displayName").
	Reason string
}

// Rules Classify treats by name; every other rule is about the whole
// exchange (latency, a stuck job, paging, a refused read...) and matters
// when the app calls the operation at all.
var (
	answerFieldRules = map[string]bool{
		"missing-field": true, "type-changed": true, "value-form-changed": true, "new-enum-value": true,
		"undeclared-field": true, "schema-violation": true, "published-schema-violation": true,
		"error-message-changed": true,
	}
	filterRules = map[string]bool{"filter-not-applied": true, "filter-misses-rows": true, "filter-case-sensitive": true}
)

// Classify says whether the app whose profile p is depends on f: it calls
// the operation and, for a finding about one field, reads or sends that
// field; for a changed status, it got the status that changed. When in
// doubt (a rule about the whole answer, a CSV column the journal cannot
// show) the app depends on it.
func (p *Profile) Classify(f Finding) Verdict {
	if f.Rule == requestRule && f.Location == InAnswer {
		f.Location, f.Pointer = splitRequestPointer(f.Pointer)
	}
	op := p.Operations[f.OperationID]
	if op == nil || op.Calls == 0 {
		return Verdict{false, fmt.Sprintf("your app never called %s", orUnknownOp(f.OperationID))}
	}
	switch {
	case f.Location == InQuery || f.Location == InPath || f.Location == InHeader:
		return op.classifyParam(f.Location, lastToken(f.Pointer))
	case f.Location == InBody:
		return op.classifyRequestField(normalise(f.Pointer))
	case f.Rule == "status-changed":
		return op.classifyStatus(f.Expected)
	case filterRules[f.Rule]:
		return op.classifyFilter(f.Pointer)
	case answerFieldRules[f.Rule] && f.Pointer != "" && !strings.HasPrefix(f.Pointer, "/csv/"):
		return op.classifyAnswerField(normalise(f.Pointer))
	}
	return Verdict{true, "your app calls " + f.OperationID}
}

// requestRule is contract's rule for a request that breaks the spec; its
// pointer starts with where: /query/NAME, /path/NAME, /header/NAME, /body/...
const requestRule = "request-schema-violation"

func splitRequestPointer(ptr string) (location, rest string) {
	toks := strings.SplitN(strings.TrimPrefix(ptr, "/"), "/", 2)
	switch toks[0] {
	case InQuery, InPath, InHeader:
		if len(toks) == 2 {
			return toks[0], "/" + toks[1]
		}
	case InBody:
		if len(toks) == 2 {
			return InBody, "/" + toks[1]
		}
		return InBody, ""
	}
	return InBody, ""
}

func orUnknownOp(id string) string {
	if id == "" {
		return "this operation"
	}
	return id
}

func (op *Operation) classifyParam(in, name string) Verdict {
	if u := op.Parameters[in][name]; u != nil && u.Sent > 0 {
		return Verdict{true, fmt.Sprintf("your app sends the %s parameter %s", in, name)}
	}
	return Verdict{false, fmt.Sprintf("your app never sends the %s parameter %s", in, name)}
}

func (op *Operation) classifyRequestField(ptr string) Verdict {
	if ptr == "" {
		if len(op.RequestFields) > 0 {
			return Verdict{true, "your app sends a body"}
		}
		return Verdict{false, "your app sends no body"}
	}
	for path, u := range op.RequestFields {
		if u.Sent > 0 && related(path, ptr) {
			return Verdict{true, "your app sends " + path}
		}
	}
	return Verdict{false, "your app never sends " + ptr}
}

func (op *Operation) classifyStatus(expected string) Verdict {
	code, err := strconv.Atoi(strings.TrimSpace(expected))
	if err != nil {
		return Verdict{true, "the status changed on an operation your app calls"}
	}
	if op.Statuses[code] > 0 {
		return Verdict{true, fmt.Sprintf("your app gets %d from this operation", code)}
	}
	return Verdict{false, fmt.Sprintf("your app never got %d from this operation", code)}
}

// classifyFilter: a filter that no longer works matters to an app that
// sends it (by name, as a parameter or a body field). A finding that
// names no filter (a count) matters to any app that searches.
func (op *Operation) classifyFilter(ptr string) Verdict {
	name := lastToken(ptr)
	generic := name == "" || name == "count" || name == "data" || name == "*" || name == ArrayItem
	if generic {
		return Verdict{true, "your app searches with this operation"}
	}
	for _, params := range op.Parameters {
		if u := params[name]; u != nil && u.Sent > 0 {
			return Verdict{true, "your app filters by " + name}
		}
	}
	for path, u := range op.RequestFields {
		if u.Sent > 0 && lastToken(path) == name {
			return Verdict{true, "your app filters by " + name}
		}
	}
	return Verdict{false, "your app never filters by " + name}
}

// classifyAnswerField: the app depends on a field it got (or one inside
// it, or the object holding it: a whole object dropped or retyped).
func (op *Operation) classifyAnswerField(ptr string) Verdict {
	for path, n := range op.ResponseFields {
		if n > 0 && related(path, ptr) {
			return Verdict{true, "your app reads " + path}
		}
	}
	return Verdict{false, "your app never got " + ptr + " in an answer"}
}

// related reports whether one path lies on the other (equal, above or
// below). A map key folded on one side ({key}) matches any key on the
// other: the profile folds by the spec's maps, contract by the look of
// the keys.
func related(a, b string) bool {
	ta, tb := strings.Split(a, "/"), strings.Split(b, "/")
	for i := range min(len(ta), len(tb)) {
		if ta[i] != tb[i] && ta[i] != MapKey && tb[i] != MapKey {
			return false
		}
	}
	return true
}

// normalise writes a contract pointer as the profile does: array
// elements and numeric indices as [].
func normalise(ptr string) string {
	toks := strings.Split(ptr, "/")
	for i, t := range toks {
		if t == "*" || t != "" && strings.Trim(t, "0123456789") == "" {
			toks[i] = ArrayItem
		}
	}
	return strings.Join(toks, "/")
}

func lastToken(ptr string) string {
	return ptr[strings.LastIndex(ptr, "/")+1:]
}
