package timeline

import (
	"time"

	"github.com/mockdex/mockdex/internal/faults"
)

// Timeline is a namespace's scripted events. Relative times ("+8h")
// count from Start; a timeline read without one gets it when it is set
// on a world (Resolve).
type Timeline struct {
	// Start is the instant relative times count from; zero until resolved.
	Start  time.Time
	Events []Event
}

// Kind is what an event does to the world.
type Kind string

// The kinds of event. Windows (the first four, outage and latency) hold
// from when they fire until they end (For, Until) or, without an end,
// for good; the others happen once, when they fire.
const (
	RegionHours      Kind = "region-hours"      // a region's opening hours change
	RegionCloses     Kind = "region-closes"     // a region is closed
	OnCallLost       Kind = "oncall-lost"       // a qualifier has no provider on call
	QueueBusy        Kind = "queue-busy"        // a region's queue is busy beyond Capacity waiting
	ProviderDeclines Kind = "provider-declines" // the provider of waiting visits declines them
	StaffCancels     Kind = "staff-cancels"     // the staff cancel waiting visits
	EHRTakesSlot     Kind = "ehr-takes-slot"    // the EHR takes a slot (and releases it at the end)
	EHRReleasesSlot  Kind = "ehr-releases-slot" // the EHR releases a slot
	ReportFails      Kind = "report-fails"      // unfinished report jobs fail, and are retried
	Outage           Kind = "outage"            // a host's operations answer a fault
	Latency          Kind = "latency"           // a host's operations are slow
)

// Window reports whether the kind holds for a while rather than happens
// once.
func (k Kind) Window() bool {
	switch k {
	case RegionHours, RegionCloses, OnCallLost, QueueBusy, Outage, Latency:
		return true
	}
	return false
}

// Event is one scripted event: when, and what it does.
type Event struct {
	ID   string
	Kind Kind
	// At is when a clock-time event fires; zero when After is set.
	At time.Time
	// After fires the event when a count of calls is reached.
	After *Count
	// For and Until end a window (and release an EHR's slot); both zero:
	// it holds for good.
	For   time.Duration
	Until time.Time

	// Where: a practice's region, a pool, a visit, a report job.
	PracticeID, Region, Modality, Qualifier string
	// OpenMin and CloseMin are a region-hours event's new hours, in
	// minutes after local midnight (Hours as written).
	Hours             string
	OpenMin, CloseMin int
	// Capacity is how many waiting visits make a queue-busy region busy.
	Capacity   int
	VisitID    string
	ReportID   string
	ReportType string
	RetryAfter time.Duration
	// Limit is how many visits or jobs the event applies to, newest
	// first; 0 means all it finds.
	Limit int
	// The slot an EHR event takes or releases.
	NPI, DepartmentID string
	SlotStart         time.Time
	// Fault is what an outage's or latency window's calls meet; its ID is
	// the event's.
	Fault *faults.Fault

	// rel holds the relative forms ("+8h") of At, Until and SlotStart
	// until Resolve makes them absolute; written holds the JSON as sent.
	rel     relTimes
	written eventJSON
}

// Count is a trigger after a number of calls: the Count-th call of the
// operation that the mock answered with success.
type Count struct {
	OperationID string `json:"operationId"`
	Count       int    `json:"count"`
}

// relTimes are an event's relative times, nil when absolute or absent.
type relTimes struct {
	at, until, slot *time.Duration
}

// End is when the window (or EHR hold) that began at from ends, and
// whether it ends at all.
func (e *Event) End(from time.Time) (time.Time, bool) {
	switch {
	case !e.Until.IsZero():
		return e.Until, true
	case e.For > 0:
		return from.Add(e.For), true
	}
	return time.Time{}, false
}

// Resolve makes every relative time absolute, counting from start unless
// the timeline has a start of its own, and returns the copy.
func (t *Timeline) Resolve(start time.Time) *Timeline {
	c := *t
	if c.Start.IsZero() {
		c.Start = start
	}
	c.Events = make([]Event, len(t.Events))
	for i, e := range t.Events {
		for _, r := range []struct {
			rel *time.Duration
			abs *time.Time
		}{{e.rel.at, &e.At}, {e.rel.until, &e.Until}, {e.rel.slot, &e.SlotStart}} {
			if r.rel != nil {
				*r.abs = c.Start.Add(*r.rel)
			}
		}
		if e.Fault != nil {
			f := *e.Fault
			e.Fault = &f
		}
		c.Events[i] = e
	}
	return &c
}

// Event is the event with id, if the timeline has one.
func (t *Timeline) Event(id string) (*Event, bool) {
	for i := range t.Events {
		if t.Events[i].ID == id {
			return &t.Events[i], true
		}
	}
	return nil, false
}
