package server_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/mockdextest"
)

func TestWaitingRoomPage(t *testing.T) {
	m := mockdextest.NewServer(t)
	c := createVisit(t, m, joeVisit(t, nil), m.Bearer(joeGUID))
	path := c.VisitRedirectURL[len(m.URL):]

	resp := m.Do("GET", path, "")
	body := m.ReadBody(resp)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Contains(t, resp.Header.Get("Content-Type"), "text/html")
	assert.Equal(t, "15", resp.Header.Get("Refresh"), "the page reloads itself")
	assert.Contains(t, body, `<html lang="en">`)
	assert.Contains(t, body, `data-status="requested"`)
	assert.Contains(t, body, `role="status"`)
	assert.Contains(t, body, "Estimated wait: <strong data-wait-minutes=\"4\">4 minutes</strong>")
	assert.NotContains(t, body, "Joe", "no patient details on an unauthenticated page")
	assert.NotContains(t, body, "http://", "no external assets")
	assert.NotContains(t, body, "https://", "no external assets")

	m.Clock.Advance(5 * time.Minute)
	body = m.ReadBody(m.Do("GET", path, ""))
	assert.Contains(t, body, `data-status="invisit"`)
	assert.NotContains(t, body, "Estimated wait")
}

func TestWaitingRoomUnknownVisit(t *testing.T) {
	m := mockdextest.NewServer(t)
	resp := m.Do("GET", "/visit/"+unknownGUID+"?brand=providence", "")
	body := m.ReadBody(resp)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Contains(t, resp.Header.Get("Content-Type"), "text/html")
	assert.Contains(t, body, "No visit with that id")
}
