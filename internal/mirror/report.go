package mirror

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// Report says what a mirror run saw, what it guessed, what it could not
// see, and which fixture fields hold mockdex's defaults rather than the
// tier's configuration. It never holds a credential or patient data.
type Report struct {
	RecordedAt time.Time
	// RecordedAtGuessed is set when no answer carried the tier's clock
	// (no practice was mirrored) and the local clock stood in for it.
	RecordedAtGuessed bool
	Hosts             Hosts
	// Calls counts the requests sent, by operationId.
	Calls  map[string]int
	Counts map[string]int
	// Identities are the contract runner's variables for this tier
	// (DEXCARE_PRACTICE_ID...), taken from what was mirrored.
	Identities map[string]string
	Guessed    []Note
	Unseen     []Note
	Defaults   []Note
	// Kept are the unseen fields a refresh took from the directory's
	// existing files rather than guessing them again (Mirror.Files).
	Kept     []Note
	Warnings []Note
}

// Note is one line of the report: which fixture entry, and what of it.
type Note struct {
	Where string // file and entry: "departments.json 123446001"
	What  string
}

func (r *Report) guess(where, format string, a ...any) {
	r.Guessed = append(r.Guessed, Note{where, fmt.Sprintf(format, a...)})
}

func (r *Report) warn(where, format string, a ...any) {
	r.Warnings = append(r.Warnings, Note{where, fmt.Sprintf(format, a...)})
}

func (r *Report) byDefault(where, format string, a ...any) {
	r.Defaults = append(r.Defaults, Note{where, fmt.Sprintf(format, a...)})
}

func (r *Report) unseen(where, format string, a ...any) {
	r.Unseen = append(r.Unseen, Note{where, fmt.Sprintf(format, a...)})
}

// Write renders the report as Markdown (readable as plain text on a
// terminal, and as a pull request's body).
func (r *Report) Write(w io.Writer, dir string) error {
	var b strings.Builder
	b.WriteString("# mockdex mirror report\n\n")
	fmt.Fprintf(&b, "Recorded %s from api=%s reporting=%s with %d read-only calls (%s).\n",
		r.RecordedAt.UTC().Format(time.RFC3339), orNone(r.Hosts.API), orNone(r.Hosts.Reporting), total(r.Calls), countList(r.Calls))
	if r.RecordedAtGuessed {
		b.WriteString("No answer carried the tier's clock: the recording instant is this machine's.\n")
	}
	fmt.Fprintf(&b, "\nA mock on this world at the recording instant lists the same free slots:\n\n    mockdex --fixtures %s --clock manual --start %s\n",
		dir, r.RecordedAt.UTC().Format(time.RFC3339))
	if len(r.Identities) > 0 {
		b.WriteString("\nIdentities for `contract run --fixtures " + dir + "` against this tier:\n\n   ")
		for _, k := range slices.Sorted(maps.Keys(r.Identities)) {
			fmt.Fprintf(&b, " %s=%s", k, r.Identities[k])
		}
		b.WriteString("\n\nThe patients' (DEXCARE_PATIENT_GUID, DEXCARE_OTHER_PATIENT_GUID, DEXCARE_EHR_PATIENT_GUID,\n" +
			"DEXCARE_EHR_IDENTIFIER, DEXCARE_EHR_IDENTIFIER_TYPE, DEXCARE_HOME_EHR) are yours to set: the mirror reads\n" +
			"no patient, and the read-only scenarios need none.\n")
	}
	fmt.Fprintf(&b, "\nMirrored: %s.\n", countList(r.Counts))
	section(&b, "Guessed (inferred from what the tier shows; check these)", r.Guessed)
	section(&b, "Not seen (no read-only call shows these)", r.Unseen)
	section(&b, "Defaults (fixture fields holding mockdex's values, not the tier's)", r.Defaults)
	section(&b, "Kept from the existing directory (not seen; a refresh keeps them)", r.Kept)
	section(&b, "Warnings", r.Warnings)
	_, err := io.WriteString(w, b.String())
	return err
}

func section(b *strings.Builder, title string, notes []Note) {
	if len(notes) == 0 {
		return
	}
	fmt.Fprintf(b, "\n## %s\n\n", title)
	for _, n := range notes {
		fmt.Fprintf(b, "- %s: %s\n", n.Where, n.What)
	}
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// countList is "k1 n1, k2 n2" in key order.
func countList(m map[string]int) string {
	parts := make([]string, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}
