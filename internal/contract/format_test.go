package contract

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
)

func sampleReport() *Report {
	r := &Report{Target: "https://api.uat.example.org", Scenarios: []ScenarioReport{
		{Name: "avr-virtual", Tags: []string{"read-only"}, Status: StatusFailed, Steps: []StepReport{
			{Name: "start", OperationID: "startAvrReport", Method: "POST", Path: "/api/8/reporting/allvisitsreport", Status: 200, CorrelationIDs: []string{"c-1"}},
			{Name: "poll status", OperationID: "getAvrReportStatus", Status: 200, CorrelationIDs: []string{"c-2", "c-3", "c-4"}},
			{Name: "csv", NotRun: true},
		}},
		{Name: "virtual-visit", Tags: []string{"writes"}, Status: StatusSkipped, Reason: "writes to the target: run with --allow-writes"},
	}, Findings: []Finding{
		{Rule: RuleNewEnumValue, Severity: Warning, Scenario: "avr-virtual", Step: "poll status", Pointer: "/status", Expected: "QUEUED, RUNNING, SUCCEEDED", Seen: "PENDING", Reproduce: "curl …", CorrelationID: "c-4"},
	}}
	r.summarize()
	return r
}

func TestJUnitHasOneTestcasePerStep(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, sampleReport(), WriteOptions{Format: "junit", FailOn: Warning}); err != nil {
		t.Fatal(err)
	}
	var doc junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, buf.String())
	}
	if len(doc.Suites) != 2 || len(doc.Suites[0].Cases) != 3 {
		t.Fatalf("suites %+v", doc.Suites)
	}
	steps := doc.Suites[0]
	if steps.Cases[1].Failure == nil || steps.Cases[0].Failure != nil || steps.Cases[2].Skipped == nil {
		t.Errorf("cases %+v: want start passed, poll failed, csv skipped", steps.Cases)
	}
	if !strings.Contains(steps.Cases[1].SystemOut, "c-3") {
		t.Error("the step's correlation ids are not in the testcase")
	}
	if doc.Suites[1].Skipped != 1 {
		t.Errorf("a skipped scenario is one skipped testcase: %+v", doc.Suites[1])
	}
}

// A finding below --fail-on is no JUnit failure: the report agrees with
// the exit code.
func TestJUnitFailuresFollowFailOn(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, sampleReport(), WriteOptions{Format: "junit", FailOn: Breaking}); err != nil {
		t.Fatal(err)
	}
	var doc junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	poll := doc.Suites[0].Cases[1]
	if poll.Failure != nil || poll.Properties == nil || !strings.Contains(poll.SystemOut, "new-enum-value") {
		t.Errorf("a warning under --fail-on breaking: %+v", poll)
	}
}

func TestGitHubAnnotations(t *testing.T) {
	var buf bytes.Buffer
	_ = Write(&buf, sampleReport(), WriteOptions{Format: "github", FailOn: Warning})
	first := strings.SplitN(buf.String(), "\n", 2)[0]
	if first != "::error title=new-enum-value%3A avr-virtual › poll status::/status: . (expected QUEUED, RUNNING, SUCCEEDED, seen PENDING) correlation-id c-4" &&
		!strings.HasPrefix(first, "::error title=new-enum-value%3A avr-virtual › poll status::/status") {
		t.Errorf("first annotation %q", first)
	}
}

func TestTextStartsWithTheSummaryAndColoursOnlyWhenAsked(t *testing.T) {
	var plain, colour bytes.Buffer
	_ = Write(&plain, sampleReport(), WriteOptions{Format: "text", FailOn: Warning})
	_ = Write(&colour, sampleReport(), WriteOptions{Format: "text", FailOn: Warning, Color: true})
	if !strings.HasPrefix(plain.String(), "contract DRIFT: target https://api.uat.example.org, 2 scenarios (0 passed, 1 failed, 1 skipped)") {
		t.Errorf("first line %q", strings.SplitN(plain.String(), "\n", 2)[0])
	}
	if strings.Contains(plain.String(), "\x1b[") || !strings.Contains(colour.String(), "\x1b[") {
		t.Error("ANSI colour must appear only when Color is set")
	}
}

func TestMarkdownHasAFindingsTable(t *testing.T) {
	var buf bytes.Buffer
	_ = Write(&buf, sampleReport(), WriteOptions{Format: "markdown", FailOn: Breaking})
	for _, want := range []string{"### contract OK", "| warning | `new-enum-value` | avr-virtual › poll status |", "<details>"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, buf.String())
		}
	}
}

func ExampleLooksProduction() {
	for _, u := range []string{"https://api.care.example.org", "https://api.uat.care.example.org", "http://127.0.0.1:8080"} {
		fmt.Println(u, LooksProduction(u))
	}
	// Output:
	// https://api.care.example.org true
	// https://api.uat.care.example.org false
	// http://127.0.0.1:8080 false
}
