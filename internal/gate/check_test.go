package gate

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/tools/roomy"
)

// A query that passed is remembered and passes again; a refused one is
// refused every time, with its message, and never remembered; queries
// with a patient field, requests with a header parameter and secured
// operations are always validated in full.
func TestPassedQueriesMemo(t *testing.T) {
	s, err := New(Options{})
	require.NoError(t, err)
	// get is the status the gate's verdict leads to: 200 when the
	// request passes, 400 when it is refused.
	get := func(target string, headers ...string) int {
		r := httptest.NewRequest("GET", target, nil)
		for i := 0; i+1 < len(headers); i += 2 {
			r.Header.Set(headers[i], headers[i+1])
		}
		in, err := s.Route(r)
		require.NoError(t, err)
		if err := s.Check(&in, time.Time{}); err != nil {
			return http.StatusBadRequest
		}
		return http.StatusOK
	}
	memo := func(path string) *opPassed {
		return s.passed.of(staticRoutes()[path]["GET"])
	}
	wt := memo("/api/9/regions/waittimes")
	passed := func(raw string) bool { _, ok := wt.passed(raw); return ok }
	good := "regionCodes=WA&practiceId=" + roomy.PracticeID
	for range 2 {
		assert.Equal(t, http.StatusOK, get("/api/9/regions/waittimes?"+good))
		assert.True(t, passed(good))
	}
	// A request the memo passes gets the query's parse kept with it.
	r := httptest.NewRequest("GET", "/api/9/regions/waittimes?"+good, nil)
	in, err := s.Route(r)
	require.NoError(t, err)
	require.NoError(t, s.Check(&in, time.Time{}))
	assert.Equal(t, []string{"WA"}, in.Query()["regionCodes"])
	assert.Equal(t, roomy.PracticeID, in.Query().Get("practiceId"))
	bad := "regionCodes=WA&practiceId=not-a-uuid"
	for range 2 {
		assert.Equal(t, http.StatusBadRequest, get("/api/9/regions/waittimes?"+bad))
		assert.False(t, passed(bad))
	}
	personal := good + "&email=ann%40example.org"
	assert.Equal(t, http.StatusOK, get("/api/9/regions/waittimes?"+personal))
	assert.False(t, passed(personal), "a patient field is not kept")

	withHeader := "regionCodes=OR"
	assert.Equal(t, http.StatusOK, get("/api/9/regions/waittimes?"+withHeader, "correlation-id", "c-1"))
	assert.False(t, passed(withHeader), "a header parameter was sent")

	secured := 0
	for path, methods := range staticRoutes() {
		route := methods["GET"]
		if route == nil || route.Operation.Security == nil || len(*route.Operation.Security) == 0 {
			continue
		}
		secured++
		assert.False(t, memo(path).eligible, path)
	}
	assert.Positive(t, secured)
}
