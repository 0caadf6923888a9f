package server_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/mockdextest"
)

type practiceRegionBody struct {
	RegionCode   string `json:"regionCode"`
	Busy         bool   `json:"busy"`
	Active       bool   `json:"active"`
	VisitPrice   int    `json:"visitPrice"`
	Availability []struct {
		Start string `json:"start"`
		End   string `json:"end"`
	} `json:"availability"`
	Departments []struct {
		ID               string `json:"id"`
		EpicDepartmentID string `json:"epicDepartmentId"`
		EHRSystemName    string `json:"ehrSystemName"`
	} `json:"departments"`
}

func practiceRegion(t *testing.T, m *mockdextest.Server, code string) practiceRegionBody {
	t.Helper()
	resp := m.Do("GET", "/api/8/practices/"+practiceID, "")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var p struct {
		PracticeRegions []practiceRegionBody `json:"practiceRegions"`
	}
	m.ReadJSON(resp, &p)
	for _, r := range p.PracticeRegions {
		if r.RegionCode == code {
			return r
		}
	}
	t.Fatalf("no region %s", code)
	return practiceRegionBody{}
}

func TestPracticePaths(t *testing.T) {
	m := mockdextest.NewServer(t)
	a := m.ReadBody(m.Do("GET", "/api/8/practices/"+practiceID+"?product=healthconnect", ""))
	b := m.ReadBody(m.Do("GET", "/api/8/DexCare/practices/"+practiceID, ""))
	assert.JSONEq(t, a, b, "both documented paths answer the same practice")
	runCalls(t, m, []call{
		{name: "practice", method: "GET", path: "/api/8/practices/" + practiceID, status: 200, has: `"displayName":"Virtual Visits"`},
		{name: "unknown", method: "GET", path: "/api/8/practices/00000000-0000-4000-8000-000000000000", status: 404, want: `{"error":"Practice not found"}`},
		{name: "unknown on the DexCare path", method: "GET", path: "/api/8/DexCare/practices/nope", status: 404, want: `{"error":"Practice not found"}`},
	})
}

func TestPracticeWindowsFollowTheClock(t *testing.T) {
	m := mockdextest.NewServer(t)
	wa := practiceRegion(t, m, "WA")
	require.Len(t, wa.Availability, 7)
	// Whole days in Seattle (UTC-7 in June), ending a minute before midnight as the docs show.
	assert.Equal(t, "2024-06-03T07:00:00.000Z", wa.Availability[0].Start)
	assert.Equal(t, "2024-06-04T06:59:00.000Z", wa.Availability[0].End)
	assert.Equal(t, 4900, wa.VisitPrice)
	require.NotEmpty(t, wa.Departments)
	assert.Equal(t, "405772000", wa.Departments[0].EpicDepartmentID)

	mt := practiceRegion(t, m, "MT") // 08:00-20:00 in Denver (UTC-6)
	assert.Equal(t, "2024-06-03T14:00:00.000Z", mt.Availability[0].Start)
	assert.Equal(t, "2024-06-04T02:00:00.000Z", mt.Availability[0].End)

	m.Clock.Advance(48 * time.Hour)
	wa = practiceRegion(t, m, "WA")
	require.Len(t, wa.Availability, 7)
	assert.Equal(t, "2024-06-05T07:00:00.000Z", wa.Availability[0].Start)
}
