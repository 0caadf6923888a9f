package server

import (
	"net/http"

	"github.com/mockdex/mockdex/internal/fakes"
)

// waitTimeJSON is one entry of the wait-times answer; available and
// unavailable entries share it, with the fields of the other kind omitted.
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

// getWaitTimes serves /api/9/regions/waittimes; regionCodes arrives in
// either the bracket or the repeated form (normalizeQuery made them one).
func (s *Server) getWaitTimes(w http.ResponseWriter, r *http.Request) error {
	return s.writeWaitTimes(w, r, query(r)["regionCodes"])
}

// getRegionWaitTimes serves /api/9/regions/{regionCode}/waittimes.
func (s *Server) getRegionWaitTimes(w http.ResponseWriter, r *http.Request) error {
	return s.writeWaitTimes(w, r, []string{pathParam(r, "regionCode")})
}

func (s *Server) writeWaitTimes(w http.ResponseWriter, r *http.Request, regions []string) error {
	q := query(r)
	now := call(r).now
	list := call(r).world.WaitTimes(fakes.WaitTimeFilter{
		RegionCodes: regions,
		PracticeID:  q.Get("practiceId"),
		Qualifiers:  q["assignmentQualifiers"],
		VisitTypes:  q["visitTypeNames"],
		HomeMarket:  q.Get("homeMarket"),
	}, now)
	out := make([]waitTimeJSON, 0, len(list))
	generated := formatDex(now)
	// One backing array each for the entries' qualifier lists and wait
	// seconds, rather than two small allocations per entry.
	quals, secs := make([]string, len(list)), make([]int, len(list))
	for i, wt := range list {
		quals[i] = wt.Qualifier
		e := waitTimeJSON{
			Available: wt.Reason == "", EstimateGeneratedAt: generated,
			Reason: wt.Reason, BusyMessage: wt.BusyMsg,
			PracticeID: wt.PracticeID, RegionCode: wt.Region, VisitTypeName: wt.Modality,
			AssignmentQualifiers: quals[i : i+1 : i+1], HomeMarket: wt.Market,
		}
		if e.Available {
			secs[i] = int(wt.Estimate.Seconds())
			e.EstimatedWaitTimeSeconds = &secs[i]
		}
		out = append(out, e)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
