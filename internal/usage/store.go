package usage

import (
	"sync"

	"github.com/mockdex/mockdex/internal/journal"
)

// DefaultStoreRuns bounds a Store's builders when its owner sets no cap
// (a mock without a namespace cap).
const DefaultStoreRuns = 1024

// Store keeps one Builder per name (a mock's namespaces), fed from the
// journal's flush. It holds at most max builders: past that, the least
// recently fed one is folded into a retired profile, so the merged view
// (All) loses nothing and memory stays bounded by max+1 profiles, each
// bounded by the spec and the caps. A namespace's profile outlives its
// world's resets: an app's suite resets between tests, and the profile
// is of the whole suite.
type Store struct {
	index func() (*Index, error)
	max   int

	mu      sync.Mutex // guards everything below
	runs    map[string]*storeRun
	tick    uint64
	retired *Profile // nil: nothing retired yet
}

type storeRun struct {
	b    *Builder
	last uint64 // Store.tick when last fed
}

// NewStore keeps at most max builders (< 1: DefaultStoreRuns), indexing
// entries by index (nil: DefaultIndex, built on the first entry, so a
// mock that profiles nothing never builds it).
func NewStore(max int, index func() (*Index, error)) *Store {
	if max < 1 {
		max = DefaultStoreRuns
	}
	if index == nil {
		index = DefaultIndex
	}
	return &Store{index: index, max: max, runs: map[string]*storeRun{}}
}

// Add folds e into name's profile. It is meant for Journal.Observe: one
// call at a time, off the request path.
func (s *Store) Add(name string, e *journal.Entry) {
	idx, err := s.index()
	if err != nil {
		return // the embedded spec compiles, or the mock would not have started
	}
	s.mu.Lock()
	s.tick++
	r := s.runs[name]
	if r == nil {
		s.makeRoom()
		r = &storeRun{b: NewBuilder(idx, "")}
		s.runs[name] = r
	}
	r.last = s.tick
	s.mu.Unlock()
	r.b.Add(e)
}

// makeRoom retires the least recently fed builder when the store is
// full. Called with mu held.
func (s *Store) makeRoom() {
	if len(s.runs) < s.max {
		return
	}
	oldest, at := "", ^uint64(0)
	for name, r := range s.runs {
		if r.last < at {
			oldest, at = name, r.last
		}
	}
	p := s.runs[oldest].b.Profile()
	delete(s.runs, oldest)
	if s.retired == nil {
		s.retired = p
		return
	}
	if m, err := Merge(s.retired, p); err == nil {
		s.retired = m
	}
}

// Profile is name's profile so far: an empty one (no sources) when the
// name has seen no request since the store started or was reset, or was
// retired (its requests are in All).
func (s *Store) Profile(name string) *Profile {
	s.mu.Lock()
	r := s.runs[name]
	s.mu.Unlock()
	if r == nil {
		return &Profile{Version: Version, Sources: []string{}, Operations: map[string]*Operation{}}
	}
	return r.b.Profile()
}

// All is every name's profile merged, retired ones included.
func (s *Store) All() *Profile {
	s.mu.Lock()
	var ps []*Profile
	if s.retired != nil {
		ps = append(ps, s.retired)
	}
	builders := make([]*Builder, 0, len(s.runs))
	for _, r := range s.runs {
		builders = append(builders, r.b)
	}
	s.mu.Unlock()
	for _, b := range builders {
		ps = append(ps, b.Profile())
	}
	if len(ps) == 0 {
		return &Profile{Version: Version, Sources: []string{}, Operations: map[string]*Operation{}}
	}
	out, err := MergeAll(ps...)
	if err != nil { // every profile here is this version's
		return &Profile{Version: Version, Sources: []string{}, Operations: map[string]*Operation{}}
	}
	return out
}

// Reset forgets name's profile; its next request starts a new run.
func (s *Store) Reset(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.runs, name)
}

// ResetAll forgets every profile, retired ones included.
func (s *Store) ResetAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.runs)
	s.retired = nil
}
