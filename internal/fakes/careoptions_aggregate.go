package fakes

import (
	"slices"
	"sort"
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
// search's order. Each option's starts are already in order, so this is a
// merge of a few sorted streams (one per option and visit type): no map,
// no sort.
func AggregateSlots(opts []CareOption) []AggregatedSlot {
	type stream struct {
		opt  *CareOption
		vt   *VisitType
		next int // index into opt.Starts
	}
	var streams []stream
	total := 0
	for oi := range opts {
		for vi := range opts[oi].VisitTypes {
			streams = append(streams, stream{opt: &opts[oi], vt: &opts[oi].VisitTypes[vi]})
			total += len(opts[oi].Starts)
		}
	}
	less := func(a, b *stream) bool {
		ta, tb := a.opt.Starts[a.next], b.opt.Starts[b.next]
		if !ta.Equal(tb) {
			return ta.Before(tb)
		}
		return a.vt.Name < b.vt.Name
	}
	out := make([]AggregatedSlot, 0, total/max(len(streams), 1))
	for {
		var head *stream // the soonest (then first-named) unread start
		for i := range streams {
			if s := &streams[i]; s.next < len(s.opt.Starts) && (head == nil || less(s, head)) {
				head = s
			}
		}
		if head == nil {
			return out
		}
		slot := AggregatedSlot{Start: head.opt.Starts[head.next], VisitTypeName: head.vt.Name}
		for i := range streams { // every stream at the same time and name, in search order
			s := &streams[i]
			if s.next < len(s.opt.Starts) && s.opt.Starts[s.next].Equal(slot.Start) && s.vt.Name == slot.VisitTypeName {
				slot.Options = append(slot.Options, SlotOption{&s.opt.Provider, &s.opt.Department, s.vt})
				s.next++
			}
		}
		out = append(out, slot)
	}
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

// byDate cuts time-ordered slots into days: each day's slots are a
// sub-slice of slots, not a copy.
func byDate(slots []AggregatedSlot, loc *time.Location) []ScheduleDay {
	var days []ScheduleDay
	start := 0
	for i := range slots {
		if i+1 < len(slots) && sameDay(slots[i].Start, slots[i+1].Start, loc) {
			continue
		}
		days = append(days, ScheduleDay{Date: slots[start].Start.In(loc).Format(time.DateOnly), Slots: slots[start : i+1 : i+1]})
		start = i + 1
	}
	return days
}

func sameDay(a, b time.Time, loc *time.Location) bool {
	ya, ma, da := a.In(loc).Date()
	yb, mb, db := b.In(loc).Date()
	return ya == yb && ma == mb && da == db
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
