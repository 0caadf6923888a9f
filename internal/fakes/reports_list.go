package fakes

import (
	"sort"
)

// List copies out the jobs, newest first (by Created, then id), for the
// dashboard.
func (s *ReportStore) List() []Report {
	s.mu.Lock()
	out := make([]Report, 0, len(s.jobs))
	for _, r := range s.jobs {
		out = append(out, r.clone())
	}
	s.mu.Unlock()
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Created.Equal(out[j].Created) {
			return out[i].Created.After(out[j].Created)
		}
		return out[i].ID > out[j].ID
	})
	return out
}
