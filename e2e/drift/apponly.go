package drift

import (
	"net/url"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/contract"
)

// AppOnly lists mutations no scenario meets: only an app's own requests
// do (contract run --usage replays them, contract proxy sees them), so
// the scenario-by-scenario drift table leaves them out.
func AppOnly() []Mutation {
	return []Mutation{
		{Name: "param-refused", Kind: Status, Rule: contract.RuleStatusChanged,
			What: "wait times refuse the homeMarket filter with 400 (no scenario sends it)",
			after: func(_ *Sim, q *request, p *response) {
				if q.Method != "GET" || q.Path != "/api/9/regions/waittimes" || p.Status != 200 {
					return
				}
				if v, err := url.ParseQuery(q.Query); err == nil && v.Has("homeMarket") {
					p.Status = 400
					p.setJSON(map[string]any{"error": "/query/homeMarket - is not a supported filter"})
				}
			}},
	}
}

// Combine applies several mutations at once, in order: a release that
// drifts in more than one place.
func Combine(ms ...Mutation) Mutation {
	names := make([]string, len(ms))
	whats := make([]string, len(ms))
	for i, m := range ms {
		names[i], whats[i] = m.Name, m.What
	}
	return Mutation{Name: strings.Join(names, "+"), Kind: "combined", What: strings.Join(whats, "; "),
		before: func(q *request) {
			for _, m := range ms {
				if m.before != nil {
					m.before(q)
				}
			}
		},
		after: func(s *Sim, q *request, p *response) {
			for _, m := range ms {
				if m.after != nil {
					m.after(s, q, p)
				}
			}
		},
		delay: func(q *request) time.Duration {
			var d time.Duration
			for _, m := range ms {
				if m.delay != nil {
					d += m.delay(q)
				}
			}
			return d
		}}
}
