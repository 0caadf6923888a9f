package mirror

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestDiffByIdentity(t *testing.T) {
	old := fstest.MapFS{"departments.json": {Data: []byte(`[
	  {"id": "1", "close": "17:00", "days": ["Mon"]},
	  {"id": "2", "close": "12:00", "days": ["Tue"]},
	  {"id": "3", "close": "12:00", "days": ["Wed"]}]`)},
		"practices.json": {Data: []byte(`[{"id":"p","regions":[{"id":"r1","regionCode":"WA","oncall":{"virtual/adult":2}}]}]`)}}
	cur := map[string][]byte{
		"departments.json": []byte(`[{"id": "3", "close": "12:00", "days": ["Wed"]}, {"id": "1", "close": "18:00", "days": ["Mon"]}, {"id": "4", "days": []}]`),
		"practices.json":   []byte(`[{"id":"p","regions":[{"id":"r1","regionCode":"WA","oncall":{"virtual/adult":3,"phone/adult":1}}]}]`),
		"postalcodes.json": []byte(`{}`),
	}
	changes, err := Diff(old, cur)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	WriteDiff(&b, changes)
	want := `departments.json
  ~ /[id=1]/close: "17:00" → "18:00"
  + /[id=4]: {"days":[],"id":"4"}
  - /[id=2]: {"close":"12:00","days":["Tue"],"id":"2"}
  ~ (order): ["[id=1]","[id=3]"] → ["[id=3]","[id=1]"]
postalcodes.json
  + (file): (new file)
practices.json
  + /[id=p]/regions/[regionCode=WA]/oncall/phone~1adult: 1
  ~ /[id=p]/regions/[regionCode=WA]/oncall/virtual~1adult: 2 → 3
7 changes in 3 files
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestConfigFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mirror.json")
	os.WriteFile(path, []byte(`{
	  "practices": ["p1", {"id": "p2", "brand": "Acme"}],
	  "npis": ["1629394572"],
	  "departments": ["123446001", {"urlName": "AcmeC4", "brand": "Acme", "kind": "retail"}],
	  "brands": [{"name": "Acme", "displayName": "Acme Health"}]}`), 0o644)
	c, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Practices) != 2 || c.Practices[0].ID != "p1" || c.Practices[1].Brand != "Acme" || c.Departments[0].ID != "123446001" ||
		c.Departments[1].Kind != "retail" || c.Check() != nil {
		t.Errorf("read %+v (check: %v)", c, c.Check())
	}
	for _, bad := range []string{
		`{"practice": ["p1"]}`,                        // a misspelt key
		`{"departments": [{"id": "1", "colour": 1}]}`, // an unknown field
	} {
		os.WriteFile(path, []byte(bad), 0o644)
		if _, err := LoadConfig(path); err == nil {
			t.Errorf("%s was read", bad)
		}
	}
	for _, bad := range []Config{
		{},
		{Practices: []PracticeRef{{ID: "p", Brand: "nope"}}},
		{Departments: []DepartmentRef{{Brand: "Acme"}}},
		{Departments: []DepartmentRef{{ID: "1", Kind: "hospital"}}},
		{NPIs: []string{" "}},
	} {
		if bad.Check() == nil {
			t.Errorf("%+v passed the check", bad)
		}
	}
}
