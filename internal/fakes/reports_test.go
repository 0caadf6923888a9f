package fakes

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReportStatesFollowTheClock(t *testing.T) {
	s := NewReportStore()
	s.Start(Report{ID: "r1", Type: "virtual", Created: t0}, 2*time.Second, 3*time.Second)
	r, ok := s.Get("r1")
	require.True(t, ok)
	for _, c := range []struct {
		after time.Duration
		want  string
	}{{0, ReportQueued}, {1999 * time.Millisecond, ReportQueued}, {2 * time.Second, ReportRunning}, {5 * time.Second, ReportSucceeded}, {time.Hour, ReportSucceeded}} {
		assert.Equal(t, c.want, r.StatusAt(t0.Add(c.after)), "after %s", c.after)
	}
	at, ok := r.SucceededAt(t0.Add(time.Hour))
	assert.True(t, ok)
	assert.Equal(t, t0.Add(5*time.Second), at)
	_, ok = r.SucceededAt(t0.Add(4 * time.Second))
	assert.False(t, ok)
}

func TestReportFailRetriesThenSucceeds(t *testing.T) {
	s := NewReportStore()
	s.Start(Report{ID: "r1", Created: t0}, 2*time.Second, 3*time.Second)
	r, err := s.Fail("r1", t0.Add(3*time.Second), 10*time.Second, 2*time.Second, 3*time.Second)
	require.NoError(t, err)
	assert.Equal(t, ReportRunning, r.StatusAt(t0.Add(2*time.Second)), "the past is kept")
	assert.Equal(t, ReportFailed, r.StatusAt(t0.Add(12*time.Second)))
	assert.Equal(t, ReportQueued, r.StatusAt(t0.Add(13*time.Second)))
	assert.Equal(t, ReportSucceeded, r.StatusAt(t0.Add(18*time.Second)))
	_, err = s.Fail("r1", t0.Add(4*time.Second), time.Second, 0, 0)
	assert.Error(t, err, "a failed job awaiting its retry cannot fail again")
	_, err = s.Cancel("r1", t0.Add(time.Minute))
	assert.Error(t, err, "a succeeded job cannot be cancelled")
}

func TestReportCancelIsFinal(t *testing.T) {
	s := NewReportStore()
	s.Start(Report{ID: "r1", Created: t0}, 2*time.Second, 3*time.Second)
	r, err := s.Cancel("r1", t0.Add(time.Second))
	require.NoError(t, err)
	assert.Equal(t, ReportCancelled, r.StatusAt(t0.Add(time.Hour)))
	_, ok := r.SucceededAt(t0.Add(time.Hour))
	assert.False(t, ok)
	_, err = s.Cancel("nope", t0)
	assert.Error(t, err)
}
