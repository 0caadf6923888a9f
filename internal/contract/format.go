package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Formats a report can be written in.
var Formats = []string{"text", "json", "junit", "markdown", "github"}

// WriteOptions control rendering.
type WriteOptions struct {
	Format   string
	Color    bool // ANSI colour in text (only on a terminal)
	FailOn   Severity
	Scrubber *Scrubber
}

// Write renders the report and scrubs every remembered secret and patient
// value from the result before it leaves the process.
func Write(w io.Writer, r *Report, o WriteOptions) error {
	var buf bytes.Buffer
	var err error
	switch o.Format {
	case "", "text":
		writeText(&buf, r, o)
	case "json":
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		err = enc.Encode(r)
	case "junit":
		err = writeJUnit(&buf, r, o.FailOn)
	case "markdown":
		writeMarkdown(&buf, r, o)
	case "github":
		writeGitHub(&buf, r, o)
	default:
		return fmt.Errorf("unknown format %q (want one of %s)", o.Format, strings.Join(Formats, ", "))
	}
	if err != nil {
		return err
	}
	out := buf.String()
	if o.Scrubber != nil {
		out = o.Scrubber.Scrub(out)
	}
	_, err = io.WriteString(w, out)
	return err
}

// Verdict is the summary's first word.
func (r *Report) Verdict(failOn Severity) string {
	switch {
	case r.Unreachable:
		return "UNREACHABLE"
	case r.CredentialsRefused:
		return "CREDENTIALS REFUSED"
	case r.FailsAt(failOn):
		return "DRIFT"
	}
	return "OK"
}

// SummaryLine is the one line a CI log shows first.
func (r *Report) SummaryLine(failOn Severity) string {
	s := r.Summary
	return fmt.Sprintf("contract %s: target %s, %d scenarios (%d passed, %d failed, %d skipped), %d steps, findings: %d breaking, %d warning, %d info",
		r.Verdict(failOn), r.Target, s.Scenarios, s.Passed, s.Failed, s.Skipped, s.Steps,
		s.Findings["breaking"], s.Findings["warning"], s.Findings["info"])
}

const (
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiGreen  = "\x1b[32m"
	ansiDim    = "\x1b[2m"
	ansiReset  = "\x1b[0m"
)

func paint(on bool, color, s string) string {
	if !on {
		return s
	}
	return color + s + ansiReset
}

func severityColor(s Severity) string {
	switch s {
	case Breaking:
		return ansiRed
	case Warning:
		return ansiYellow
	}
	return ansiDim
}

func writeText(w io.Writer, r *Report, o WriteOptions) {
	line := r.SummaryLine(o.FailOn)
	color := ansiGreen
	if r.Verdict(o.FailOn) != "OK" {
		color = ansiRed
	}
	fmt.Fprintln(w, paint(o.Color, color, line))
	if r.Usage != nil {
		writeTextScoped(w, r, o)
	} else if len(r.Findings) > 0 {
		fmt.Fprintln(w, "\nFindings")
		for _, f := range r.Findings {
			writeTextFinding(w, f, o.Color)
		}
	}
	if len(r.Retries) > 0 {
		fmt.Fprintln(w, "\nRetries (answers tried again; the tier needed them)")
		for _, x := range r.Retries {
			fmt.Fprintf(w, "  %-36s %d retries over %d requests: %s\n", x.OperationID, x.Retries, x.Requests, x.Why())
		}
	}
	fmt.Fprintln(w, "\nScenarios")
	for _, sc := range r.Scenarios {
		writeTextScenario(w, sc, o.Color)
	}
	if len(r.Unexercised) > 0 {
		fmt.Fprintf(w, "\nOperations no scenario exercised: %s\n", strings.Join(r.Unexercised, ", "))
	}
}

// writeTextScoped leads with the drift the app depends on, then notes
// what it does not use (each with why).
func writeTextScoped(w io.Writer, r *Report, o WriteOptions) {
	depends, unused := scoped(r.Findings)
	u := r.Usage
	fmt.Fprintf(w, "\nDrift your app depends on (%d)\n", len(depends))
	if len(depends) == 0 {
		fmt.Fprintln(w, "  none")
	}
	for _, f := range depends {
		writeTextFinding(w, f, o.Color)
	}
	fmt.Fprintf(w, "\nNot used by your app (%d, info)\n", len(unused))
	for _, f := range unused {
		writeTextFinding(w, f, o.Color)
	}
	fmt.Fprintf(w, "\nUsage profile: %s; %d of the app's own requests replayed", runsOf(u), u.Replayed)
	if len(u.NotReplayed) > 0 {
		fmt.Fprintf(w, "; not replayed: %s", strings.Join(u.NotReplayed, "; "))
	}
	fmt.Fprintln(w)
}

// runsOf says how many runs a profile folds in.
func runsOf(u *UsageReport) string {
	if len(u.Sources) == 1 {
		return "1 run folded in"
	}
	return fmt.Sprintf("%d runs folded in", len(u.Sources))
}

// scoped splits findings into those the app depends on (and the run's
// own) and those it does not use.
func scoped(fs []Finding) (depends, unused []Finding) {
	for _, f := range fs {
		if f.App != nil && !f.App.Depends {
			unused = append(unused, f)
		} else {
			depends = append(depends, f)
		}
	}
	return depends, unused
}

// appNote is a scoped finding's why, for the reports.
func appNote(f Finding) string {
	switch {
	case f.App == nil:
		return ""
	case f.App.Depends:
		return "your app depends on it: " + f.App.Reason
	case f.App.Severity != f.Severity:
		return fmt.Sprintf("not used by your app: %s (%s without --usage)", f.App.Reason, f.App.Severity)
	}
	return "not used by your app: " + f.App.Reason
}

func writeTextFinding(w io.Writer, f Finding, color bool) {
	tag := paint(color, severityColor(f.Severity), "["+f.Severity.String()+"]")
	fmt.Fprintf(w, "  %s %s  %s › %s (%s%s) %s\n", tag, f.Rule, f.Scenario, f.Step, f.OperationID, prefixed(" at ", f.Host), f.Pointer)
	fmt.Fprintf(w, "      %s", f.Message)
	if f.Expected != "" || f.Seen != "" {
		fmt.Fprintf(w, ": expected %s, seen %s", f.Expected, f.Seen)
	}
	fmt.Fprintln(w)
	if len(f.Also) > 0 {
		fmt.Fprintf(w, "      same cause: %s\n", strings.Join(f.Also, ", "))
	}
	if len(f.Elsewhere) > 0 {
		fmt.Fprintf(w, "      also in: %s\n", strings.Join(f.Elsewhere, "; "))
	}
	if f.CorrelationID != "" {
		fmt.Fprintf(w, "      correlation-id: %s\n", f.CorrelationID)
	}
	if f.Reproduce != "" {
		fmt.Fprintf(w, "      reproduce: %s\n", f.Reproduce)
	}
	if note := appNote(f); note != "" {
		fmt.Fprintf(w, "      %s\n", note)
	}
}

func writeTextScenario(w io.Writer, sc ScenarioReport, color bool) {
	mark := map[string]string{StatusPassed: paint(color, ansiGreen, "PASS"), StatusFailed: paint(color, ansiRed, "FAIL"), StatusSkipped: paint(color, ansiDim, "SKIP")}[sc.Status]
	fmt.Fprintf(w, "  %s %s [%s]", mark, sc.Name, strings.Join(sc.Tags, ","))
	if sc.Reason != "" {
		fmt.Fprintf(w, ": %s", sc.Reason)
	}
	fmt.Fprintln(w)
	for _, st := range sc.Steps {
		if st.NotRun || st.Skipped != "" {
			fmt.Fprintf(w, "      - %s (not run%s)\n", st.Name, prefixed(": ", st.Skipped+st.Blocked))
			continue
		}
		fmt.Fprintf(w, "      %s %s  %s %s → %d  %s  correlation-id %s%s\n", stepMark(st), st.Name, st.Method, st.Path, st.Status,
			st.Duration.Round(100_000), shortList(st.CorrelationIDs), retriesNote(st.Retries))
		if st.Failure != "" {
			fmt.Fprintf(w, "          %s\n", st.Failure)
		}
	}
}

func retriesNote(n int) string {
	switch n {
	case 0:
		return ""
	case 1:
		return "  (1 retry)"
	}
	return fmt.Sprintf("  (%d retries)", n)
}

func stepMark(st StepReport) string {
	if st.Failure != "" || st.Findings > 0 {
		return "✗"
	}
	return "✓"
}

func writeMarkdown(w io.Writer, r *Report, o WriteOptions) {
	fmt.Fprintf(w, "### %s\n\n", r.SummaryLine(o.FailOn))
	if r.Usage != nil {
		depends, unused := scoped(r.Findings)
		fmt.Fprintf(w, "#### Drift your app depends on (%d)\n\n", len(depends))
		if len(depends) == 0 {
			fmt.Fprint(w, "None.\n\n")
		}
		writeMarkdownFindings(w, depends)
		fmt.Fprintf(w, "#### Not used by your app (%d, info)\n\n", len(unused))
		writeMarkdownFindings(w, unused)
		fmt.Fprintf(w, "Usage profile: %s; %d of the app's own requests replayed.", runsOf(r.Usage), r.Usage.Replayed)
		if len(r.Usage.NotReplayed) > 0 {
			fmt.Fprintf(w, " Not replayed: %s.", mdCell(strings.Join(r.Usage.NotReplayed, "; ")))
		}
		fmt.Fprint(w, "\n\n")
	} else {
		writeMarkdownFindings(w, r.Findings)
	}
	if len(r.Findings) > 0 {
		fmt.Fprint(w, "\n<details><summary>Reproduce</summary>\n\n")
		for _, f := range r.Findings {
			if f.Reproduce == "" {
				continue
			}
			fmt.Fprintf(w, "- `%s` %s › %s (correlation-id `%s`)\n\n  ```sh\n  %s\n  ```\n", f.Rule, f.Scenario, f.Step, f.CorrelationID, f.Reproduce)
		}
		fmt.Fprintln(w, "</details>")
	}
	if len(r.Retries) > 0 {
		fmt.Fprintln(w, "\n| operation | retries | requests retried | why |\n|---|---|---|---|")
		for _, x := range r.Retries {
			fmt.Fprintf(w, "| `%s` | %d | %d | %s |\n", x.OperationID, x.Retries, x.Requests, mdCell(x.Why()))
		}
	}
	fmt.Fprintln(w, "\n| scenario | status | note |\n|---|---|---|")
	for _, sc := range r.Scenarios {
		fmt.Fprintf(w, "| %s | %s | %s |\n", sc.Name, sc.Status, mdCell(sc.Reason))
	}
	if len(r.Unexercised) > 0 {
		fmt.Fprintf(w, "\nOperations no scenario exercised: `%s`\n", strings.Join(r.Unexercised, "`, `"))
	}
}

// writeMarkdownFindings writes findings as a table (nothing for none).
func writeMarkdownFindings(w io.Writer, fs []Finding) {
	if len(fs) == 0 {
		return
	}
	fmt.Fprintln(w, "| severity | rule | scenario › step | operation | pointer | what | expected | seen |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|")
	for _, f := range fs {
		what := f.Message
		if len(f.Also) > 0 {
			what += " (same cause: " + strings.Join(f.Also, ", ") + ")"
		}
		if len(f.Elsewhere) > 0 {
			what += fmt.Sprintf(" (also in %d more: %s)", len(f.Elsewhere), strings.Join(f.Elsewhere, "; "))
		}
		if note := appNote(f); note != "" {
			what += " (" + note + ")"
		}
		fmt.Fprintf(w, "| %s | `%s` | %s › %s | %s | %s | %s | %s | %s |\n", f.Severity, f.Rule, mdCell(f.Scenario), mdCell(f.Step),
			mdCode(f.OperationID), mdCode(f.Pointer), mdCell(what), mdCell(f.Expected), mdCell(f.Seen))
	}
	fmt.Fprintln(w)
}

func mdCode(s string) string {
	if s == "" {
		return ""
	}
	return "`" + strings.ReplaceAll(s, "`", "'") + "`"
}

// writeGitHub writes one GitHub Actions workflow command per finding:
// ::error for findings at or above the failing severity, ::warning and
// ::notice for the rest, so the run's page lists them.
func writeGitHub(w io.Writer, r *Report, o WriteOptions) {
	fs := r.Findings
	if r.Usage != nil {
		depends, unused := scoped(fs)
		fs = append(depends, unused...) // what the app depends on first
	}
	for _, f := range fs {
		level := "notice"
		switch {
		case f.Severity >= o.FailOn:
			level = "error"
		case f.Severity == Warning:
			level = "warning"
		}
		title := fmt.Sprintf("%s: %s › %s", f.Rule, f.Scenario, f.Step)
		switch {
		case f.App != nil && f.App.Depends:
			title = "your app depends on · " + title
		case f.App != nil:
			title = "not used by your app · " + title
		}
		msg := f.Message
		if f.Pointer != "" {
			msg = f.Pointer + ": " + msg
		}
		if f.Expected != "" || f.Seen != "" {
			msg += fmt.Sprintf(" (expected %s, seen %s)", f.Expected, f.Seen)
		}
		if f.CorrelationID != "" {
			msg += " correlation-id " + f.CorrelationID
		}
		if note := appNote(f); note != "" {
			msg += " (" + note + ")"
		}
		fmt.Fprintf(w, "::%s title=%s::%s\n", level, ghProperty(title), ghData(msg))
	}
	fmt.Fprintf(w, "::notice title=contract::%s\n", ghData(r.SummaryLine(o.FailOn)))
}

// ghData and ghProperty escape a workflow command's message and
// property values as the runner expects.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

// shortList shows the first id and how many more there were; the JSON
// report lists them all.
func shortList(ids []string) string {
	if len(ids) <= 2 {
		return strings.Join(ids, ",")
	}
	return fmt.Sprintf("%s (+%d more)", ids[0], len(ids)-1)
}
