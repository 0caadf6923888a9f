package fakes

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A store of made and generated visits: the tally counts the made ones
// by their status at the instant asked, and the generated apart; the
// made-only listing pages through made visits, newest first.
func TestTallyAndNewestMade(t *testing.T) {
	s := NewVisitStore()
	t0 := time.Date(2024, 6, 3, 16, 0, 0, 0, time.UTC)
	for i := range 6 {
		at := t0.Add(time.Duration(i) * time.Minute)
		require.NoError(t, s.Add(Visit{ID: fmt.Sprintf("v%d", i), Kind: KindVirtual, Created: at, Synthetic: i%2 == 0,
			Timeline: []Transition{{Status: StatusRequested, At: at}, {Status: StatusDone, At: at.Add(time.Hour)}}}))
	}
	tl := s.Tally(t0.Add(10 * time.Minute))
	assert.Equal(t, VisitTally{ByStatus: map[string]int{StatusRequested: 3}, Made: 3, Generated: 3}, tl)
	tl = s.Tally(t0.Add(64 * time.Minute))
	assert.Equal(t, map[string]int{StatusRequested: 1, StatusDone: 2}, tl.ByStatus, "v5 is still requested at +64m")

	var ids []string
	s.NewestMade(0, func(v *Visit) bool { ids = append(ids, v.ID); return true })
	assert.Equal(t, []string{"v5", "v3", "v1"}, ids)
	ids = nil
	s.NewestMade(1, func(v *Visit) bool { ids = append(ids, v.ID); return len(ids) < 1 })
	assert.Equal(t, []string{"v3"}, ids, "skip counts made visits; fn stops the walk")
}
