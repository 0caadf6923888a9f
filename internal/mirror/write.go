package mirror

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/mockdex/mockdex/fixtures"
	"github.com/mockdex/mockdex/internal/atomicfile"
	"github.com/mockdex/mockdex/internal/fixturefile"
)

// Files are the fixture files of the mirrored world, by name, as they
// are to be written into a directory that held existing (nil or empty
// for a new one). Fields the tier does not show (a region's capacity, an
// on-call count hidden by closed hours, a url name, a brand, a provider's
// email the history did not give) keep existing's values, listed in the
// report's Kept. Three files keep what a team adds by hand: settings.json
// starts from the existing file (else mockdex's defaults) with only the
// fields the tier showed replaced; postalcodes.json keeps the existing
// codes beside the clinics' own; an existing patients.json is left alone
// (a new directory gets mockdex's synthetic test patients).
func (m *Mirror) Files(existing fs.FS) (map[string][]byte, error) {
	if existing == nil {
		existing = emptyFS{}
	}
	practices, depts, provs, cat, kept := m.kept(existing)
	m.Report.Kept = kept
	out := map[string][]byte{}
	for name, v := range map[string]any{
		fixturefile.PracticesFile: practices, fixturefile.DepartmentsFile: depts,
		fixturefile.ProvidersFile: provs, fixturefile.CatalogFile: cat,
	} {
		b, err := fixturefile.Encode(v)
		if err != nil {
			return nil, err
		}
		out[name] = b
	}
	var err error
	if out[fixturefile.SettingsFile], err = m.settingsFile(existing); err != nil {
		return nil, err
	}
	if out[fixturefile.PostalCodesFile], err = m.postalFile(existing); err != nil {
		return nil, err
	}
	if _, err := fs.Stat(existing, fixturefile.PatientsFile); errors.Is(err, fs.ErrNotExist) {
		if out[fixturefile.PatientsFile], err = fs.ReadFile(fixtures.Default(), fixturefile.PatientsFile); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// settingsFile is settings.json as a map, not a fixturefile.Settings:
// the fields the tier did not show keep the existing file's values as
// they are written there.
func (m *Mirror) settingsFile(existing fs.FS) ([]byte, error) {
	base, err := fs.ReadFile(existing, fixturefile.SettingsFile)
	if errors.Is(err, fs.ErrNotExist) {
		base, err = fs.ReadFile(fixtures.Default(), fixturefile.SettingsFile)
	}
	if err != nil {
		return nil, err
	}
	var s map[string]any
	if err := json.Unmarshal(base, &s); err != nil {
		return nil, fmt.Errorf("settings.json: %v", err)
	}
	for k, v := range m.settings {
		s[k] = v
	}
	return fixturefile.Encode(s)
}

func (m *Mirror) postalFile(existing fs.FS) ([]byte, error) {
	codes := map[string]fixturefile.GeoPoint{}
	if _, err := fs.Stat(existing, fixturefile.PostalCodesFile); !errors.Is(err, fs.ErrNotExist) {
		if err := fixturefile.Decode(existing, fixturefile.PostalCodesFile, &codes); err != nil {
			return nil, err
		}
	}
	for k, v := range m.postal {
		codes[k] = v
	}
	return fixturefile.Encode(codes)
}

// emptyFS is a directory with no files.
type emptyFS struct{}

func (emptyFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// WriteDir writes files into dir (made if missing), each through a
// temporary file renamed into place, so a reader never sees half a file.
// Files dir holds that are not in files are left as they are.
func WriteDir(dir string, files map[string][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := atomicfile.Write(filepath.Join(dir, name), files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}
