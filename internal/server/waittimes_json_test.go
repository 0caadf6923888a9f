package server

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/mockdex/mockdex/internal/dexcare"
	"github.com/mockdex/mockdex/internal/fakes"
)

// The hand-written wait times are what encoding/json writes of
// dexcare.WaitTime, byte for byte.
func TestWaitTimesJSONMatchesEncodingJSON(t *testing.T) {
	now := time.Date(2024, 6, 3, 16, 4, 5, 678_000_000, time.FixedZone("x", 3600))
	list := []fakes.WaitTime{
		{Pool: fakes.Pool{PracticeID: "p-1", Region: "WA", Modality: "virtual", Qualifier: "adult"}, Market: "default", Estimate: 0},
		{Pool: fakes.Pool{PracticeID: "p-1", Region: "WA", Modality: "phone", Qualifier: "pédiatric \"x\""}, Market: "Sea\ttle", Estimate: 1234 * time.Second},
		{Pool: fakes.Pool{PracticeID: "p-2", Region: "OR", Modality: "virtual", Qualifier: "adult"}, Reason: fakes.ReasonBusy, BusyMsg: "Busy <now> \u2028", Market: "m"},
		{Pool: fakes.Pool{PracticeID: "p-2", Region: "OR", Modality: "virtual", Qualifier: "adult"}, Reason: fakes.ReasonOffHours},
	}
	var want []dexcare.WaitTime
	for _, wt := range list {
		e := dexcare.WaitTime{Available: wt.Reason == "", EstimateGeneratedAt: formatDex(now), Reason: wt.Reason,
			BusyMessage: wt.BusyMsg, PracticeID: wt.PracticeID, RegionCode: wt.Region, VisitTypeName: wt.Modality,
			AssignmentQualifiers: []string{wt.Qualifier}, HomeMarket: wt.Market}
		if e.Available {
			secs := int(wt.Estimate.Seconds())
			e.EstimatedWaitTimeSeconds = &secs
		}
		want = append(want, e)
	}
	assert.Equal(t, encodingJSON(t, want)+"\n", string(appendWaitTimes(nil, list, now)))
	assert.Equal(t, encodingJSON(t, []dexcare.WaitTime{})+"\n", string(appendWaitTimes(nil, nil, now)))
}
