package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/gate"
)

// TestStrictModeCatchesBadResponses proves the check the whole test suite
// relies on: a handler that answers outside the spec is reported once per
// response, naming what breaks our spec and what breaks the published file
// (visit-service v9 publishes getModalities).
func TestStrictModeCatchesBadResponses(t *testing.T) {
	for name, c := range map[string]struct {
		h handler
		// published: the published file refuses it too (it allows
		// undeclared properties, our spec does not).
		published bool
	}{
		"undeclared field": {func(*Call) (Answer, error) {
			return JSON(200, []map[string]any{{"id": "x", "name": "virtual", "colour": "red"}}), nil
		}, false},
		"wrong type": {func(*Call) (Answer, error) {
			return JSON(200, []map[string]any{{"id": 7, "name": "virtual"}}), nil
		}, true},
		"undocumented status": {func(*Call) (Answer, error) {
			return JSON(418, map[string]any{"error": "teapot"}), nil
		}, true},
	} {
		t.Run(name, func(t *testing.T) {
			var reported []string
			s, err := newTest(testOptions{ResponseCheck: func(op string, status int, err error) {
				reported = append(reported, op+": "+err.Error())
			}})
			require.NoError(t, err)
			s.handlers["getModalities"] = c.h
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, httptest.NewRequest("GET", "/api/9/modalities", nil))
			require.Len(t, reported, 1, "one report per response")
			at := strings.Index(reported[0], "against the published visit-service-v9.json (getModalities)")
			if !c.published {
				assert.Equal(t, -1, at, reported[0])
				return
			}
			assert.Greater(t, at, len("getModalities: "), "our spec's verdict comes first: %s", reported[0])
		})
	}
}

func TestStrictModePassesGoodResponses(t *testing.T) {
	var reported []string
	s, err := newTest(testOptions{ResponseCheck: func(op string, status int, err error) { reported = append(reported, op+": "+err.Error()) }})
	require.NoError(t, err)
	s.handlers["getModalities"] = func(*Call) (Answer, error) {
		return JSON(200, []map[string]any{{"id": "x", "name": "virtual"}}), nil
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/api/9/modalities", nil))
	assert.Empty(t, reported)
	assert.True(t, strings.HasPrefix(rec.Body.String(), "[{"), rec.Body.String())
}

// TestNotBuiltIsHonest pins what an operation added to the spec before its
// behaviour answers: a 501 that names it, which strict mode lets through.
func TestNotBuiltIsHonest(t *testing.T) {
	var reported []string
	s, err := newTest(testOptions{ResponseCheck: func(op string, status int, err error) { reported = append(reported, op) }})
	require.NoError(t, err)
	s.handlers["getModalities"] = notBuilt("getModalities")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/api/9/modalities", nil))
	assert.Equal(t, http.StatusNotImplemented, rec.Code)
	assert.JSONEq(t, `{"error":"not implemented in mockdex yet","operationId":"getModalities"}`, rec.Body.String())
	assert.Empty(t, reported)
}

// Every operation DexCare publishes is served: strict mode checks its
// answers against the published file (gate.TestEveryPublishedOperationIsServed).
func TestEveryPublishedOperationHasAHandler(t *testing.T) {
	s, err := newTest(testOptions{})
	require.NoError(t, err)
	ids, err := gate.PublishedOperations()
	require.NoError(t, err)
	require.Len(t, ids, 17, "operations in the published files")
	for _, id := range ids {
		assert.NotNil(t, s.handlers[id], id)
	}
}
