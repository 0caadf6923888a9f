package contract

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/mockdex/mockdex/internal/scenarios"
)

// Recording is one scenario's exchanges with a target, redacted, as
// `contract record` saves them and `contract diff` compares them.
type Recording struct {
	Scenario string         `json:"scenario"`
	Target   string         `json:"target"`
	Skipped  string         `json:"skipped,omitempty"`
	Steps    []RecordedStep `json:"steps"`
}

// RecordedStep is a step's last answer. Bodies keep their shape but not
// patient values; CSV keeps only its header row.
type RecordedStep struct {
	Step          string          `json:"step"`
	Method        string          `json:"method,omitempty"`
	Path          string          `json:"path,omitempty"`
	Status        int             `json:"status,omitempty"`
	ContentType   string          `json:"contentType,omitempty"`
	Body          json.RawMessage `json:"body,omitempty"`
	CSVHeader     []string        `json:"csvHeader,omitempty"`
	CorrelationID string          `json:"correlationId,omitempty"`
	Failure       string          `json:"failure,omitempty"`
}

// Record runs the scenarios against cfg's target without comparing them.
func Record(ctx context.Context, cfg Config) []Recording {
	var out []Recording
	for _, sc := range cfg.Scenarios {
		rec := Recording{Scenario: sc.Name, Target: cfg.TargetName}
		if why := skipReason(cfg, sc); why != "" {
			rec.Skipped = why
			out = append(out, rec)
			continue
		}
		res := scenarios.Run(ctx, sc, cfg.Target)
		for _, st := range res.Steps {
			rec.Steps = append(rec.Steps, recordStep(st, cfg.Scrubber))
		}
		out = append(out, rec)
	}
	return out
}

func recordStep(st scenarios.StepResult, s *Scrubber) RecordedStep {
	rs := RecordedStep{Step: st.Name}
	if st.Err != nil {
		rs.Failure = st.Err.Error()
	}
	if len(st.Exchanges) == 0 {
		return rs
	}
	x := st.Exchanges[len(st.Exchanges)-1]
	learn(s, x)
	rs.Method, rs.Path, rs.Status = x.Method, pathOf(x.URL), x.Status
	rs.ContentType, rs.CorrelationID = x.RespHeader.Get("Content-Type"), x.Header.Get(CorrelationHeader)
	switch mediaType(rs.ContentType) {
	case "application/json":
		rs.Body = redactJSON(x.RespBody)
	case "text/csv":
		rs.CSVHeader, _ = csv.NewReader(strings.NewReader(string(x.RespBody))).Read()
	}
	return rs
}

// SaveRecordings writes one scrubbed JSON file per scenario into dir.
func SaveRecordings(dir string, recs []Recording, s *Scrubber) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, r := range recs {
		b, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			return err
		}
		text := s.Scrub(string(b))
		if err := os.WriteFile(filepath.Join(dir, r.Scenario+".json"), []byte(text+"\n"), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// LoadRecordings reads every *.json recording in dir.
func LoadRecordings(dir string) (map[string]Recording, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s holds no recordings", dir)
	}
	out := map[string]Recording{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var r Recording
		if err := json.Unmarshal(b, &r); err != nil {
			return nil, fmt.Errorf("%s: %v", f, err)
		}
		out[r.Scenario] = r
	}
	return out, nil
}

// DiffRecordings compares two recordings of the same scenarios (last
// week's UAT against today's) step by step, with the diff rules of a run.
// Ids and timestamps cannot be learned as noise here; they are skipped
// because only enum-like words and error messages are compared by value.
func DiffRecordings(old, cur map[string]Recording) *Report {
	rep := &Report{Target: "recordings", exercised: map[string]bool{}}
	for _, name := range sortedNames(old) {
		o, n := old[name], cur[name]
		sr := ScenarioReport{Name: name, Status: StatusPassed}
		if o.Skipped != "" || n.Skipped != "" || n.Scenario == "" {
			sr.Status, sr.Reason = StatusSkipped, "not recorded in both"
			rep.Scenarios = append(rep.Scenarios, sr)
			continue
		}
		for i, step := range o.Steps {
			fs := diffStep(step, n.Steps, i)
			for j := range fs {
				fs[j].Scenario, fs[j].Step, fs[j].CorrelationID = name, step.Step, stepCorrelation(n.Steps, i)
			}
			sr.Steps = append(sr.Steps, StepReport{Name: step.Step, Method: step.Method, Path: step.Path, Status: step.Status, Findings: len(fs)})
			rep.Findings = append(rep.Findings, fs...)
			if len(fs) > 0 {
				sr.Status = StatusFailed
			}
		}
		rep.Scenarios = append(rep.Scenarios, sr)
	}
	rep.summarize()
	return rep
}

func diffStep(o RecordedStep, newSteps []RecordedStep, i int) []Finding {
	if i >= len(newSteps) || newSteps[i].Step != o.Step || (o.Status != 0 && newSteps[i].Status == 0) {
		return []Finding{newFinding(RuleStepFailed, "", "recorded", "absent", "the step did not run in the newer recording")}
	}
	n := newSteps[i]
	if n.Failure != "" && o.Failure == "" {
		return []Finding{newFinding(RuleStepFailed, "", "", "", n.Failure)}
	}
	return compareExchange(o.exchange(), n.exchange(), noise{paths: map[string]bool{}})
}

func (r RecordedStep) exchange() scenarios.Exchange {
	body := []byte(r.Body)
	if r.CSVHeader != nil {
		var sb strings.Builder
		w := csv.NewWriter(&sb)
		_ = w.Write(r.CSVHeader)
		w.Flush()
		body = []byte(sb.String())
	}
	return scenarios.Exchange{Method: r.Method, URL: r.Path, Status: r.Status,
		RespHeader: http.Header{"Content-Type": {r.ContentType}}, RespBody: body}
}

func stepCorrelation(steps []RecordedStep, i int) string {
	if i < len(steps) {
		return steps[i].CorrelationID
	}
	return ""
}

func sortedNames(m map[string]Recording) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
