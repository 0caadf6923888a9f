package control_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/mockdex/mockdex/mockdextest"
)

type clockBody struct {
	Now  time.Time `json:"now"`
	Mode string    `json:"mode"`
}

func TestAdminClock(t *testing.T) {
	m := mockdextest.NewServer(t)
	var c clockBody
	m.ReadJSON(m.Do("GET", "/_mockdex/clock", ""), &c)
	assert.Equal(t, mockdextest.Epoch, c.Now.UTC())
	assert.Equal(t, "manual", c.Mode)

	m.ReadJSON(m.Do("POST", "/_mockdex/clock", `{"advance":"90s"}`), &c)
	assert.Equal(t, mockdextest.Epoch.Add(90*time.Second), c.Now.UTC())
	assert.Equal(t, mockdextest.Epoch.Add(90*time.Second), m.Clock.Now())

	m.ReadJSON(m.Do("POST", "/_mockdex/clock", `{"set":"2023-01-04T12:00:00Z"}`), &c)
	assert.Equal(t, time.Date(2023, 1, 4, 12, 0, 0, 0, time.UTC), c.Now.UTC())

	for _, bad := range []string{`{}`, `{"set":"yesterday"}`, `{"set":"9999-12-31T23:00:00Z"}`, `{"set":"1066-10-14T09:00:00Z"}`, `{"advance":"-2562047h"}`, `{"advance":"a while"}`, `{"set":"2023-01-04T12:00:00Z","advance":"1s"}`, `{"jump":"1h"}`, `not json`} {
		resp := m.Do("POST", "/_mockdex/clock", bad)
		body := m.ReadBody(resp)
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, bad)
		assert.Contains(t, body, `"error"`, bad)
	}
}

func TestAdminResetKeepsClock(t *testing.T) {
	m := mockdextest.NewServer(t)
	m.Clock.Advance(time.Hour)
	before := mockOf(m).World()
	resp := m.Do("POST", "/_mockdex/reset", "", adminJSON)
	var out struct {
		Reset     bool      `json:"reset"`
		Namespace string    `json:"namespace"`
		Clock     clockBody `json:"clock"`
	}
	m.ReadJSON(resp, &out)
	assert.True(t, out.Reset)
	assert.Equal(t, "default", out.Namespace)
	assert.NotSame(t, before, mockOf(m).World(), "reset builds a fresh world")
	assert.Equal(t, mockdextest.Epoch.Add(time.Hour), out.Clock.Now.UTC(), "reset does not move the clock")
}

func TestAdminUnknownPath(t *testing.T) {
	m := mockdextest.NewServer(t)
	resp := m.Do("GET", "/_mockdex/nothing-here", "")
	var body map[string]string
	m.ReadJSON(resp, &body)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Equal(t, "Not Found", body["error"])
}
