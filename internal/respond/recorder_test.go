package respond

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/journal"
)

// A held answer reaches neither the client nor the journal until it is
// released; then both see it whole, once, with the status set while held.
func TestRecorderHoldsTheAnswerUntilReleased(t *testing.T) {
	j := journal.New(journal.Options{})
	capture := j.Begin(httptest.NewRequest("GET", "/api/9/modalities", nil), time.Time{}, time.Time{})
	w := httptest.NewRecorder()
	r := NewRecorder(w, capture)
	r.Hold()
	r.Header().Set("Content-Type", "application/json")
	r.WriteHeader(http.StatusTeapot)
	r.WriteHeader(http.StatusOK) // only the first status counts
	_, _ = r.Write([]byte(`{"a":1}`))
	status, body := r.Held()
	assert.Equal(t, http.StatusTeapot, status)
	assert.Equal(t, `{"a":1}`, string(body))
	assert.False(t, w.Flushed)
	assert.Empty(t, w.Body.String(), "nothing sent while held")

	r.Release()
	assert.Equal(t, http.StatusTeapot, w.Code)
	assert.Equal(t, `{"a":1}`, w.Body.String())
	assert.Equal(t, http.StatusTeapot, r.Status(), "the access log's status")
	capture.Finish(time.Millisecond)
	entries := j.List(journal.Filter{})
	require.Len(t, entries, 1)
	assert.Equal(t, http.StatusTeapot, entries[0].Status)
	assert.JSONEq(t, `{"a":1}`, string(entries[0].ResponseBody))
}

// Without Hold the answer goes straight through; a body with no status
// is a 200's.
func TestRecorderPassesThrough(t *testing.T) {
	w := httptest.NewRecorder()
	r := NewRecorder(w, nil)
	_, _ = r.Write([]byte("x"))
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, "x", w.Body.String())
	assert.Equal(t, http.StatusOK, r.Status())
	r.Release() // nothing held: nothing more sent
	assert.Equal(t, "x", w.Body.String())
}

// A pooled recorder starts as a new one whatever the last request left
// in it: no status, nothing held, no body, and the new writer.
func TestPooledRecorderStartsClean(t *testing.T) {
	first := httptest.NewRecorder()
	r := PooledRecorder(first, nil)
	r.Hold()
	r.WriteHeader(http.StatusTeapot)
	_, _ = r.Write([]byte("held, never sent"))
	r.Recycle()

	for range 3 { // the pool may or may not hand the same one back
		w := httptest.NewRecorder()
		r := PooledRecorder(w, nil)
		assert.Equal(t, http.StatusOK, r.Status())
		_, body := r.Held()
		assert.Empty(t, body)
		_, _ = r.Write([]byte("x"))
		assert.Equal(t, http.StatusOK, w.Code)
		assert.Equal(t, "x", w.Body.String())
		r.Recycle()
	}
	assert.Empty(t, first.Body.String())
}
