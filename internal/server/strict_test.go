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
// relies on: a handler that answers outside the spec is reported.
func TestStrictModeCatchesBadResponses(t *testing.T) {
	for name, h := range map[string]opHandler{
		"undeclared field": func(w http.ResponseWriter, r *http.Request) error {
			writeJSON(w, 200, []map[string]any{{"id": "x", "name": "virtual", "colour": "red"}})
			return nil
		},
		"wrong type": func(w http.ResponseWriter, r *http.Request) error {
			writeJSON(w, 200, []map[string]any{{"id": 7, "name": "virtual"}})
			return nil
		},
		"undocumented status": func(w http.ResponseWriter, r *http.Request) error {
			writeJSON(w, 418, map[string]any{"error": "teapot"})
			return nil
		},
	} {
		t.Run(name, func(t *testing.T) {
			var reported []string
			s, err := New(Options{ResponseCheck: func(op string, status int, err error) {
				reported = append(reported, op)
			}})
			require.NoError(t, err)
			s.handlers["getModalities"] = h
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, httptest.NewRequest("GET", "/api/9/modalities", nil))
			assert.Equal(t, []string{"getModalities"}, reported)
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
