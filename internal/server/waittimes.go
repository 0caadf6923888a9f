package server

import (
	"bytes"
	"net/http"
	"strconv"
	"time"

	"github.com/mockdex/mockdex/internal/fakes"
)

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
	buf := jsonBuffers.Get().(*bytes.Buffer)
	defer putJSONBuffer(buf)
	buf.Write(appendWaitTimes(buf.AvailableBuffer(), list, now))
	writeJSONBytes(w, http.StatusOK, buf.Bytes())
	return nil
}

// appendWaitTimes writes the wait-times answer by hand, as encoding/json
// would write it (TestWaitTimesJSONMatchesEncodingJSON): the poll that
// clients repeat most. Available and unavailable entries share one shape,
// with the fields of the other kind left out.
func appendWaitTimes(b []byte, list []fakes.WaitTime, now time.Time) []byte {
	b = append(b, '[')
	for i, wt := range list {
		if i > 0 {
			b = append(b, ',')
		}
		available := wt.Reason == ""
		b = appendJSONField(append(b, '{'), true, "available")
		b = strconv.AppendBool(b, available)
		b = append(appendJSONField(b, false, "estimateGeneratedAt"), '"')
		b = append(now.UTC().AppendFormat(b, dexTime), '"') // digits and punctuation only
		if available {
			b = appendJSONInt(appendJSONField(b, false, "estimatedWaitTimeSeconds"), int(wt.Estimate.Seconds()))
		}
		if wt.Reason != "" {
			b = appendJSONString(appendJSONField(b, false, "reason"), wt.Reason)
		}
		if wt.BusyMsg != "" {
			b = appendJSONString(appendJSONField(b, false, "busyMessage"), wt.BusyMsg)
		}
		b = appendJSONString(appendJSONField(b, false, "practiceId"), wt.PracticeID)
		b = appendJSONString(appendJSONField(b, false, "regionCode"), wt.Region)
		b = appendJSONString(appendJSONField(b, false, "visitTypeName"), wt.Modality)
		b = append(appendJSONField(b, false, "assignmentQualifiers"), '[')
		b = append(appendJSONString(b, wt.Qualifier), ']')
		if wt.Market != "" {
			b = appendJSONString(appendJSONField(b, false, "homeMarket"), wt.Market)
		}
		b = append(b, '}')
	}
	return append(b, ']', '\n')
}
