package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStrictModeCatchesBadResponses proves the check the whole test suite
// relies on: a handler that answers outside the spec is reported once per
// response, naming what breaks our spec and what breaks the published file
// (visit-service v9 publishes getModalities).
func TestStrictModeCatchesBadResponses(t *testing.T) {
	for name, c := range map[string]struct {
		h opHandler
		// published: the published file refuses it too (it allows
		// undeclared properties, our spec does not).
		published bool
	}{
		"undeclared field": {func(w http.ResponseWriter, r *http.Request) error {
			writeJSON(w, 200, []map[string]any{{"id": "x", "name": "virtual", "colour": "red"}})
			return nil
		}, false},
		"wrong type": {func(w http.ResponseWriter, r *http.Request) error {
			writeJSON(w, 200, []map[string]any{{"id": 7, "name": "virtual"}})
			return nil
		}, true},
		"undocumented status": {func(w http.ResponseWriter, r *http.Request) error {
			writeJSON(w, 418, map[string]any{"error": "teapot"})
			return nil
		}, true},
	} {
		t.Run(name, func(t *testing.T) {
			var reported []string
			s, err := New(Options{ResponseCheck: func(op string, status int, err error) {
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
	s, err := New(Options{ResponseCheck: func(op string, status int, err error) { reported = append(reported, op+": "+err.Error()) }})
	require.NoError(t, err)
	s.handlers["getModalities"] = func(w http.ResponseWriter, r *http.Request) error {
		writeJSON(w, 200, []map[string]any{{"id": "x", "name": "virtual"}})
		return nil
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
	s, err := New(Options{ResponseCheck: func(op string, status int, err error) { reported = append(reported, op) }})
	require.NoError(t, err)
	s.handlers["getModalities"] = notBuilt("getModalities")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/api/9/modalities", nil))
	assert.Equal(t, http.StatusNotImplemented, rec.Code)
	assert.JSONEq(t, `{"error":"not implemented in mockdex yet","operationId":"getModalities"}`, rec.Body.String())
	assert.Empty(t, reported)
}
