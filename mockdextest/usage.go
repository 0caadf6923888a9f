package mockdextest

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
)

// maxProfileBytes bounds the profile document read back (a profile is
// bounded by the spec; this is the reader's own bound, docs/usage-profile.md).
const maxProfileBytes = 16 << 20

// UsageProfile is the usage profile of everything the code under test
// sent to this mock so far, every namespace merged: the operations it
// called, the parameters and body fields it set, the enum values it
// chose, the statuses it got and the response fields it could have read.
// It is a JSON document (docs/usage-profile.md) holding no patient value
// and no secret, to save as an artifact and hand to `contract run
// --usage`. Reset does not empty it; ResetUsageProfile does.
func (s *Server) UsageProfile() ([]byte, error) {
	req, err := http.NewRequest(http.MethodGet, s.URL+"/_mockdex/usage?all=true", nil)
	if err != nil {
		return nil, err
	}
	resp, err := s.Client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("mockdex usage profile: %w", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxProfileBytes+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("mockdex usage profile: %w", err)
	case len(b) > maxProfileBytes:
		return nil, fmt.Errorf("mockdex usage profile: larger than %d bytes", maxProfileBytes)
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("mockdex usage profile: %d %s", resp.StatusCode, b)
	}
	return b, nil
}

// SaveUsageProfile writes UsageProfile to path (its directory made if
// missing), for a CI job to keep as an artifact.
func (s *Server) SaveUsageProfile(path string) error {
	b, err := s.UsageProfile()
	if err != nil {
		return err
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	return os.WriteFile(path, b, 0o644)
}

// ResetUsageProfile forgets the usage profile so far, every namespace's:
// what the code under test sends next starts a new one.
func (s *Server) ResetUsageProfile() {
	s.t.Helper()
	s.control(http.MethodDelete, "/usage?all=true", nil, http.StatusOK, nil)
}
