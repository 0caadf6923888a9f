package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/mockdextest"
)

func TestWaitTimesFilters(t *testing.T) {
	m := mockdextest.NewServer(t)
	bracket := waitTimes(t, m, "regionCodes[]=WA&practiceId="+practiceID)
	assert.Len(t, bracket, 4, "WA × {virtual, phone} × {adult, pediatric}")
	assert.Equal(t, bracket, waitTimes(t, m, "regionCodes=WA&practiceId="+practiceID), "both array forms")

	for _, c := range []struct {
		name, query string
		want        int
	}{
		{"every practice region", "", (6 + 2) * 4},
		{"one practice", "practiceId=" + acmeID, 2 * 4},
		{"two regions", "regionCodes=WA&regionCodes=CA", 3 * 4},
		{"qualifier", "regionCodes=WA&practiceId=" + practiceID + "&assignmentQualifiers=pediatric", 2},
		{"visit type", "regionCodes=WA&practiceId=" + practiceID + "&visitTypeNames=phone", 2},
		{"home market", "homeMarket=default&practiceId=" + practiceID, 6 * 4},
		{"unknown home market", "homeMarket=nowhere", 0},
		{"unknown region", "regionCodes=ZZ", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			assert.Len(t, waitTimes(t, m, c.query), c.want)
		})
	}
}

func TestRegionWaitTimesPath(t *testing.T) {
	m := mockdextest.NewServer(t)
	resp := m.Do("GET", "/api/9/regions/WA/waittimes?visitTypeNames=virtual&assignmentQualifiers=adult", "")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var list []waitEntry
	m.ReadJSON(resp, &list)
	require.Len(t, list, 2, "both practices serve WA")
	assert.Equal(t, 200, *entry(t, list, practiceID, "WA", "virtual", "adult").Estimate, "600s over three on call")
	assert.Equal(t, 300, *entry(t, list, acmeID, "WA", "virtual", "adult").Estimate, "600s over two on call")
}

func TestWaitTimesUnavailable(t *testing.T) {
	// 19:30 in Portland: Oregon (07:00-19:00) closed; Texas (07:00-22:00
	// Chicago) open but nobody on call.
	m := mockdextest.NewServer(t, mockdextest.WithStart(time.Date(2024, 6, 4, 2, 30, 0, 0, time.UTC)))
	list := waitTimes(t, m, "practiceId="+practiceID)
	assert.Equal(t, "OFF_HOURS", entry(t, list, practiceID, "OR", "virtual", "adult").Reason)
	assert.Equal(t, "NO_ONCALL_PROVIDERS", entry(t, list, practiceID, "TX", "virtual", "adult").Reason)
	assert.Equal(t, "NO_ONCALL_PROVIDERS", entry(t, list, practiceID, "CA", "phone", "pediatric").Reason)
	assert.True(t, entry(t, list, practiceID, "WA", "virtual", "adult").Available)

	// The docs' example: a qualifier nobody is on call for.
	q := "testNewAssignmentQualifier_849b9d3f-3b6e-486f-bfa7-bf226ff8ec30"
	e := entry(t, waitTimes(t, m, "regionCodes[]=WA&practiceId="+practiceID+"&visitTypeNames=phone&assignmentQualifiers="+q), practiceID, "WA", "phone", q)
	assert.Equal(t, "NO_ONCALL_PROVIDERS", e.Reason)
	assert.Nil(t, e.Estimate)
}

// TestSixteenVisitsQueuedInWA: the estimate grows with each visit queued,
// sixteen turn the region busy (capacity 16), and it frees up as
// providers take visits.
func TestSixteenVisitsQueuedInWA(t *testing.T) {
	m := mockdextest.NewServer(t)
	waQuery := "regionCodes[]=WA&practiceId=" + practiceID
	estimate := func() waitEntry { return entry(t, waitTimes(t, m, waQuery), practiceID, "WA", "virtual", "adult") }
	require.Equal(t, 200, *estimate().Estimate)

	last := 200
	for i := 1; i <= 15; i++ {
		createVisit(t, m, joeVisit(t, nil), m.Bearer(joeGUID))
		e := estimate()
		require.True(t, e.Available, "after %d visits", i)
		require.Greater(t, *e.Estimate, last, "after %d visits", i)
		last = *e.Estimate
	}
	assert.Equal(t, 16*200, last)
	assert.False(t, practiceRegion(t, m, "WA").Busy)

	createVisit(t, m, joeVisit(t, nil), m.Bearer(joeGUID))
	e := estimate()
	assert.False(t, e.Available)
	assert.Equal(t, "REGION_BUSY", e.Reason)
	assert.Equal(t, "Providers are currently at capacity and closed", e.BusyMessage)
	assert.True(t, practiceRegion(t, m, "WA").Busy)
	resp := m.Do("POST", "/api/9/visits", joeVisit(t, nil), m.Bearer(joeGUID))
	body := m.ReadBody(resp)
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.True(t, strings.Contains(body, "REGION_BUSY"), body)

	m.Clock.Advance(200 * time.Second) // the first visit starts
	e = estimate()
	require.True(t, e.Available)
	assert.Equal(t, 16*200, *e.Estimate, "fifteen still waiting")
	assert.False(t, practiceRegion(t, m, "WA").Busy)
}
