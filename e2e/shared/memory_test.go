package shared

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Clients try to take the process past --max-memory: visits in many
// namespaces, new namespaces, state imports of a big document, all at
// once. They meet 507s naming the bound; the process's resident memory
// never passes the bound; every visit acknowledged is still there.
func TestMemoryBoundHoldsWithNoAcknowledgedLoss(t *testing.T) {
	bound := int64(160 << 20)
	if os.Getenv("MOCKDEX_SOAK") == "1" {
		bound = 512 << 20
	}
	p := start(t, "--history-days", "1", "--fixtures", roomyFixtures(t), "--max-visits", "1000000",
		"--max-namespaces", "0", "--max-memory", fmt.Sprint(bound))

	// A document of some thousands of visits to import over and over.
	for i := 0; i < 4000; i++ {
		_, _, err := p.createGuest("seed")
		require.NoError(t, err)
	}
	status, doc := p.do("GET", "/_mockdex/state", "seed", "")
	require.Equal(t, http.StatusOK, status)

	var (
		mu      sync.Mutex
		acked   = map[string][]string{} // namespace → visits acknowledged
		full    atomic.Int32            // 507s seen
		imports atomic.Int32
		wg      sync.WaitGroup
	)
	refusal := func(body []byte) {
		full.Add(1)
		if full.Load() == 1 {
			assert.Contains(t, string(body), "MEMORY_LIMIT_REACHED", "%s", body)
			assert.Contains(t, string(body), "--max-memory", "the refusal names the bound")
		}
	}
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() { // visits, a new namespace every 2,000
			defer wg.Done()
			refusedInARow := 0
			for i := 0; refusedInARow < 50; i++ {
				ns := fmt.Sprintf("w%d-%d", w, i/2000)
				status, id, err := p.createGuest(ns)
				require.NoError(t, err)
				switch status {
				case http.StatusOK:
					refusedInARow = 0
					mu.Lock()
					acked[ns] = append(acked[ns], id)
					mu.Unlock()
				case http.StatusInsufficientStorage:
					refusedInARow++
					refusal([]byte(id))
				default:
					t.Errorf("create: %d %s", status, id)
					return
				}
			}
		}()
	}
	wg.Add(1)
	go func() { // imports of the seed document into fresh namespaces
		defer wg.Done()
		refusedInARow := 0
		for i := 0; refusedInARow < 5 && i < 200; i++ {
			status, body := p.do("PUT", "/_mockdex/state", fmt.Sprintf("import-%d", i), string(doc))
			switch status {
			case http.StatusOK:
				refusedInARow = 0
				imports.Add(1)
			case http.StatusInsufficientStorage:
				refusedInARow++
				refusal(body)
			default:
				t.Errorf("import: %d %s", status, body)
				return
			}
		}
	}()
	wg.Wait()

	peak := p.peakRSS()
	if os.Getenv("MOCKDEX_MEMTRACE") != "" {
		t.Log(p.stderr.String())
	}
	total := 0
	for _, ids := range acked {
		total += len(ids)
	}
	t.Logf("bound %d MiB: peak RSS %d MiB; %d visits and %d imports acknowledged, %d refusals (507)",
		bound>>20, peak>>20, total, imports.Load(), full.Load())
	assert.Positive(t, full.Load(), "the clients did reach the bound")
	assert.Less(t, peak, bound, "the process stayed under its bound")

	for ns, ids := range acked {
		on := p.visitIDs(ns)
		missing := 0
		for _, id := range ids {
			if !on[id] {
				missing++
			}
		}
		assert.Zero(t, missing, "namespace %s lost acknowledged visits", ns)
	}
	status, body := p.do("GET", "/_mockdex/namespaces", "", "")
	require.Equal(t, http.StatusOK, status)
	assert.True(t, strings.Contains(string(body), `"import-0"`) || imports.Load() == 0)
	var list struct{ Namespaces []json.RawMessage }
	require.NoError(t, json.Unmarshal(body, &list))
}
