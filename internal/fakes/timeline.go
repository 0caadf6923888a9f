package fakes

import (
	"maps"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mockdex/mockdex/internal/statedoc"
	"github.com/mockdex/mockdex/internal/timeline"
)

// A world plays its timeline (internal/timeline, docs/timeline.md) from
// its clock, without goroutines, as everything else here: a window (a
// region closed, on-call cover lost, a busy queue, an outage) is read
// against the clock wherever the world asks (timeline_effects.go); an
// event that happens once (a decline, a cancellation, a slot taken, a
// report job failing) is applied to the world by the first access at or
// after its time (Catch), at its own time, in time order, and only once.
// Events after a count of calls fire when the call that makes the count
// is answered (CountCall).

// timelineState is a world's timeline and how far it has run.
type timelineState struct {
	// mu guards tl, fired, ended and calls, and is held while events
	// apply; it is taken before the world's state lock, never after.
	mu    sync.Mutex
	tl    *timeline.Timeline // nil: none
	fired map[string]time.Time
	ended map[string]bool // EHR holds released at their end
	calls map[string]int  // operationId → successful calls counted

	// What reads need without mu: the windows as they stand, the
	// operations a count watches, and when an event next falls due.
	effects atomic.Pointer[effects]
	counted atomic.Pointer[map[string]bool]
	pending atomic.Bool
	nextDue atomic.Int64 // Unix seconds, floored
}

// TimelineProgress is how far a timeline has run: the events fired
// (their time) and EHR holds ended, and the calls counted toward "after"
// triggers.
type TimelineProgress struct {
	Fired map[string]time.Time
	Ended map[string]bool
	Calls map[string]int
}

// start gives a new world the template's timeline (nil: none), its
// relative times counted from at, with nothing run yet.
func (ts *timelineState) start(tl *timeline.Timeline, at time.Time) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if tl != nil {
		tl = tl.Resolve(at)
	}
	ts.tl, ts.fired, ts.ended, ts.calls = tl, map[string]time.Time{}, map[string]bool{}, map[string]int{}
	ts.refresh()
}

// KeepTimeline gives w (a reset's fresh world) old's timeline, to play
// again from nothing run.
func (w *World) KeepTimeline(old *World) {
	tl, _ := old.Timeline()
	w.tline.start(tl, w.historyAt)
}

// SetTimeline replaces the world's timeline (nil: none), its relative
// times resolved against now, with progress (nil: none yet). It checks
// the timeline against the fixtures and progress against the timeline
// first: on error nothing changes. Events already due apply on the next
// access.
func (w *World) SetTimeline(tl *timeline.Timeline, now time.Time, progress *TimelineProgress) error {
	if tl != nil {
		tl = tl.Resolve(now)
		if err := w.checkTimeline(tl); err != nil {
			return err
		}
	}
	p, err := checkProgress(tl, progress)
	if err != nil {
		return err
	}
	ts := &w.tline
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.tl, ts.fired, ts.ended, ts.calls = tl, p.Fired, p.Ended, p.Calls
	ts.refresh()
	w.marks.timelineRan()
	w.changed()
	return nil
}

// Timeline is the world's timeline (nil: none) and its progress, copies.
func (w *World) Timeline() (*timeline.Timeline, TimelineProgress) {
	ts := &w.tline
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.tl, TimelineProgress{Fired: maps.Clone(ts.fired), Ended: maps.Clone(ts.ended), Calls: maps.Clone(ts.calls)}
}

// Catch applies the events due by now that have not applied yet, each at
// its own time, in time order. Every access to the world calls it first
// (internal/namespaces does), so every answer at now sees them.
func (w *World) Catch(now time.Time) {
	ts := &w.tline
	if !ts.pending.Load() || now.Unix() < ts.nextDue.Load() {
		return
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	due := ts.dueBy(now)
	for _, a := range due {
		if a.end {
			ts.ended[a.e.ID] = true
			w.endHold(a.e)
		} else {
			ts.fired[a.e.ID] = a.at
			w.applyEvent(a.e, a.at)
		}
	}
	if len(due) > 0 {
		// What fired is progress to keep: after a restart an event that
		// fired must not fire again.
		w.marks.timelineRan()
		w.changed()
	}
	ts.schedule()
}

// CountCall counts a call of the operation the mock answered with
// success at now, and fires the events waiting for that count.
func (w *World) CountCall(opID string, now time.Time) {
	ts := &w.tline
	if set := ts.counted.Load(); set == nil || !(*set)[opID] {
		return
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.tl == nil {
		return
	}
	ts.calls[opID]++
	for i := range ts.tl.Events {
		e := &ts.tl.Events[i]
		if _, done := ts.fired[e.ID]; done || e.After == nil || e.After.OperationID != opID || ts.calls[opID] < e.After.Count {
			continue
		}
		ts.fired[e.ID] = now
		if !e.Kind.Window() {
			w.applyEvent(e, now)
		}
	}
	ts.refresh()
	w.marks.timelineRan()
	w.changed()
}

// action is one event applying (or an EHR hold ending) at a time.
type action struct {
	at  time.Time
	e   *timeline.Event
	idx int
	end bool
}

// dueBy lists the actions due by now not yet taken, in time order; ts.mu
// must be held.
func (ts *timelineState) dueBy(now time.Time) []action {
	out := ts.pendingActions()
	kept := out[:0]
	for _, a := range out {
		if !a.at.After(now) {
			kept = append(kept, a)
		}
	}
	return kept
}

// pendingActions lists every action still to come, in time order (then
// timeline order, a hold's start before its end); ts.mu must be held.
func (ts *timelineState) pendingActions() []action {
	if ts.tl == nil {
		return nil
	}
	var out []action
	for i := range ts.tl.Events {
		e := &ts.tl.Events[i]
		firedAt, fired := ts.fired[e.ID]
		switch {
		case !fired && !e.Kind.Window() && e.After == nil:
			out = append(out, action{at: e.At, e: e, idx: i})
			if end, ok := e.End(e.At); ok && e.Kind == timeline.EHRTakesSlot {
				out = append(out, action{at: end, e: e, idx: i, end: true})
			}
		case fired && e.Kind == timeline.EHRTakesSlot && !ts.ended[e.ID]:
			if end, ok := e.End(firedAt); ok {
				out = append(out, action{at: end, e: e, idx: i, end: true})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b action) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return a.idx - b.idx
	})
	return out
}

// refresh rebuilds what reads see after the timeline or its progress
// changed; ts.mu must be held.
func (ts *timelineState) refresh() {
	ts.effects.Store(ts.buildEffects())
	var counted map[string]bool
	if ts.tl != nil {
		for _, e := range ts.tl.Events {
			if e.After != nil {
				if counted == nil {
					counted = map[string]bool{}
				}
				counted[e.After.OperationID] = true
			}
		}
	}
	if counted == nil {
		ts.counted.Store(nil)
	} else {
		ts.counted.Store(&counted)
	}
	ts.schedule()
}

// schedule notes when the next action falls due; ts.mu must be held.
func (ts *timelineState) schedule() {
	next := ts.pendingActions()
	if len(next) == 0 {
		ts.pending.Store(false)
		ts.nextDue.Store(math.MaxInt64)
		return
	}
	ts.nextDue.Store(next[0].at.Unix())
	ts.pending.Store(true)
}

// checkProgress refuses progress naming an event the timeline does not
// have, and returns it (or an empty one) as maps the world may keep.
func checkProgress(tl *timeline.Timeline, p *TimelineProgress) (TimelineProgress, error) {
	out := TimelineProgress{Fired: map[string]time.Time{}, Ended: map[string]bool{}, Calls: map[string]int{}}
	if p == nil {
		return out, nil
	}
	for id, at := range p.Fired {
		if tl == nil {
			return out, errTimelineProgress("fired", id)
		}
		if _, ok := tl.Event(id); !ok {
			return out, errTimelineProgress("fired", id)
		}
		out.Fired[id] = at
	}
	for id, ended := range p.Ended {
		if _, ok := out.Fired[id]; !ok && ended {
			return out, errTimelineProgress("fired", id)
		}
		out.Ended[id] = ended
	}
	maps.Copy(out.Calls, p.Calls)
	return out, nil
}

// section is the timeline as a state document holds it (nil: none);
// ts.mu must be held.
func (ts *timelineState) section() *statedoc.Timeline {
	if ts.tl == nil {
		return nil
	}
	s := &statedoc.Timeline{Start: ts.tl.Start, Events: ts.tl.EventsJSON()}
	for _, e := range ts.tl.Events {
		if at, ok := ts.fired[e.ID]; ok {
			s.Fired = append(s.Fired, statedoc.FiredEvent{ID: e.ID, At: at, Ended: ts.ended[e.ID]})
		}
	}
	if len(ts.calls) > 0 {
		s.Calls = maps.Clone(ts.calls)
	}
	return s
}

// ProgressOf is a state document's timeline progress as SetTimeline takes
// it.
func ProgressOf(s *statedoc.Timeline) *TimelineProgress {
	p := &TimelineProgress{Fired: map[string]time.Time{}, Ended: map[string]bool{}, Calls: maps.Clone(s.Calls)}
	for _, f := range s.Fired {
		p.Fired[f.ID] = f.At
		if f.Ended {
			p.Ended[f.ID] = true
		}
	}
	return p
}
