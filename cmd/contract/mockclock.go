package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/mockdex/mockdex/internal/namespaces"
	"github.com/mockdex/mockdex/internal/scenarios"
)

// controlPlane sends a mockdex's control-plane requests (/_mockdex/
// clock): in the run's namespace, and with the admin token only once the
// origin has shown it is a mockdex that wants one. Scenario requests
// never go through it, so the token reaches no API path and no tier.
type controlPlane struct {
	next      scenarios.Doer
	namespace string
	token     string // set by detectMockdex, for this origin only
}

func (c *controlPlane) get(ctx context.Context, base string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/_mockdex/clock", nil)
	if err != nil {
		return nil, err
	}
	return c.Do(req)
}

// Do adds the namespace and, when set, the admin token.
func (c *controlPlane) Do(r *http.Request) (*http.Response, error) {
	if c.namespace != "" {
		r.Header.Set(namespaces.Header, c.namespace)
	}
	if c.token != "" {
		r.Header.Set("Authorization", "Bearer "+c.token)
	}
	return c.next.Do(r)
}

// errAdminToken: a mockdex whose control plane wants a token the run was not given.
var errAdminToken = errors.New("the target is a mockdex whose control plane needs its admin token: set MOCKDEX_ADMIN_TOKEN")

// detectMockdex asks base whether it is a mockdex: its /_mockdex/clock,
// asked without any credential, answers the clock (200 with now and
// mode), or refuses in the control plane's own words (401, realm
// "mockdex control plane"). Only then does the admin token (adminToken,
// "" for none) go to it, and only to its /_mockdex/. A DexCare tier
// answers neither way and gets nothing.
func detectMockdex(ctx context.Context, c *controlPlane, base, adminToken string) (*mockClock, bool, error) {
	resp, err := c.get(ctx, base)
	if err != nil {
		return nil, false, nil
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusUnauthorized && mockdexRealm(resp.Header) {
		if adminToken == "" {
			return nil, false, errAdminToken
		}
		c.token = adminToken
		if resp, err = c.get(ctx, base); err != nil {
			return nil, false, fmt.Errorf("the mockdex's control plane: %v", err)
		}
	}
	defer resp.Body.Close()
	var v struct {
		Now  time.Time `json:"now"`
		Mode string    `json:"mode"`
	}
	if resp.StatusCode == http.StatusUnauthorized && c.token != "" {
		return nil, false, errors.New("the mockdex's control plane refused MOCKDEX_ADMIN_TOKEN")
	}
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&v) != nil || v.Mode == "" || v.Now.IsZero() {
		c.token = ""
		return nil, false, nil
	}
	return &mockClock{base: base, client: c, start: v.Now.UTC(), manual: v.Mode == "manual", started: time.Now()}, true, nil
}

// mockdexRealm reports whether a 401 comes from mockdex's control plane.
func mockdexRealm(h http.Header) bool {
	for _, v := range h.Values("WWW-Authenticate") {
		if strings.Contains(v, `realm="mockdex control plane"`) {
			return true
		}
	}
	return false
}

// mockClock follows a running mockdex's clock.
type mockClock struct {
	base   string
	client scenarios.Doer
	start  time.Time
	manual bool

	mu      sync.Mutex // guards offset
	offset  time.Duration
	started time.Time // local time when start was read
}

// now is the mock's time: a manual clock moves only by our advances, a
// real or scaled one runs on (scaled drift is tolerated: it only sets
// date windows).
func (m *mockClock) now() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.manual {
		return m.start.Add(m.offset)
	}
	return m.start.Add(time.Since(m.started))
}

func (m *mockClock) advance(ctx context.Context, d time.Duration) error {
	body := strings.NewReader(fmt.Sprintf(`{"advance":%q}`, d.String()))
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, m.base+"/_mockdex/clock", body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := m.client.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("advance the mockdex clock: status %d", resp.StatusCode)
	}
	m.mu.Lock()
	m.offset += d
	m.mu.Unlock()
	return nil
}
