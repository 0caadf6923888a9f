package mirror

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/mockdex/mockdex/fixtures"
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
		"practices.json": practices, "departments.json": depts,
		"providers.json": provs, "catalog.json": cat,
	} {
		b, err := encode(v)
		if err != nil {
			return nil, err
		}
		out[name] = b
	}
	var err error
	if out["settings.json"], err = m.settingsFile(existing); err != nil {
		return nil, err
	}
	if out["postalcodes.json"], err = m.postalFile(existing); err != nil {
		return nil, err
	}
	if _, err := fs.Stat(existing, "patients.json"); errors.Is(err, fs.ErrNotExist) {
		if out["patients.json"], err = fs.ReadFile(fixtures.Default(), "patients.json"); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// encode writes JSON for people to review: indented, keys of maps
// sorted, no HTML escaping, a final newline.
func encode(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	err := enc.Encode(v)
	return b.Bytes(), err
}

func (m *Mirror) settingsFile(existing fs.FS) ([]byte, error) {
	base, err := fs.ReadFile(existing, "settings.json")
	if errors.Is(err, fs.ErrNotExist) {
		base, err = fs.ReadFile(fixtures.Default(), "settings.json")
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
	return encode(s)
}

func (m *Mirror) postalFile(existing fs.FS) ([]byte, error) {
	codes := map[string]geoPoint{}
	if b, err := fs.ReadFile(existing, "postalcodes.json"); err == nil {
		if err := json.Unmarshal(b, &codes); err != nil {
			return nil, fmt.Errorf("postalcodes.json: %v", err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	for k, v := range m.postal {
		codes[k] = v
	}
	return encode(codes)
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
		if err := writeAtomic(filepath.Join(dir, name), files[name]); err != nil {
			return err
		}
	}
	return nil
}

func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // gone after the rename; cleans up after a failure
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
