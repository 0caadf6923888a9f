package scenarios_test

import (
	"context"
	"testing"
	"time"

	"github.com/mockdex/mockdex/internal/scenarios"
	"github.com/mockdex/mockdex/mockdextest"
)

// mockTarget points a scenario at an in-process mock whose clock moves
// when a step polls.
func mockTarget(m *mockdextest.Server) scenarios.Target {
	base := map[scenarios.Host]string{scenarios.API: m.URL, scenarios.ECVAPI: m.URL, scenarios.Reporting: m.URL}
	return scenarios.Target{
		Base:   base,
		Client: m.Client,
		Creds: scenarios.Credentials{ServiceKey: m.ServiceKey(), APIKey: m.APIKey(),
			Bearer: func(guid string) (string, error) { return m.Token(guid), nil }},
		Advance: func(_ context.Context, d time.Duration) error { m.Clock.Advance(d); return nil },
		Now:     m.Clock.Now,
	}
}

// TestScenariosAgainstMock runs every scenario against a fresh mock.
// Every operation a scenario calls is built, so an answer of 501 (the
// mock's "not implemented") fails the scenario like any other error.
func TestScenariosAgainstMock(t *testing.T) {
	for _, sc := range scenarios.All() {
		t.Run(sc.Name, func(t *testing.T) {
			m := mockdextest.NewServer(t, mockdextest.WithHistoryDays(14))
			res := scenarios.Run(context.Background(), sc, mockTarget(m))
			if res.NotImplemented != "" {
				t.Errorf("the mock answered 501 (not implemented) for %s", res.NotImplemented)
			}
			for _, st := range res.Steps {
				if st.Err != nil {
					t.Errorf("step %q: %v", st.Name, st.Err)
				}
			}
		})
	}
}

func TestScenarioCatalog(t *testing.T) {
	want := []string{"avr-virtual", "avr-retail", "avr-provider-booking", "avr-errors", "apr-window", "apr-filters",
		"apr-pagination", "practice-regions", "waittimes-filters", "qualifiers-and-modalities", "virtual-visit",
		"proxy-visit", "guest-visit", "provider-booking", "auth-errors", "visit-lifecycle",
		"care-options", "slots-search", "slot-events", "tokbox-events", "tokbox-session-history"}
	names := map[string]scenarios.Scenario{}
	for _, s := range scenarios.All() {
		if _, dup := names[s.Name]; dup {
			t.Errorf("two scenarios named %s", s.Name)
		}
		names[s.Name] = s
		if s.HasTag(scenarios.ReadOnly) == s.HasTag(scenarios.Writes) {
			t.Errorf("%s: tag it exactly one of read-only or writes", s.Name)
		}
		if len(s.Steps) == 0 {
			t.Errorf("%s has no steps", s.Name)
		}
	}
	for _, n := range want {
		if _, ok := names[n]; !ok {
			t.Errorf("scenario %s missing", n)
		}
	}
}
