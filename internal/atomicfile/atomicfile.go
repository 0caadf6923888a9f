// Package atomicfile writes a file whole or not at all, so a reader (a
// healthcheck reading the address file, a client reading a certificate,
// a pull request picking up mirrored fixtures) never sees half of one.
// internal/store keeps its own variant, which also syncs to disk: state
// files must survive a crash, these only a concurrent reader.
package atomicfile

import (
	"os"
	"path/filepath"
)

// Write writes b to path through a hidden temporary file in the same
// directory, given perm and renamed over path; on failure the temporary
// file is removed and path is left as it was.
func Write(path string, b []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(b)
	if err == nil {
		err = tmp.Chmod(perm)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
