package fakes

import (
	"slices"
	"sync"
	"time"

	"github.com/mockdex/mockdex/internal/apierr"
)

// All Visits Report job states, as DexCare names them.
const (
	ReportQueued    = "QUEUED"
	ReportRunning   = "RUNNING"
	ReportSucceeded = "SUCCEEDED"
	ReportFailed    = "FAILED"
	ReportCancelled = "CANCELLED"
)

// DefaultRetryAfter is how long a failed job stays FAILED before it is
// queued again, unless the fail request says otherwise.
const DefaultRetryAfter = 5 * time.Second

// Report is an All Visits Report job. Like a visit, its life is planned
// as transitions when it starts (and re-planned when it is failed or
// cancelled), and its state at t is the last transition at or before t.
type Report struct {
	ID       string
	Type     string    // virtual, retail or provider_booking
	From, To time.Time // visits created in [From, To)
	Created  time.Time
	Timeline []ReportTransition
}

// ReportTransition is a planned or past change of job state.
type ReportTransition struct {
	Status string
	At     time.Time
}

// StatusAt is the job's state at t.
func (r *Report) StatusAt(t time.Time) string {
	status := ReportQueued
	for _, tr := range r.Timeline {
		if tr.At.After(t) {
			break
		}
		status = tr.Status
	}
	return status
}

// SucceededAt is when the job succeeded, if it had by t. The CSV is the
// visits as they stood at that instant.
func (r *Report) SucceededAt(t time.Time) (time.Time, bool) {
	for _, tr := range r.Timeline {
		if tr.At.After(t) {
			break
		}
		if tr.Status == ReportSucceeded {
			return tr.At, true
		}
	}
	return time.Time{}, false
}

// plan appends a run from QUEUED at start through RUNNING to SUCCEEDED.
func (r *Report) plan(start time.Time, queued, running time.Duration) {
	r.Timeline = append(r.Timeline,
		ReportTransition{ReportQueued, start},
		ReportTransition{ReportRunning, start.Add(queued)},
		ReportTransition{ReportSucceeded, start.Add(queued + running)})
}

// truncate drops the transitions planned after t.
func (r *Report) truncate(t time.Time) {
	keep := r.Timeline[:0]
	for _, tr := range r.Timeline {
		if !tr.At.After(t) {
			keep = append(keep, tr)
		}
	}
	r.Timeline = keep
}

func (r *Report) clone() Report {
	c := *r
	c.Timeline = append([]ReportTransition(nil), r.Timeline...)
	return c
}

// ReportStore holds All Visits Report jobs. It keeps the newest
// finished jobs up to its limit and evicts older finished ones when a job
// starts; unfinished jobs are never evicted, and one more than the limit
// is refused.
type ReportStore struct {
	changed func()             // counts a change of the world
	max     int                // finished jobs kept, and unfinished jobs allowed; 0: no limit
	marks   *changeMarks       // names the jobs that change, for persistence's log
	admit   func(string) error // Options.Admit; nil admits every job

	mu    sync.Mutex         // guards jobs and order
	jobs  map[string]*Report // report id → job
	order []*Report          // by start (the order Start was called in)
}

// NewReportStore returns an empty store with no limit.
func NewReportStore() *ReportStore { return newReportStore(func() {}, 0) }

func newReportStore(changed func(), limit int) *ReportStore {
	return &ReportStore{changed: changed, max: limit, jobs: map[string]*Report{}}
}

// Start records a job created at r.Created and plans its run. It first
// evicts the finished jobs beyond the limit, oldest first; when as many
// jobs as the limit are still unfinished, the job is refused with an
// apierr.Full error.
func (s *ReportStore) Start(r Report, queued, running time.Duration) (Report, error) {
	r.Timeline = nil
	r.plan(r.Created, queued, running)
	if s.admit != nil {
		if err := s.admit("report"); err != nil {
			return Report{}, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.max > 0 && s.evictLocked(r.Created) >= s.max {
		return Report{}, reportLimitError(s.max)
	}
	s.marks.report(r.ID)
	if old, ok := s.jobs[r.ID]; ok {
		s.dropLocked(old)
	}
	s.jobs[r.ID] = &r
	s.order = append(s.order, &r)
	s.changed()
	return r.clone(), nil
}

// evictLocked drops the finished jobs (by now) beyond the newest s.max,
// oldest first, and returns how many jobs are unfinished.
// The caller holds s.mu.
func (s *ReportStore) evictLocked(now time.Time) (unfinished int) {
	finished := 0
	for _, r := range s.order {
		if reportFinished(r.StatusAt(now)) {
			finished++
		} else {
			unfinished++
		}
	}
	keep := s.order[:0]
	for _, r := range s.order {
		if finished > s.max && reportFinished(r.StatusAt(now)) {
			finished--
			delete(s.jobs, r.ID)
			s.marks.evicted(r.ID)
			continue
		}
		keep = append(keep, r)
	}
	clear(s.order[len(keep):])
	s.order = keep
	return unfinished
}

// dropLocked removes r; the caller holds s.mu.
func (s *ReportStore) dropLocked(r *Report) {
	delete(s.jobs, r.ID)
	s.order = slices.DeleteFunc(s.order, func(o *Report) bool { return o == r })
}

// reportFinished: a job that will not change by itself any more. A
// FAILED job is queued again, so it is not finished.
func reportFinished(status string) bool {
	return status == ReportSucceeded || status == ReportCancelled
}

// Len is the number of jobs held.
func (s *ReportStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.jobs)
}

// Get returns a copy of the job with that id.
func (s *ReportStore) Get(id string) (Report, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.jobs[id]
	if !ok {
		return Report{}, false
	}
	return r.clone(), true
}

// Fail makes a job that has not finished FAILED at now; it is queued
// again after retryAfter and runs to success from there, as DexCare's
// auto-retry does.
func (s *ReportStore) Fail(id string, now time.Time, retryAfter, queued, running time.Duration) (Report, error) {
	return s.change(id, now, func(r *Report) {
		r.Timeline = append(r.Timeline, ReportTransition{ReportFailed, now})
		r.plan(now.Add(retryAfter), queued, running)
	})
}

// Cancel makes a job that has not finished CANCELLED at now, for good.
func (s *ReportStore) Cancel(id string, now time.Time) (Report, error) {
	return s.change(id, now, func(r *Report) {
		r.Timeline = append(r.Timeline, ReportTransition{ReportCancelled, now})
	})
}

// change re-plans an unfinished job from now on. A job that already
// succeeded or was cancelled, or is failed and awaiting its retry, cannot
// change.
func (s *ReportStore) change(id string, now time.Time, replan func(*Report)) (Report, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.jobs[id]
	if !ok {
		return Report{}, ErrReportNotFound
	}
	switch st := r.StatusAt(now); st {
	case ReportSucceeded, ReportCancelled, ReportFailed:
		return Report{}, apierr.Conflictf("report is %s and cannot change", st)
	}
	r.truncate(now)
	replan(r)
	s.marks.report(id)
	s.changed()
	return r.clone(), nil
}

// all is a copy of every job, in the order they started.
func (s *ReportStore) all() []Report {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Report, len(s.order))
	for i, r := range s.order {
		out[i] = r.clone()
	}
	return out
}
