package fakes

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Care Options answers aggregate a search's options three ways: by
// provider (availableProvidersV1), by slot time (aggregatedSlotsV1) and
// by visit type and day (getAggregatedSlotsV1).

// SortCareOptions orders options for the providers search: most free
// slots first (mostAvailable, the default) or soonest free slot first
// (nextAvailable); ties keep the search's order (nearest first).
func SortCareOptions(opts []CareOption, sortBy string) []CareOption {
	out := append([]CareOption(nil), opts...)
	sort.SliceStable(out, func(i, j int) bool {
		if sortBy == "nextAvailable" {
			return out[i].Starts[0].Before(out[j].Starts[0])
		}
		return len(out[i].Starts) > len(out[j].Starts)
	})
	return out
}

// SlotOption is one way to take a slot time: a provider's visit type in a
// department. It points into the options it was aggregated from (a slot
// time can have many options, and the structs are large).
type SlotOption struct {
	Provider   *Provider
	Department *Department
	VisitType  *VisitType
}

// AggregatedSlot is one start time of one visit type name, with every
// provider and department offering it.
type AggregatedSlot struct {
	Start         time.Time
	VisitTypeName string
	Options       []SlotOption
}

// AggregateSlots merges the options' free slots by start instant and visit
// type name, soonest first, then by name; each slot's options keep the
// search's order.
func AggregateSlots(opts []CareOption) []AggregatedSlot {
	type key struct {
		start int64
		name  string
	}
	index := map[key]int{}
	var out []AggregatedSlot
	for oi := range opts {
		o := &opts[oi]
		for vi := range o.VisitTypes {
			vt := &o.VisitTypes[vi]
			for _, start := range o.Starts {
				k := key{start.Unix(), vt.Name}
				i, ok := index[k]
				if !ok {
					i, index[k] = len(out), len(out)
					out = append(out, AggregatedSlot{Start: start, VisitTypeName: vt.Name})
				}
				out[i].Options = append(out[i].Options, SlotOption{&o.Provider, &o.Department, vt})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b AggregatedSlot) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return strings.Compare(a.VisitTypeName, b.VisitTypeName)
	})
	return out
}

// VisitTypeSchedule is one visit type's page of days with free slots, as
// the GET slots search lays it out.
type VisitTypeSchedule struct {
	VisitType VisitType // the group's first; the group shares id and name
	UUIDs     []string  // one per department offering it
	Days      []ScheduleDay
	// PreviousEnd and NextStart ("" for none) are the last day before the
	// page and the first day after it that have free slots.
	PreviousEnd, NextStart string
}

// ScheduleDay is one date's slots, in the answer's time zone.
type ScheduleDay struct {
	Date  string
	Slots []AggregatedSlot
}

// SlotsByVisitType groups the options' slots by visit type (EMR id and
// name) and date in loc, and pages each group: its first daysOfSlots
// dates with slots on or after pageFrom (yyyy-MM-dd in loc; "" for no
// bound). Groups come in order of first appearance in the search.
func SlotsByVisitType(opts []CareOption, loc *time.Location, pageFrom string, daysOfSlots int) []VisitTypeSchedule {
	type key struct{ id, name string }
	index := map[key]int{}
	var groups []VisitTypeSchedule
	var split [][]CareOption // each group's options, narrowed to its visit type
	for _, o := range opts {
		for _, vt := range o.VisitTypes {
			k := key{vt.ID, vt.Name}
			i, ok := index[k]
			if !ok {
				i, index[k] = len(groups), len(groups)
				groups = append(groups, VisitTypeSchedule{VisitType: vt})
				split = append(split, nil)
			}
			if u := visitTypeUUID(o.Department, vt); !slices.Contains(groups[i].UUIDs, u) {
				groups[i].UUIDs = append(groups[i].UUIDs, u)
			}
			one := o
			one.VisitTypes = []VisitType{vt}
			split[i] = append(split[i], one)
		}
	}
	for i := range groups {
		groups[i].page(byDate(AggregateSlots(split[i]), loc), pageFrom, daysOfSlots)
	}
	return groups
}

func byDate(slots []AggregatedSlot, loc *time.Location) []ScheduleDay {
	var days []ScheduleDay
	for _, s := range slots {
		date := s.Start.In(loc).Format(time.DateOnly)
		if len(days) == 0 || days[len(days)-1].Date != date {
			days = append(days, ScheduleDay{Date: date})
		}
		days[len(days)-1].Slots = append(days[len(days)-1].Slots, s)
	}
	return days
}

// page keeps daysOfSlots days from pageFrom on and notes the neighbours.
func (g *VisitTypeSchedule) page(days []ScheduleDay, pageFrom string, daysOfSlots int) {
	first := sort.Search(len(days), func(i int) bool { return days[i].Date >= pageFrom })
	if first > 0 {
		g.PreviousEnd = days[first-1].Date
	}
	days = days[first:]
	if daysOfSlots > 0 && len(days) > daysOfSlots {
		g.NextStart = days[daysOfSlots].Date
		days = days[:daysOfSlots]
	}
	g.Days = days
}

// DepartmentUUID is a department's stable DexCare-style id.
func DepartmentUUID(d Department) string {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte("mockdex:department/"+d.EHRSystemName+"|"+d.ID)).String()
}

func visitTypeUUID(d Department, vt VisitType) string {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte("mockdex:visittype/"+d.EHRSystemName+"|"+d.ID+"/"+vt.ID)).String()
}
