package mirror

import (
	"math"
	"slices"
	"strings"

	"github.com/mockdex/mockdex/internal/dexcare"
	"github.com/mockdex/mockdex/internal/fixturefile"
)

// Wait-time reasons, as DexCare names them.
const (
	reasonNoOnCall = "NO_ONCALL_PROVIDERS"
	reasonOffHours = "OFF_HOURS"
	reasonBusy     = "REGION_BUSY"
)

// defaultHandleSeconds is mockdex's meanHandleSeconds, kept when no pool
// shows an estimate.
const defaultHandleSeconds = 600

// inferHandle finds the mean handle time that makes every estimate a
// whole number of providers: in mockdex an empty pool's estimate is
// meanHandleSeconds ÷ providers on call. The largest estimate is one
// provider's (or a few's): the smallest multiple of it, up to six, that
// divides into whole counts within 5% is taken, else the largest itself.
func inferHandle(estimates []int) (int, bool) {
	var top int
	for _, e := range estimates {
		top = max(top, e)
	}
	if top <= 0 {
		return defaultHandleSeconds, false
	}
	for k := 1; k <= 6; k++ {
		h := float64(top * k)
		if wholeCounts(h, estimates) {
			return top * k, true
		}
	}
	return top, true
}

func wholeCounts(h float64, estimates []int) bool {
	for _, e := range estimates {
		if e <= 0 {
			continue
		}
		r := h / float64(e)
		if math.Abs(r-math.Round(r)) > 0.05*r {
			return false
		}
	}
	return true
}

// poolCount is what one wait-time entry says about its pool's on-call
// providers.
type poolCount struct {
	n    int
	seen bool   // read from an estimate or NO_ONCALL_PROVIDERS; else a guess
	why  string // the reason the count could not be seen
}

// onCallFrom reads a pool's on-call count from its wait-time entry:
// handle ÷ estimate when available (assuming nobody waits), none when
// the tier says so, and one, guessed, when the region is closed or busy.
func onCallFrom(w dexcare.WaitTime, handle int) poolCount {
	switch {
	case w.Available && w.EstimatedWaitTimeSeconds != nil && *w.EstimatedWaitTimeSeconds > 0:
		return poolCount{n: max(1, int(math.Round(float64(handle)/float64(*w.EstimatedWaitTimeSeconds)))), seen: true}
	case w.Available:
		return poolCount{n: 1, why: "available with no estimate"}
	case w.Reason == reasonNoOnCall:
		return poolCount{n: 0, seen: true}
	case w.Reason == reasonOffHours:
		return poolCount{n: 1, why: "the region was closed (OFF_HOURS)"}
	case w.Reason == reasonBusy:
		return poolCount{n: 1, why: "the region was busy (REGION_BUSY)"}
	}
	return poolCount{n: 1, why: "unavailable (" + w.Reason + ")"}
}

// poolKey names a pool as fixtures' oncall maps do: "modality/qualifier".
func poolKey(w dexcare.WaitTime) string {
	q := "adult"
	if len(w.AssignmentQualifiers) > 0 {
		q = w.AssignmentQualifiers[0]
	}
	return w.VisitTypeName + "/" + q
}

// currentPools lists every pool the wait times would name: each current
// modality with each current qualifier.
func currentPools(modalities, qualifiers []fixturefile.CatalogEntry) []string {
	var out []string
	for _, m := range modalities {
		for _, q := range qualifiers {
			if m.DeletedAt == "" && q.DeletedAt == "" {
				out = append(out, m.Name+"/"+q.Name)
			}
		}
	}
	slices.Sort(out)
	return out
}

// regionWaits are the wait-time entries of one region, by region code
// (matched ignoring case, as the mock does).
func regionWaits(waits []dexcare.WaitTime, code string) []dexcare.WaitTime {
	var out []dexcare.WaitTime
	for _, w := range waits {
		if strings.EqualFold(w.RegionCode, code) {
			out = append(out, w)
		}
	}
	return out
}
