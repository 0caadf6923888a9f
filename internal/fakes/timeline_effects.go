package fakes

import (
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/faults"
	"github.com/mockdex/mockdex/internal/timeline"
)

// effects are a timeline's windows as reads see them: immutable, swapped
// whole when the timeline or a count changes, so reads take no lock.
type effects struct {
	windows []window // region, on-call and queue windows, in timeline order
	faults  []window // outages and latency windows
}

// window is a window event and when it holds: from, to the end (zero:
// for good).
type window struct {
	e        *timeline.Event
	from, to time.Time
}

func (w window) activeAt(t time.Time) bool {
	return !t.Before(w.from) && (w.to.IsZero() || t.Before(w.to))
}

// buildEffects lists the windows that have a start: every clock-time
// window, and the count windows that fired; ts.mu must be held.
func (ts *timelineState) buildEffects() *effects {
	if ts.tl == nil {
		return nil
	}
	fx := &effects{}
	for i := range ts.tl.Events {
		e := &ts.tl.Events[i]
		if !e.Kind.Window() {
			continue
		}
		from := e.At
		if e.After != nil {
			at, fired := ts.fired[e.ID]
			if !fired {
				continue
			}
			from = at
		}
		win := window{e: e, from: from}
		win.to, _ = e.End(from)
		if e.Fault != nil {
			fx.faults = append(fx.faults, win)
		} else {
			fx.windows = append(fx.windows, win)
		}
	}
	if len(fx.windows) == 0 && len(fx.faults) == 0 {
		return nil
	}
	return fx
}

// inRegion says whether a region event applies to the practice's region.
func inRegion(e *timeline.Event, practiceID, region string) bool {
	return strings.EqualFold(e.Region, region) && (e.PracticeID == "" || strings.EqualFold(e.PracticeID, practiceID))
}

// inPool says whether an on-call event applies to the pool; its fields
// left out match any.
func inPool(e *timeline.Event, p Pool) bool {
	return (e.Region == "" || strings.EqualFold(e.Region, p.Region)) &&
		(e.PracticeID == "" || strings.EqualFold(e.PracticeID, p.PracticeID)) &&
		(e.Modality == "" || strings.EqualFold(e.Modality, p.Modality)) &&
		(e.Qualifier == "" || strings.EqualFold(e.Qualifier, p.Qualifier))
}

// regionAt is the region as the timeline has it at t: its hours changed
// by the latest region-hours window open then, and whether a
// region-closes window closes it.
func (w *World) regionAt(practiceID string, r Region, t time.Time) (Region, bool) {
	fx := w.tline.effects.Load()
	if fx == nil {
		return r, false
	}
	closed := false
	for _, win := range fx.windows {
		if !win.activeAt(t) || !inRegion(win.e, practiceID, r.RegionCode) {
			continue
		}
		switch win.e.Kind {
		case timeline.RegionHours:
			r = r.WithHours(win.e.OpenMin, win.e.CloseMin)
		case timeline.RegionCloses:
			closed = true
		}
	}
	return r, closed
}

// regionOpenAt reports whether the region takes visits at t: within its
// hours (as the timeline has them) and not closed by it.
func (w *World) regionOpenAt(practiceID string, r Region, t time.Time) bool {
	r, closed := w.regionAt(practiceID, r, t)
	return !closed && r.OpenAt(t)
}

// onCallAt is how many providers are on call for the pool at t: none
// while an oncall-lost window covers it.
func (w *World) onCallAt(p pooled, t time.Time) int {
	if fx := w.tline.effects.Load(); fx != nil {
		for _, win := range fx.windows {
			if win.e.Kind == timeline.OnCallLost && win.activeAt(t) && inPool(win.e, p.Pool) {
				return 0
			}
		}
	}
	return w.Fixtures.onCallCount(p.key)
}

// capacityAt is how many waiting visits make the region busy at t.
func (w *World) capacityAt(practiceID string, r Region, t time.Time) int {
	c := r.Capacity
	if fx := w.tline.effects.Load(); fx != nil {
		for _, win := range fx.windows {
			if win.e.Kind == timeline.QueueBusy && win.activeAt(t) && inRegion(win.e, practiceID, r.RegionCode) {
				c = win.e.Capacity
			}
		}
	}
	return c
}

// regionWindows lists the region's openings over the next days from now,
// with the hours in effect now and without the times a region-closes
// window (now or later) closes it.
func (w *World) regionWindows(practiceID string, r Region, now time.Time, days int) []Window {
	r, _ = w.regionAt(practiceID, r, now)
	out := r.Windows(now, days)
	fx := w.tline.effects.Load()
	if fx == nil {
		return out
	}
	for _, win := range fx.windows {
		if win.e.Kind == timeline.RegionCloses && inRegion(win.e, practiceID, r.RegionCode) {
			out = cutWindows(out, win.from, win.to)
		}
	}
	return out
}

// cutWindows removes [from, to) (to zero: for good) from each window.
func cutWindows(in []Window, from, to time.Time) []Window {
	var out []Window
	for _, x := range in {
		if x.End.After(from) && (to.IsZero() || x.Start.Before(to)) {
			if x.Start.Before(from) {
				out = append(out, Window{Start: x.Start, End: from.UTC()})
			}
			if !to.IsZero() && x.End.After(to) {
				out = append(out, Window{Start: to.UTC(), End: x.End})
			}
			continue
		}
		out = append(out, x)
	}
	return out
}

// TimelineFaults are the faults the timeline's outages and latency
// windows hold open at now (nil: none), for the HTTP layer to apply
// after the namespace's own.
func (w *World) TimelineFaults(now time.Time) []faults.Fault {
	fx := w.tline.effects.Load()
	if fx == nil {
		return nil
	}
	var out []faults.Fault
	for _, win := range fx.faults {
		if win.activeAt(now) {
			out = append(out, *win.e.Fault)
		}
	}
	return out
}
