package contract

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Name    string       `xml:"name,attr"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Body    string `xml:",chardata"`
}

// writeJUnit writes one testsuite per scenario and one testcase per step;
// a skipped scenario is one skipped testcase.
func writeJUnit(w io.Writer, r *Report) error {
	byStep := map[string][]Finding{}
	for _, f := range r.Findings {
		byStep[f.Scenario+"\x00"+f.Step] = append(byStep[f.Scenario+"\x00"+f.Step], f)
	}
	doc := junitSuites{Name: "contract " + r.Target}
	for _, sc := range r.Scenarios {
		doc.Suites = append(doc.Suites, junitScenario(sc, byStep))
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func junitScenario(sc ScenarioReport, byStep map[string][]Finding) junitSuite {
	s := junitSuite{Name: sc.Name}
	if sc.Status == StatusSkipped {
		s.Cases = []junitCase{{Name: sc.Name, Classname: sc.Name, Time: "0", Skipped: &junitMessage{Message: sc.Reason}}}
		s.Tests, s.Skipped = 1, 1
		return s
	}
	for _, st := range sc.Steps {
		c := junitCase{Name: st.Name, Classname: sc.Name, Time: fmt.Sprintf("%.3f", st.Duration.Seconds()),
			SystemOut: "correlation-id: " + strings.Join(st.CorrelationIDs, ", ")}
		switch fs := byStep[sc.Name+"\x00"+st.Name]; {
		case st.Skipped != "":
			c.Skipped = &junitMessage{Message: st.Skipped}
			s.Skipped++
		case st.NotRun:
			c.Skipped = &junitMessage{Message: "an earlier step failed"}
			s.Skipped++
		case len(fs) > 0 || st.Failure != "":
			c.Failure = junitFailure(st, fs)
			s.Failures++
		}
		s.Cases = append(s.Cases, c)
	}
	s.Tests = len(s.Cases)
	return s
}

func junitFailure(st StepReport, fs []Finding) *junitMessage {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "[%s] %s %s: %s (expected %s, seen %s)\n  reproduce: %s\n", f.Severity, f.Rule, f.Pointer, f.Message, f.Expected, f.Seen, f.Reproduce)
	}
	msg := st.Failure
	if msg == "" && len(fs) > 0 {
		msg = fmt.Sprintf("%d finding(s), first: %s", len(fs), fs[0].Rule)
	}
	return &junitMessage{Message: msg, Body: b.String()}
}
