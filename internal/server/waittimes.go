package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/mockdex/mockdex/internal/fakes"
	"github.com/mockdex/mockdex/internal/mstamp"
	"github.com/mockdex/mockdex/internal/respond"
)

// getWaitTimes serves /api/9/regions/waittimes; regionCodes arrives in
// either the bracket or the repeated form (normalizeQuery made them one).
func (s *Server) getWaitTimes(c *Call) (Answer, error) {
	return waitTimes(c, c.Query()["regionCodes"]), nil
}

// getRegionWaitTimes serves /api/9/regions/{regionCode}/waittimes.
func (s *Server) getRegionWaitTimes(c *Call) (Answer, error) {
	return waitTimes(c, []string{c.Param("regionCode")}), nil
}

// waitTimes is the answer written by hand into a pooled buffer.
func waitTimes(c *Call, regions []string) Answer {
	q := c.Query()
	var room [16]fakes.WaitTime // a region's pools, on the stack
	list := c.World.AppendWaitTimes(room[:0], fakes.WaitTimeFilter{
		RegionCodes: regions,
		PracticeID:  q.Get("practiceId"),
		Qualifiers:  q["assignmentQualifiers"],
		VisitTypes:  q["visitTypeNames"],
		HomeMarket:  q.Get("homeMarket"),
	}, c.Now)
	buf := respond.GetBuffer()
	buf.Write(appendWaitTimes(buf.AvailableBuffer(), list, c.Now))
	return encodedJSON(http.StatusOK, buf)
}

var dexStamps = mstamp.New(func(b []byte, t time.Time) []byte { return t.UTC().AppendFormat(b, dexTime) })

// appendWaitTimes writes the wait-times answer ([]dexcare.WaitTime) by
// hand, as encoding/json would write it (TestWaitTimesJSONMatchesEncodingJSON):
// the poll that clients repeat most. Available and unavailable entries
// share one shape, with the fields of the other kind left out.
func appendWaitTimes(b []byte, list []fakes.WaitTime, now time.Time) []byte {
	// Every element carries the same moment: format it once (a third of
	// this function's time went to formatting it per element), and once
	// per millisecond across answers.
	generated := dexStamps.String(now.UTC()) // digits and punctuation only
	b = append(b, '[')
	for i, wt := range list {
		if i > 0 {
			b = append(b, ',')
		}
		available := wt.Reason == ""
		b = appendJSONField(append(b, '{'), true, "available")
		b = strconv.AppendBool(b, available)
		b = append(appendJSONField(b, false, "estimateGeneratedAt"), '"')
		b = append(append(b, generated...), '"')
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
