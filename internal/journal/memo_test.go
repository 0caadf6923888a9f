package journal

import (
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A repeated answer with nothing to mask is kept once and shared; each
// entry still shows it whole.
func TestRepeatedAnswersShareOneCopy(t *testing.T) {
	j := New(Options{})
	for range 3 {
		serve(j, httptest.NewRequest("GET", "/w?regionCodes[]=WA&practiceId=p", nil), jsonAnswer(200, "[{\"available\":true}]\n"))
	}
	serve(j, httptest.NewRequest("GET", "/w?regionCodes[]=OR", nil), jsonAnswer(200, `[{"available":false}]`))
	got := j.List(Filter{})
	j.mu.Lock()
	kept := j.ring.entries
	assert.Same(t, &kept[0].ResponseBody[0], &kept[2].ResponseBody[0])
	assert.Same(t, &kept[0].Query[0], &kept[1].Query[0])
	j.mu.Unlock()
	require.Len(t, got, 4)
	assert.Equal(t, `[{"available":false}]`, string(got[0].ResponseBody))
	assert.JSONEq(t, `{"regionCodes[]":"OR"}`, string(got[0].Query))
	for _, e := range got[1:] {
		assert.Equal(t, `[{"available":true}]`, string(e.ResponseBody))
		assert.JSONEq(t, `{"regionCodes[]":"WA","practiceId":"p"}`, string(e.Query))
	}
}

// What redaction masks or leaves out is never remembered: the memos hold
// only what the journal shows anyway.
func TestMemosNeverHoldWhatIsMasked(t *testing.T) {
	j := New(Options{})
	for range 2 {
		serve(j, post("/x?firstName=Zelphine&a=1", `{"firstName":"Zelphine"}`), jsonAnswer(200, `{"lastName":"Quarrington"}`))
	}
	serve(j, post("/x?a=1;firstName=Zelphine", `{}`), jsonAnswer(200, `{}`))
	got := j.List(Filter{})
	require.Len(t, got, 3)
	for _, m := range []memo{j.memos.query, j.memos.reqBody, j.memos.respBody} {
		assert.NotContains(t, string(m.in), "Zelphine")
		assert.NotContains(t, string(m.out), "Zelphine")
	}
	assert.Nil(t, j.memos.query.in, "a query with a part left out is not remembered")
	for _, e := range got[1:] {
		assert.Equal(t, `{"firstName":"[redacted]"}`, string(e.RequestBody))
		assert.Equal(t, `{"lastName":"[redacted]"}`, string(e.ResponseBody))
	}
}
