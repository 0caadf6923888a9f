package fakes

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/fakes/eventlog"
)

// Template is what every world of a mock starts from, built once per
// process: the fixtures, the generated history, and the symbols both use.
// Worlds made from it share all of that read-only and copy only what they
// may change, so making one costs a small part of generating the history
// again (BenchmarkTemplateNewWorld measures it).
type Template struct {
	opts     Options
	syms     *symbase
	visits   *VisitStore // the generated history, never changed
	events   *EventStore
	patients *patientBase
	// anchor is the instant the history was generated to end at; a world
	// made at another instant sees it moved by the difference.
	anchor      time.Time
	fingerprint string
}

// defaultAnchor is the history's end for a template made without a clock.
var defaultAnchor = time.Date(2024, 6, 3, 16, 0, 0, 0, time.UTC)

// NewTemplate generates the history once and indexes the fixtures.
func NewTemplate(opts Options) (*Template, error) {
	if opts.Fixtures == nil {
		return nil, errors.New("fakes: a template needs fixtures")
	}
	anchor := defaultAnchor
	if opts.Clock != nil {
		anchor = opts.Clock.Now()
	}
	return newTemplate(opts, anchor)
}

func newTemplate(opts Options, anchor time.Time) (*Template, error) {
	fp, err := fixturesFingerprint(opts.Fixtures)
	if err != nil {
		return nil, err
	}
	syms := newSymtab(nil)
	internFixtures(syms, opts.Fixtures)
	gen := &World{Fixtures: opts.Fixtures, Clock: fixedClock(anchor), opts: opts,
		Visits: newVisitStore(syms, func() {}, 0), Events: eventlog.New(nil)}
	gen.seedHistory()
	return &Template{opts: opts, syms: syms.freeze(), visits: gen.Visits, events: gen.Events,
		patients: newPatientBase(opts.Fixtures.Patients), anchor: anchor, fingerprint: fp}, nil
}

// NewWorld makes a fresh world on clk, its generated history ending at
// clk's current time. Nothing a request does to it shows in the template
// or in any other world.
func (t *Template) NewWorld(clk clock.Clock) *World {
	at := t.anchor
	if clk != nil {
		at = clk.Now()
	}
	return t.newWorld(clk, at)
}

// Options are the options the template was made with.
func (t *Template) Options() Options { return t.opts }

// maxShift bounds how far history is moved rather than generated anew;
// time.Duration cannot say more than about 292 years.
const maxShift = 200 * 365 * 24 * time.Hour

func (t *Template) newWorld(clk clock.Clock, historyAt time.Time) *World {
	shift := historyAt.Sub(t.anchor)
	if shift > maxShift || shift < -maxShift {
		// A clock set centuries away from the template's: generate for it.
		far, err := newTemplate(t.opts, historyAt)
		if err == nil {
			far.fingerprint = t.fingerprint
			return far.newWorld(clk, historyAt)
		}
	}
	opts := t.opts
	opts.Clock = clk
	w := &World{Fixtures: opts.Fixtures, Clock: clk, opts: opts, template: t, historyAt: historyAt}
	syms := newSymtab(t.syms)
	w.Visits = t.visits.cloneShifted(syms, w.changed, limit(opts.MaxVisits, DefaultMaxVisits), shift)
	w.Events = t.events.CloneShifted(w.changed, shift)
	w.marks = &changeMarks{}
	w.Reports = newReportStore(w.changed, limit(opts.MaxReports, DefaultMaxReports))
	w.Reports.marks, w.Reports.admit = w.marks, opts.Admit
	w.Slots = NewSlotBook()
	w.Sessions = NewSessionLog()
	w.Patients = newPatientStore(t.patients, w.changed)
	w.tline.start(opts.Timeline, historyAt)
	return w
}

// fixedClock is a clock that always says the same time.
type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

// fixturesFingerprint names the fixtures' content, so a state document
// made from other fixtures (whose history and ids differ) can be told
// apart. It hashes the fixtures as JSON, so the fixture types' field
// order and tags are part of it: saved states name it (see fixturefile).
func fixturesFingerprint(fx *Fixtures) (string, error) {
	data, err := json.Marshal(fx)
	if err != nil {
		return "", fmt.Errorf("fakes: fingerprint fixtures: %w", err)
	}
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:]), nil
}

// internFixtures puts the values live visits repeat into the shared
// symbols, so storing a visit seldom needs the world's own table.
func internFixtures(t *symtab, fx *Fixtures) {
	for _, s := range []string{modalityInPerson, defaultModality, defaultQualifier, "self", "other", "default",
		"creditcard", "insurance", "couponcode"} {
		t.intern(s)
	}
	for _, c := range append(append([]CatalogEntry(nil), fx.Qualifiers...), fx.Modalities...) {
		t.intern(c.Name)
		t.internList([]string{c.Name})
	}
	for _, p := range fx.Practices {
		internPractice(t, p)
	}
	for _, d := range fx.Departments {
		for _, s := range []string{d.ID, d.EHRSystemName, d.Brand, d.Timezone} {
			t.intern(s)
		}
		for _, vt := range d.VisitTypes {
			t.intern(vt.ID)
		}
	}
	for _, p := range fx.Providers {
		t.intern(p.ID)
		t.intern(p.NPI)
	}
	for _, p := range fx.Patients {
		t.intern(p.PatientGUID)
		t.intern(p.HomeMarket)
	}
	for _, b := range fx.Brands {
		t.intern(b.Name)
	}
}

func internPractice(t *symtab, p Practice) {
	t.intern(p.ID)
	t.intern(p.Brand)
	for _, r := range p.Regions {
		t.intern(r.RegionCode)
		t.intern(r.Timezone)
		t.intern(r.MarketName())
	}
	for _, d := range p.Departments {
		t.intern(d.EpicDepartmentID)
		t.intern(d.EHRSystemName)
	}
}
