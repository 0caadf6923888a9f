package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Var is an environment variable a command reads.
type Var struct {
	Name string
	Help string
}

// Help describes one command for its --help.
type Help struct {
	// Synopsis is the usage line(s), starting with "usage:".
	Synopsis string
	// About is an optional paragraph printed after the synopsis.
	About string
	// Env lists every variable the command reads, flags' ones included,
	// so a user of a container or a CI job finds them in one place.
	Env []Var
}

// Install makes fs print h: synopsis, about, flags, environment.
func Install(fs *flag.FlagSet, h Help) {
	fs.Usage = func() { Print(fs.Output(), fs, h) }
}

// Print writes h with fs's flags (fs may be nil) to w.
func Print(w io.Writer, fs *flag.FlagSet, h Help) {
	fmt.Fprintln(w, strings.TrimRight(h.Synopsis, "\n"))
	if h.About != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimRight(h.About, "\n"))
	}
	if fs != nil && hasFlags(fs) {
		fmt.Fprintln(w, "\nflags:")
		out := fs.Output()
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(out)
	}
	PrintEnv(w, h.Env)
}

// PrintEnv writes an "environment:" section listing vars, if any.
func PrintEnv(w io.Writer, vars []Var) {
	if len(vars) == 0 {
		return
	}
	fmt.Fprintln(w, "\nenvironment:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, v := range vars {
		fmt.Fprintf(tw, "  %s\t%s\n", v.Name, v.Help)
	}
	tw.Flush()
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// Parse parses args into fs. Asked for help, it prints fs.Usage to stdout
// and returns flag.ErrHelp (callers exit 0). Any other flag error comes
// back as one line naming the mistake, with the closest flag for an
// unknown one and where the help is; it is not printed here, so the
// caller prints it once with its own prefix. The usage is not repeated:
// sixty lines of help bury the one line that says what was wrong.
func Parse(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) error {
	var buf bytes.Buffer
	fs.SetOutput(&buf)
	usage := fs.Usage
	fs.Usage = func() {} // the flag package calls it on every error
	err := fs.Parse(args)
	fs.Usage = usage
	fs.SetOutput(stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(stdout)
		fs.Usage()
		fs.SetOutput(stderr)
	case err != nil:
		return explain(fs, err)
	}
	return err
}

// OneOf refuses a value outside allowed, naming the flag and the choices.
func OneOf(flagName, value string, allowed ...string) error {
	for _, a := range allowed {
		if value == a {
			return nil
		}
	}
	return fmt.Errorf("--%s %q: want %s", flagName, value, orList(allowed))
}

func orList(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}
