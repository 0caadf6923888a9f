package fakes

// Newest calls fn with the visits in reverse creation order, skipping the
// newest skip, until fn returns false: a page of the dashboard's listing
// costs its own rows, however many visits there are. It holds the read
// lock throughout, so fn must be quick and must not call back into the
// store; the visit it gets is reused for the next one, so fn must neither
// keep nor change it.
func (s *VisitStore) Newest(skip int, fn func(v *Visit) bool) {
	var v Visit
	s.mu.RLock()
	defer s.mu.RUnlock()
	for i := len(s.order) - 1 - max(skip, 0); i >= 0; i-- {
		s.syms.decodeVisit(&s.recs[s.order[i]], &v, decodeShared)
		if !fn(&v) {
			return
		}
	}
}
