package mirror

import (
	"context"
	"maps"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/dexcare"
	"github.com/mockdex/mockdex/internal/fixturefile"
)

// deptSeen is what the tier showed of one in-person department.
type deptSeen struct {
	key, ehr, id string
	timezone     string
	visitTypes   []fixturefile.VisitType // listing order
	starts       map[int64]time.Time
	durations    map[int]int // slot length (minutes) → slots seen
	// From Care Options.
	name, clinicType string
	address          dexcare.CareAddress
	lat, long        *float64
	cared            bool // Care Options described it
	// From the configuration.
	ref DepartmentRef
}

// provSeen is what the tier showed of one provider.
type provSeen struct {
	npi         string
	depts       []string // department keys, in the provider's listing order
	listedOK    bool     // the listing answered (not 404)
	name        string   // "First Last", as Care Options writes it
	gender      string
	specialties []string
	history     *historyRecord
}

// historyRecord is a provider as the All Providers Report names them.
type historyRecord struct {
	id, email, first, last, credentials string
}

func deptKey(ehr, id string) string { return ehr + "|" + id }

func (r *recording) dept(ehr, id string) *deptSeen {
	k := deptKey(ehr, id)
	d, ok := r.depts[k]
	if !ok {
		d = &deptSeen{key: k, ehr: ehr, id: id, starts: map[int64]time.Time{}, durations: map[int]int{}}
		r.depts[k] = d
		// Configured departments rank in the configuration's order, the
		// rest after them as they are met.
		rank := len(r.opts.Config.Departments) + len(r.depts)
		if i := slices.IndexFunc(r.opts.Config.Departments, func(c DepartmentRef) bool { return c.ID == id }); i >= 0 {
			rank = i
		}
		r.deptOrder.meetAt(k, rank)
	}
	return d
}

func (r *recording) provider(npi string) *provSeen {
	p, ok := r.provs[npi]
	if !ok {
		p = &provSeen{npi: npi}
		r.provs[npi] = p
		r.providerOrdr.meet(npi)
	}
	return p
}

// MaxProviders bounds discovery: providers working in many departments
// could otherwise lead a mirror through a whole health system's network.
const MaxProviders = 1000

// discover alternates two reads until neither finds anything new: the
// listings of providers not yet read (their departments, visit types and
// free slots), and Care Options' providers in departments not yet asked
// about (co-workers of the providers named). Configured departments and
// NPIs come first, so the configuration's order breaks ties in the
// mirrored world's order.
func (r *recording) discover(ctx context.Context) error {
	for _, n := range r.opts.Config.NPIs {
		r.provider(n)
	}
	r.identityStart()
	if err := r.careNear(ctx); err != nil {
		return err
	}
	ids := configuredIDs(r.opts.Config.Departments)
	for {
		if err := r.careProviders(ctx, ids); err != nil {
			return err
		}
		fresh, err := r.readListings(ctx)
		if err != nil {
			return err
		}
		ids = r.unqueriedDepartments()
		if !fresh && len(ids) == 0 {
			return nil
		}
	}
}

func configuredIDs(refs []DepartmentRef) []string {
	var ids []string
	for _, d := range refs {
		if d.ID != "" && !slices.Contains(ids, d.ID) {
			ids = append(ids, d.ID)
		}
	}
	return ids
}

// readListings reads the time slots of every provider not read yet, and
// reports whether there were any.
func (r *recording) readListings(ctx context.Context) (bool, error) {
	fresh := false
	for _, npi := range r.providerOrdr.order(slices.Sorted(maps.Keys(r.provs))) {
		if r.listed[npi] {
			continue
		}
		if len(r.listed) >= MaxProviders {
			if !r.capped {
				r.rep.warn("providers", "the mirror stopped at %d providers: the departments named lead to more (through their providers' other departments)", MaxProviders)
			}
			r.capped = true
			return false, nil
		}
		fresh, r.listed[npi] = true, true
		var ans dexcare.ProviderTimeslots
		err := r.t.get(ctx, "/v5/providers/"+url.PathEscape(npi)+"/timeslots", r.window(), apiKey, &ans)
		if statusOf(err) == 404 {
			r.rep.warn("NPI "+npi, "the tier has no such provider (404); not mirrored")
			continue
		}
		if err != nil {
			return fresh, err
		}
		r.takeListing(r.provider(npi), ans)
	}
	return fresh, nil
}

// window is the listing's query: the tier's own 14 days, or Days.
func (r *recording) window() url.Values {
	if r.opts.Days == DefaultDays {
		return nil
	}
	return url.Values{"endDate": {r.at.AddDate(0, 0, r.opts.Days-1).Format(time.DateOnly)}}
}

func (r *recording) takeListing(p *provSeen, ans dexcare.ProviderTimeslots) {
	p.listedOK = true
	for _, s := range ans.Slots {
		d := r.dept(s.EHRSystemName, s.DepartmentID)
		d.timezone = s.Timezone
		if !slices.Contains(p.depts, d.key) {
			p.depts = append(p.depts, d.key)
		}
		for _, vt := range s.SlotsByVisitType {
			d.addVisitType(fixturefile.VisitType{ID: vt.VisitTypeID, Name: vt.VisitTypeName, Title: vt.VisitTypeTitle,
				ForNewPatient: vt.ForNewPatient, ForEstablishedPatient: vt.ForEstablishedPatient})
			for _, day := range vt.ScheduleDays {
				for _, st := range day.SlotTimes {
					if t, err := parseInstant(st.SlotDateTime); err == nil {
						d.starts[t.Unix()] = t
						d.durations[st.Duration]++
					}
				}
			}
		}
	}
}

func (d *deptSeen) addVisitType(vt fixturefile.VisitType) {
	for _, have := range d.visitTypes {
		if have.ID == vt.ID {
			return
		}
	}
	d.visitTypes = append(d.visitTypes, vt)
}

func (r *recording) unqueriedDepartments() []string {
	var ids []string
	for _, k := range r.deptOrder.order(slices.Sorted(maps.Keys(r.depts))) {
		if id := r.depts[k].id; !r.queried[id] && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids
}

// careProviders asks Care Options who has free slots in the departments
// (POST /v1/availability/providers, a search), and takes in the
// providers and what it says of them and their departments.
func (r *recording) careProviders(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	for _, id := range ids {
		r.queried[id] = true
	}
	var ans dexcare.CareProviders
	if err := r.t.post(ctx, r.opts.Hosts.API, "/v1/availability/providers", map[string]any{"departmentIds": ids}, apiKey, &ans); err != nil {
		return err
	}
	for _, res := range ans.Results {
		r.takeCareProvider(res)
	}
	return nil
}

// takeCareProvider takes in what one Care Options result says of a
// provider and the department they have free slots in.
func (r *recording) takeCareProvider(res dexcare.CareProvider) {
	p := r.provider(res.NPI)
	p.describe(dexcare.CareProviderInfo{Name: res.Name, Gender: res.Gender, Specialties: res.Specialties})
	d := r.dept(res.EHRInstance, res.DepartmentID)
	d.describe(res.DepartmentName, res.ClinicType, res.Timezone, res.Address)
}

func (p *provSeen) describe(info dexcare.CareProviderInfo) {
	p.name, p.specialties = info.Name, slices.Clone(info.Specialties)
	if info.Gender != nil {
		p.gender = *info.Gender
	}
}

func (d *deptSeen) describe(name, clinicType, tz string, a dexcare.CareAddress) {
	d.name, d.clinicType, d.cared = name, clinicType, true
	if d.timezone == "" {
		d.timezone = tz
	}
	lat, long := d.lat, d.long
	d.address = a
	if a.Latitude == nil { // the POST search leaves coordinates out; keep the GET's
		d.lat, d.long = lat, long
	} else {
		d.lat, d.long = a.Latitude, a.Longitude
	}
}

// matchURLNames finds the department each configured url name names:
// the listing of a provider who works there, narrowed to that url name,
// shows it. A department named by id takes its url name directly.
func (r *recording) matchURLNames(ctx context.Context) error {
	for _, ref := range r.opts.Config.Departments {
		if ref.ID != "" {
			r.applyRef(ref, func(d *deptSeen) bool { return d.id == ref.ID })
			continue
		}
		key, err := r.findURLName(ctx, ref.URLName)
		if err != nil {
			return err
		}
		if key == "" {
			r.rep.warn("department url name "+ref.URLName, "no provider the mirror found lists slots under it; name the department by id too")
			continue
		}
		r.applyRef(ref, func(d *deptSeen) bool { return d.key == key })
	}
	return nil
}

func (r *recording) applyRef(ref DepartmentRef, match func(*deptSeen) bool) {
	found := false
	for _, d := range r.depts {
		if match(d) {
			d.ref, found = ref, true
		}
	}
	if !found && ref.ID != "" {
		r.rep.warn("department "+ref.ID, "no provider lists free slots there; not mirrored")
	}
}

func (r *recording) findURLName(ctx context.Context, name string) (string, error) {
	for _, npi := range r.providerOrdr.order(slices.Sorted(maps.Keys(r.provs))) {
		if p := r.provs[npi]; !p.listedOK || len(p.depts) == 0 {
			continue
		}
		q := url.Values{"departmentUrlName": {name}}
		for k, v := range r.window() {
			q[k] = v
		}
		var ans dexcare.ProviderTimeslots
		if err := r.t.get(ctx, "/v5/providers/"+url.PathEscape(npi)+"/timeslots", q, apiKey, &ans); err != nil {
			return "", err
		}
		if len(ans.Slots) > 0 {
			return deptKey(ans.Slots[0].EHRSystemName, ans.Slots[0].DepartmentID), nil
		}
	}
	return "", nil
}

// placesChunk bounds how many department ids one Care Options GET names.
const placesChunk = 20

// readPlaces asks Care Options' GET search for the departments' places
// (only it gives coordinates) and learns from its providerOptions the
// order the tier keeps departments and providers in.
func (r *recording) readPlaces(ctx context.Context) error {
	keys := r.deptOrder.order(slices.Sorted(maps.Keys(r.depts)))
	var ids []string
	for _, k := range keys {
		if !slices.Contains(ids, r.depts[k].id) {
			ids = append(ids, r.depts[k].id)
		}
	}
	for start := 0; start < len(ids); start += placesChunk {
		chunk := ids[start:min(start+placesChunk, len(ids))]
		q := url.Values{"departmentEmrIds": {strings.Join(chunk, ",")}, "daysOfSlots": {"7"}}
		var ans dexcare.CareSlotsByVisitType
		if err := r.t.get(ctx, "/v1/availability/slots", q, apiKey, &ans); err != nil {
			return err
		}
		r.takePlaces(ans)
	}
	return nil
}

func (r *recording) takePlaces(ans dexcare.CareSlotsByVisitType) {
	for key, d := range ans.Departments {
		if seen, ok := r.depts[key]; ok {
			seen.describe(d.DepartmentName, d.ClinicType, d.Timezone, d.Address)
		}
	}
	for npi, info := range ans.Providers {
		if p, ok := r.provs[npi]; ok && p.name == "" {
			p.describe(info)
		}
	}
	for _, vt := range ans.SlotsByVisitType {
		for _, day := range vt.ScheduleDays {
			for _, st := range day.SlotTimes {
				r.learnOrder(st.ProviderOptions)
			}
		}
	}
}

// learnOrder reads one slot's options: departments in the tier's order,
// and within each department its providers in order.
func (r *recording) learnOrder(opts []dexcare.CareSlotOption) {
	var depts []string
	byDept := map[string][]string{}
	for _, o := range opts {
		depts = append(depts, o.DepartmentEHRIdentifier)
		byDept[o.DepartmentEHRIdentifier] = append(byDept[o.DepartmentEHRIdentifier], o.NPI)
	}
	r.deptOrder.list(depts)
	for _, npis := range byDept {
		r.providerOrdr.list(npis)
	}
}
