package fakes

import (
	"slices"
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
// in fixture order, read from one queue snapshot at now. It is the poll
// a booking app repeats most, so it allocates the answer, one string
// holding every pool's key, and nothing per pool, and reads what a
// region's pools share (hours, queue length) once per region.
func (w *World) WaitTimes(f WaitTimeFilter, now time.Time) []WaitTime {
	return w.AppendWaitTimes(nil, f, now)
}

// AppendWaitTimes appends WaitTimes' entries to dst: a caller that only
// writes them out passes a buffer of its own (the answer's slice was a
// fifth of what a polled mock allocated).
func (w *World) AppendWaitTimes(dst []WaitTime, f WaitTimeFilter, now time.Time) []WaitTime {
	q := w.QueueAt(now)
	var typeBuf, qualBuf [8]string
	types := orCatalog(typeBuf[:0], f.VisitTypes, w.Fixtures.Modalities)
	quals := orCatalog(qualBuf[:0], f.Qualifiers, w.Fixtures.Qualifiers)
	// The keys first, into one buffer: ends[i] is where pool i's ends.
	var keyBuf [1024]byte
	var endBuf [64]int
	keys, ends := keyBuf[:0], endBuf[:0]
	f.eachRegion(w.Fixtures.Practices, func(p *Practice, r Region) {
		for _, t := range types {
			for _, ql := range quals {
				keys = appendPoolKey(keys, p.ID, r.RegionCode, t, ql)
				ends = append(ends, len(keys))
			}
		}
	})
	all := string(keys)
	out := slices.Grow(dst, len(ends))
	base := len(out)
	f.eachRegion(w.Fixtures.Practices, func(p *Practice, r Region) {
		var rn regionNow
		first := true
		for _, t := range types {
			for _, ql := range quals {
				i := len(out) - base
				start := 0
				if i > 0 {
					start = ends[i-1]
				}
				pool := pooled{Pool{PracticeID: p.ID, Region: r.RegionCode, Modality: t, Qualifier: ql}, all[start:ends[i]]}
				if first {
					rn, first = q.regionNow(p, r, pool), false
				}
				out = append(out, w.waitTime(q, pool, rn))
			}
		}
	})
	return out
}

// regionNow is what the pools of one region share at the queue's
// instant.
type regionNow struct {
	open   bool
	busy   bool
	market string
}

func (q Queue) regionNow(p *Practice, r Region, pool pooled) regionNow {
	return regionNow{market: r.MarketName(),
		open: q.world.regionOpenAt(p.ID, r, q.at),
		busy: q.regionWaiting(pool.regionPrefix()) >= q.world.capacityAt(p.ID, r, q.at)}
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

// waitTime is the pool's entry; its reason follows the order of
// Queue.unavailable: closed hours, nobody on call, a full region.
func (w *World) waitTime(q Queue, p pooled, rn regionNow) WaitTime {
	wt := WaitTime{Pool: p.Pool, Market: rn.market}
	switch {
	case !rn.open:
		wt.Reason = ReasonOffHours
	case w.onCallAt(p, q.at) == 0:
		wt.Reason = ReasonNoOnCall
	case rn.busy:
		wt.Reason, wt.BusyMsg = ReasonBusy, w.Fixtures.Settings.BusyMessage
	default:
		wt.Estimate = q.estimate(p)
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

// orCatalog is the filter's values, or else the catalog's current names
// appended to dst.
func orCatalog(dst, filter []string, catalog []CatalogEntry) []string {
	if len(filter) > 0 {
		return filter
	}
	for _, c := range catalog {
		if !c.Archived() {
			dst = append(dst, c.Name)
		}
	}
	return dst
}
