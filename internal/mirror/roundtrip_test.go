package mirror_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mockdex/mockdex/e2e/drift"
	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/contract/inproc"
	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/mirror"
	"github.com/mockdex/mockdex/internal/scenarios"
)

// tierCase is a tier to mirror: an in-process mock on a fixture set with
// a seed other than the default, its clock stopped at the recording
// instant, and the customer's configuration naming its identifiers.
type tierCase struct {
	name     string
	fixtures fs.FS // nil: the embedded default world
	seed     int64
	at       time.Time
	config   mirror.Config
}

func tierCases() []tierCase {
	return []tierCase{
		{name: "default world", seed: 7, at: time.Date(2024, 6, 5, 18, 20, 0, 0, time.UTC), config: mirror.Config{
			Practices: []mirror.PracticeRef{{ID: "6996d161-cd16-4556-9577-f942c3f80c80", Brand: "providence"}, {ID: "0cee700e-f4c1-4459-b390-263e4ded436c", Brand: "Acme"}},
			Departments: []mirror.DepartmentRef{
				{ID: "123446001", URLName: "ProvKent", Brand: "providence"}, {ID: "301546001", URLName: "ProvEverett", Brand: "providence"},
				{ID: "405772000", URLName: "ProvInterstate", Brand: "providence"}, {ID: "900100004", URLName: "AcmeC4", Brand: "Acme", Kind: "retail"},
				{URLName: "AcmeC7", Brand: "Acme"},
			},
			NPIs:   []string{"1629394572", "1902100007"},
			Brands: []mirror.Brand{{Name: "providence", DisplayName: "Providence"}, {Name: "Acme", DisplayName: "Acme Health"}},
		}},
		{name: "other tier", fixtures: os.DirFS("testdata/othertier"), seed: 42, at: time.Date(2024, 11, 1, 15, 30, 0, 0, time.UTC), config: mirror.Config{
			Practices: []mirror.PracticeRef{{ID: "c1a5cade-0000-4a00-8000-000000000001"}, {ID: "c1a5cade-0000-4a00-8000-000000000002"}},
			Departments: []mirror.DepartmentRef{
				{ID: "5501", URLName: "CascadeMidtown", Brand: "cascade"}, {ID: "5502", Brand: "cascade"},
				{ID: "9300", URLName: "LakesLoop", Brand: "lakes"}, {URLName: "LakesNorth", Brand: "lakes"},
			},
			NPIs:   []string{"1700000001", "1700000005"},
			Brands: []mirror.Brand{{Name: "cascade", DisplayName: "Cascade Health"}, {Name: "lakes", DisplayName: "Lakeshore Express"}},
		}},
	}
}

// source starts the tier.
func (c tierCase) source(t testing.TB) *inproc.Mock {
	t.Helper()
	m, err := inproc.Start(inproc.Options{Seed: c.seed, Start: c.at, Fixtures: c.fixtures})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// world loads the tier's own fixtures, the truth a mirror is held to.
func (c tierCase) world(t *testing.T) *fakes.Fixtures {
	t.Helper()
	fsys := c.fixtures
	if fsys == nil {
		fsys = os.DirFS("../../fixtures")
	}
	f, err := fakes.LoadFixtures(fsys, c.seed)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// recordInto mirrors a tier reached through client at hosts into dir.
func recordInto(t *testing.T, dir string, client mirror.Doer, hosts mirror.Hosts, c tierCase) *mirror.Mirror {
	t.Helper()
	m, err := mirror.Record(context.Background(), mirror.Options{
		Hosts: hosts, Client: client, Config: c.config,
		Credentials: mirror.Credentials{APIKey: auth.DefaultAPIKey, ServiceKey: auth.DefaultServiceKey},
		Now:         func() time.Time { t.Fatal("the recording instant must come from the tier"); return time.Time{} },
	})
	if err != nil {
		t.Fatal(err)
	}
	files, err := m.Files(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := mirror.WriteDir(dir, files); err != nil {
		t.Fatal(err)
	}
	if !m.Report.RecordedAt.Equal(c.at) {
		t.Errorf("recorded at %v, the tier's clock read %v", m.Report.RecordedAt, c.at)
	}
	return m
}

func inprocClient(m *inproc.Mock) (mirror.Doer, mirror.Hosts) {
	return &http.Client{Transport: inproc.Transport{Handler: m.Server}}, mirror.Hosts{API: inproc.BaseURL, Reporting: inproc.BaseURL}
}

// driftHosts serves the tier as DexCare does, one host per server,
// through the drift simulator changing nothing.
func driftHosts(t *testing.T, m *inproc.Mock) (mirror.Doer, mirror.Hosts) {
	t.Helper()
	sim := drift.New(m.Server, drift.PassThrough())
	urls := map[scenarios.Host]string{}
	for _, h := range []scenarios.Host{scenarios.API, scenarios.ECVAPI, scenarios.Reporting} {
		hs := httptest.NewServer(sim.Handler(h))
		t.Cleanup(hs.Close)
		urls[h] = hs.URL
	}
	return http.DefaultClient, mirror.Hosts{API: urls[scenarios.API], Reporting: urls[scenarios.Reporting]}
}

// TestRoundTrip mirrors two tiers unlike each other (the default world
// and testdata/othertier, each with a seed other than the default), in
// process and through the drift simulator's three hosts, starts a mock
// on each mirrored directory at the recording instant, and sends both
// the same read-only calls: the answers are the same, byte for byte.
func TestRoundTrip(t *testing.T) {
	for _, c := range tierCases() {
		for _, via := range []string{"in-process", "three hosts"} {
			t.Run(c.name+"/"+via, func(t *testing.T) {
				t.Parallel()
				src := c.source(t)
				client, hosts := inprocClient(src)
				if via == "three hosts" {
					client, hosts = driftHosts(t, src)
				}
				dir := t.TempDir()
				recordInto(t, dir, client, hosts, c)
				if _, err := fakes.LoadFixtures(os.DirFS(dir), inproc.DefaultSeed); err != nil {
					t.Fatalf("the mirrored directory does not load: %v", err)
				}
				mirrored, err := inproc.Start(inproc.Options{Seed: inproc.DefaultSeed, Start: c.at, Fixtures: os.DirFS(dir)})
				if err != nil {
					t.Fatal(err)
				}
				for _, call := range readCalls(c, c.world(t)) {
					want, got := send(t, src, call), send(t, mirrored, call)
					if want != got {
						t.Errorf("%s %s:\n tier:   %s\n mirror: %s", call.method, call.path, clip(want), clip(got))
					}
				}
			})
		}
	}
}

type readCall struct {
	method, path string
	body         any
}

// readCalls are the read-only calls an app makes of the tier: practices,
// regions and wait times, qualifiers and modalities, and free slots by
// every route (time slots, slot search, Care Options by department and by
// place).
func readCalls(c tierCase, w *fakes.Fixtures) []readCall {
	calls := []readCall{
		{"GET", "/api/9/assignmentqualifiers", nil}, {"GET", "/api/9/assignmentqualifiers?archived=true", nil},
		{"GET", "/api/9/modalities", nil}, {"GET", "/api/9/modalities?archived=true", nil},
		{"GET", "/api/9/regions/waittimes", nil},
	}
	for _, p := range c.config.Practices {
		calls = append(calls, readCall{"GET", "/api/8/practices/" + p.ID, nil}, readCall{"GET", "/api/8/DexCare/practices/" + p.ID, nil},
			readCall{"GET", "/api/9/regions/waittimes?practiceId=" + p.ID, nil})
	}
	var npis, depts, names []string
	for _, p := range w.Providers {
		if len(p.Departments) > 0 {
			npis = append(npis, p.NPI)
			calls = append(calls, readCall{"GET", "/v5/providers/" + p.NPI + "/timeslots", nil},
				readCall{"GET", "/v5/providers/" + p.NPI + "/timeslots?daysOfSlots=3", nil})
		}
	}
	for _, d := range w.Departments {
		depts = append(depts, d.ID)
		for _, vt := range d.VisitTypes {
			if !slices.Contains(names, vt.Name) {
				names = append(names, vt.Name)
			}
		}
	}
	for _, r := range c.config.Departments {
		if r.URLName != "" {
			calls = append(calls, readCall{"GET", "/v5/providers/" + npis[0] + "/timeslots?departmentUrlName=" + r.URLName, nil})
		}
	}
	var criteria []any
	for _, n := range npis {
		criteria = append(criteria, map[string]any{"npi": n})
	}
	near := w.Departments[0]
	return append(calls,
		readCall{"POST", "/v5/slots/search", map[string]any{"criteriaItems": criteria}},
		readCall{"POST", "/v1/availability/providers", map[string]any{"departmentIds": depts}},
		readCall{"POST", "/v1/availability/providers", map[string]any{"departmentIds": depts, "sortBy": "nextAvailable"}},
		readCall{"POST", "/v1/availability/providers", map[string]any{"latitude": *near.Latitude, "longitude": *near.Longitude, "radius": 100}},
		readCall{"POST", "/v1/availability/slots", map[string]any{"departmentIds": depts, "visitTypeNames": names}},
		readCall{"POST", "/v1/availability/slots", map[string]any{"latitude": *near.Latitude, "longitude": *near.Longitude, "visitTypeNames": names}},
		readCall{"GET", "/v1/availability/slots?daysOfSlots=4&departmentEmrIds=" + strings.Join(depts, ","), nil},
	)
}

// send makes one call of a mock, as an app with the mock's keys would,
// and returns its status and body.
func send(t *testing.T, m *inproc.Mock, c readCall) string {
	t.Helper()
	var body io.Reader
	if c.body != nil {
		b, _ := json.Marshal(c.body)
		body = bytes.NewReader(b)
	}
	req := httptest.NewRequest(c.method, c.path, body)
	req.Header.Set("x-api-key", auth.DefaultAPIKey)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	m.Server.ServeHTTP(rec, req)
	return fmt.Sprintf("%d %s", rec.Code, rec.Body.String())
}

func clip(s string) string {
	if len(s) > 600 {
		return s[:600] + "…"
	}
	return s
}
