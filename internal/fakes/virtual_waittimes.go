package fakes

import (
	"strings"
	"time"
)

// WaitTimeFilter narrows the wait-time listing; empty fields match all.
type WaitTimeFilter struct {
	RegionCodes []string
	PracticeID  string
	Qualifiers  []string // an unknown qualifier still gets an entry (nobody is on call for it)
	VisitTypes  []string
	HomeMarket  string
}

// WaitTime is one pool's availability at a time.
type WaitTime struct {
	Pool
	Market   string
	Reason   string // "" when available
	Estimate time.Duration
	BusyMsg  string
}

// WaitTimes lists one entry per practice region × visit type × qualifier,
// in fixture order, read from one queue snapshot at now.
func (w *World) WaitTimes(f WaitTimeFilter, now time.Time) []WaitTime {
	q := w.QueueAt(now)
	types := orCatalog(f.VisitTypes, w.Fixtures.Modalities)
	quals := orCatalog(f.Qualifiers, w.Fixtures.Qualifiers)
	regions := 0
	f.eachRegion(w.Fixtures.Practices, func(*Practice, Region) { regions++ })
	out := make([]WaitTime, 0, regions*len(types)*len(quals))
	f.eachRegion(w.Fixtures.Practices, func(p *Practice, r Region) {
		for _, t := range types {
			for _, ql := range quals {
				out = append(out, w.waitTime(q, Pool{PracticeID: p.ID, Region: r.RegionCode, Modality: t, Qualifier: ql}, r))
			}
		}
	})
	return out
}

// eachRegion calls fn with each region of practices the filter wants, in
// fixture order.
func (f WaitTimeFilter) eachRegion(practices []Practice, fn func(p *Practice, r Region)) {
	for i := range practices {
		p := &practices[i]
		if f.PracticeID != "" && !strings.EqualFold(p.ID, f.PracticeID) {
			continue
		}
		for _, r := range p.Regions {
			if f.wants(r) {
				fn(p, r)
			}
		}
	}
}

func (w *World) waitTime(q Queue, pool Pool, r Region) WaitTime {
	p := pool.pooled()
	wt := WaitTime{Pool: pool, Market: r.MarketName(), Reason: q.unavailable(p, r)}
	switch wt.Reason {
	case "":
		wt.Estimate = q.estimate(p)
	case ReasonBusy:
		wt.BusyMsg = w.Fixtures.Settings.BusyMessage
	}
	return wt
}

func (f WaitTimeFilter) wants(r Region) bool {
	if !r.IsActive() {
		return false
	}
	if f.HomeMarket != "" && !strings.EqualFold(f.HomeMarket, r.MarketName()) {
		return false
	}
	if len(f.RegionCodes) == 0 {
		return true
	}
	for _, c := range f.RegionCodes {
		if strings.EqualFold(c, r.RegionCode) {
			return true
		}
	}
	return false
}

// orCatalog is the filter's values, or else the catalog's current names.
func orCatalog(filter []string, catalog []CatalogEntry) []string {
	if len(filter) > 0 {
		return filter
	}
	out := make([]string, 0, len(catalog))
	for _, c := range catalog {
		if !c.Archived() {
			out = append(out, c.Name)
		}
	}
	return out
}
