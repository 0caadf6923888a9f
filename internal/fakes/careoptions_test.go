package fakes

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/apierr"
)

// where lists "department/npi@miles" of options.
func where(opts []CareOption) []string {
	var out []string
	for _, o := range opts {
		out = append(out, o.Department.URLName+"/"+o.Provider.NPI)
	}
	return out
}

func TestSearchCareAroundAPostalCode(t *testing.T) {
	w := slotWorld(t)
	kentPeer := w.Fixtures.Providers[4] // the generated provider working in Kent
	require.Equal(t, []string{"123446001"}, kentPeer.Departments)

	opts, err := w.SearchCare(CareSearch{PostalCode: "98104"}, slotEpoch, false)
	require.NoError(t, err)
	assert.Equal(t, []string{"AcmeC4/1902100004", "ProvKent/1629394572", "ProvKent/" + kentPeer.NPI, "ProvEverett/1629394572"}, where(opts),
		"nearest first; Portland and Denver are beyond 30 miles")
	assert.Less(t, opts[0].Distance, 1.0)
	assert.InDelta(t, 15, opts[1].Distance, 2)

	wide, err := w.SearchCare(CareSearch{PostalCode: "98104", Radius: 100, Gender: "F"}, slotEpoch, false)
	require.NoError(t, err)
	assert.Equal(t, []string{"ProvKent/1629394572", "ProvEverett/1629394572"}, where(wide),
		"the care team has no gender; Interstate's female provider is 145 miles away")

	for name, s := range map[string]CareSearch{
		"visit type":  {PostalCode: "98104", VisitTypeNames: []string{"illness"}},
		"specialty":   {PostalCode: "98104", Specialty: "urgent care"},
		"clinic type": {PostalCode: "98104", ClinicTypes: []string{"RETAIL"}},
		"coordinates": {Latitude: ptr(47.6024), Longitude: ptr(-122.3290), Radius: 1},
	} {
		got, err := w.SearchCare(s, slotEpoch, false)
		require.NoError(t, err, name)
		assert.Equal(t, []string{"AcmeC4/1902100004"}, where(got), name)
	}
	byDept, err := w.SearchCare(CareSearch{DepartmentIDs: []string{"405772000"}}, slotEpoch, false)
	require.NoError(t, err)
	require.Len(t, byDept, 1, "no place: departments by id, any distance")
	assert.Zero(t, byDept[0].Distance)
}

func TestSearchCareRefusals(t *testing.T) {
	w := slotWorld(t)
	for field, s := range map[string]CareSearch{
		"postalCode": {PostalCode: "00000"},
		"longitude":  {Latitude: ptr(47.6)},
		"latitude":   {Longitude: ptr(-122.3)},
		"startDate":  {PostalCode: "98104", StartDate: "2024-02-30"},
		"endDate":    {PostalCode: "98104", StartDate: "2024-06-05", EndDate: "2024-06-04"},
	} {
		_, err := w.SearchCare(s, slotEpoch, false)
		assert.Equal(t, field, apierr.As(err).Field, field)
	}
}

// A taken slot is in no option, and a window follows the dates.
func TestSearchCareWindowAndTakenSlots(t *testing.T) {
	w := slotWorld(t)
	acme := department(t, w, "900100004")
	tuesday := acme.SlotStartsOn(slotEpoch.AddDate(0, 0, 1))
	_, err := w.SlotTaken(SlotEvent{DepartmentID: acme.ID, EHRInstance: "epic.acme", VisitTypeID: "3000001", Start: tuesday[0]})
	require.NoError(t, err)
	opts, err := w.SearchCare(CareSearch{DepartmentIDs: []string{acme.ID}, StartDate: "2024-06-04", EndDate: "2024-06-04"}, slotEpoch, false)
	require.NoError(t, err)
	require.Len(t, opts, 1)
	assert.Equal(t, tuesday[1:], opts[0].Starts)

	defaults, err := w.SearchCare(CareSearch{DepartmentIDs: []string{acme.ID}}, slotEpoch, false)
	require.NoError(t, err)
	last := defaults[0].Starts[len(defaults[0].Starts)-1].In(acme.Location())
	assert.Equal(t, "2024-06-16", last.Format(time.DateOnly), "14 days from today without an endDate")
	wide, err := w.SearchCare(CareSearch{DepartmentIDs: []string{acme.ID}}, slotEpoch, true)
	require.NoError(t, err)
	assert.Greater(t, len(wide[0].Starts), 80*36, "wide reaches 90 days")
}

func TestAggregateSlotsMergesProviders(t *testing.T) {
	w := slotWorld(t)
	opts, err := w.SearchCare(CareSearch{NPIs: []string{"1629394572"}, VisitTypeNames: []string{"NewPatient"},
		StartDate: "2024-06-04", EndDate: "2024-06-04"}, slotEpoch, false)
	require.NoError(t, err)
	slots := AggregateSlots(opts)
	require.Len(t, slots, 18, "Kent's and Everett's identical grids merge")
	first := slots[0]
	assert.Equal(t, "NewPatient", first.VisitTypeName)
	assert.Equal(t, []string{"123446001/1234003", "301546001/1000003"},
		[]string{first.Options[0].Department.ID + "/" + first.Options[0].VisitType.ID, first.Options[1].Department.ID + "/" + first.Options[1].VisitType.ID})
}

func TestSlotsByVisitTypePages(t *testing.T) {
	w := slotWorld(t)
	opts, err := w.SearchCare(CareSearch{DepartmentIDs: []string{"123446001"}, NPIs: []string{"1629394572"}}, slotEpoch, true)
	require.NoError(t, err)
	loc := department(t, w, "123446001").Location()
	groups := SlotsByVisitType(opts, loc, "2024-06-06", 2)
	require.Len(t, groups, 2, "NewPatient and EstablishedPatient")
	g := groups[0]
	assert.Equal(t, "1234003", g.VisitType.ID)
	assert.Equal(t, []string{"2024-06-06", "2024-06-07"}, []string{g.Days[0].Date, g.Days[1].Date})
	assert.Equal(t, "2024-06-05", g.PreviousEnd)
	assert.Equal(t, "2024-06-10", g.NextStart, "the weekend has no slots")
	assert.Len(t, g.UUIDs, 1)
	assert.Equal(t, "", SlotsByVisitType(opts, loc, "", 2)[0].PreviousEnd)
}

func TestSearchContextRoundTrip(t *testing.T) {
	s := CareSearch{PostalCode: "98104", Radius: 10, VisitTypeNames: []string{"Illness"}, StartDate: "2024-06-04"}
	got, err := ParseSearchContext(s.Context())
	require.NoError(t, err)
	assert.Equal(t, s, got)
	assert.Equal(t, s.Context(), got.Context(), "the same search, the same token")
	for _, bad := range []string{"", "f55ffea269ba54d65d190a7225f01208", "sc1.!!", "sc1.e30", "sc1." + "eyJ4IjoxfQ"} {
		_, err := ParseSearchContext(bad)
		if bad == "sc1.e30" { // {} is a search for everything
			assert.NoError(t, err)
			continue
		}
		assert.Equal(t, CodeInvalidSearchContext, apierr.As(err).Code, bad)
	}
}

// A Care Options search over every clinic's next 90 days (about 12,000
// free slots across six provider-department pairs), grouped both ways:
//
//	go test -run '^$' -bench CareOptions -benchmem ./internal/fakes/
func BenchmarkCareOptions90Days(b *testing.B) {
	w := slotWorld(b)
	s := CareSearch{PostalCode: "98104", Radius: 100}
	b.Run("search", func(b *testing.B) {
		for b.Loop() {
			if _, err := w.SearchCare(s, slotEpoch, true); err != nil {
				b.Fatal(err)
			}
		}
	})
	opts, _ := w.SearchCare(s, slotEpoch, true)
	b.Run("aggregate", func(b *testing.B) {
		for b.Loop() {
			AggregateSlots(opts)
		}
	})
	b.Run("by-visit-type", func(b *testing.B) {
		for b.Loop() {
			SlotsByVisitType(opts, time.UTC, "", 3)
		}
	})
}
