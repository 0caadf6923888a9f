package server

import (
	"time"

	"github.com/mockdex/mockdex/internal/dexcare"
	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/fakes/slotid"
)

func careAddress(d fakes.Department, withPlace bool) dexcare.CareAddress {
	a := d.Address
	out := dexcare.CareAddress{Line1: a.Line1, Line2: a.Line2, City: a.City, State: a.State, PostalCode: a.PostalCode, ZipCode: a.PostalCode}
	if withPlace {
		out.Latitude, out.Longitude = d.Latitude, d.Longitude
	}
	return out
}

// nullable is s, or JSON null for "".
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func specialties(p fakes.Provider) []string {
	return append([]string{}, p.Specialties...)
}

// departmentKey is the department's EHR instance and id joined by a bar,
// as providerOptions name it.
func departmentKey(d fakes.Department) string { return d.EHRSystemName + "|" + d.ID }

func careProvidersBodyOf(opts []fakes.CareOption) dexcare.CareProviders {
	out := dexcare.CareProviders{Results: []dexcare.CareProvider{}}
	for _, o := range opts {
		p, d := o.Provider, o.Department
		res := dexcare.CareProvider{
			NPI: p.NPI, Name: p.Name(), Gender: nullable(p.Gender), Specialties: specialties(p),
			DepartmentID: d.ID, DepartmentName: d.Name, EHRInstance: d.EHRSystemName, ClinicType: d.ClinicType,
			Address: careAddress(d, false), Timezone: d.Timezone, DistanceFrom: o.Distance,
		}
		for _, vt := range o.VisitTypes {
			v := dexcare.CareVisitType{VisitTypeID: vt.ID, VisitTypeName: vt.Name}
			v.Availability.WindowDays, v.Availability.SlotCount = fakes.DefaultSlotWindowDays, len(o.Starts)
			res.VisitTypes = append(res.VisitTypes, v)
		}
		out.Results = append(out.Results, res)
	}
	return out
}

func careSlotOptions(slot fakes.AggregatedSlot) []dexcare.CareSlotOption {
	out := make([]dexcare.CareSlotOption, 0, len(slot.Options))
	for _, o := range slot.Options {
		d := *o.Department
		out = append(out, dexcare.CareSlotOption{
			NPI: o.Provider.NPI, DepartmentEHRIdentifier: departmentKey(d), VisitTypeID: o.VisitType.ID,
			Duration: d.SlotMinutes, SlotID: slotid.New(d, *o.VisitType, slot.Start).Encode(),
		})
	}
	return out
}

func careSlotsBodyOf(opts []fakes.CareOption, searchContext string) dexcare.CareSlots {
	out := dexcare.CareSlots{Slots: []dexcare.CareSlot{}, SearchContext: searchContext}
	out.Providers, out.Departments = careProviderInfos(opts), map[string]dexcare.CareDepartment{}
	for _, o := range opts {
		d := o.Department
		out.Departments[departmentKey(d)] = dexcare.CareDepartment{
			DepartmentGUID: fakes.DepartmentUUID(d), DepartmentID: d.ID, EHRInstance: d.EHRSystemName,
			DepartmentName: d.Name, DistanceFrom: o.Distance, Timezone: d.Timezone, ClinicType: d.ClinicType,
			Address: careAddress(d, false),
		}
	}
	for _, slot := range fakes.AggregateSlots(opts) {
		out.Slots = append(out.Slots, dexcare.CareSlot{
			SlotDateTime:  slot.Start.In(slot.Options[0].Department.Location()).Format(time.RFC3339),
			VisitTypeName: slot.VisitTypeName, ProviderOptions: careSlotOptions(slot),
		})
	}
	return out
}

func careProviderInfos(opts []fakes.CareOption) map[string]dexcare.CareProviderInfo {
	out := map[string]dexcare.CareProviderInfo{}
	for _, o := range opts {
		p := o.Provider
		out[p.NPI] = dexcare.CareProviderInfo{Name: p.Name(), Gender: nullable(p.Gender), Specialties: specialties(p)}
	}
	return out
}

// modalityInClinic is every mock visit type's modality: all are in person.
const modalityInClinic = "INCLINIC"

func careSlotsByVisitTypeBodyOf(opts []fakes.CareOption, groups []fakes.VisitTypeSchedule, loc *time.Location, searchContext string) dexcare.CareSlotsByVisitType {
	out := dexcare.CareSlotsByVisitType{
		Timezone: loc.String(), SlotsByVisitType: []dexcare.CareVisitTypeSchedule{}, SearchContext: searchContext,
		Providers: careProviderInfos(opts), Departments: map[string]dexcare.CareEMRDepartment{},
	}
	for _, o := range opts {
		d := o.Department
		out.Departments[departmentKey(d)] = dexcare.CareEMRDepartment{
			DepartmentUUID: fakes.DepartmentUUID(d), DepartmentEmrID: d.ID, EHRInstance: d.EHRSystemName,
			DepartmentName: d.Name, DistanceFrom: o.Distance, Timezone: d.Timezone, ClinicType: d.ClinicType,
			Address: careAddress(d, true),
		}
	}
	for _, g := range groups {
		out.SlotsByVisitType = append(out.SlotsByVisitType, careVisitTypeScheduleBody(g, loc))
	}
	return out
}

func careVisitTypeScheduleBody(g fakes.VisitTypeSchedule, loc *time.Location) dexcare.CareVisitTypeSchedule {
	vt := g.VisitType
	out := dexcare.CareVisitTypeSchedule{
		VisitTypeEmrID: vt.ID, VisitTypeName: vt.Name, VisitTypeDisplayName: vt.Title, VisitTypeUUIDs: g.UUIDs,
		PreviousEndDate: nullable(g.PreviousEnd), NextStartDate: nullable(g.NextStart),
		ForNewPatient: vt.ForNewPatient, ForEstablishedPatient: vt.ForEstablishedPatient,
		Modality: modalityInClinic, ScheduleDays: []dexcare.CareScheduleDay{},
	}
	for _, day := range g.Days {
		dj := dexcare.CareScheduleDay{Date: day.Date, SlotTimes: make([]dexcare.CareSlotTime, 0, len(day.Slots))}
		for _, slot := range day.Slots {
			dj.SlotTimes = append(dj.SlotTimes, dexcare.CareSlotTime{
				SlotDateTime: slot.Start.In(loc).Format(time.RFC3339), ProviderOptions: careSlotOptions(slot),
			})
		}
		out.ScheduleDays = append(out.ScheduleDays, dj)
	}
	return out
}
