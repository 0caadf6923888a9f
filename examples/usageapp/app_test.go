package usageapp_test

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/examples/usageapp"
	"github.com/mockdex/mockdex/mockdextest"
)

// The app's own suite, against mockdex. Each test resets the mock's
// world; the usage profile covers the whole suite, and TestMain saves it
// where USAGE_PROFILE names (a CI artifact for contract run --usage).
var mock *mockdextest.Server

func TestMain(m *testing.M) {
	var err error
	if mock, err = mockdextest.Start(); err != nil {
		panic(err)
	}
	code := m.Run()
	if path := os.Getenv("USAGE_PROFILE"); path != "" && code == 0 {
		if err := mock.SaveUsageProfile(path); err != nil {
			panic(err)
		}
	}
	_ = mock.Close()
	os.Exit(code)
}

func client() usageapp.Client {
	return usageapp.Client{API: mock.URL, ECVAPI: mock.URL, Reporting: mock.URL, ServiceKey: mock.ServiceKey(), HTTP: mock.Client}
}

func TestPracticeName(t *testing.T) {
	mock.Reset()
	name, err := client().PracticeName(context.Background(), mockdextest.PracticeVirtualVisits)
	require.NoError(t, err)
	assert.Equal(t, "Virtual Visits", name)
}

func TestShortestWait(t *testing.T) {
	mock.Reset()
	secs, err := client().ShortestWait(context.Background(), mockdextest.PracticeVirtualVisits)
	require.NoError(t, err)
	assert.Positive(t, secs)
}

func TestStartVisitsReport(t *testing.T) {
	mock.Reset()
	id, err := client().StartVisitsReport(context.Background(), "2024-05-20T00:00:00Z", "2024-06-03T00:00:00Z")
	require.NoError(t, err)
	assert.NotEmpty(t, id)
}

// Patient is a patient of the app's tests: every value is personal, and
// none may reach the usage profile (e2e/usage checks it).
var Patient = usageapp.Patient{GUID: mockdextest.PatientJoe, FirstName: "Zelphine", LastName: "Quaxley", DateOfBirth: "1961-07-23",
	Email: "zelphine.q@example.org", Phone: "206-555-7788", Line1: "77 Wisteria Lane", City: "Quahog", State: "WA", PostalCode: "98199", Coupon: "ZQ-SECRET-COUPON"}

func TestRequestVisit(t *testing.T) {
	mock.Reset()
	p := Patient
	p.Token = mock.Token(p.GUID)
	id, err := client().RequestVisit(context.Background(), mockdextest.PracticeVirtualVisits, p, "Zelphine has a sore throat")
	require.NoError(t, err)
	assert.NotEmpty(t, id)
}
