package journal

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The byte bound is on the journal's own estimate of its entries; the
// heap they really take stays close to it, so a full journal costs what
// --journal-bytes says.
func TestFullJournalHeapIsNearItsBudget(t *testing.T) {
	heap := func() uint64 {
		runtime.GC() // twice: the first moves pooled captures aside,
		runtime.GC() // the second frees them
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := heap()
	j := New(Options{})
	reqBody := `{"patient":{"patientGuid":"233441f4-129f-4d0e-afaa-b3009dbe80c7","firstName":"x"},"visitDetails":{"visitReason":"` + strings.Repeat("r", 400) + `"}}`
	respBody := `[` + strings.Repeat(`{"available":true,"estimatedWaitTimeSeconds":200,"practiceId":"6996d161-cd16-4556-9577-f942c3f80c80"},`, 9) + `{}]`
	for i := range 10_000 {
		r := post(fmt.Sprintf("/api/9/visits?n=%d", i), reqBody, "Correlation-Id", fmt.Sprintf("c-%d", i), "User-Agent", "test")
		serve(j, r, jsonAnswer(200, respBody))
	}
	n, estimate := j.Len()
	used := heap() - before
	t.Logf("%d entries, estimated %d bytes, heap grew %d bytes (%.2fx)", n, estimate, used, float64(used)/float64(estimate))
	assert.LessOrEqual(t, estimate, int64(DefaultBytes))
	assert.Less(t, float64(used), 1.3*float64(estimate), "the estimate is close to the heap")
	assert.Less(t, used, uint64(DefaultBytes)*13/10, "and so is the budget")
	runtime.KeepAlive(j)
}
