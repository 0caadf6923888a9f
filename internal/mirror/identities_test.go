package mirror_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/contract/inproc"
	"github.com/mockdex/mockdex/internal/mirror"
)

// otherTierWith is testdata/othertier with one more postal code in its
// postalcodes.json: a code no clinic has as its own.
func otherTierWith(t *testing.T, code string, lat, long float64) fs.FS {
	t.Helper()
	src := os.DirFS("testdata/othertier")
	out := fstest.MapFS{}
	names, err := fs.Glob(src, "*.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		b, err := fs.ReadFile(src, n)
		if err != nil {
			t.Fatal(err)
		}
		out[n] = &fstest.MapFile{Data: b}
	}
	var codes map[string]map[string]float64
	if err := json.Unmarshal(out["postalcodes.json"].Data, &codes); err != nil {
		t.Fatal(err)
	}
	codes[code] = map[string]float64{"latitude": lat, "longitude": long}
	b, _ := json.Marshal(codes)
	out["postalcodes.json"] = &fstest.MapFile{Data: b}
	return out
}

// careNear is the contract's "providers near" step: who Care Options
// lists around the postal code, by NPI and department (distances differ
// where the mirror had to guess the code's place).
func careNear(t *testing.T, m *inproc.Mock, code string) []string {
	t.Helper()
	out := send(t, m, readCall{"POST", "/v1/availability/providers", map[string]any{"postalCode": code}})
	status, body, _ := strings.Cut(out, " ")
	if status != "200" {
		t.Fatalf("providers near %s: %s", code, clip(out))
	}
	var ans struct {
		Results []struct{ NPI, DepartmentID string }
	}
	if err := json.Unmarshal([]byte(body), &ans); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range ans.Results {
		got = append(got, r.NPI+"@"+r.DepartmentID)
	}
	return got
}

// TestMirrorReadsWhatTheContractAsks: with only a practice named, the
// mirror still mirrors the contract's provider (DEXCARE_NPI) and what
// Care Options lists around its postal code (DEXCARE_POSTAL_CODE), so a
// mock on the mirrored world answers those steps as the tier does, and
// the report prints both identities for the run. A code no clinic has is
// placed at the clinic listed nearest to it, and the report says so.
func TestMirrorReadsWhatTheContractAsks(t *testing.T) {
	at := time.Date(2024, 11, 1, 15, 30, 0, 0, time.UTC)
	world := otherTierWith(t, "10007", 40.7135, -74.0080) // nearer Harbor Pediatrics (5502) than Midtown (5501)
	for _, c := range []struct {
		code      string
		placeNote bool // the code is no clinic's: its place is a guess
	}{{"10004", false}, {"10007", true}} {
		t.Run(c.code, func(t *testing.T) {
			src, err := inproc.Start(inproc.Options{Seed: 42, Start: at, Fixtures: world})
			if err != nil {
				t.Fatal(err)
			}
			client, hosts := inprocClient(src)
			m, err := mirror.Record(context.Background(), mirror.Options{
				Hosts: hosts, Client: client,
				Config:      mirror.Config{Practices: []mirror.PracticeRef{{ID: "c1a5cade-0000-4a00-8000-000000000001"}}},
				Credentials: mirror.Credentials{APIKey: auth.DefaultAPIKey, ServiceKey: auth.DefaultServiceKey},
				Identities:  mirror.Identities{NPI: "1700000005", PostalCode: c.code},
			})
			if err != nil {
				t.Fatal(err)
			}
			files, err := m.Files(nil)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			if err := mirror.WriteDir(dir, files); err != nil {
				t.Fatal(err)
			}
			mirrored, err := inproc.Start(inproc.Options{Seed: inproc.DefaultSeed, Start: at, Fixtures: os.DirFS(dir)})
			if err != nil {
				t.Fatal(err)
			}

			tierNear := careNear(t, src, c.code)
			if len(tierNear) == 0 {
				t.Fatalf("the tier lists nobody around %s: the case shows nothing", c.code)
			}
			if got := careNear(t, mirrored, c.code); !slices.Equal(got, tierNear) {
				t.Errorf("providers near %s: tier %v, mirrored %v", c.code, tierNear, got)
			}
			slots := readCall{"GET", "/v5/providers/1700000005/timeslots", nil}
			if want, got := send(t, src, slots), send(t, mirrored, slots); want != got {
				t.Errorf("the contract's provider:\n tier:   %s\n mirror: %s", clip(want), clip(got))
			}
			ids := m.Report.Identities
			if ids["DEXCARE_NPI"] != "1700000005" || ids["DEXCARE_POSTAL_CODE"] != c.code {
				t.Errorf("the report's identities %v: want the contract's NPI and postal code", ids)
			}
			placed := slices.ContainsFunc(m.Report.Guessed, func(n mirror.Note) bool {
				return n.Where == "postalcodes.json "+c.code && strings.Contains(n.What, "nearest")
			})
			if placed != c.placeNote {
				t.Errorf("the report's guess that %s was placed at the nearest clinic: %v, want %v (%v)", c.code, placed, c.placeNote, m.Report.Guessed)
			}
		})
	}
}

// TestMirrorReportsAPostalCodeTheTierRefuses: a tier that does not know
// the contract's postal code (400) is a warning naming it, not a failed
// mirror.
func TestMirrorReportsAPostalCodeTheTierRefuses(t *testing.T) {
	c := tierCases()[1]
	client, hosts := inprocClient(c.source(t))
	m, err := mirror.Record(context.Background(), mirror.Options{
		Hosts: hosts, Client: client, Config: mirror.Config{Practices: c.config.Practices},
		Credentials: mirror.Credentials{APIKey: auth.DefaultAPIKey, ServiceKey: auth.DefaultServiceKey},
		Identities:  mirror.Identities{PostalCode: "00000"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(m.Report.Warnings, func(n mirror.Note) bool { return n.Where == "DEXCARE_POSTAL_CODE 00000" }) {
		t.Errorf("no warning names the refused postal code: %v", m.Report.Warnings)
	}
	if _, ok := m.Report.Identities["DEXCARE_POSTAL_CODE"]; ok && m.Report.Identities["DEXCARE_POSTAL_CODE"] == "00000" {
		t.Error("the report tells the run to use a postal code the tier refused")
	}
}
