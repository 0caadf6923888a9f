package store

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/mockdex/mockdex/internal/statedoc"
)

// Suffix ends every state file's name.
const Suffix = ".mockdex-state.json"

// tempMark is in the name of a file being written; one left behind is a
// write that never finished.
const tempMark = ".tmp-"

// namePattern is what a namespace name must be to name a file safely on
// any filesystem.
// It is compiled at first use: its repetition makes a large program, not
// worth building at package init on the way to every start.
var namePattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
})

// Dir is a data directory.
type Dir struct {
	path string
}

// Open opens the data directory at path, creating it if need be, and
// removes what unfinished writes left behind. With reset set, it first
// removes every state file, so the mock starts clean (--reset-data).
func Open(path string, reset bool) (*Dir, error) {
	if err := os.MkdirAll(path, 0o700); err != nil {
		return nil, fmt.Errorf("store: data directory: %w", err)
	}
	d := &Dir{path: path}
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, fmt.Errorf("store: data directory: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		leftover := strings.HasPrefix(name, ".") && strings.Contains(name, tempMark)
		if leftover || (reset && strings.HasSuffix(name, Suffix)) {
			if err := os.Remove(filepath.Join(path, name)); err != nil {
				return nil, fmt.Errorf("store: %w", err)
			}
		}
	}
	return d, syncDir(path)
}

// Path is the directory's path.
func (d *Dir) Path() string { return d.path }

// File is where namespace name's state is kept.
func (d *Dir) File(name string) string { return filepath.Join(d.path, name+Suffix) }

// CheckName refuses a namespace name that cannot name a file everywhere.
func CheckName(name string) error {
	if !namePattern().MatchString(name) {
		return fmt.Errorf("store: namespace name %q: want 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit", name)
	}
	return nil
}

// Names lists the namespaces that have a state file, sorted.
func (d *Dir) Names() ([]string, error) {
	entries, err := os.ReadDir(d.path)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	var out []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), Suffix); ok && !strings.HasPrefix(e.Name(), ".") {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out, nil
}

// Read reads namespace name's state document. A missing file is
// fs.ErrNotExist; anything else wrong is an error naming the file.
func (d *Dir) Read(name string) (*statedoc.Document, error) {
	path := d.File(name)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err != nil {
		return nil, fileError(path, err)
	}
	s, err := statedoc.Parse(data)
	if err != nil {
		return nil, fileError(path, err)
	}
	return s, nil
}

// Write replaces namespace name's state document, atomically.
func (d *Dir) Write(name string, s *statedoc.Document) error {
	if err := CheckName(name); err != nil {
		return err
	}
	return writeAtomic(d.path, name+Suffix, func(w io.Writer) error { return statedoc.Encode(w, s) })
}

// Remove deletes namespace name's state file, if it has one.
func (d *Dir) Remove(name string) error {
	err := os.Remove(d.File(name))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("store: %w", err)
	}
	return syncDir(d.path)
}

// Has says whether namespace name has a state file.
func (d *Dir) Has(name string) bool {
	_, err := os.Stat(d.File(name))
	return err == nil
}

// SetAside renames namespace name's state file out of the way (to
// NAME.mockdex-state.json.bad), so a file that cannot be read is kept for
// a person to look at rather than overwritten; it returns the new path.
func (d *Dir) SetAside(name string) (string, error) {
	to := d.File(name) + ".bad"
	if err := os.Rename(d.File(name), to); err != nil {
		return "", fmt.Errorf("store: %w", err)
	}
	return to, syncDir(d.path)
}

// fileError says which file is wrong, what is wrong, and the way out.
func fileError(path string, err error) error {
	return fmt.Errorf("store: %s: %w (fix or remove the file, or start with --reset-data to discard all saved state)", path, err)
}
