package server

import (
	"io/fs"
	"log/slog"
	"time"

	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/gate"
	"github.com/mockdex/mockdex/internal/journal"
	"github.com/mockdex/mockdex/internal/namespaces"
)

// testOptions build a Server for this package's own tests, which reach
// into it (its handler table, its journal); other tests build a whole
// mock with mock.New, which this package cannot import.
type testOptions struct {
	Clock         *clock.Controlled // nil: manual, at the zero time
	Fixtures      fs.FS
	MaxVisits     int
	JournalSize   int // as mock.Options: 0 the default, negative none
	Logger        *slog.Logger
	ResponseCheck func(operationID string, status int, err error)
	Observe       func(operationID string, status int, d time.Duration)
}

// newTest builds a Server on a fresh world, as mock.New would.
func newTest(o testOptions) (*Server, error) {
	if o.Clock == nil {
		o.Clock = clock.NewManual(time.Time{})
	}
	tmpl, err := namespaces.NewTemplate(namespaces.TemplateOptions{Clock: o.Clock, Fixtures: o.Fixtures, MaxVisits: o.MaxVisits})
	if err != nil {
		return nil, err
	}
	g, err := gate.New(gate.Options{})
	if err != nil {
		return nil, err
	}
	return New(Options{
		Namespaces:    namespaces.New(namespaces.Options{Root: o.Clock, Template: tmpl}),
		Gate:          g,
		Journal:       journal.New(journal.Options{Entries: o.JournalSize}),
		Logger:        o.Logger,
		ResponseCheck: o.ResponseCheck,
		Observe:       o.Observe,
	})
}

// inNamespace lists the journal's entries of one namespace.
func (s *Server) inNamespace(name string) []journal.Entry {
	return s.journal.List(journal.Filter{InNamespace: func(sent string) bool { return namespaces.Name(sent) == name }})
}
