package mockdextest_test

import (
	"encoding/json"
	"io/fs"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/fixtures"
	"github.com/mockdex/mockdex/mockdextest"
)

func readFixture(t *testing.T, name string, into any) {
	t.Helper()
	b, err := fs.ReadFile(fixtures.Default(), name)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, into))
}

// The id constants say what the default world holds, so they cannot drift
// from fixtures/.
func TestConstantsNameTheDefaultWorld(t *testing.T) {
	var practices []struct {
		ID, Brand string
		Regions   []struct{ RegionCode string }
	}
	readFixture(t, "practices.json", &practices)
	regions := map[string][]string{}
	brands := map[string]string{}
	for _, p := range practices {
		brands[p.ID] = p.Brand
		for _, r := range p.Regions {
			regions[p.ID] = append(regions[p.ID], r.RegionCode)
		}
	}
	wa := mockdextest.RegionWashington
	assert.Equal(t, []string{wa, mockdextest.RegionCalifornia, mockdextest.RegionMontana, mockdextest.RegionOregon,
		mockdextest.RegionAlaska, mockdextest.RegionTexas}, regions[mockdextest.PracticeVirtualVisits])
	assert.Equal(t, []string{wa, mockdextest.RegionIdaho}, regions[mockdextest.PracticeAcme])
	assert.Equal(t, mockdextest.BrandProvidence, brands[mockdextest.PracticeVirtualVisits])
	assert.Equal(t, mockdextest.BrandAcme, brands[mockdextest.PracticeAcme])

	var patients []struct {
		PatientGUID, FirstName, EHRIdentifier, EHRIdentifierType, HomeEHR string
	}
	readFixture(t, "patients.json", &patients)
	byGUID := map[string]string{}
	for _, p := range patients {
		byGUID[p.PatientGUID] = p.FirstName
		if p.EHRIdentifier != "" {
			assert.Equal(t, mockdextest.PatientSinjoro, p.PatientGUID)
			assert.Equal(t, []string{mockdextest.EHRIdentifier, mockdextest.EHRIdentifierType, mockdextest.HomeEHR},
				[]string{p.EHRIdentifier, p.EHRIdentifierType, p.HomeEHR})
		}
	}
	assert.Equal(t, "Joe", byGUID[mockdextest.PatientJoe])
	assert.Equal(t, "Jane", byGUID[mockdextest.PatientJane])
	assert.Equal(t, "Sinjoro", byGUID[mockdextest.PatientSinjoro])

	var providers struct {
		Named []struct{ ID, NPI, FirstName string }
	}
	readFixture(t, "providers.json", &providers)
	require.NotEmpty(t, providers.Named)
	assert.Equal(t, []string{mockdextest.ProviderJenny, mockdextest.ProviderJennyNPI, "Jenny"},
		[]string{providers.Named[0].ID, providers.Named[0].NPI, providers.Named[0].FirstName})

	var departments []struct{ ID, URLName string }
	readFixture(t, "departments.json", &departments)
	urlNames := map[string]string{}
	for _, d := range departments {
		urlNames[d.ID] = d.URLName
	}
	assert.Equal(t, map[string]string{
		mockdextest.DepartmentKent:       mockdextest.DepartmentKentURLName,
		mockdextest.DepartmentEverett:    mockdextest.DepartmentEverettURLName,
		mockdextest.DepartmentInterstate: mockdextest.DepartmentInterstateURLName,
		mockdextest.DepartmentAcmeC4:     mockdextest.DepartmentAcmeC4URLName,
		mockdextest.DepartmentAcmeC7:     mockdextest.DepartmentAcmeC7URLName,
	}, urlNames)
}
