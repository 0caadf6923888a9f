package mirror

import (
	"maps"
	"slices"

	"github.com/mockdex/mockdex/internal/fixturefile"
)

// Generated on-call providers: the tier never shows who is on call, so
// the mock makes as many as the pools ask for, from these.
var generatedDefaults = fixturefile.GeneratedProviders{
	Credentials: []string{"MD", "DO", "NP", "PA"}, EmailDomain: "oncall.mirror.mockdex.test",
	InPersonDepartments: []string{}, Genders: []string{"Female", "Male"}, Specialties: []string{"Family Medicine", "Internal Medicine"},
}

// buildProviders writes every provider who lists free slots in a
// mirrored department, in the tier's order, and asks the mock to
// generate the on-call providers.
func (r *recording) buildProviders(practices []fixturefile.Practice, depts []fixturefile.Department) fixturefile.Providers {
	written := map[string]bool{}
	for _, d := range depts {
		written[deptKey(d.EHRSystemName, d.ID)] = true
	}
	out := fixturefile.Providers{Named: []fixturefile.Provider{}, Generated: generatedDefaults}
	r.rankByDepartment(depts)
	for _, npi := range r.providerOrdr.order(slices.Sorted(maps.Keys(r.provs))) {
		p := r.provs[npi]
		var ids []string
		for _, k := range p.depts {
			if written[k] {
				ids = append(ids, r.depts[k].id)
			}
		}
		if len(ids) == 0 {
			if p.listedOK {
				r.rep.warn("NPI "+npi, "no free slot in a mirrored department in %d days; not mirrored", r.opts.Days)
			}
			continue
		}
		out.Named = append(out.Named, r.namedProvider(p, ids))
	}
	for _, p := range practices {
		for _, reg := range p.Regions {
			for _, n := range reg.OnCall {
				out.Generated.Count += n
			}
		}
	}
	return out
}

// rankByDepartment orders providers the answers never compared (they
// work in different departments) by their first department's place in
// the mirrored list, then as they were met.
func (r *recording) rankByDepartment(depts []fixturefile.Department) {
	place := map[string]int{}
	for i, d := range depts {
		place[deptKey(d.EHRSystemName, d.ID)] = i
	}
	met := len(r.providerOrdr.rank)
	for npi, p := range r.provs {
		first := len(depts)
		for _, k := range p.depts {
			if i, ok := place[k]; ok {
				first = min(first, i)
			}
		}
		r.providerOrdr.rank[npi] = first*(met+1) + r.providerOrdr.rank[npi]
	}
}

// count fills the report's tallies and the contract runner's identities.
func (r *recording) count(m *Mirror) {
	c := r.rep.Counts
	c["practices"], c["departments"], c["providers"] = len(m.practices), len(m.departments), len(m.providers.Named)
	c["qualifiers"], c["modalities"], c["brands"], c["postal codes"] = len(m.catalog.Qualifiers), len(m.catalog.Modalities), len(m.catalog.Brands), len(m.postal)
	c["on-call providers (generated)"] = m.providers.Generated.Count
	for _, p := range m.practices {
		c["regions"] += len(p.Regions)
	}
	for _, d := range m.departments {
		c["visit types"] += len(d.VisitTypes)
	}
	ids := r.rep.Identities
	if len(m.practices) > 0 {
		p := m.practices[0]
		ids["DEXCARE_PRACTICE_ID"] = p.ID
		for _, reg := range p.Regions {
			if reg.Active == nil {
				ids["DEXCARE_REGION_CODE"] = reg.RegionCode
				break
			}
		}
		if p.Brand != "" {
			ids["DEXCARE_BRAND"] = p.Brand
		}
	}
	if len(m.providers.Named) > 0 {
		ids["DEXCARE_NPI"] = m.providers.Named[0].NPI
	}
}

// staticNotes are what no read-only call shows, whatever the tier.
func (r *recording) staticNotes(m *Mirror) {
	rep := r.rep
	rep.unseen("wait times", "how many visits wait in each pool: on-call counts are read from estimates as if none did")
	rep.unseen("history", "past visits, provider events and report jobs: the mock generates its own (settings.json history)")
	rep.unseen("patients", "never read: patients.json holds mockdex's synthetic test patients (kept if the directory had one)")
	rep.unseen("booked slots", "a booked or EHR-held slot looks like a closed one: clinic hours come from free slots only")
	rep.unseen("on-call providers", "who is on call: the mock generates them (providers.json generated)")
	rep.unseen("brands", "no answer names a brand: brands and their display names come from the configuration")
	rep.unseen("slot horizon", "slots after the %d days read (a clinic open only later is not seen)", r.opts.Days)
	rep.byDefault("practices.json regions[].capacity", "%d for every region (the tier shows only whether a region is busy now)", defaultCapacity)
	rep.byDefault("settings.json", "visitLengthSeconds, waitingRoomAfterSeconds, report.*, apr.defaultLimit and history.*: the existing file's values, else mockdex's defaults")
	rep.byDefault("providers.json generated", "%d on-call providers generated from the mock's seed, with mockdex's credentials, email domain, genders and specialties", m.providers.Generated.Count)
	if r.opts.Anonymise {
		rep.byDefault("providers.json named[]", "names and emails generated (--anonymise), the same for an NPI on every run")
	}
}
