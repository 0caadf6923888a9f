package fakes

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/timeline"
)

// Options configure a Template (and the worlds it makes). Zero values
// work except Fixtures.
type Options struct {
	Fixtures *Fixtures
	// Clock is the template's clock: generated history is built once,
	// ending at its time when the template is made, and moved to each
	// world's creation time. NewWorld also uses it as the world's clock.
	Clock clock.Clock
	// Seed makes generated ids and history repeatable.
	Seed int64
	// HistoryDays of generated past activity (0: none).
	HistoryDays int
	// BaseURL is where this mock is reachable, for visitRedirectUrl.
	BaseURL string
	// MaxVisits is how many visits a world holds, history included: 0
	// means DefaultMaxVisits (50,000), a negative number no limit. A visit
	// beyond it is refused with apierr.Full (HTTP 507) until a reset.
	MaxVisits int
	// MaxReports is how many finished report jobs a world keeps, the
	// newest (older ones are evicted and answer 404), and how many may be
	// unfinished at once: 0 means DefaultMaxReports (1,000), a negative
	// number no limit.
	MaxReports int
	// Timeline is every new world's timeline (mockdex --timeline), its
	// relative times counted from the world's creation unless it has a
	// start; nil: none. Template.SetTimeline checks it against the fixtures.
	Timeline *timeline.Timeline
	// Admit, if set, is asked before a new visit ("visit") or report job
	// ("report") is stored; its error (the process's memory bound: an
	// apierr.Full) refuses it and nothing is kept.
	Admit func(what string) error
}

// World is all of a mock's state. A reset builds a new World; requests in
// flight finish against the old one.
type World struct {
	Fixtures *Fixtures
	Clock    clock.Clock
	Visits   *VisitStore
	Events   *EventStore
	Reports  *ReportStore
	Slots    *SlotBook
	Patients *PatientStore
	Sessions *SessionLog // TokBox session events, per visit

	// admit serialises admission to the virtual queues: counting a pool,
	// planning the visit and storing it (with its guest patient) happen as
	// one step, so two visits created at the same instant see each other.
	admit sync.Mutex
	// state is held shared by every change that spans stores (a visit with
	// its slot, patient and events) and exclusively by Export, so a
	// snapshot never holds half a change.
	state sync.RWMutex
	// changes counts mutations, for persistence to tell a dirty world.
	changes atomic.Uint64
	// tline is the world's timeline and how far it has run (timeline.go).
	tline timelineState
	// marks names what changed, for persistence's log (TrackChanges).
	marks *changeMarks

	opts      Options
	template  *Template
	historyAt time.Time // the instant the generated history ends at
}

// NewWorld builds a world from fixtures, with generated history. Building
// many worlds from the same options is cheaper through NewTemplate.
func NewWorld(opts Options) *World {
	t, err := NewTemplate(opts)
	if err != nil {
		panic(err) // only missing fixtures, which no caller passes
	}
	return t.NewWorld(opts.Clock)
}

// Options returns the options the world was built with.
func (w *World) Options() Options { return w.opts }

// Changes counts the mutations the world has had: it increases on every
// change a request (or the control plane) makes, never on reads or the
// clock moving, so persistence can tell whether a world needs saving.
func (w *World) Changes() uint64 { return w.changes.Load() }

func (w *World) changed() { w.changes.Add(1) }

// Template is the world the mock starts from, made once per process:
// fixtures and generated history. Its worlds share it read-only and keep
// what requests change to themselves.
func (w *World) Template() *Template { return w.template }
