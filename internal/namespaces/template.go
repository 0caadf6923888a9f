package namespaces

import (
	"io/fs"
	"sync"

	"github.com/mockdex/mockdex/fixtures"
	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/fakes"
)

// TemplateOptions say what every world of a mock starts from.
type TemplateOptions struct {
	// Clock anchors the generated history; nil anchors it at the zero time.
	Clock *clock.Controlled
	// Fixtures replaces the embedded default world (a directory of the
	// same files); nil keeps the default.
	Fixtures fs.FS
	// Seed makes generated providers, ids and history repeatable.
	Seed int64
	// HistoryDays of generated past activity at start and reset (0: none).
	HistoryDays int
	// BaseURL is how clients reach the mock (fakes.Options.BaseURL).
	BaseURL string
	// MaxVisits and MaxReports cap each world (fakes.Options).
	MaxVisits, MaxReports int
	// Admit, if set, must admit each new visit and report job
	// (fakes.Options.Admit: the memory bound).
	Admit func(what string) error
}

// NewTemplate loads the fixtures and builds the template every world is
// copied from (generated history included): a new world is a copy.
func NewTemplate(o TemplateOptions) (*fakes.Template, error) {
	fx, err := loadFixtures(o.Fixtures, o.Seed)
	if err != nil {
		return nil, err
	}
	fo := fakes.Options{Fixtures: fx, Seed: o.Seed, HistoryDays: o.HistoryDays,
		BaseURL: o.BaseURL, MaxVisits: o.MaxVisits, MaxReports: o.MaxReports, Admit: o.Admit}
	if o.Clock != nil { // a nil *Controlled in the interface would not read as nil
		fo.Clock = o.Clock
	}
	return fakes.NewTemplate(fo)
}

// embedded caches the embedded fixtures by seed. Worlds only read their
// fixtures (a reset reuses them), so every mock in the process that
// starts from the embedded world with a seed shares one load of it.
var embedded struct {
	mu     sync.Mutex // guards bySeed
	bySeed map[int64]*fakes.Fixtures
}

// loadFixtures loads fsys, or the embedded fixtures when it is nil.
func loadFixtures(fsys fs.FS, seed int64) (*fakes.Fixtures, error) {
	if fsys != nil {
		return fakes.LoadFixtures(fsys, seed)
	}
	embedded.mu.Lock()
	defer embedded.mu.Unlock()
	if fx, ok := embedded.bySeed[seed]; ok {
		return fx, nil
	}
	fx, err := fakes.LoadFixtures(fixtures.Default(), seed)
	if err != nil {
		return nil, err
	}
	if embedded.bySeed == nil {
		embedded.bySeed = map[int64]*fakes.Fixtures{}
	}
	embedded.bySeed[seed] = fx
	return fx, nil
}
