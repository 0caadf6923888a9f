package respond

import (
	"math"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// A value JSON cannot encode must not go out as a 200 with an empty body
// (as the clock view did once the clock passed year 9999).
func TestWriteJSONAnswers500ForAnUnencodableValue(t *testing.T) {
	for name, v := range map[string]any{
		"time past 9999": map[string]time.Time{"now": time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
		"NaN":            map[string]float64{"x": math.NaN()},
	} {
		rec := httptest.NewRecorder()
		WriteJSON(rec, http.StatusOK, v)
		assert.Equal(t, http.StatusInternalServerError, rec.Code, name)
		assert.JSONEq(t, `{"error":"Unknown error"}`, rec.Body.String(), name)
	}
	rec := httptest.NewRecorder()
	WriteJSON(rec, http.StatusCreated, map[string]string{"a": "<b>"})
	assert.Equal(t, http.StatusCreated, rec.Code)
	assert.Equal(t, "{\"a\":\"<b>\"}\n", rec.Body.String())
}
