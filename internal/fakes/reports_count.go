package fakes

import "time"

// CountByStatus counts the jobs by their state at t, for the dashboard.
func (s *ReportStore) CountByStatus(t time.Time) map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for _, r := range s.jobs {
		out[r.StatusAt(t)]++
	}
	return out
}
