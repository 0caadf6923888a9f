package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"

	"github.com/mockdex/mockdex/internal/cli"
	"github.com/mockdex/mockdex/internal/scenarios"
)

// credentialEnv are the tier's credentials; only the environment holds
// them, so they never reach a process list or a shell history.
var credentialEnv = []cli.Var{
	{Name: scenarios.EnvServiceKey, Help: "the tier's reporting service key (Authorization: dc-token KEY)"},
	{Name: scenarios.EnvAPIKey, Help: "the tier's x-api-key"},
	{Name: scenarios.EnvJWT, Help: "a bearer token for DEXCARE_PATIENT_GUID (steps as the patient)"},
	{Name: scenarios.EnvOtherJWT, Help: "a bearer token for DEXCARE_OTHER_PATIENT_GUID (another patient's steps)"},
	{Name: scenarios.EnvEHRJWT, Help: "a bearer token for DEXCARE_EHR_PATIENT_GUID (EHR booking steps)"},
}

// mockEnv apply when the target, or the side compared with, is a mockdex.
var mockEnv = []cli.Var{
	{Name: "MOCKDEX_SERVICE_KEY", Help: "the mock's reporting key, when it was started with one of its own"},
	{Name: "MOCKDEX_API_KEY", Help: "the mock's x-api-key, likewise"},
	{Name: "MOCKDEX_JWT_SECRET", Help: "the mock's token secret, likewise"},
	{Name: "MOCKDEX_ADMIN_TOKEN", Help: "the bearer token a shared mock's /_mockdex/ requires: sent only on /_mockdex/ of a single --target that answered as a mockdex"},
}

// runEnv is every variable run and record read: credentials, the tier's
// own identities (default: the mock's documented ones), the mock's keys.
func runEnv() []cli.Var {
	vars := append([]cli.Var(nil), credentialEnv...)
	names := make([]string, 0, len(scenarios.VarEnv))
	for name := range scenarios.VarEnv {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		vars = append(vars, cli.Var{Name: scenarios.VarEnv[name], Help: "the tier's " + name + " (default: the mock's documented one)"})
	}
	vars = append(vars, mockEnv...)
	return append(vars, cli.Var{Name: "NO_COLOR", Help: "set to any value: no colour in the text report on a terminal"})
}

// mirrorEnv: the tier's two keys, or the mock's with --target mock, and
// the contract's identities the mirror reads too.
var mirrorEnv = append(append(credentialEnv[:2:2], mockEnv[:2]...),
	cli.Var{Name: scenarios.VarEnv["npi"], Help: "the provider contract run will ask about: mirrored too (default, when no NPI is named: the run's default)"},
	cli.Var{Name: scenarios.VarEnv["postalCode"], Help: "the postal code contract run's Care Options search uses: what Care Options lists around it is mirrored too (default, when no department is named: the run's default)"},
)

// usageError prints a flag error (not a request for help, which
// cli.Parse has answered) and returns its exit status.
func usageError(stderr io.Writer, cmd string, err error) int {
	if !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
	}
	return usageCode(err)
}

// usageCode is the exit status for a flag error: 0 when help was asked
// for (cli.Parse has printed it), 2 otherwise.
func usageCode(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	return exitUsage
}
