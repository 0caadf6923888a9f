package mirror_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mockdex/mockdex/fixtures"
	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/mirror"
)

// changedTier is testdata/othertier after a configuration change on the
// tier: a clinic open longer and on Fridays, a provider gone, a region's
// hours moved, and a new modality.
func changedTier(t *testing.T) tierCase {
	t.Helper()
	dir := t.TempDir()
	edits := map[string][][2]string{
		"departments.json": {{`"days": ["Mon", "Tue", "Wed", "Thu"], "open": "07:45", "close": "16:15"`, `"days": ["Mon", "Tue", "Wed", "Thu", "Fri"], "open": "07:45", "close": "17:00"`}},
		"practices.json":   {{`"hours": "24x7", "capacity": 4`, `"hours": "06:00-23:00", "capacity": 4`}},
		"catalog.json": {{`"modalities": [`, `"modalities": [
    {"id": "c1a5cade-0000-4a00-8000-0000000e0009", "name": "chat", "version": 1, "createdAt": "2024-10-01T00:00:00Z", "updatedAt": "2024-10-01T00:00:00Z"},`}},
		"providers.json": {{`"departments": ["5501"], "gender": "Male"`, `"departments": [], "gender": "Male"`}},
	}
	entries, _ := os.ReadDir("testdata/othertier")
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("testdata/othertier", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		for _, ed := range edits[e.Name()] {
			if !strings.Contains(s, ed[0]) {
				t.Fatalf("%s holds no %s", e.Name(), ed[0])
			}
			s = strings.Replace(s, ed[0], ed[1], 1)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := tierCases()[1]
	c.fixtures = os.DirFS(dir)
	return c
}

// mirrorDiff records c and returns the diff against dir, as text, and
// the files.
func mirrorDiff(t *testing.T, c tierCase, dir string) (string, map[string][]byte) {
	t.Helper()
	client, hosts := inprocClient(c.source(t))
	m, err := mirror.Record(context.Background(), mirror.Options{Hosts: hosts, Client: client, Config: c.config,
		Credentials: mirror.Credentials{APIKey: auth.DefaultAPIKey, ServiceKey: auth.DefaultServiceKey}})
	if err != nil {
		t.Fatal(err)
	}
	files, err := m.Files(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	changes, err := mirror.Diff(os.DirFS(dir), files)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := mirror.WriteDiff(&b, changes); err != nil {
		t.Fatal(err)
	}
	return b.String(), files
}

// TestRefreshShowsWhatChanged: mirroring the same tier again changes
// nothing; mirroring it after a configuration change lists exactly that
// change, by file and entry, the same way every time.
func TestRefreshShowsWhatChanged(t *testing.T) {
	c := tierCases()[1]
	dir := t.TempDir()
	client, hosts := inprocClient(c.source(t))
	recordInto(t, dir, client, hosts, c)
	if got, _ := mirrorDiff(t, c, dir); got != "no changes\n" {
		t.Errorf("the same tier mirrored again:\n%s", got)
	}

	changed := changedTier(t)
	got, files := mirrorDiff(t, changed, dir)
	again, _ := mirrorDiff(t, changed, dir)
	if got != again {
		t.Errorf("two diffs of the same change differ:\n%s\n---\n%s", got, again)
	}
	for _, want := range []string{
		"catalog.json\n  + /modalities/[id=c1a5cade-0000-4a00-8000-0000000e0009]: {",
		`  ~ /[id=5501]/close: "16:15" → "17:00"`,
		`  ~ /[id=5501]/days: ["Mon","Tue","Wed","Thu"] → ["Mon","Tue","Wed","Thu","Fri"]`,
		`  ~ /[id=c1a5cade-0000-4a00-8000-000000000001]/regions/[regionCode=HI]/hours: "24x7" → "06:00-23:00"`,
		"  - /named/[npi=1700000002]: {",
		"5 changes in 4 files\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the diff lacks %s\n%s", want, got)
		}
	}
	// Hawaii now closes at night, which hides its on-call counts, and the
	// new modality's pools are guessed in closed and inactive regions:
	// guesses keep the directory's values, so no oncall line shows.
	for _, quiet := range []string{"5502", "9300", "regionCode=NY]/hours", "oncall", "capacity", "settings.json", "patients.json"} {
		if strings.Contains(got, quiet) {
			t.Errorf("the diff names %s, which did not change:\n%s", quiet, got)
		}
	}
	if err := mirror.WriteDir(dir, files); err != nil {
		t.Fatal(err)
	}
	if got, _ := mirrorDiff(t, changed, dir); got != "no changes\n" {
		t.Errorf("after writing the change, a refresh still shows:\n%s", got)
	}
}

// TestMirrorWritesNoPatientData: the tier's patients, the guardians who
// booked for them and what they told the clinic are nowhere in what the
// mirror writes; patients.json is mockdex's own synthetic patients.
func TestMirrorWritesNoPatientData(t *testing.T) {
	c := tierCases()[1]
	dir := t.TempDir()
	client, hosts := inprocClient(c.source(t))
	recordInto(t, dir, client, hosts, c)
	all := readAll(t, dir)
	for _, v := range []string{
		"Imogen", "Tarrant-Vale", "imogen.tarrantvale", "212-555-0147", "c1a5cade-0000-4a00-8000-0000000fa001", "48 Orchard St",
		"Oluwaseun", "Brightwater", "312-555-0190", "c1a5cade-0000-4a00-8000-0000000fa002",
		"Núñez", "O'Brien", "Żółkiewski", "Plus-Minus", "jose.nunez@example.com", "Sore throat", "Douleur",
	} {
		if strings.Contains(all, v) {
			t.Errorf("the mirrored files hold %q", v)
		}
	}
	want, _ := fixtures.Default().Open("patients.json")
	var b bytes.Buffer
	b.ReadFrom(want)
	if got, _ := os.ReadFile(filepath.Join(dir, "patients.json")); !bytes.Equal(got, b.Bytes()) {
		t.Error("patients.json is not mockdex's synthetic patients")
	}
}

// TestAnonymise: provider names and emails are generated, the same on
// every run; schedules and ids are the tier's.
func TestAnonymise(t *testing.T) {
	c := tierCases()[1]
	var runs []string
	for range 2 {
		client, hosts := inprocClient(c.source(t))
		m, err := mirror.Record(context.Background(), mirror.Options{Hosts: hosts, Client: client, Config: c.config, Anonymise: true,
			Credentials: mirror.Credentials{APIKey: auth.DefaultAPIKey, ServiceKey: auth.DefaultServiceKey}, Now: time.Now})
		if err != nil {
			t.Fatal(err)
		}
		files, err := m.Files(nil)
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, string(files["providers.json"]))
		if runs[0] != runs[len(runs)-1] {
			t.Error("two anonymised runs wrote different providers")
		}
	}
	for _, v := range []string{"Mary Ann", "Evans", "mary.evans@cascade.example", "de la Cruz", "Raman", "Kahale", "Lakeshore Express", "cascade.example"} {
		if strings.Contains(runs[0], v) {
			t.Errorf("anonymised providers hold %q", v)
		}
	}
	for _, v := range []string{`"npi": "1700000001"`, `"c1a5cade-0000-4a00-8000-00000000e001"`, `"credentials": "MD PhD"`, `"5501"`} {
		if !strings.Contains(runs[0], v) {
			t.Errorf("anonymised providers lost %s", v)
		}
	}
}

func readAll(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
	}
	return b.String()
}

// TestRefreshKeepsHandEdits: values the tier does not show (a region's
// capacity, a url name not configured) that a team set by hand survive a
// refresh, and the report says they were kept.
func TestRefreshKeepsHandEdits(t *testing.T) {
	c := tierCases()[1]
	dir := t.TempDir()
	client, hosts := inprocClient(c.source(t))
	recordInto(t, dir, client, hosts, c)
	edit := func(name, old, cur string) {
		b, _ := os.ReadFile(filepath.Join(dir, name))
		if !bytes.Contains(b, []byte(old)) {
			t.Fatalf("%s holds no %s", name, old)
		}
		os.WriteFile(filepath.Join(dir, name), bytes.Replace(b, []byte(old), []byte(cur), 1), 0o644)
	}
	edit("practices.json", `"capacity": 10`, `"capacity": 9`)
	edit("departments.json", `"urlName": "5502"`, `"urlName": "CascadeHarbor"`)

	m, err := mirror.Record(context.Background(), mirror.Options{Hosts: hosts, Client: client, Config: c.config,
		Credentials: mirror.Credentials{APIKey: auth.DefaultAPIKey, ServiceKey: auth.DefaultServiceKey}})
	if err != nil {
		t.Fatal(err)
	}
	files, err := m.Files(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if changes, _ := mirror.Diff(os.DirFS(dir), files); len(changes) != 0 {
		t.Errorf("a refresh undid hand edits: %+v", changes)
	}
	var rep strings.Builder
	m.Report.Write(&rep, dir)
	for _, want := range []string{"region NY: capacity 9", "departments.json 5502: urlName CascadeHarbor"} {
		if !strings.Contains(rep.String(), want) {
			t.Errorf("the report does not say it kept %q:\n%s", want, rep.String())
		}
	}
}
