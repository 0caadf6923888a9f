package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/fixtures"
)

// A port alone is refused before anything listens, with the two forms
// that were probably meant; the variable is named when it was the source.
func TestAddrWithoutHostNamesTheFix(t *testing.T) {
	code, stdout, stderr := runMockdex("--addr", "8080")
	assert.Equal(t, exitUsage, code)
	assert.Empty(t, stdout, "nothing served")
	assert.Equal(t, `mockdex: --addr "8080" is a port, not an address: use :8080 (every interface) or 127.0.0.1:8080 (this machine only)`+"\n", stderr)

	t.Setenv("MOCKDEX_ADDR", "9090")
	code, _, stderr = runMockdex("serve")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `MOCKDEX_ADDR "9090" is a port, not an address: use :9090`)

	code, _, stderr = runMockdex("healthcheck", "--addr", "8080")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "use :8080 (every interface) or 127.0.0.1:8080")
}

func TestCheckAddr(t *testing.T) {
	for addr, want := range map[string]string{
		"127.0.0.1:8080": "", ":8080": "", "[::1]:0": "", "localhost:80": "", "0.0.0.0:65535": "",
		"8080":            "is a port, not an address: use :8080",
		":http":           "the port must be a number",
		"localhost":       `"localhost" has no port: use localhost:8080`,
		"::1":             `"::1" has no port: use [::1]:8080`,
		"127.0.0.1:99999": "the port must be a number from 0 to 65535",
		"host:port:x":     "want host:port",
	} {
		err := checkAddr(addr)
		if want == "" {
			assert.NoError(t, err, addr)
			continue
		}
		if assert.Error(t, err, addr) {
			assert.Contains(t, err.Error(), want, addr)
		}
	}
}

// A mistyped flag is one line with the flag meant, not the whole help.
func TestMistypedFlagIsOneLine(t *testing.T) {
	for args, want := range map[string]string{
		"--adr 127.0.0.1:0":   "mockdex: unknown flag --adr; did you mean --addr? (mockdex serve --help lists every flag)\n",
		"serve --sed 3":       "mockdex: unknown flag --sed; did you mean --seed? (mockdex serve --help lists every flag)\n",
		"token --patinet x":   "mockdex token: unknown flag --patinet; did you mean --patient? (mockdex token --help lists every flag)\n",
		"healthcheck --ulr x": "mockdex healthcheck: unknown flag --ulr; did you mean --url? (mockdex healthcheck --help lists every flag)\n",
		"version --json":      "mockdex version: unknown flag --json (mockdex version --help lists every flag)\n",
	} {
		code, stdout, stderr := runMockdex(strings.Fields(args)...)
		assert.Equal(t, exitUsage, code, args)
		assert.Empty(t, stdout, args)
		assert.Equal(t, want, stderr, args)
	}
}

func TestHelpForAnUnknownCommandExits2(t *testing.T) {
	code, stdout, stderr := runMockdex("help", "foo")
	assert.Equal(t, exitUsage, code)
	assert.Empty(t, stdout)
	assert.Equal(t, `mockdex help: no command "foo"; the commands are serve, token, healthcheck, usage, version`+"\n", stderr)

	_, _, stderr = runMockdex("help", "tokn")
	assert.Contains(t, stderr, `no command "tokn" (did you mean token?)`)
	_, _, stderr = runMockdex("healthchek")
	assert.Contains(t, stderr, `unknown command "healthchek" (did you mean healthcheck?)`)

	code, stdout, _ = runMockdex("help", "help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "mockdex token --patient GUID")
}

// A token for a patient the mock does not hold would be accepted, and
// every visit it books refused far from here: the command refuses it and
// lists the GUIDs that work.
func TestTokenChecksThePatientExists(t *testing.T) {
	code, stdout, stderr := runMockdex("token", "--patient", "joe")
	assert.Equal(t, exitUsage, code)
	assert.Empty(t, stdout, "no token")
	assert.Contains(t, stderr, `mockdex token: --patient "joe" is not a patient GUID of the default world`)
	assert.Contains(t, stderr, "\n  233441f4-129f-4d0e-afaa-b3009dbe80c7\n", "lists the fixture patients")
	assert.NotContains(t, stderr, "Public", "GUIDs only, no patient data")

	code, _, stderr = runMockdex("token", "--patient", "00000000-129f-4d0e-afaa-b3009dbe80c7")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `is not a patient of the default world`)

	code, stdout, _ = runMockdex("token", "--patient", "233441F4-129F-4D0E-AFAA-B3009DBE80C7")
	assert.Equal(t, exitOK, code, "GUIDs match in any case, as the mock matches them")
	assert.Equal(t, 2, strings.Count(stdout, "."))

	code, stdout, _ = runMockdex("token", "--patient", "00000000-129f-4d0e-afaa-b3009dbe80c7", "--unchecked")
	assert.Equal(t, exitOK, code, "--unchecked mints for a patient created at run time")
	assert.Equal(t, 2, strings.Count(stdout, "."))
}

// With --fixtures (or MOCKDEX_FIXTURES, as serve reads it) the patients
// are that world's.
func TestTokenChecksTheFixturesInUse(t *testing.T) {
	dir := t.TempDir()
	src := fixtures.Default()
	for _, name := range []string{"practices.json", "departments.json", "providers.json", "catalog.json", "settings.json", "postalcodes.json"} {
		b, err := fs.ReadFile(src, name)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), b, 0o644))
	}
	own := "7d3c2b1a-0f9e-4d8c-b7a6-958473625140"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "patients.json"), []byte(`[{"patientGuid":"`+own+`","firstName":"Ada","lastName":"L","gender":"female","dateOfBirth":"1990-12-10"}]`), 0o644))

	code, _, stderr := runMockdex("token", "--patient", "233441f4-129f-4d0e-afaa-b3009dbe80c7", "--fixtures", dir)
	assert.Equal(t, exitUsage, code, "the default world's Joe is not in this one")
	assert.Contains(t, stderr, dir+"/patients.json")
	assert.Contains(t, stderr, "\n  "+own+"\n")

	assert.Equal(t, exitOK, first(runMockdex("token", "--patient", own, "--fixtures", dir)))
	t.Setenv("MOCKDEX_FIXTURES", dir)
	assert.Equal(t, exitOK, first(runMockdex("token", "--patient", own)))

	code, _, stderr = runMockdex("token", "--patient", own, "--fixtures", filepath.Join(dir, "missing"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "--fixtures: stat ")
}

func first(code int, _, _ string) int { return code }

// A --timeline the mock refuses stops start-up naming the file and the
// field; one that cannot be read names the file.
func TestTimelineFileRefusalNamesTheFileAndField(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "day.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"events":[{"kind":"region-closes","region":"ZZ","at":"+1h"}]}`), 0o600))
	code, _, stderr := runMockdex("--addr", "127.0.0.1:0", "--history-days", "0", "--timeline", bad)
	assert.Equal(t, exitFail, code)
	assert.Equal(t, "mockdex: --timeline "+bad+`: timeline: events[0].region: "ZZ" is not a region of any practice of the fixtures`+"\n", stderr)

	code, _, stderr = runMockdex("--addr", "127.0.0.1:0", "--timeline", filepath.Join(t.TempDir(), "none.json"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "--timeline ")
	assert.Contains(t, stderr, "none.json: open ")
}
