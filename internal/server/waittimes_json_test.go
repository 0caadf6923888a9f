package server

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/mockdex/mockdex/internal/fakes"
)

// waitTimeJSON is the wait-times entry as encoding/json writes it, the
// shape appendWaitTimes writes by hand.
type waitTimeJSON struct {
	Available                bool     `json:"available"`
	EstimateGeneratedAt      string   `json:"estimateGeneratedAt"`
	EstimatedWaitTimeSeconds *int     `json:"estimatedWaitTimeSeconds,omitempty"`
	Reason                   string   `json:"reason,omitempty"`
	BusyMessage              string   `json:"busyMessage,omitempty"`
	PracticeID               string   `json:"practiceId"`
	RegionCode               string   `json:"regionCode"`
	VisitTypeName            string   `json:"visitTypeName"`
	AssignmentQualifiers     []string `json:"assignmentQualifiers"`
	HomeMarket               string   `json:"homeMarket,omitempty"`
}

func TestWaitTimesJSONMatchesEncodingJSON(t *testing.T) {
	now := time.Date(2024, 6, 3, 16, 4, 5, 678_000_000, time.FixedZone("x", 3600))
	list := []fakes.WaitTime{
		{Pool: fakes.Pool{PracticeID: "p-1", Region: "WA", Modality: "virtual", Qualifier: "adult"}, Market: "default", Estimate: 0},
		{Pool: fakes.Pool{PracticeID: "p-1", Region: "WA", Modality: "phone", Qualifier: "pédiatric \"x\""}, Market: "Sea\ttle", Estimate: 1234 * time.Second},
		{Pool: fakes.Pool{PracticeID: "p-2", Region: "OR", Modality: "virtual", Qualifier: "adult"}, Reason: fakes.ReasonBusy, BusyMsg: "Busy <now> \u2028", Market: "m"},
		{Pool: fakes.Pool{PracticeID: "p-2", Region: "OR", Modality: "virtual", Qualifier: "adult"}, Reason: fakes.ReasonOffHours},
	}
	var want []waitTimeJSON
	for _, wt := range list {
		e := waitTimeJSON{Available: wt.Reason == "", EstimateGeneratedAt: formatDex(now), Reason: wt.Reason,
			BusyMessage: wt.BusyMsg, PracticeID: wt.PracticeID, RegionCode: wt.Region, VisitTypeName: wt.Modality,
			AssignmentQualifiers: []string{wt.Qualifier}, HomeMarket: wt.Market}
		if e.Available {
			secs := int(wt.Estimate.Seconds())
			e.EstimatedWaitTimeSeconds = &secs
		}
		want = append(want, e)
	}
	assert.Equal(t, encodingJSON(t, want)+"\n", string(appendWaitTimes(nil, list, now)))
	assert.Equal(t, encodingJSON(t, []waitTimeJSON{})+"\n", string(appendWaitTimes(nil, nil, now)))
}
