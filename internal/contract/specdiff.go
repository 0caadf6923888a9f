package contract

import (
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/oasdiff/checker"
	"github.com/oasdiff/oasdiff/diff"
	"github.com/oasdiff/oasdiff/load"
)

// SpecDiffScenario names spec-diff's findings in reports.
const SpecDiffScenario = "spec-diff"

// SpecDiff runs oasdiff's breaking-change checker from our spec (the
// base: what mockdex and its users assume) to a published DexCare file
// (the revision: what the tier serves), and reports each change as a
// finding under oasdiff's own check id (response-property-enum-value-added,
// request-property-became-required, ...): errors are breaking, warnings
// warnings, the rest info.
//
// Our spec serves every path in full (/api/9/visits); DexCare's files put
// a base path in their server URL (/api/9) and paths below it. Both are
// normalised to full paths, and our side is cut to the resource groups
// the published file covers (/api/9/visits, /v1/booking...), so the
// operations of other services are not reported as removed.
func SpecDiff(ours, theirs []byte, theirName string) (*Report, error) {
	a, err := loadFull(ours)
	if err != nil {
		return nil, fmt.Errorf("our spec: %w", err)
	}
	b, err := loadFull(theirs)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", theirName, err)
	}
	keepGroups(a, groups(b))
	d, sources, err := diff.GetWithOperationsSourcesMap(diff.NewConfig(),
		&load.SpecInfo{Url: "spec/dexcare.yaml", Spec: a}, &load.SpecInfo{Url: theirName, Spec: b})
	if err != nil {
		return nil, fmt.Errorf("oasdiff: %w", err)
	}
	changes := checker.CheckBackwardCompatibilityUntilLevel(checker.NewConfig(checker.GetAllChecks()), d, sources, checker.INFO)
	rep := &Report{Target: "spec/dexcare.yaml → " + theirName, exercised: map[string]bool{}}
	sr := ScenarioReport{Name: SpecDiffScenario, Tags: []string{"oasdiff"}, Status: StatusPassed}
	l := checker.NewDefaultLocalizer()
	for _, c := range changes {
		f := newFinding(c.GetId(), "", "", "", c.GetUncolorizedText(l))
		f.Severity = levelSeverity(c.GetLevel())
		f.Scenario, f.Step, f.OperationID = SpecDiffScenario, c.GetOperation()+" "+c.GetPath(), c.GetOperationId()
		rep.Findings = append(rep.Findings, f)
		if f.Severity >= Warning {
			sr.Status = StatusFailed
		}
	}
	rep.Scenarios = []ScenarioReport{sr}
	rep.summarize()
	return rep, nil
}

func levelSeverity(l checker.Level) Severity {
	switch l {
	case checker.ERR:
		return Breaking
	case checker.WARN:
		return Warning
	}
	return Info
}

// loadFull loads a document and moves its server's base path into every
// path, leaving the server at "/".
func loadFull(data []byte) (*openapi3.T, error) {
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		return nil, err
	}
	base := ""
	if len(doc.Servers) > 0 {
		base = basePath(doc.Servers[0].URL)
	}
	paths := openapi3.NewPaths()
	for p, item := range doc.Paths.Map() {
		paths.Set(base+p, item)
	}
	doc.Paths, doc.Servers = paths, openapi3.Servers{{URL: "/"}}
	return doc, nil
}

// group is a path up to its first segment that is not a version
// (/api/9/visits/{id} → /api/9/visits, /v1/booking/x → /v1/booking).
func group(p string) string {
	segs := strings.Split(strings.Trim(p, "/"), "/")
	for i, s := range segs {
		if s != "api" && strings.Trim(strings.TrimPrefix(s, "v"), "0123456789") != "" {
			return "/" + strings.Join(segs[:i+1], "/")
		}
	}
	return p
}

func groups(doc *openapi3.T) map[string]bool {
	out := map[string]bool{}
	for p := range doc.Paths.Map() {
		out[group(p)] = true
	}
	return out
}

func keepGroups(doc *openapi3.T, keep map[string]bool) {
	paths := openapi3.NewPaths()
	for p, item := range doc.Paths.Map() {
		if keep[group(p)] {
			paths.Set(p, item)
		}
	}
	doc.Paths = paths
}
