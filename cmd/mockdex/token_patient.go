package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/google/uuid"

	"github.com/mockdex/mockdex/fixtures"
	"github.com/mockdex/mockdex/internal/fakes"
)

// listedPatients is how many fixture patients an error lists before it
// points at the file instead.
const listedPatients = 8

// checkPatient refuses a --patient the mock would never know: a token for
// it is accepted, but every visit it books answers 400
// PATIENT_RECORD_NOT_FOUND, far from the command that caused it. dir is
// the --fixtures directory, "" for the embedded world.
func checkPatient(dir, guid string) error {
	fsys, where := fixtures.Default(), "the default world (fixtures/patients.json in mockdex's source)"
	if dir != "" {
		if _, err := os.Stat(dir); err != nil {
			return fmt.Errorf("--fixtures: %w", err)
		}
		fsys, where = os.DirFS(dir), dir+"/patients.json"
	}
	// The patients only: the rest of the world is the mock's to check.
	f, err := fakes.LoadFixtures(fsys, 1)
	if err != nil {
		return fmt.Errorf("--fixtures %s: %w", dir, err)
	}
	for _, p := range f.Patients {
		if strings.EqualFold(p.PatientGUID, guid) {
			return nil
		}
	}
	what := "is not a patient"
	if uuid.Validate(guid) != nil {
		what = "is not a patient GUID"
	}
	return fmt.Errorf("--patient %q %s of %s; use the patientGuid of one that is:\n%s", guid, what, where, patientList(f.Patients, where))
}

// patientList is the GUIDs a user can pick from (never names or other
// patient data), and where the rest are.
func patientList(ps []fakes.Patient, where string) string {
	var b strings.Builder
	for i, p := range ps {
		if i == listedPatients {
			fmt.Fprintf(&b, "  ... and %d more in %s\n", len(ps)-i, where)
			break
		}
		fmt.Fprintf(&b, "  %s\n", p.PatientGUID)
	}
	b.WriteString("(--unchecked mints for a patient the fixtures do not hold: one a guest visit, a retail booking or an imported state added)")
	return b.String()
}
