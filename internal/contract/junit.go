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

// junitRetries is the run's retries as a testsuite of its own whose
// properties count them per operation: JUnit has no place for a run's
// own facts, and a tier's flakiness must show there too.
func junitRetries(r *Report) (junitSuite, bool) {
	if len(r.Retries) == 0 {
		return junitSuite{}, false
	}
	c := junitCase{Name: "retries", Classname: "retries", Time: "0"}
	var out []string
	for _, x := range r.Retries {
		c.addProperty("retries "+x.OperationID, fmt.Sprintf("%d retries over %d requests: %s", x.Retries, x.Requests, x.Why()))
		out = append(out, fmt.Sprintf("%s: %d retries over %d requests (%s)", x.OperationID, x.Retries, x.Requests, x.Why()))
	}
	c.SystemOut = strings.Join(out, "\n")
	return junitSuite{Name: "retries", Tests: 1, Cases: []junitCase{c}}, true
}

// junitDepends leads a scoped run's report: one testcase per finding the
// app depends on (failing at failOn, as the exit code does), or one
// passing testcase when there is none.
func junitDepends(r *Report, failOn Severity) junitSuite {
	const name = "drift your app depends on"
	depends, unused := scoped(r.Findings)
	s := junitSuite{Name: name}
	for _, f := range depends {
		c := junitCase{Name: f.Rule + " " + f.OperationID + " " + f.Pointer, Classname: name, Time: "0",
			SystemOut: findingText(f) + "\n" + appNote(f)}
		if f.Severity >= failOn {
			c.Failure = &junitMessage{Message: f.Rule + ": " + f.Message, Body: findingText(f)}
			s.Failures++
		}
		s.Cases = append(s.Cases, c)
	}
	if len(s.Cases) == 0 {
		s.Cases = []junitCase{{Name: "none", Classname: name, Time: "0"}}
	}
	s.Cases[0].addProperty("not used by your app", fmt.Sprint(len(unused)))
	s.Cases[0].addProperty("replayed", fmt.Sprint(r.Usage.Replayed))
	s.Tests = len(s.Cases)
	return s
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name       string          `xml:"name,attr"`
	Classname  string          `xml:"classname,attr"`
	Time       string          `xml:"time,attr"`
	Properties *junitPropertys `xml:"properties,omitempty"`
	Failure    *junitMessage   `xml:"failure,omitempty"`
	Skipped    *junitMessage   `xml:"skipped,omitempty"`
	SystemOut  string          `xml:"system-out,omitempty"`
}

type junitPropertys struct {
	Items []junitProperty `xml:"property"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Body    string `xml:",chardata"`
}

// writeJUnit writes one testsuite per scenario and one testcase per step;
// a skipped scenario is one skipped testcase. Only findings at or above
// failOn fail a testcase; the others are its properties and system-out,
// so the JUnit verdict agrees with the exit code.
func writeJUnit(w io.Writer, r *Report, failOn Severity) error {
	byStep := map[string][]Finding{}
	for _, f := range r.Findings {
		byStep[f.Scenario+"\x00"+f.Step] = append(byStep[f.Scenario+"\x00"+f.Step], f)
	}
	doc := junitSuites{Name: "contract " + r.Target}
	if r.Usage != nil {
		doc.Suites = append(doc.Suites, junitDepends(r, failOn))
	}
	for _, sc := range r.Scenarios {
		doc.Suites = append(doc.Suites, junitScenario(sc, byStep, failOn))
	}
	if s, ok := junitRetries(r); ok {
		doc.Suites = append(doc.Suites, s)
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

func junitScenario(sc ScenarioReport, byStep map[string][]Finding, failOn Severity) junitSuite {
	s := junitSuite{Name: sc.Name}
	if sc.Status == StatusSkipped {
		s.Cases = []junitCase{{Name: sc.Name, Classname: sc.Name, Time: "0", Skipped: &junitMessage{Message: sc.Reason}}}
		s.Tests, s.Skipped = 1, 1
		return s
	}
	for _, st := range sc.Steps {
		c := junitCase{Name: st.Name, Classname: sc.Name, Time: fmt.Sprintf("%.3f", st.Duration.Seconds()),
			SystemOut: "correlation-id: " + strings.Join(st.CorrelationIDs, ", ")}
		if st.Retries > 0 {
			c.addProperty("retries", fmt.Sprint(st.Retries))
			c.SystemOut += fmt.Sprintf("\nretries: %d", st.Retries)
		}
		failing, notes := split(byStep[sc.Name+"\x00"+st.Name], failOn)
		for _, f := range notes {
			c.SystemOut += "\n" + findingText(f)
			c.addProperty("finding", fmt.Sprintf("[%s] %s %s", f.Severity, f.Rule, f.Pointer))
		}
		switch {
		case st.Skipped != "":
			c.Skipped = &junitMessage{Message: st.Skipped}
			s.Skipped++
		case st.NotRun:
			c.Skipped = &junitMessage{Message: st.Blocked}
			s.Skipped++
		case len(failing) > 0:
			c.Failure = junitFailure(failing)
			s.Failures++
		}
		s.Cases = append(s.Cases, c)
	}
	s.Tests = len(s.Cases)
	return s
}

func (c *junitCase) addProperty(name, value string) {
	if c.Properties == nil {
		c.Properties = &junitPropertys{}
	}
	c.Properties.Items = append(c.Properties.Items, junitProperty{Name: name, Value: value})
}

func split(fs []Finding, failOn Severity) (failing, notes []Finding) {
	for _, f := range fs {
		if f.Severity >= failOn {
			failing = append(failing, f)
		} else {
			notes = append(notes, f)
		}
	}
	return failing, notes
}

func findingText(f Finding) string {
	return fmt.Sprintf("[%s] %s %s: %s (expected %s, seen %s)\n  reproduce: %s", f.Severity, f.Rule, f.Pointer, f.Message, f.Expected, f.Seen, f.Reproduce)
}

func junitFailure(fs []Finding) *junitMessage {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(findingText(f) + "\n")
	}
	return &junitMessage{Message: fmt.Sprintf("%s: %s", fs[0].Rule, fs[0].Message), Body: b.String()}
}
