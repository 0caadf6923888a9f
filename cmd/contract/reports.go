package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/mockdex/mockdex/internal/contract"
)

// reportFlag is one --report FORMAT[=FILE]; file "" is stdout.
type reportFlag struct{ format, file string }

type reportFlags []reportFlag

func (r *reportFlags) String() string {
	parts := make([]string, len(*r))
	for i, x := range *r {
		parts[i] = x.format + "=" + x.file
	}
	return strings.Join(parts, ",")
}

func (r *reportFlags) Set(v string) error {
	format, file, _ := strings.Cut(v, "=")
	if !validFormat(format) {
		return fmt.Errorf("format %q: want one of %s", format, strings.Join(contract.Formats, ", "))
	}
	if file == "-" {
		file = ""
	}
	*r = append(*r, reportFlag{format, file})
	return nil
}

// check settles the reports a run writes: --report as given, plus the
// old --format/--out pair when --report is absent or --format was given
// too. At most one report may go to stdout.
func (r *reportFlags) check(f *runFlags) error {
	if len(*r) == 0 || f.formatSet || f.out != "" {
		*r = append(*r, reportFlag{f.format, f.out})
	}
	stdout := 0
	for _, x := range *r {
		if x.file == "" {
			stdout++
		}
	}
	if stdout > 1 {
		return errors.New("more than one report to stdout: give all but one a FILE (--report FORMAT=FILE)")
	}
	return nil
}

// report writes every requested report and turns the run into the exit
// code. Nothing but a report goes to stdout; when no report does, the
// summary line goes to stderr (and to stdout for the old --out, as before).
func report(rep *contract.Report, f *runFlags, opts contract.WriteOptions, stdout, stderr io.Writer) int {
	toStdout := false
	for _, x := range f.reports {
		o := opts
		o.Format = x.format
		var err error
		if x.file == "" {
			toStdout = true
			o.Color = x.format == "text" && isTerminal(stdout) && os.Getenv("NO_COLOR") == ""
			err = contract.Write(stdout, rep, o)
		} else {
			err = writeFile(x.file, rep, o)
		}
		if err != nil {
			fmt.Fprintf(stderr, "contract run: --report %s: %v\n", x.format, err)
			return exitUsage
		}
	}
	line := opts.Scrubber.Scrub(rep.SummaryLine(opts.FailOn))
	switch {
	case f.out != "" && len(f.reports) == 1:
		fmt.Fprintln(stdout, line)
	case !toStdout:
		fmt.Fprintln(stderr, line)
	}
	switch {
	case rep.Unreachable || rep.CredentialsRefused:
		return exitUnreachable
	case rep.FailsAt(opts.FailOn):
		return exitDrift
	}
	return exitOK
}

func writeFile(path string, rep *contract.Report, o contract.WriteOptions) error {
	file, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := contract.Write(file, rep, o); err != nil {
		file.Close()
		return err
	}
	return file.Close()
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
