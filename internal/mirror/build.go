package mirror

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/dexcare"
	"github.com/mockdex/mockdex/internal/fixturefile"
)

// Mirror is a recorded tier: its fixtures, ready to write, and the report.
type Mirror struct {
	Report      *Report
	practices   []fixturefile.Practice
	departments []fixturefile.Department
	providers   fixturefile.Providers
	catalog     fixturefile.Catalog
	postal      map[string]fixturefile.GeoPoint
	// settings are the settings.json fields the tier showed; the rest
	// keep the existing file's values or mockdex's defaults.
	settings map[string]any
	// unseen marks the fields written by guess or default, which a
	// refresh takes from the existing directory instead.
	unseen unseenFields
}

// defaultCapacity is a region's queue capacity when the tier cannot show
// it (it shows only whether a region is busy now).
const defaultCapacity = 10

// build turns what was read into fixture entries and notes.
func (r *recording) build() *Mirror {
	m := &Mirror{Report: r.rep, settings: map[string]any{}, postal: map[string]fixturefile.GeoPoint{}, unseen: r.unseen}
	handle := r.handle(m)
	m.practices = r.buildPractices(handle, m)
	m.departments = r.buildDepartments(m)
	m.providers = r.buildProviders(m.practices, m.departments)
	m.catalog = fixturefile.Catalog{Qualifiers: nonNil(r.qualifiers), Modalities: nonNil(r.modalities), Brands: nonNil(r.opts.Config.Brands)}
	r.placeIdentityCode(m)
	r.count(m)
	r.identityNames(m)
	r.staticNotes(m)
	return m
}

func nonNilMap(m map[string]bool) map[string]bool {
	if m == nil {
		return map[string]bool{}
	}
	return m
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// handle infers meanHandleSeconds from every available pool's estimate.
func (r *recording) handle(m *Mirror) int {
	var est []int
	for _, id := range slices.Sorted(maps.Keys(r.waits)) {
		for _, w := range r.waits[id] {
			if w.Available && w.EstimatedWaitTimeSeconds != nil {
				est = append(est, *w.EstimatedWaitTimeSeconds)
			}
		}
	}
	h, ok := inferHandle(est)
	if ok {
		m.settings["meanHandleSeconds"] = h
		r.rep.guess("settings.json meanHandleSeconds", "%d s: the wait-time estimates are whole fractions of it (an empty pool's estimate is it ÷ providers on call)", h)
	} else {
		r.rep.byDefault("settings.json meanHandleSeconds", "no pool was available to show an estimate")
	}
	return h
}

func (r *recording) buildPractices(handle int, m *Mirror) []fixturefile.Practice {
	out := []fixturefile.Practice{}
	for i, p := range r.practices {
		ref := r.practiceRefs[i]
		f := fixturefile.Practice{ID: p.ID, DisplayName: p.DisplayName, CareMode: p.CareMode, Brand: cmp.Or(ref.Brand, r.opts.Config.soleBrand()),
			Payment: nonNilMap(p.Payment), EpicBookingEnabled: p.EpicBookingEnabled, Regions: []fixturefile.Region{}, Departments: []fixturefile.PracticeDept{}}
		if f.Brand == "" {
			r.unseen.practiceBrand[p.ID] = true
			r.rep.byDefault("practices.json "+p.ID, "no brand (the tier shows none; give one with --brand or the config file)")
		}
		for _, ra := range p.PracticeRegions {
			f.Regions = append(f.Regions, r.buildRegion(p.ID, ra, handle))
			f.Departments = mergeDepts(f.Departments, practiceDepts(ra.Departments))
			if ra.BusyMessage != "" {
				m.settings["busyMessage"] = ra.BusyMessage
			}
		}
		out = append(out, f)
	}
	return out
}

func mergeDepts(have, more []fixturefile.PracticeDept) []fixturefile.PracticeDept {
	for _, d := range more {
		if !slices.ContainsFunc(have, func(h fixturefile.PracticeDept) bool { return h.ID == d.ID }) {
			have = append(have, d)
		}
	}
	return have
}

func (r *recording) buildRegion(practiceID string, ra dexcare.Region, handle int) fixturefile.Region {
	where := fmt.Sprintf("practices.json %s region %s", practiceID, ra.RegionCode)
	f := fixturefile.Region{ID: ra.ID, RegionCode: ra.RegionCode, DisplayName: ra.DisplayName, Capacity: defaultCapacity,
		VisitPrice: ra.VisitPrice, PaymentAccountID: ra.PaymentAccountID, OrderWeight: ra.OrderWeight}
	if ra.Active != nil && !*ra.Active {
		f.Active = ra.Active
	}
	if ra.Market != "default" {
		f.Market = ra.Market
	}
	if h, err := inferHours(ra.RegionCode, ra.Availability); err == nil {
		f.Timezone, f.Hours = h.Timezone, h.Hours
		r.rep.guess(where, "timezone %s (from %s); hours %s (from %d days of availability windows)", h.Timezone, h.How, h.Hours, len(ra.Availability))
		if h.Gaps {
			r.rep.warn(where, "closed on some days of the week shown; the mock's regions open every day")
		}
	} else {
		f.Timezone, f.Hours = "UTC", "24x7"
		r.rep.warn(where, "hours not inferred (%v); written as 24x7 in UTC", err)
	}
	if ra.Busy {
		r.rep.warn(where, "busy when recorded: its capacity and queue cannot be seen, so the mirrored region is not busy")
	}
	f.OnCall = r.onCall(where, practiceID, ra, handle)
	return f
}

// onCall is the region's on-call counts per pool, read from its wait
// times; pools the tier did not list (an inactive region's) are guessed.
func (r *recording) onCall(where, practiceID string, ra dexcare.Region, handle int) map[string]int {
	out := map[string]int{}
	waits := regionWaits(r.waits[practiceID], ra.RegionCode)
	region := practiceID + "|" + strings.ToUpper(ra.RegionCode)
	if len(waits) == 0 {
		for _, pool := range currentPools(r.modalities, r.qualifiers) {
			out[pool] = 1
			r.unseen.pools[region] = append(r.unseen.pools[region], pool)
		}
		r.rep.guess(where, "oncall: 1 for every pool (the tier lists no wait times for the region)")
		return out
	}
	guessed := map[string][]string{} // why a count was not seen → its pools
	seen := 0
	for _, w := range waits {
		c := onCallFrom(w, handle)
		if c.n > 0 {
			out[poolKey(w)] = c.n
		}
		if c.seen {
			seen++
		} else {
			guessed[c.why] = append(guessed[c.why], poolKey(w))
			r.unseen.pools[region] = append(r.unseen.pools[region], poolKey(w))
		}
	}
	for _, why := range slices.Sorted(maps.Keys(guessed)) {
		r.rep.guess(where, "oncall 1 for %s, not seen: %s", strings.Join(guessed[why], ", "), why)
	}
	if seen > 0 {
		r.rep.guess(where, "oncall counts of %d pools from their wait times (estimates read as if nobody waited)", seen)
	}
	return out
}

func (r *recording) buildDepartments(m *Mirror) []fixturefile.Department {
	out := []fixturefile.Department{}
	for _, k := range r.deptOrder.order(slices.Sorted(maps.Keys(r.depts))) {
		d := r.depts[k]
		if f, ok := r.buildDepartment(d); ok {
			out = append(out, f)
			r.postalCode(m, d)
		}
	}
	return out
}

func (r *recording) buildDepartment(d *deptSeen) (fixturefile.Department, bool) {
	where := "departments.json " + d.id
	if d.timezone == "" {
		d.timezone = "UTC"
		r.rep.warn(where, "no answer gave its time zone; written as UTC")
	}
	loc, err := time.LoadLocation(d.timezone)
	if err != nil {
		r.rep.warn(where, "time zone %q unknown; not mirrored", d.timezone)
		return fixturefile.Department{}, false
	}
	starts := make([]time.Time, 0, len(d.starts))
	for _, k := range slices.Sorted(maps.Keys(d.starts)) {
		starts = append(starts, d.starts[k])
	}
	s, ok := inferSchedule(starts, d.durations, loc)
	if !ok {
		r.rep.warn(where, "no free slot seen in %d days; not mirrored", r.opts.Days)
		return fixturefile.Department{}, false
	}
	f := fixturefile.Department{ID: d.id, EHRSystemName: d.ehr, Name: d.name, URLName: d.ref.URLName, Brand: cmp.Or(d.ref.Brand, r.opts.Config.soleBrand()),
		ClinicType: d.clinicType, Latitude: d.lat, Longitude: d.long, Timezone: d.timezone, Kind: r.kind(where, d),
		Days: s.Days, Open: s.Open, Close: s.Close, SlotMinutes: s.SlotMinutes, VisitTypes: d.visitTypes,
		Address: fixturefile.Address{Line1: d.address.Line1, Line2: d.address.Line2, City: d.address.City, State: d.address.State,
			PostalCode: cmp.Or(d.address.PostalCode, d.address.ZipCode)}}
	r.rep.guess(where, "%s, %s-%s, %d-minute slots (from %d days with free slots in %d; booked slots look like closed ones)",
		strings.Join(s.Days, ","), s.Open, s.Close, s.SlotMinutes, s.SeenDays, r.opts.Days)
	for _, n := range s.Notes {
		r.rep.warn(where, "%s", n)
	}
	r.departmentDefaults(where, d, &f)
	return f, true
}

func (r *recording) kind(where string, d *deptSeen) string {
	if d.ref.Kind != "" {
		return d.ref.Kind
	}
	if strings.EqualFold(d.clinicType, "retail") {
		r.rep.guess(where, "a retail site (its clinicType is %q)", d.clinicType)
		return "retail"
	}
	return "clinic"
}

func (r *recording) departmentDefaults(where string, d *deptSeen, f *fixturefile.Department) {
	if f.URLName == "" {
		f.URLName = d.id
		r.unseen.urlNames[d.id] = true
		r.rep.byDefault(where, "urlName %s, its id (the tier shows no url names; give them in the config file)", d.id)
	}
	if f.Name == "" {
		f.Name = "Department " + d.id
		r.rep.byDefault(where, "name %q (Care Options did not describe it)", f.Name)
	}
	if f.Brand == "" {
		r.unseen.deptBrands[d.id] = true
		r.rep.byDefault(where, "no brand (the tier shows none)")
	}
	if f.Latitude == nil {
		r.rep.unseen(where, "coordinates: Care Options gave none, so searches by place will not find it")
	}
}

// postalCode places a clinic's postal code at the clinic, so Care
// Options searches by that code find it (the first clinic with a code
// places it).
func (r *recording) postalCode(m *Mirror, d *deptSeen) {
	code := cmp.Or(d.address.PostalCode, d.address.ZipCode)
	if code == "" || d.lat == nil || d.long == nil {
		return
	}
	if _, ok := m.postal[code]; !ok {
		m.postal[code] = fixturefile.GeoPoint{Latitude: *d.lat, Longitude: *d.long}
		r.rep.guess("postalcodes.json "+code, "placed at %s's coordinates (the tier shows no postal code's place)", d.id)
	}
}

// practiceDepts are a practice answer's departments as practices.json
// lists them (the same fields).
func practiceDepts(in []dexcare.Department) []fixturefile.PracticeDept {
	out := make([]fixturefile.PracticeDept, len(in))
	for i, d := range in {
		out[i] = fixturefile.PracticeDept(d)
	}
	return out
}
