package mockdextest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"time"
)

// WithTimeline starts the mock with a timeline of DexCare events on its
// clock (docs/timeline.md), as JSON: {"events": [...]}. Relative times
// ("+8h") count from the mock's start (Epoch unless WithStart), and every
// namespace plays it from its own creation. A timeline the mock refuses
// fails NewServer (or Start) with the field named.
func WithTimeline(doc []byte) Option {
	return func(c *config) { c.timeline = bytes.Clone(doc) }
}

// WithTimelineFile is WithTimeline with the JSON read from a file (such
// as examples/bad-monday/timeline.json).
func WithTimelineFile(path string) Option {
	return func(c *config) {
		data, err := os.ReadFile(path)
		if err != nil {
			c.err = err
			return
		}
		c.timeline = data
	}
}

// TimelineEvent is where one event of the timeline stands now.
type TimelineEvent struct {
	ID, Kind string
	// State is pending, waiting (for a count of calls), active (a window
	// holding now), over, or applied (a once-only event that happened).
	State string
	// FiresAt is a clock-time event's time, FiredAt when it fired, EndsAt
	// a window's end; zero when there is none.
	FiresAt, FiredAt, EndsAt time.Time
}

// SetTimeline replaces the timeline with doc ({"events": [...]}); its
// relative times count from the clock's now unless it has a "start".
func (s *Server) SetTimeline(doc string) {
	s.t.Helper()
	s.control(http.MethodPut, "/timeline", json.RawMessage(doc), http.StatusOK, nil)
}

// ClearTimeline removes every event of the timeline.
func (s *Server) ClearTimeline() {
	s.t.Helper()
	s.control(http.MethodDelete, "/timeline", nil, http.StatusOK, nil)
}

// Timeline lists the timeline's events and where each stands at the
// clock's now.
func (s *Server) Timeline() []TimelineEvent {
	s.t.Helper()
	var out struct{ Events []TimelineEvent }
	s.control(http.MethodGet, "/timeline", nil, http.StatusOK, &out)
	return out.Events
}
