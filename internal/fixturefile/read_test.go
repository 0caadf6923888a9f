package fixturefile

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/fixtures"
)

// withFile is the default fixtures with one file's content replaced
// (removed, for content nil).
func withFile(t *testing.T, name string, content []byte) fstest.MapFS {
	t.Helper()
	out := fstest.MapFS{}
	entries, err := fs.ReadDir(fixtures.Default(), ".")
	require.NoError(t, err)
	for _, e := range entries {
		data, err := fs.ReadFile(fixtures.Default(), e.Name())
		require.NoError(t, err)
		out[e.Name()] = &fstest.MapFile{Data: data}
	}
	if content == nil {
		delete(out, name)
	} else {
		out[name] = &fstest.MapFile{Data: content}
	}
	return out
}

// edit is the default fixtures with old replaced by new, once, in name.
func edit(t *testing.T, name, old, new string) fstest.MapFS {
	t.Helper()
	data, err := fs.ReadFile(fixtures.Default(), name)
	require.NoError(t, err)
	require.Contains(t, string(data), old)
	return withFile(t, name, []byte(strings.Replace(string(data), old, new, 1)))
}

var fixedNow = time.Date(2024, 6, 3, 16, 0, 0, 0, time.UTC)

func TestReadTheDefaultWorld(t *testing.T) {
	s, err := Read(fixtures.Default())
	require.NoError(t, err)
	assert.NotEmpty(t, s.Practices)
	assert.NotEmpty(t, s.Departments)
	assert.NotEmpty(t, s.Providers.Named)
	assert.NotEmpty(t, s.PostalCodes)
	kent := s.Departments[0]
	assert.Equal(t, "America/Los_Angeles", kent.Location().String(), "time zones are resolved at read")
	assert.NotEmpty(t, s.Practices[0].Regions[0].Windows(fixedNow, 1), "and hours parsed")
}

// Every refusal names the file and the field at fault.
func TestReadRefusesNamingFileAndField(t *testing.T) {
	for _, c := range []struct {
		name        string
		fsys        fs.FS
		file, field string
		says        string
	}{
		{"unknown field", edit(t, "departments.json", `"slotMinutes": 30`, `"slotMinute": 30`), "departments.json", "slotMinute", "not a field"},
		{"wrong type", edit(t, "departments.json", `"slotMinutes": 30`, `"slotMinutes": "30"`), "departments.json", "slotMinutes", "is a JSON string, want int"},
		{"trailing data", withFile(t, "patients.json", []byte("[]\n[]")), "patients.json", "", "more data after"},
		{"truncated", withFile(t, "catalog.json", []byte(`{"brands": [`)), "catalog.json", "", "ends too early"},
		{"empty", withFile(t, "settings.json", []byte{}), "settings.json", "", "is empty"},
		{"missing", withFile(t, "providers.json", nil), "providers.json", "", "does not exist"},
		{"unknown zone", edit(t, "departments.json", `"America/Denver"`, `"Mars/Olympus"`), "departments.json", "[4].timezone", "Mars/Olympus"},
		{"bad hours", edit(t, "practices.json", `"hours": "08:00-20:00"`, `"hours": "8am-8pm"`), "practices.json", "[0].regions[2].hours", `hours "8am-8pm"`},
		{"unknown department", edit(t, "providers.json", `["123446001", "301546001"]`, `["123446001", "404"]`), "providers.json", "named[0].departments[1]", "unknown department 404"},
		{"negative count", edit(t, "providers.json", `"count": `, `"count": -`), "providers.json", "generated.count", "want 0 or more"},
		{"no practices", withFile(t, "practices.json", []byte(`[]`)), "practices.json", "", "no practices"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(c.fsys)
			require.Error(t, err)
			var e *Error
			require.True(t, errors.As(err, &e), "%T %v", err, err)
			assert.Equal(t, c.file, e.File)
			assert.Equal(t, c.field, e.Field)
			assert.Contains(t, err.Error(), c.says)
			assert.True(t, strings.HasPrefix(err.Error(), "fixtures: "+c.file+": "), err.Error())
		})
	}
}

func TestReadIsBounded(t *testing.T) {
	defer func(was int) { maxFileBytes = was }(maxFileBytes)
	maxFileBytes = 64 << 10 // above every default file
	_, err := Read(withFile(t, "patients.json", []byte("["+strings.Repeat(" ", maxFileBytes)+"]")))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "patients.json: is larger than 65536 bytes")
}

// postalcodes.json is optional: a directory from before it reads.
func TestPostalCodesAreOptional(t *testing.T) {
	s, err := Read(withFile(t, "postalcodes.json", nil))
	require.NoError(t, err)
	assert.Nil(t, s.PostalCodes)
}

// What Encode writes, Read reads back the same.
func TestEncodeReadRoundTrip(t *testing.T) {
	s, err := Read(fixtures.Default())
	require.NoError(t, err)
	out := fstest.MapFS{}
	for name, v := range map[string]any{PracticesFile: s.Practices, DepartmentsFile: s.Departments, ProvidersFile: s.Providers,
		PatientsFile: s.Patients, CatalogFile: s.Catalog, SettingsFile: s.Settings, PostalCodesFile: s.PostalCodes} {
		data, err := Encode(v)
		require.NoError(t, err)
		require.True(t, strings.HasSuffix(string(data), "}\n") || strings.HasSuffix(string(data), "]\n"), name)
		out[name] = &fstest.MapFile{Data: data}
	}
	again, err := Read(out)
	require.NoError(t, err)
	assert.Equal(t, s, again)
}
