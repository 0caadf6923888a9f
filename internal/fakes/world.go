package fakes

import (
	"sync"

	"github.com/mockdex/mockdex/internal/clock"
)

// Options configure a World. Zero values work except Fixtures and Clock.
type Options struct {
	Fixtures *Fixtures
	Clock    clock.Clock
	// Seed makes generated ids and history repeatable.
	Seed int64
	// HistoryDays of generated past activity (0: none).
	HistoryDays int
	// BaseURL is where this mock is reachable, for visitRedirectUrl.
	BaseURL string
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
	opts  Options
}

// NewWorld builds a world from fixtures, with generated history.
func NewWorld(opts Options) *World {
	w := &World{
		Fixtures: opts.Fixtures,
		Clock:    opts.Clock,
		Visits:   NewVisitStore(),
		Events:   NewEventStore(),
		Reports:  NewReportStore(),
		Slots:    NewSlotBook(),
		Sessions: NewSessionLog(),
		Patients: NewPatientStore(opts.Fixtures.Patients),
		opts:     opts,
	}
	w.seedHistory()
	return w
}

// Options returns the options the world was built with.
func (w *World) Options() Options { return w.opts }
