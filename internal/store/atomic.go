package store

import (
	"fmt"
	"os"
	"path/filepath"
)

// writeAtomic writes name in dir through a temporary file in the same
// directory: written, synced, closed, renamed over name, and the
// directory synced so the rename itself survives a crash.
func writeAtomic(dir, name string, write func(*os.File) error) error {
	tmp, err := writeTemp(dir, name, write)
	if err != nil {
		return err
	}
	return commitTemp(tmp, dir, name)
}

// writeTemp writes a temporary file beside name, synced and closed, and
// returns its path for commitTemp (or os.Remove).
func writeTemp(dir, name string, write func(*os.File) error) (path string, err error) {
	f, err := os.CreateTemp(dir, "."+name+tempMark+"*")
	if err != nil {
		return "", fmt.Errorf("store: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := write(f); err != nil {
		return "", fmt.Errorf("store: writing %s: %w", name, err)
	}
	if err := f.Sync(); err != nil {
		return "", fmt.Errorf("store: syncing %s: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("store: %w", err)
	}
	return f.Name(), nil
}

// commitTemp renames a file writeTemp wrote over name, durably.
func commitTemp(tmp, dir, name string) error {
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: %w", err)
	}
	return syncDir(dir)
}

// syncDir makes the directory's entries (a rename, a removal) durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("store: syncing %s: %w", dir, err)
	}
	return nil
}
