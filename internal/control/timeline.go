package control

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/gorilla/mux"

	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/faults"
	"github.com/mockdex/mockdex/internal/statedoc"
	"github.com/mockdex/mockdex/internal/timeline"
)

// timelinePath is where a namespace's timeline is read and set.
const timelinePath = Prefix + "/timeline"

func (c *Control) timelineRoutes(a *mux.Router) {
	a.HandleFunc("/timeline", c.getTimeline).Methods(http.MethodGet)
	a.HandleFunc("/timeline", c.putTimeline).Methods(http.MethodPut)
	a.HandleFunc("/timeline", c.deleteTimeline).Methods(http.MethodDelete)
}

// timelineView is GET /_mockdex/timeline: the namespace's timeline at its
// clock's now, each event as written with where it stands.
type timelineView struct {
	Namespace string            `json:"namespace"`
	Now       time.Time         `json:"now"`
	Start     *time.Time        `json:"start,omitempty"`
	Events    []json.RawMessage `json:"events"`
	Calls     map[string]int    `json:"calls,omitempty"`
}

func (c *Control) getTimeline(w http.ResponseWriter, r *http.Request) {
	c.withTimeline(w, r, nil)
}

// putTimeline replaces the namespace's timeline; relative times count
// from the namespace's now unless it gives a start.
func (c *Control) putTimeline(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	tl, err := timeline.Parse(body, c.faultOperations())
	if err != nil {
		fakeError(w, err)
		return
	}
	c.withTimeline(w, r, tl)
}

// deleteTimeline empties the namespace's timeline.
func (c *Control) deleteTimeline(w http.ResponseWriter, r *http.Request) {
	c.withTimeline(w, r, &timeline.Timeline{})
}

// withTimeline sets tl (unless nil) in the request's namespace and answers
// its timeline as GET does.
func (c *Control) withTimeline(w http.ResponseWriter, r *http.Request, tl *timeline.Timeline) {
	name, ok := namespaceOf(w, r)
	if !ok {
		return
	}
	ns, world, done, err := c.spaces.Enter(name)
	if err != nil {
		fakeError(w, err)
		return
	}
	defer done()
	now := ns.Clock().Now()
	if tl != nil {
		if err := world.SetTimeline(tl, now, nil); err != nil {
			fakeError(w, err)
			return
		}
		world.Catch(now)
	}
	writeJSON(w, http.StatusOK, viewTimeline(ns.Name(), world, now))
}

func viewTimeline(name string, world *fakes.World, now time.Time) timelineView {
	v := timelineView{Namespace: name, Now: now.UTC(), Events: []json.RawMessage{}}
	tl, states, calls := world.TimelineStatus(now)
	if tl == nil {
		return v
	}
	start := tl.Start.UTC()
	v.Start, v.Calls = &start, calls
	for i := range tl.Events {
		v.Events = append(v.Events, eventJSON(&tl.Events[i], states[i]))
	}
	return v
}

// eventJSON is an event as written, its state and times after it.
func eventJSON(e *timeline.Event, st fakes.EventStatus) json.RawMessage {
	extra := struct {
		State   string     `json:"state"`
		FiresAt *time.Time `json:"firesAt,omitempty"`
		FiredAt *time.Time `json:"firedAt,omitempty"`
		EndsAt  *time.Time `json:"endsAt,omitempty"`
	}{State: st.State, FiresAt: utc(st.FiresAt), FiredAt: utc(st.FiredAt), EndsAt: utc(st.EndsAt)}
	more, _ := json.Marshal(extra)
	written := e.Written()
	return append(append(written[:len(written)-1:len(written)-1], ','), more[1:]...)
}

// utc is t in UTC, nil when zero (left out).
func utc(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}

// restoreTimeline puts a state document's timeline on an imported world.
func restoreTimeline(w *fakes.World, s *statedoc.Timeline, ops []faults.Operation) error {
	if s == nil {
		return nil
	}
	if err := s.Check(); err != nil {
		return err
	}
	tl, err := timeline.ParseEvents(s.Events, s.Start, ops)
	if err != nil {
		return statedoc.Invalid("timeline", "%s", err.Error())
	}
	return w.SetTimeline(tl, s.Start, fakes.ProgressOf(s))
}
