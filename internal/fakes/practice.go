package fakes

import (
	"fmt"
	"strings"
	"time"
)

// Window is one opening of a region, in absolute time.
type Window struct {
	Start, End time.Time
}

// RegionStatus is a practice region as a client sees it at a time.
// Whether it is active and its market come from the Region itself
// (IsActive, MarketName); only what moves with the clock is here.
type RegionStatus struct {
	Region
	Windows []Window // openings over the next seven days
	Busy    bool     // the region's queue is at capacity
}

// PracticeStatus is a practice and its regions at a time.
type PracticeStatus struct {
	Practice
	Regions []RegionStatus
}

// availabilityDays is how far ahead a practice's windows are listed, as
// DexCare's docs show.
const availabilityDays = 7

// PracticeAt describes the practice at now: windows and busy flags come
// from the clock and the queue, so they change as the mock runs.
func (w *World) PracticeAt(id string, now time.Time) (PracticeStatus, error) {
	p, ok := w.Fixtures.Practice(id)
	if !ok {
		return PracticeStatus{}, errPracticeNotFound
	}
	q := w.QueueAt(now)
	out := PracticeStatus{Practice: p}
	for _, r := range p.Regions {
		out.Regions = append(out.Regions, RegionStatus{
			Region:  r,
			Windows: r.Windows(now, availabilityDays),
			Busy:    q.RegionBusy(p.ID, r),
		})
	}
	return out, nil
}

// IsActive is false only for regions the fixtures switch off.
func (r Region) IsActive() bool { return r.Active == nil || *r.Active }

// MarketName is the region's market, "default" unless set.
func (r Region) MarketName() string {
	if r.Market == "" {
		return "default"
	}
	return r.Market
}

// hours is Hours as minutes after local midnight; 24x7 is the whole day.
// A hand-built Region whose Hours do not parse is open all day; fixtures
// never get that far, because LoadFixtures refuses them.
func (r Region) hours() (open, close int) {
	if r.hoursParsed {
		return r.openMin, r.closeMin
	}
	open, close, err := parseHours(r.Hours)
	if err != nil {
		return 0, 24 * 60
	}
	return open, close
}

// parseHours reads "24x7" or "HH:MM-HH:MM" (opening before closing, both
// within the day).
func parseHours(hours string) (open, close int, err error) {
	if hours == "24x7" {
		return 0, 24 * 60, nil
	}
	var oh, om, ch, cm int
	var rest string
	n, _ := fmt.Sscanf(hours+" end", "%d:%d-%d:%d %s", &oh, &om, &ch, &cm, &rest)
	open, close = oh*60+om, ch*60+cm
	if n != 5 || rest != "end" || om > 59 || cm > 59 || open < 0 || open >= close || close > 24*60 {
		return 0, 0, fmt.Errorf("hours %q: want 24x7 or HH:MM-HH:MM with opening before closing", hours)
	}
	return open, close, nil
}

// Windows lists the openings of the days days starting with today in the
// region's time zone, leaving out any that ended before now. A whole-day
// window ends a minute before midnight, as DexCare's examples do.
func (r Region) Windows(now time.Time, days int) []Window {
	midnight := localMidnight(now, r.zone())
	open, close := r.hours()
	var out []Window
	for d := 0; d < days; d++ {
		day := midnight.AddDate(0, 0, d)
		win := Window{Start: atMinute(day, open), End: atMinute(day, close)}
		if close == 24*60 {
			win.End = atMinute(day.AddDate(0, 0, 1), 0).Add(-time.Minute)
		}
		if win.End.After(now) {
			out = append(out, Window{Start: win.Start.UTC(), End: win.End.UTC()})
		}
	}
	return out
}

// OpenAt reports whether now falls inside today's local opening hours.
func (r Region) OpenAt(now time.Time) bool {
	local := now.In(r.zone())
	open, close := r.hours()
	minute := local.Hour()*60 + local.Minute()
	return minute >= open && minute < close
}

func (r Region) zone() *time.Location {
	if r.loc == nil {
		return time.UTC
	}
	return r.loc
}

// atMinute is local midnight day plus m minutes, by the wall clock (so a
// daylight-saving day still opens at its stated hour).
func atMinute(day time.Time, m int) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), m/60, m%60, 0, 0, day.Location())
}

// PracticeForRegion is the practice a visit goes to: the one named, or the
// first fixture practice that serves the region.
func (w *World) PracticeForRegion(practiceID, region string) (Practice, Region, error) {
	if practiceID != "" {
		p, ok := w.Fixtures.Practice(practiceID)
		if !ok {
			return Practice{}, Region{}, errUnknownPractice
		}
		if r, ok := p.RegionByCode(region); ok {
			return p, r, nil
		}
		return Practice{}, Region{}, errRegionNotServed
	}
	for _, p := range w.Fixtures.Practices {
		if r, ok := p.RegionByCode(region); ok {
			return p, r, nil
		}
	}
	return Practice{}, Region{}, errRegionNotServed
}

// RegionByCode finds the practice's region with that state code.
func (p Practice) RegionByCode(code string) (Region, bool) {
	for _, r := range p.Regions {
		if strings.EqualFold(r.RegionCode, code) {
			return r, true
		}
	}
	return Region{}, false
}
