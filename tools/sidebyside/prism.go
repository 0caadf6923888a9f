//go:build unix

package main

import (
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"time"
)

// prismPackage is the Prism release the comparison installs.
const prismPackage = "@stoplight/prism-cli@5"

// startPrism starts Prism mocking spec/dexcare.yaml: the executable given
// by -prism, or one npm installs into the temporary directory. It returns
// nil, nil when -prism off.
func (r *runner) startPrism() (*proc, error) {
	exe := r.cfg.prism
	switch exe {
	case "off":
		return nil, nil
	case "auto":
		var err error
		if exe, err = r.installPrism(); err != nil {
			return nil, err
		}
	}
	addr, base, err := freeBase()
	if err != nil {
		return nil, err
	}
	host, port, _ := splitHostPort(addr)
	p, err := r.start("prism", base, []string{exe, "mock", "-h", host, "-p", port, filepath.Join(r.cfg.repo, "spec", "dexcare.yaml")})
	if err != nil {
		return nil, err
	}
	if _, err := r.waitOK(p, base+prismWaitTimesPath, time.Now(), 2*time.Minute); err != nil {
		return nil, err
	}
	return p, nil
}

// installPrism installs Prism with npm into the temporary directory (not
// the repository) and returns its executable.
func (r *runner) installPrism() (string, error) {
	if _, err := exec.LookPath("npm"); err != nil {
		return "", errors.New("npm is not on PATH; skipping the Prism comparison (or pass -prism PATH)")
	}
	dir := filepath.Join(r.tmp, "prism")
	r.progress("installing %s with npm into %s", prismPackage, dir)
	cmd := exec.CommandContext(r.ctx, "npm", "install", "--no-audit", "--no-fund", "--silent", "--prefix", dir, prismPackage)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("npm install %s: %v\n%s", prismPackage, err, out)
	}
	return filepath.Join(dir, "node_modules", ".bin", "prism"), nil
}
