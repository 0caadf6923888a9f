package server

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/journal"
	"github.com/mockdex/mockdex/internal/namespaces"
)

// Each journal entry says how request validation judged the request and
// whether strict mode flagged the response, and names its namespace, so
// the dashboard can show them.
func TestJournalKeepsVerdictsAndNamespace(t *testing.T) {
	var flagged []string
	s, err := newTest(testOptions{ResponseCheck: func(op string, _ int, _ error) { flagged = append(flagged, op) }})
	require.NoError(t, err)
	s.handlers["getModalities"] = func(*Call) (Answer, error) {
		return JSON(http.StatusOK, map[string]string{"not": "a list"}), nil
	}
	serve := func(target, ns string) {
		req := httptest.NewRequest("GET", target, nil)
		if ns != "" {
			req.Header.Set(journal.NamespaceHeader, ns)
		}
		s.ServeHTTP(httptest.NewRecorder(), req)
	}
	serve("/api/9/regions/waittimes?regionCodes=WA", "team-a")
	serve("/api/9/regions/waittimes?regionCodes=", "team-a")
	serve("/api/9/modalities", "")
	serve("/no/such/path", "")

	got := s.journal.List(journal.Filter{})
	require.Len(t, got, 4)
	assert.Equal(t, "", got[0].Validation, "no operation, nothing validated")
	assert.Equal(t, "ok", got[1].Validation)
	assert.True(t, got[1].ResponseFlagged)
	assert.Equal(t, []string{"getModalities"}, flagged)
	assert.Equal(t, "/query/regionCodes - must not be empty", got[2].Validation)
	assert.Equal(t, http.StatusBadRequest, got[2].Status)
	assert.Equal(t, "ok", got[3].Validation)
	assert.False(t, got[3].ResponseFlagged)
	assert.Len(t, s.inNamespace("team-a"), 2)
	assert.Len(t, s.inNamespace(namespaces.Default), 2, "the default namespace")
}

func TestVerdict(t *testing.T) {
	assert.Equal(t, "", verdict(nil))
	assert.Equal(t, "boom", verdict(errors.New("boom")))
}
