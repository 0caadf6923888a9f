// Package clock is the only source of time in mockdex. Fakes and handlers
// read Now from an injected Clock, so a test or a developer can freeze,
// set, advance or speed up time and watch visits and report jobs move.
package clock

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Mode says how a Clock moves between explicit changes.
type Mode string

const (
	// Real follows the wall clock (plus any offset set through the API).
	Real Mode = "real"
	// Manual stands still until Set or Advance.
	Manual Mode = "manual"
	// Scaled runs Factor times faster than the wall clock.
	Scaled Mode = "scaled"
)

// Clock tells the mock what time it is.
type Clock interface {
	Now() time.Time
}

// Controlled is a Clock the admin API can move. Every mode can be set and
// advanced: on a real or scaled clock, a change shifts the clock by an
// offset and it keeps running from there.
type Controlled struct {
	mode   Mode
	factor float64
	wall   func() time.Time

	mu sync.Mutex // orders the changes of at
	// at is where the clock was last set: it reads at.base + (wall() -
	// at.anchor) * rate, where rate is 0 for manual, 1 for real and
	// factor for scaled. A change swaps the pair whole, so Now (every
	// request reads it, from every core) takes no lock.
	at atomic.Pointer[setting]
}

type setting struct{ anchor, base time.Time }

// New returns a clock in the given mode starting at start (zero: now).
// factor is used by Scaled only.
func New(mode Mode, factor float64, start time.Time) *Controlled {
	return newWithWall(mode, factor, start, time.Now)
}

func newWithWall(mode Mode, factor float64, start time.Time, wall func() time.Time) *Controlled {
	now := wall()
	if start.IsZero() {
		start = now
	}
	c := &Controlled{mode: mode, factor: factor, wall: wall}
	c.at.Store(&setting{anchor: now, base: start.UTC()})
	return c
}

// NewManual returns a clock frozen at start.
func NewManual(start time.Time) *Controlled { return New(Manual, 0, start) }

// Parse reads the --clock flag: real, manual or scaled:N.
func Parse(s string, start time.Time) (*Controlled, error) {
	switch {
	case s == "" || s == string(Real):
		return New(Real, 1, start), nil
	case s == string(Manual):
		return New(Manual, 0, start), nil
	case strings.HasPrefix(s, "scaled:"):
		f, err := strconv.ParseFloat(strings.TrimPrefix(s, "scaled:"), 64)
		if err != nil || f <= 0 {
			return nil, fmt.Errorf("clock %q: scaled:N needs a positive number", s)
		}
		return New(Scaled, f, start), nil
	}
	return nil, fmt.Errorf("clock %q: want real, manual or scaled:N", s)
}

func (c *Controlled) rate() float64 {
	switch c.mode {
	case Manual:
		return 0
	case Scaled:
		return c.factor
	}
	return 1
}

// Now is the mock's current time, in UTC.
func (c *Controlled) Now() time.Time {
	at := c.at.Load()
	elapsed := c.wall().Sub(at.anchor)
	return at.base.Add(time.Duration(float64(elapsed) * c.rate()))
}

// Set moves the clock to t; it keeps running from there in its mode.
func (c *Controlled) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at.Store(&setting{anchor: c.wall(), base: t.UTC()})
}

// Advance moves the clock forward by d (backward if d is negative).
func (c *Controlled) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.Now().Add(d)
	c.at.Store(&setting{anchor: c.wall(), base: now})
	return now
}

// Reading is one point the clock passed: it read mock when the wall
// clock read wall, and runs on from there in its mode. The pair changes
// only when the clock is set or advanced, so it is what a saved namespace
// keeps of its clock.
func (c *Controlled) Reading() (mock, wall time.Time) {
	at := c.at.Load()
	return at.base, at.anchor
}

// Resume puts the clock where a saved Reading says it stood, as if it
// had kept running since: it reads mock plus the wall time passed since
// wall at its own rate (a manual clock reads mock).
func (c *Controlled) Resume(mock, wall time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.wall()
	c.at.Store(&setting{anchor: now, base: mock.UTC().Add(time.Duration(float64(now.Sub(wall)) * c.rate()))})
}

// Mode reports how the clock moves; Factor the speed of a scaled clock.
func (c *Controlled) Mode() Mode { return c.mode }

// Factor is the speed-up of a scaled clock (1 for real, 0 for manual).
func (c *Controlled) Factor() float64 { return c.rate() }

// Fork returns a new clock in c's mode, at c's speed and on c's wall
// source, reading c's time now and moved independently from then on: a
// namespace's own clock, which a test can set or advance without moving
// anyone else's.
func (c *Controlled) Fork() *Controlled {
	return newWithWall(c.mode, c.factor, c.Now(), c.wall)
}

// Span is the mock time that passes on c during wall of real time; a
// manual clock, which never runs, counts as real time, so a lifetime
// sized with Span is never shorter than the wall time asked for.
func (c *Controlled) Span(wall time.Duration) time.Duration {
	return time.Duration(float64(wall) * max(c.rate(), 1))
}
