package fakes

import (
	"encoding/binary"
	"strings"
	"time"

	"github.com/brianvoe/gofakeit/v6"
	"github.com/google/uuid"
)

// historySalt separates the history's random stream from the one that
// generates providers from the same seed, so no id is drawn twice.
const historySalt = 0x48495354

var (
	// histReasons mixes plain reasons with valid but awkward ones a real
	// tier sends, so the AVR CSV and the APR search exercise an importer:
	// separators, quotes and line breaks inside a field, non-ASCII text,
	// and text a spreadsheet would take for a formula (=, +, -, @, tab).
	// docs/avr-data-dictionary.md says how to read them.
	histReasons = []string{
		"Sore throat", "Cough", "Rash", "Earache", "Fever", "Follow-up", "Allergies", "Back pain",
		"Cough, fever, and chills",
		`Pain "8/10" in left knee`,
		"Rash on arm\nspreading since Monday",
		"Headache\r\nand dizziness",
		"Douleur à l'épaule — depuis 3 jours",
		"=1+1 (typed into the reason box)",
		"+2 days of vomiting",
		"-3 kg in a month",
		"@home fall; bruised hip",
		"\tindented reason",
	}
	histPayments = []string{"creditcard", "insurance", "couponcode", "self"}
	// histGuardians book some in-person visits for the patient; the APR
	// shows them as the booked event's actor, awkward names included.
	histGuardians = []Person{
		{FirstName: "José", LastName: "Núñez", Email: "jose.nunez@example.com", Relation: "father"},
		{FirstName: "Zoë", LastName: "O'Brien", Email: "zoe.obrien@example.com", Relation: "mother"},
		{FirstName: "Łukasz", LastName: "Żółkiewski", Email: "lukasz.z@example.com", Relation: "guardian"},
		{FirstName: "芳", LastName: "王", Email: "fang.wang@example.com", Relation: "mother"},
		{FirstName: "Anne, Marie", LastName: `"Nan" Smith`, Email: "nan.smith@example.com", Relation: "grandmother"},
		{FirstName: "=Eve", LastName: "+Plus-Minus", Email: "@eve@example.com", Relation: "guardian"},
	}
)

// seedHistory generates Options.HistoryDays of past visits and their
// provider events, repeatable from Options.Seed. Every generated visit's
// timeline is complete before the clock's now, so history never sits in a
// live queue or holds a future slot.
func (w *World) seedHistory() {
	days := w.opts.HistoryDays
	if days <= 0 || w.Fixtures == nil || w.Clock == nil {
		return
	}
	h := newHistory(w, w.Clock.Now())
	h.start = h.now.Add(-time.Duration(days) * 24 * time.Hour)
	perDay := w.Fixtures.Settings.History
	n := days * (perDay.VisitsPerDay + perDay.BookingsPerDay + perDay.RetailPerDay)
	h.visits, h.events = make([]Visit, 0, n), make([]ProviderEvent, 0, 4*n)
	for d := days; d >= 1; d-- {
		h.day(h.now.Add(-time.Duration(d) * 24 * time.Hour))
	}
	for _, v := range h.visits {
		w.Visits.Add(v)
	}
	w.Events.Load(h.events)
}

// history is the generator's state while it builds.
type history struct {
	fake     *gofakeit.Faker
	fx       *Fixtures
	now      time.Time
	start    time.Time // the history's first instant; nothing is created before it
	pools    []histPool
	inPerson []Provider   // providers with in-person clinic (not retail) departments
	retail   []Department // retail sites
	patients []Patient
	visits   []Visit
	events   []ProviderEvent
}

// histPool is a virtual queue with providers on call for it.
type histPool struct {
	practice  Practice
	region    Region
	modality  string
	qualifier string
	providers []Provider
}

func newHistory(w *World, now time.Time) *history {
	h := &history{fake: gofakeit.New(w.opts.Seed ^ historySalt), fx: w.Fixtures, now: now}
	for _, pr := range h.fx.Practices {
		for _, r := range pr.Regions {
			for _, mq := range sortedKeys(r.OnCall) {
				on := h.fx.OnCall(PoolKey(pr.ID, r.RegionCode, mq))
				if len(on) == 0 {
					continue
				}
				m, q := splitPool(mq)
				h.pools = append(h.pools, histPool{pr, r, m, q, on})
			}
		}
	}
	for _, p := range h.fx.Providers {
		if h.fx.worksInClinic(p) { // retail care teams' visits come from retailVisit
			h.inPerson = append(h.inPerson, p)
		}
	}
	for _, d := range h.fx.Departments {
		if d.IsRetail() {
			h.retail = append(h.retail, d)
		}
	}
	for _, p := range h.fx.Patients {
		if !p.Guest {
			h.patients = append(h.patients, p)
		}
	}
	return h
}

func splitPool(mq string) (modality, qualifier string) {
	if m, q, ok := strings.Cut(mq, "/"); ok {
		return m, q
	}
	return mq, defaultQualifier
}

// day generates one day's activity starting at from, at the daily
// counts in Settings.History.
func (h *history) day(from time.Time) {
	s := h.fx.Settings.History
	for i := 0; i < s.VisitsPerDay && len(h.pools) > 0; i++ {
		h.virtualVisit(from.Add(h.within(24 * time.Hour)))
	}
	for i := 0; i < s.BookingsPerDay && len(h.inPerson) > 0; i++ {
		h.providerBooking(from)
	}
	for i := 0; i < s.RetailPerDay && len(h.retail) > 0; i++ {
		h.retailVisit(from)
	}
}

// uuid is a version 4 GUID from the seeded source: two draws instead of
// gofakeit's sixteen, which keeps start-up fast.
func (h *history) uuid() string {
	var u uuid.UUID
	binary.BigEndian.PutUint64(u[:8], h.fake.Rand.Uint64())
	binary.BigEndian.PutUint64(u[8:], h.fake.Rand.Uint64())
	u[6] = u[6]&0x0f | 0x40 // version 4
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	return u.String()
}

// within is a random offset in [0, d), to the second.
func (h *history) within(d time.Duration) time.Duration {
	return time.Duration(h.fake.Number(0, int(d/time.Second)-1)) * time.Second
}

func (h *history) seconds(lo, hi int) time.Duration {
	return time.Duration(h.fake.Number(lo, hi)) * time.Second
}

// keep stores a visit whose timeline has ended by now, with its events.
func (h *history) keep(v Visit, evs []ProviderEvent) {
	if last := v.Timeline[len(v.Timeline)-1]; last.At.After(h.now) {
		return
	}
	h.visits = append(h.visits, v)
	h.events = append(h.events, evs...)
}

// event is a provider's action on a visit, done by the provider.
func (h *history) event(action string, at time.Time, v *Visit, p Provider) ProviderEvent {
	return ProviderEvent{
		ID: h.uuid(), Timestamp: at, Action: action, VisitID: v.ID,
		ProviderID: p.ID, ProviderEmail: p.Email, ProviderName: p.Name(),
		ProviderFirstName: p.FirstName, ProviderLastName: p.LastName,
		ProviderCredentials: p.Credentials,
		ActorID:             p.ID, ActorEmail: p.Email, ActorFirstName: p.FirstName, ActorLastName: p.LastName,
	}
}
