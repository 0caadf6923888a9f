package mirror

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/url"
	"slices"
	"time"

	"github.com/mockdex/mockdex/internal/dexcare"
	"github.com/mockdex/mockdex/internal/fixturefile"
)

// Options of one mirror run.
type Options struct {
	Hosts       Hosts
	Credentials Credentials
	// Client sends the requests (the contract runner's rate-limited,
	// retrying client); the mirror refuses, before it, anything that is
	// not one of ReadOnlyCalls.
	Client Doer
	Config Config
	// Days of free slots read per provider to infer clinic schedules
	// (0: DefaultDays; at most MaxDays).
	Days int
	// Anonymise replaces provider names and emails with generated ones.
	Anonymise bool
	// Now stands in for the tier's clock when no answer carries it
	// (nil: time.Now).
	Now func() time.Time
	// Progress, when set, gets a line per phase.
	Progress io.Writer
	// Identities are what `contract run` will ask the tier about; the
	// mirror reads them too (zero: none).
	Identities Identities
}

// Slot windows: the time slots listing's own default, and the longest a
// mirror reads (two of DexCare's 90-day listings would be two calls).
const (
	DefaultDays = 14
	MaxDays     = 60
)

// Record reads the tier and builds its fixtures in memory.
func Record(ctx context.Context, o Options) (*Mirror, error) {
	if err := o.Config.Check(); err != nil {
		return nil, err
	}
	if o.Client == nil || o.Hosts.API == "" {
		return nil, errors.New("a mirror needs a client and the tier's api host")
	}
	if o.Days == 0 {
		o.Days = DefaultDays
	}
	if o.Days < 1 || o.Days > MaxDays {
		return nil, fmt.Errorf("days %d: want 1 to %d", o.Days, MaxDays)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	r := newRecording(o)
	for _, phase := range []struct {
		name string
		run  func(context.Context) error
	}{
		{"qualifiers and modalities", r.readCatalog},
		{"practices and wait times", r.readPractices},
		{"providers and departments", r.discover},
		{"department url names", r.matchURLNames},
		{"clinic places and listing order", r.readPlaces},
		{"provider names and credentials", r.readHistories},
	} {
		if err := phase.run(ctx); err != nil {
			return nil, err
		}
		r.progress("%-32s done (%d calls so far)", phase.name, total(r.t.calls))
	}
	m := r.build()
	r.postalIdentity()
	return m, nil
}

// postalIdentity names DEXCARE_POSTAL_CODE, the place the contract's Care
// Options scenario searches around: the postal code of the first clinic
// the contract's provider (DEXCARE_NPI) lists, so the search finds them,
// else of the first mirrored clinic that has one.
func (r *recording) postalIdentity() {
	if r.rep.Identities["DEXCARE_POSTAL_CODE"] != "" {
		return // the contract's own, mirrored
	}
	code := func(k string) string {
		if d := r.depts[k]; d != nil && d.cared {
			return cmp.Or(d.address.PostalCode, d.address.ZipCode)
		}
		return ""
	}
	var keys []string
	if p := r.provs[r.rep.Identities["DEXCARE_NPI"]]; p != nil {
		keys = append(keys, p.depts...)
	}
	keys = append(keys, slices.Sorted(maps.Keys(r.depts))...)
	for _, k := range keys {
		if c := code(k); c != "" {
			r.rep.Identities["DEXCARE_POSTAL_CODE"] = c
			return
		}
	}
}

// recording is a mirror run's state while it reads the tier.
type recording struct {
	opts Options
	t    *tier
	rep  *Report
	at   time.Time

	qualifiers, modalities []fixturefile.CatalogEntry
	practices              []dexcare.Practice
	practiceRefs           []PracticeRef // of the practices found, in the same order
	waits                  map[string][]dexcare.WaitTime

	depts        map[string]*deptSeen // by "ehrSystemName|id"
	provs        map[string]*provSeen // by NPI
	queried      map[string]bool      // department ids asked of Care Options
	listed       map[string]bool      // NPIs whose listings were read
	capped       bool                 // discovery reached MaxProviders
	near         *nearby              // Care Options around the contract's postal code
	deptOrder    *precedence
	providerOrdr *precedence
	unseen       unseenFields
}

func newRecording(o Options) *recording {
	r := &recording{
		opts: o, rep: &Report{Hosts: o.Hosts, Counts: map[string]int{}, Identities: map[string]string{}},
		t:     &tier{hosts: o.Hosts, creds: o.Credentials, client: readOnly{o.Client}, calls: map[string]int{}},
		waits: map[string][]dexcare.WaitTime{}, depts: map[string]*deptSeen{}, provs: map[string]*provSeen{},
		queried: map[string]bool{}, listed: map[string]bool{}, deptOrder: newPrecedence(), providerOrdr: newPrecedence(),
		unseen: newUnseenFields(o.Config),
	}
	r.rep.Calls = r.t.calls
	return r
}

func (r *recording) progress(format string, a ...any) {
	if r.opts.Progress != nil {
		fmt.Fprintf(r.opts.Progress, "mirror: "+format+"\n", a...)
	}
}

// readCatalog reads qualifiers and modalities, current and archived.
func (r *recording) readCatalog(ctx context.Context) error {
	for _, c := range []struct {
		path string
		into *[]fixturefile.CatalogEntry
	}{{"/api/9/assignmentqualifiers", &r.qualifiers}, {"/api/9/modalities", &r.modalities}} {
		for _, archived := range []string{"false", "true"} {
			var page []fixturefile.CatalogEntry
			if err := r.t.get(ctx, c.path, url.Values{"archived": {archived}}, noAuth, &page); err != nil {
				return err
			}
			*c.into = append(*c.into, page...)
		}
	}
	return nil
}

// readPractices reads each practice and its wait times; the first wait
// time's estimateGeneratedAt is the tier's clock, the recording instant.
func (r *recording) readPractices(ctx context.Context) error {
	for _, ref := range r.opts.Config.Practices {
		var p dexcare.Practice
		err := r.t.get(ctx, "/api/8/practices/"+url.PathEscape(ref.ID), nil, noAuth, &p)
		if statusOf(err) == 404 {
			r.rep.warn("practice "+ref.ID, "the tier has no such practice (404); not mirrored")
			continue
		}
		if err != nil {
			return err
		}
		var waits []dexcare.WaitTime
		if err := r.t.get(ctx, "/api/9/regions/waittimes", url.Values{"practiceId": {ref.ID}}, noAuth, &waits); err != nil {
			return err
		}
		r.practices, r.practiceRefs = append(r.practices, p), append(r.practiceRefs, ref)
		r.waits[p.ID] = waits
		r.noteClock(waits)
	}
	if r.at.IsZero() {
		r.at, r.rep.RecordedAtGuessed = r.opts.Now().UTC().Truncate(time.Second), true
	}
	r.rep.RecordedAt = r.at
	return nil
}

func (r *recording) noteClock(waits []dexcare.WaitTime) {
	if !r.at.IsZero() || len(waits) == 0 {
		return
	}
	if t, err := parseInstant(waits[0].EstimateGeneratedAt); err == nil {
		r.at = t.UTC()
	}
}
