package contract

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/mockdex/mockdex/internal/journal"
	"github.com/mockdex/mockdex/internal/scenarios"
	"github.com/mockdex/mockdex/internal/usage"
)

// This file scopes a run to an app's usage profile (docs/usage-profile.md):
// each finding says whether the app depends on it, the ones it does not
// drop to info, and the requests only the app makes are replayed as two
// more scenarios.

// AppScope says whether the app whose usage profile scoped the run
// depends on a finding, and why.
type AppScope struct {
	Depends bool   `json:"depends"`
	Reason  string `json:"reason"`
	// Severity is the finding's severity before scoping: one the app
	// does not depend on is info.
	Severity Severity `json:"severity"`
}

// UsageReport is what a scoped run says of the profile.
type UsageReport struct {
	// Sources are the profile's runs.
	Sources []string `json:"sources"`
	// Depends counts the findings the app depends on, NotUsed the ones it
	// does not (dropped to info).
	Depends int `json:"depends"`
	NotUsed int `json:"notUsed"`
	// Replayed counts the requests of the app's own shapes replayed;
	// NotReplayed says which could not be, and why.
	Replayed    int      `json:"replayed"`
	NotReplayed []string `json:"notReplayed,omitempty"`
}

// Names of the scenarios that replay the app's own request shapes.
const (
	AppUsageScenario       = "app-usage"
	AppUsageWritesScenario = "app-usage-writes"
)

// ourUsage folds the run's own exchanges into a profile, to tell what
// only the app sends.
type ourUsage struct {
	idx *usage.Index
	b   *usage.Builder
}

func newOurUsage() (*ourUsage, error) {
	idx, err := usage.DefaultIndex()
	if err != nil {
		return nil, err
	}
	return &ourUsage{idx: idx, b: usage.NewBuilder(idx, "contract-scenarios")}, nil
}

// add folds one scenario's exchanges (the target's).
func (o *ourUsage) add(res scenarios.Result) {
	for _, st := range res.Steps {
		for _, x := range st.Exchanges {
			o.b.Add(entryOf(o.idx, x))
		}
	}
}

// entryOf is an exchange as the journal would keep it, for the fold.
func entryOf(idx *usage.Index, x scenarios.Exchange) *journal.Entry {
	e := &journal.Entry{Method: x.Method, Status: x.Status, RequestBody: jsonOrNil(x.Body), ResponseBody: jsonOrNil(x.RespBody)}
	u, err := url.Parse(x.URL)
	if err != nil {
		return e
	}
	e.Path = u.Path
	e.OperationID, _, _ = idx.Route(x.Method, u.Path)
	if q := u.Query(); len(q) > 0 {
		obj := make(map[string]any, len(q))
		for k, vs := range q {
			obj[k] = vs
			if len(vs) == 1 {
				obj[k] = vs[0]
			}
		}
		e.Query, _ = json.Marshal(obj)
	}
	if len(x.Header) > 0 {
		e.Headers = make(map[string]string, len(x.Header))
		for k, vs := range x.Header {
			e.Headers[http.CanonicalHeaderKey(k)] = strings.Join(vs, ", ")
		}
	}
	return e
}

func jsonOrNil(b []byte) json.RawMessage {
	if len(b) == 0 || !json.Valid(b) {
		return nil
	}
	return b
}

// scopeFindings marks each finding with whether the app depends on it,
// dropping the ones it does not to info.
func scopeFindings(p *usage.Profile, fs []Finding) (depends, notUsed int) {
	for i := range fs {
		f := &fs[i]
		if f.OperationID == "" {
			f.App = &AppScope{Depends: true, Reason: "about the run, not one operation", Severity: f.Severity}
			depends++
			continue
		}
		v := p.Classify(usage.Finding{OperationID: f.OperationID, Rule: f.Rule, Pointer: f.Pointer, Expected: f.Expected})
		f.App = &AppScope{Depends: v.Depends, Reason: v.Reason, Severity: f.Severity}
		if v.Depends {
			depends++
			continue
		}
		notUsed++
		f.Severity = Info
	}
	return depends, notUsed
}

// pathVars maps a spec path or query parameter to the scenario identity
// (Vars) a replayed request puts there; a path parameter missing here
// names a record the run does not make (a visit, a report), and its
// request is not replayed.
var pathVars = map[string]string{"npid": "npi", "npi": "npi", "practiceId": "practiceId", "regionCode": "regionCode",
	"brand": "brand", "postalCode": "postalCode", "patientGuid": "patientGuid"}

// Synthetic dates of usage.ReplaySteps, replaced by the run's own clock
// so a tier that refuses past dates is asked about today.
var clockOf = map[string]string{"2024-06-03": "{today}", "2024-06-03T16:00:00Z": "{now}"}

// replayScenarios turns the app's request shapes into scenarios: reads
// in one, writes in another (held to the run's write guard). A step that
// needs a record the run does not make is listed in notReplayed instead.
func replayScenarios(app *usage.Profile, steps []usage.ReplayStep, idx *usage.Index) (out []scenarios.Scenario, notReplayed []string) {
	reads := scenarios.Scenario{Name: AppUsageScenario, Tags: []string{scenarios.ReadOnly, "app-usage"},
		Description: "the app's own request shapes, from its usage profile"}
	writes := scenarios.Scenario{Name: AppUsageWritesScenario, Tags: []string{scenarios.Writes, "app-usage"},
		Description: "the app's own writes, from its usage profile"}
	names := map[string]int{}
	for _, rs := range steps {
		st, why := replayStep(app, rs, idx)
		if why != "" {
			notReplayed = append(notReplayed, rs.OperationID+": "+why)
			continue
		}
		names[st.Name]++
		if n := names[st.Name]; n > 1 {
			st.Name += fmt.Sprintf(" #%d", n)
		}
		if rs.Writes {
			writes.Steps = append(writes.Steps, st)
		} else {
			reads.Steps = append(reads.Steps, st)
		}
	}
	for _, sc := range []scenarios.Scenario{reads, writes} {
		if len(sc.Steps) > 0 {
			out = append(out, sc)
		}
	}
	return out, notReplayed
}

// maxStepName bounds a replayed step's name (it lists what is new).
const maxStepName = 160

func replayStep(app *usage.Profile, rs usage.ReplayStep, idx *usage.Index) (scenarios.Step, string) {
	st := scenarios.Step{Host: scenarios.HostOf(rs.Path), Method: rs.Method, Auth: authOf(idx.Security(rs.OperationID))}
	path := rs.Path
	for name := range rs.Parameters[usage.InPath] {
		v, ok := pathVars[name]
		if !ok {
			return st, fmt.Sprintf("needs a {%s} the run does not create; not replayed", name)
		}
		path = strings.ReplaceAll(path, "{"+name+"}", "{"+v+"}")
	}
	var query []string
	for _, name := range slices.Sorted(maps.Keys(rs.Parameters[usage.InQuery])) {
		query = append(query, url.QueryEscape(name)+"="+replayValue(name, rs.Parameters[usage.InQuery][name]))
	}
	if len(query) > 0 {
		path += "?" + strings.Join(query, "&")
	}
	st.Path = path
	for name, v := range rs.Parameters[usage.InHeader] {
		if strings.EqualFold(name, "Authorization") || strings.EqualFold(name, "x-api-key") || strings.EqualFold(name, CorrelationHeader) {
			continue // credentials are the run's; so is the correlation id, one per request
		}
		if st.Headers == nil {
			st.Headers = map[string]string{}
		}
		st.Headers[name] = v.Value
	}
	if len(rs.Body) > 0 {
		var body any
		if err := json.Unmarshal(rs.Body, &body); err != nil {
			return st, "its body could not be built; not replayed"
		}
		st.Body = identities(body)
	}
	if op := app.Operations[rs.OperationID]; op != nil {
		for code := range op.Statuses {
			st.Expect.OneOf = append(st.Expect.OneOf, code)
		}
		slices.Sort(st.Expect.OneOf)
	}
	st.Name = rs.OperationID + ": " + strings.Join(rs.Because, "; ")
	if len(st.Name) > maxStepName {
		st.Name = st.Name[:maxStepName] + "…"
	}
	return st, ""
}

// replayValue is a query value: the scenario identity of that name, the
// run's clock for a synthetic date, else the value escaped.
func replayValue(name string, v usage.Value) string {
	if id, ok := pathVars[name]; ok && !v.Enum {
		return "{" + id + "}"
	}
	if c, ok := clockOf[v.Value]; ok && !v.Enum {
		return c
	}
	return url.QueryEscape(v.Value)
}

// identities puts the run's identities (and clock) where a replayed body
// holds a synthetic value under an identity's name.
func identities(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, c := range t {
			if id, ok := pathVars[k]; ok {
				if _, isText := c.(string); isText {
					t[k] = "{" + id + "}"
					continue
				}
			}
			t[k] = identities(c)
		}
	case []any:
		for i := range t {
			t[i] = identities(t[i])
		}
	case string:
		if c, ok := clockOf[t]; ok {
			return c
		}
	}
	return v
}

// authOf is the credential style of an operation's security schemes.
func authOf(schemes []string) scenarios.Auth {
	for _, s := range schemes {
		switch s {
		case "ServiceToken":
			return scenarios.ServiceKey
		case "ApiKey", "CareOptionsKey":
			return scenarios.APIKey
		case "PatientJWT":
			return scenarios.Bearer
		}
	}
	return scenarios.NoAuth
}

// passUnused marks passed a failed scenario whose findings all dropped
// to info (the app uses none of what failed), saying so.
func (r *Report) passUnused() {
	serious := map[string]bool{}
	for _, f := range r.Findings {
		if f.Severity < Warning {
			continue
		}
		serious[f.Scenario] = true
		for _, where := range f.Elsewhere {
			name, _, _ := strings.Cut(where, " › ")
			serious[name] = true
		}
	}
	for i, sc := range r.Scenarios {
		if sc.Status == StatusFailed && !serious[sc.Name] {
			r.Scenarios[i].Status = StatusPassed
			r.Scenarios[i].Reason = "what failed is not used by your app (see the findings' notes)"
		}
	}
}
