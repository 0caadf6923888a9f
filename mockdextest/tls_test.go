package mockdextest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/mockdextest"
)

// A TLS mock is a whole mock: its helpers (which go through the control
// plane over HTTPS) and DexCare's API work as over HTTP, and a client
// that does not trust its authority is refused.
func TestTLSServerHelpersWork(t *testing.T) {
	m := mockdextest.NewTLSServer(t)
	visit := m.CreateVisit(mockdextest.VirtualVisit{Patient: mockdextest.PatientJoe})
	assert.NotEmpty(t, visit)
	m.Clock.Advance(0)
	_, err := http.Get(m.URL + "/healthz")
	assert.Error(t, err, "the system does not trust a test's authority")
	assert.True(t, m.Certificate().IsCA)
}

func TestStartWithTLS(t *testing.T) {
	m, err := mockdextest.Start(mockdextest.WithTLS())
	require.NoError(t, err)
	resp, err := m.Client.Get(m.URL + "/readyz")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.NoError(t, m.Close())
	assert.Nil(t, mockdextest.NewServer(t).Certificate(), "no TLS, no authority")
}
