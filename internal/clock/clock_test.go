package clock

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeWall is a wall clock the test moves by hand.
type fakeWall struct{ t time.Time }

func (f *fakeWall) now() time.Time { return f.t }

var epoch = time.Date(2024, 6, 3, 16, 0, 0, 0, time.UTC)

func TestManualStandsStillUntilMoved(t *testing.T) {
	w := &fakeWall{t: epoch}
	c := newWithWall(Manual, 0, epoch, w.now)
	w.t = w.t.Add(time.Hour)
	assert.Equal(t, epoch, c.Now())
	c.Advance(90 * time.Second)
	assert.Equal(t, epoch.Add(90*time.Second), c.Now())
	c.Set(epoch.Add(-time.Hour))
	assert.Equal(t, epoch.Add(-time.Hour), c.Now())
}

func TestRealFollowsWallWithOffset(t *testing.T) {
	w := &fakeWall{t: epoch}
	c := newWithWall(Real, 1, time.Time{}, w.now)
	w.t = w.t.Add(time.Minute)
	assert.Equal(t, epoch.Add(time.Minute), c.Now())
	c.Advance(time.Hour)
	w.t = w.t.Add(time.Minute)
	assert.Equal(t, epoch.Add(62*time.Minute), c.Now())
}

func TestScaledRunsFaster(t *testing.T) {
	w := &fakeWall{t: epoch}
	c := newWithWall(Scaled, 60, epoch, w.now)
	w.t = w.t.Add(time.Second)
	assert.Equal(t, epoch.Add(time.Minute), c.Now())
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		mode Mode
		rate float64
	}{{"", Real, 1}, {"real", Real, 1}, {"manual", Manual, 0}, {"scaled:10", Scaled, 10}} {
		c, err := Parse(tc.in, epoch)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.mode, c.Mode())
		assert.Equal(t, tc.rate, c.Factor())
	}
	for _, bad := range []string{"fast", "scaled:", "scaled:-2", "scaled:x"} {
		_, err := Parse(bad, epoch)
		assert.Error(t, err, bad)
	}
}

func TestForkRunsAlikeButMovesAlone(t *testing.T) {
	w := &fakeWall{t: epoch}
	parent := newWithWall(Scaled, 60, epoch, w.now)
	w.t = w.t.Add(time.Second)
	child := parent.Fork()
	assert.Equal(t, epoch.Add(time.Minute), child.Now(), "a fork starts at its parent's time")
	assert.Equal(t, Scaled, child.Mode())
	assert.Equal(t, 60.0, child.Factor())

	child.Advance(time.Hour)
	w.t = w.t.Add(time.Second)
	assert.Equal(t, epoch.Add(2*time.Minute), parent.Now(), "moving the fork leaves the parent alone")
	assert.Equal(t, epoch.Add(time.Hour+2*time.Minute), child.Now(), "and the fork keeps running at the parent's speed")
	parent.Set(epoch)
	assert.Equal(t, epoch.Add(time.Hour+2*time.Minute), child.Now(), "and moving the parent leaves the fork alone")
}

func TestSpanIsMockTimePerWallTime(t *testing.T) {
	day := 24 * time.Hour
	assert.Equal(t, 60*day, New(Scaled, 60, epoch).Span(day))
	assert.Equal(t, day, New(Real, 1, epoch).Span(day))
	assert.Equal(t, day, NewManual(epoch).Span(day), "a manual clock counts as real time")
	assert.Equal(t, day, New(Scaled, 0.5, epoch).Span(day), "never shorter than the wall time")
}

// A clock resumed from a saved reading stands where it was (manual) or has
// run on for the wall time since, at its rate (real, scaled).
func TestResumeFromReading(t *testing.T) {
	w := &fakeWall{t: epoch}
	saved := newWithWall(Scaled, 60, epoch, w.now)
	saved.Advance(time.Hour)
	mock, wall := saved.Reading()
	w.t = w.t.Add(time.Minute) // the mock was down for a minute

	scaled := newWithWall(Scaled, 60, time.Time{}, w.now)
	scaled.Resume(mock, wall)
	assert.Equal(t, epoch.Add(2*time.Hour), scaled.Now())
	real := newWithWall(Real, 1, time.Time{}, w.now)
	real.Resume(mock, wall)
	assert.Equal(t, epoch.Add(time.Hour+time.Minute), real.Now())
	manual := newWithWall(Manual, 0, time.Time{}, w.now)
	manual.Resume(mock, wall)
	w.t = w.t.Add(time.Minute)
	assert.Equal(t, epoch.Add(time.Hour), manual.Now())
}
