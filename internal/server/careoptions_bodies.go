package server

import (
	"time"

	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/fakes/slotid"
)

// The Care Options answers (CareProviders, CareSlots and
// CareSlotsByVisitType in the spec).
type (
	careAddressJSON struct {
		Line1      string   `json:"line1,omitempty"`
		Line2      string   `json:"line2,omitempty"`
		City       string   `json:"city,omitempty"`
		State      string   `json:"state,omitempty"`
		PostalCode string   `json:"postalCode,omitempty"`
		ZipCode    string   `json:"zipCode,omitempty"`
		Latitude   *float64 `json:"latitude,omitempty"`
		Longitude  *float64 `json:"longitude,omitempty"`
	}
	careProvidersJSON struct {
		Results []careProviderJSON `json:"results"`
	}
	careProviderJSON struct {
		NPI            string              `json:"npi"`
		Name           string              `json:"name"`
		Gender         *string             `json:"gender"`
		Specialties    []string            `json:"specialties"`
		DepartmentID   string              `json:"departmentId"`
		DepartmentName string              `json:"departmentName"`
		EHRInstance    string              `json:"ehrInstance"`
		ClinicType     string              `json:"clinicType,omitempty"`
		Address        careAddressJSON     `json:"address"`
		Timezone       string              `json:"timezone"`
		DistanceFrom   float64             `json:"distanceFrom"`
		VisitTypes     []careVisitTypeJSON `json:"visitTypes"`
	}
	careVisitTypeJSON struct {
		VisitTypeID   string `json:"visitTypeId"`
		VisitTypeName string `json:"visitTypeName"`
		Availability  struct {
			WindowDays int `json:"windowDays"`
			SlotCount  int `json:"slotCount"`
		} `json:"availability"`
	}
	careProviderInfoJSON struct {
		Name        string   `json:"name"`
		Gender      *string  `json:"gender"`
		Specialties []string `json:"specialties"`
	}
	careSlotOptionJSON struct {
		NPI                     string `json:"npi"`
		DepartmentEHRIdentifier string `json:"departmentEhrIdentifier"`
		VisitTypeID             string `json:"visitTypeId"`
		Duration                int    `json:"duration"`
		SlotID                  string `json:"slotId"`
	}
	careSlotJSON struct {
		SlotDateTime    string               `json:"slotDateTime"`
		VisitTypeName   string               `json:"visitTypeName"`
		ProviderOptions []careSlotOptionJSON `json:"providerOptions"`
	}
	careDepartmentJSON struct {
		DepartmentGUID string          `json:"departmentGuid"`
		DepartmentID   string          `json:"departmentId"`
		EHRInstance    string          `json:"ehrInstance"`
		DepartmentName string          `json:"departmentName"`
		DistanceFrom   float64         `json:"distanceFrom"`
		Timezone       string          `json:"timezone"`
		ClinicType     string          `json:"clinicType,omitempty"`
		Address        careAddressJSON `json:"address"`
	}
	careSlotsJSON struct {
		Slots         []careSlotJSON                  `json:"slots"`
		Providers     map[string]careProviderInfoJSON `json:"providers"`
		Departments   map[string]careDepartmentJSON   `json:"departments"`
		SearchContext string                          `json:"searchContext"`
	}
)

func careAddress(d fakes.Department, withPlace bool) careAddressJSON {
	a := d.Address
	out := careAddressJSON{Line1: a.Line1, Line2: a.Line2, City: a.City, State: a.State, PostalCode: a.PostalCode, ZipCode: a.PostalCode}
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

func careProvidersBodyOf(opts []fakes.CareOption) careProvidersJSON {
	out := careProvidersJSON{Results: []careProviderJSON{}}
	for _, o := range opts {
		p, d := o.Provider, o.Department
		res := careProviderJSON{
			NPI: p.NPI, Name: p.Name(), Gender: nullable(p.Gender), Specialties: specialties(p),
			DepartmentID: d.ID, DepartmentName: d.Name, EHRInstance: d.EHRSystemName, ClinicType: d.ClinicType,
			Address: careAddress(d, false), Timezone: d.Timezone, DistanceFrom: o.Distance,
		}
		for _, vt := range o.VisitTypes {
			v := careVisitTypeJSON{VisitTypeID: vt.ID, VisitTypeName: vt.Name}
			v.Availability.WindowDays, v.Availability.SlotCount = fakes.DefaultSlotWindowDays, len(o.Starts)
			res.VisitTypes = append(res.VisitTypes, v)
		}
		out.Results = append(out.Results, res)
	}
	return out
}

func careSlotOptions(slot fakes.AggregatedSlot) []careSlotOptionJSON {
	out := make([]careSlotOptionJSON, 0, len(slot.Options))
	for _, o := range slot.Options {
		d := *o.Department
		out = append(out, careSlotOptionJSON{
			NPI: o.Provider.NPI, DepartmentEHRIdentifier: departmentKey(d), VisitTypeID: o.VisitType.ID,
			Duration: d.SlotMinutes, SlotID: slotid.New(d, *o.VisitType, slot.Start).Encode(),
		})
	}
	return out
}

func careSlotsBodyOf(opts []fakes.CareOption, searchContext string) careSlotsJSON {
	out := careSlotsJSON{Slots: []careSlotJSON{}, SearchContext: searchContext}
	out.Providers, out.Departments = careProviderInfos(opts), map[string]careDepartmentJSON{}
	for _, o := range opts {
		d := o.Department
		out.Departments[departmentKey(d)] = careDepartmentJSON{
			DepartmentGUID: fakes.DepartmentUUID(d), DepartmentID: d.ID, EHRInstance: d.EHRSystemName,
			DepartmentName: d.Name, DistanceFrom: o.Distance, Timezone: d.Timezone, ClinicType: d.ClinicType,
			Address: careAddress(d, false),
		}
	}
	for _, slot := range fakes.AggregateSlots(opts) {
		out.Slots = append(out.Slots, careSlotJSON{
			SlotDateTime:  slot.Start.In(slot.Options[0].Department.Location()).Format(time.RFC3339),
			VisitTypeName: slot.VisitTypeName, ProviderOptions: careSlotOptions(slot),
		})
	}
	return out
}

func careProviderInfos(opts []fakes.CareOption) map[string]careProviderInfoJSON {
	out := map[string]careProviderInfoJSON{}
	for _, o := range opts {
		p := o.Provider
		out[p.NPI] = careProviderInfoJSON{Name: p.Name(), Gender: nullable(p.Gender), Specialties: specialties(p)}
	}
	return out
}

// The GET answer (CareSlotsByVisitType).
type (
	careSlotsByVisitTypeJSON struct {
		Timezone         string                           `json:"timezone"`
		SlotsByVisitType []careVisitTypeScheduleJSON      `json:"slotsByVisitType"`
		Providers        map[string]careProviderInfoJSON  `json:"providers"`
		Departments      map[string]careEMRDepartmentJSON `json:"departments"`
		SearchContext    string                           `json:"searchContext"`
	}
	careVisitTypeScheduleJSON struct {
		VisitTypeEmrID        string                `json:"visitTypeEmrId"`
		VisitTypeName         string                `json:"visitTypeName"`
		VisitTypeDisplayName  string                `json:"visitTypeDisplayName"`
		VisitTypeUUIDs        []string              `json:"visitTypeUuids"`
		PreviousEndDate       *string               `json:"previousEndDate"`
		NextStartDate         *string               `json:"nextStartDate"`
		ForNewPatient         bool                  `json:"forNewPatient"`
		ForEstablishedPatient bool                  `json:"forEstablishedPatient"`
		Modality              string                `json:"modality"`
		ScheduleDays          []careScheduleDayJSON `json:"scheduleDays"`
	}
	careScheduleDayJSON struct {
		Date      string             `json:"date"`
		SlotTimes []careSlotTimeJSON `json:"slotTimes"`
	}
	careSlotTimeJSON struct {
		SlotDateTime    string               `json:"slotDateTime"`
		ProviderOptions []careSlotOptionJSON `json:"providerOptions"`
	}
	careEMRDepartmentJSON struct {
		DepartmentUUID  string          `json:"departmentUuid"`
		DepartmentEmrID string          `json:"departmentEmrId"`
		EHRInstance     string          `json:"ehrInstance"`
		DepartmentName  string          `json:"departmentName"`
		DistanceFrom    float64         `json:"distanceFrom"`
		Timezone        string          `json:"timezone"`
		ClinicType      string          `json:"clinicType,omitempty"`
		Address         careAddressJSON `json:"address"`
	}
)

// modalityInClinic is every mock visit type's modality: all are in person.
const modalityInClinic = "INCLINIC"

func careSlotsByVisitTypeBodyOf(opts []fakes.CareOption, groups []fakes.VisitTypeSchedule, loc *time.Location, searchContext string) careSlotsByVisitTypeJSON {
	out := careSlotsByVisitTypeJSON{
		Timezone: loc.String(), SlotsByVisitType: []careVisitTypeScheduleJSON{}, SearchContext: searchContext,
		Providers: careProviderInfos(opts), Departments: map[string]careEMRDepartmentJSON{},
	}
	for _, o := range opts {
		d := o.Department
		out.Departments[departmentKey(d)] = careEMRDepartmentJSON{
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

func careVisitTypeScheduleBody(g fakes.VisitTypeSchedule, loc *time.Location) careVisitTypeScheduleJSON {
	vt := g.VisitType
	out := careVisitTypeScheduleJSON{
		VisitTypeEmrID: vt.ID, VisitTypeName: vt.Name, VisitTypeDisplayName: vt.Title, VisitTypeUUIDs: g.UUIDs,
		PreviousEndDate: nullable(g.PreviousEnd), NextStartDate: nullable(g.NextStart),
		ForNewPatient: vt.ForNewPatient, ForEstablishedPatient: vt.ForEstablishedPatient,
		Modality: modalityInClinic, ScheduleDays: []careScheduleDayJSON{},
	}
	for _, day := range g.Days {
		dj := careScheduleDayJSON{Date: day.Date, SlotTimes: make([]careSlotTimeJSON, 0, len(day.Slots))}
		for _, slot := range day.Slots {
			dj.SlotTimes = append(dj.SlotTimes, careSlotTimeJSON{
				SlotDateTime: slot.Start.In(loc).Format(time.RFC3339), ProviderOptions: careSlotOptions(slot),
			})
		}
		out.ScheduleDays = append(out.ScheduleDays, dj)
	}
	return out
}
