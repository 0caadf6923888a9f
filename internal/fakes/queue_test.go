package fakes_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/fixtures"
	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/fakes"
)

const (
	practice = "6996d161-cd16-4556-9577-f942c3f80c80"
	joe      = "233441f4-129f-4d0e-afaa-b3009dbe80c7"
)

// monday9 is 09:00 in Seattle.
var monday9 = time.Date(2024, 6, 3, 16, 0, 0, 0, time.UTC)

func newWorld(t testing.TB) *fakes.World {
	t.Helper()
	fx, err := fakes.LoadFixtures(fixtures.Default(), 0)
	require.NoError(t, err)
	return fakes.NewWorld(fakes.Options{Fixtures: fx, Clock: clock.NewManual(monday9)})
}

func joeRequest() fakes.QueueRequest {
	return fakes.QueueRequest{
		Kind: fakes.KindVirtual, Subject: joe, PatientGUID: joe, Declaration: "self",
		AcceptedTerms: true, VisitReason: "cough", Region: "WA", PaymentMethod: "couponcode",
	}
}

var waAdult = fakes.Pool{PracticeID: practice, Region: "WA", Modality: "virtual", Qualifier: "adult"}

func TestEstimateFollowsTheQueue(t *testing.T) {
	w := newWorld(t)
	// (waiting + 1) × 600s ÷ 3 on call.
	assert.Equal(t, 200*time.Second, w.QueueAt(monday9).Estimate(waAdult))
	for i := 0; i < 3; i++ {
		_, err := w.QueueVisit(joeRequest(), monday9)
		require.NoError(t, err)
	}
	q := w.QueueAt(monday9)
	assert.Equal(t, 3, q.Waiting(waAdult))
	assert.Equal(t, 800*time.Second, q.Estimate(waAdult))
	// The first visit starts after 200s, the second after 400s.
	assert.Equal(t, 2, w.QueueAt(monday9.Add(200*time.Second)).Waiting(waAdult))
	assert.Equal(t, 1, w.QueueAt(monday9.Add(400*time.Second)).Waiting(waAdult))
}

func TestQueuedVisitTimeline(t *testing.T) {
	w := newWorld(t)
	v, err := w.QueueVisit(joeRequest(), monday9)
	require.NoError(t, err)
	want := []string{fakes.StatusRequested, fakes.StatusWaitingRoom, fakes.StatusInVisit, fakes.StatusDone}
	for i, tr := range v.Timeline {
		assert.Equal(t, want[i], tr.Status)
		if i > 0 {
			assert.False(t, tr.At.Before(v.Timeline[i-1].At), "transitions in order")
		}
	}
	assert.Equal(t, monday9.Add(30*time.Second), v.Timeline[1].At)
	assert.Equal(t, monday9.Add(200*time.Second), v.Timeline[2].At)
	assert.Equal(t, monday9.Add(1100*time.Second), v.Timeline[3].At, "start + 900s visit length")
	assert.Equal(t, "", v.ProviderAt(monday9.Add(199*time.Second)))
	assert.NotEmpty(t, v.ProviderAt(monday9.Add(200*time.Second)))
}

func TestProvidersShareTheQueue(t *testing.T) {
	w := newWorld(t)
	seen := map[string]bool{}
	for i := 0; i < 3; i++ {
		v, err := w.QueueVisit(joeRequest(), monday9)
		require.NoError(t, err)
		seen[v.Timeline[2].ProviderID] = true
	}
	assert.Len(t, seen, 3, "three on call, three visits, three providers")
}

func TestEndVisitDropsPlannedFuture(t *testing.T) {
	w := newWorld(t)
	v, err := w.QueueVisit(joeRequest(), monday9)
	require.NoError(t, err)
	before := w.Events.Len()
	ended, err := w.EndVisit(v.ID, fakes.StatusCancelled, monday9.Add(time.Minute))
	require.NoError(t, err)
	assert.Len(t, ended.Timeline, 3, "requested, waitingroom, cancelled")
	assert.Equal(t, before-3+1, w.Events.Len())
	_, err = w.EndVisit(v.ID, fakes.StatusStaffDeclined, monday9.Add(2*time.Minute))
	assert.Error(t, err)
}

func TestStoreCopies(t *testing.T) {
	w := newWorld(t)
	p, ok := w.Patients.ByGUID(joe)
	require.True(t, ok)
	p.Address["city"] = "changed"
	again, _ := w.Patients.ByGUID(joe)
	assert.Equal(t, "Seattle", again.Address["city"], "callers get copies")

	_, ok = w.Patients.ByEHR("M123456", "mrn", "mam")
	assert.True(t, ok, "type and EHR match case-insensitively")
	_, ok = w.Patients.ByEHR("m123456", "MRN", "MAM")
	assert.False(t, ok, "the identifier itself is exact")
}

// BenchmarkQueueVisit measures admission with a busy history: every
// admission scans the visit store for the pool's queue.
func BenchmarkQueueVisit(b *testing.B) {
	fx, err := fakes.LoadFixtures(fixtures.Default(), 0)
	require.NoError(b, err)
	// No visit cap: the default 50,000 stops a long run, not the mock.
	w := fakes.NewWorld(fakes.Options{Fixtures: fx, Clock: clock.NewManual(monday9), MaxVisits: -1})
	now := monday9
	req := joeRequest()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		now = now.Add(10 * time.Minute) // the queue drains between arrivals
		if _, err := w.QueueVisit(req, now); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWaitTimes is the wait-times listing over 10,000 stored visits.
func BenchmarkWaitTimes(b *testing.B) {
	w := newWorld(b)
	now := monday9
	for i := 0; i < 10000; i++ {
		now = now.Add(10 * time.Minute)
		if _, err := w.QueueVisit(joeRequest(), now); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w.WaitTimes(fakes.WaitTimeFilter{}, now)
	}
}

// TestConcurrentAdmissionsSeeEachOther: visits created at the same
// instant from many goroutines each see the ones admitted before them, so
// no two are planned to start at the same time.
func TestConcurrentAdmissionsSeeEachOther(t *testing.T) {
	w := newWorld(t)
	const n = 12
	starts := make(chan time.Time, n)
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		go func() {
			v, err := w.QueueVisit(joeRequest(), monday9)
			errs <- err
			if err == nil {
				starts <- v.Timeline[2].At
			}
		}()
	}
	seen := map[time.Time]bool{}
	for i := 0; i < n; i++ {
		require.NoError(t, <-errs)
		s := <-starts
		assert.False(t, seen[s], "two visits planned to start at %v", s)
		seen[s] = true
	}
	assert.Equal(t, n, w.QueueAt(monday9).Waiting(waAdult))
}
