package fakes

import "time"

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
			Windows: w.regionWindows(p.ID, r, now, availabilityDays),
			Busy:    q.RegionBusy(p.ID, r),
		})
	}
	return out, nil
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
