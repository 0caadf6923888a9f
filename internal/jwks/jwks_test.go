package jwks

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	rsaKey, _ = rsa.GenerateKey(rand.Reader, 2048)
	ecKey, _  = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
)

func encode(t *testing.T, keys ...Key) string {
	t.Helper()
	b, err := Encode(keys...)
	require.NoError(t, err)
	return string(b)
}

func TestEncodeParseRoundTrip(t *testing.T) {
	set := encode(t, Key{ID: "r", Alg: "RS256", Pub: &rsaKey.PublicKey}, Key{ID: "e", Alg: "ES256", Pub: &ecKey.PublicKey})
	keys, err := Parse([]byte(set))
	require.NoError(t, err)
	require.Len(t, keys, 2)
	assert.True(t, rsaKey.PublicKey.Equal(keys[0].Pub))
	assert.True(t, ecKey.PublicKey.Equal(keys[1].Pub))
	assert.NotContains(t, set, `"n":""`, "members a key type lacks are left out")
}

// Keys this package cannot check tokens with are left out; a set of
// nothing else is an error, as is a key that is not what it claims.
func TestParseKeepsSigningKeysOnly(t *testing.T) {
	good := strings.TrimSuffix(strings.TrimPrefix(encode(t, Key{ID: "e", Pub: &ecKey.PublicKey}), `{"keys":[`), `]}`)
	keys, err := Parse([]byte(`{"keys":[{"kty":"oct","k":"c2VjcmV0"},{"kty":"RSA","use":"enc","n":"AQAB","e":"AQAB"},` + good + `]}`))
	require.NoError(t, err)
	require.Len(t, keys, 1)
	assert.Equal(t, "e", keys[0].ID)

	small, _ := rsa.GenerateKey(rand.Reader, 1024)
	for name, set := range map[string]string{
		"only oct":  `{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}`,
		"small RSA": encode(t, Key{ID: "s", Pub: &small.PublicKey}),
		"off curve": `{"keys":[{"kty":"EC","crv":"P-256","x":"` + strings.Repeat("A", 43) + `","y":"` + strings.Repeat("A", 43) + `"}]}`,
		"not JSON":  `<html>`,
	} {
		_, err := Parse([]byte(set))
		assert.Error(t, err, name)
	}
}

// provider serves a key set that a test can change, counting fetches.
type provider struct {
	mu      sync.Mutex
	set     string
	status  int
	fetches atomic.Int32
	srv     *httptest.Server
}

func newProvider(t *testing.T, set string) *provider {
	p := &provider{set: set, status: http.StatusOK}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/.well-known/openid-configuration" {
			w.Write([]byte(`{"issuer":"` + p.srv.URL + `","jwks_uri":"` + p.srv.URL + `/keys"}`))
			return
		}
		p.fetches.Add(1)
		p.mu.Lock()
		defer p.mu.Unlock()
		w.WriteHeader(p.status)
		w.Write([]byte(p.set))
	}))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *provider) publish(set string, status int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.set, p.status = set, status
}

// clock is a hand-moved clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func newRemote(p *provider, c *clock) *Remote {
	return NewRemote(Options{URL: p.srv.URL + "/keys", Now: c.Now})
}

// The set is fetched once and kept; a key the provider rotated in is
// found by fetching again; a rotated-away key is gone from then on.
func TestRemoteFollowsRotation(t *testing.T) {
	ctx := context.Background()
	p := newProvider(t, encode(t, Key{ID: "a", Pub: &rsaKey.PublicKey}))
	c := &clock{now: time.Unix(0, 0)}
	r := newRemote(p, c)
	for range 3 {
		k, err := r.Key(ctx, "a", "RS256")
		require.NoError(t, err)
		assert.True(t, rsaKey.PublicKey.Equal(k))
	}
	assert.EqualValues(t, 1, p.fetches.Load())

	p.publish(encode(t, Key{ID: "b", Pub: &ecKey.PublicKey}), http.StatusOK)
	k, err := r.Key(ctx, "b", "ES256")
	require.NoError(t, err)
	assert.True(t, ecKey.PublicKey.Equal(k))
	_, err = r.Key(ctx, "a", "RS256")
	assert.ErrorIs(t, err, ErrUnknownKey)
	_, err = r.Key(ctx, "b", "RS256")
	assert.ErrorIs(t, err, ErrUnknownKey, "an EC key does not check RS256")
}

// Unknown kids fetch the set again within a budget: a burst, then one
// per RefreshEvery; a set older than MaxAge is fetched on next use.
func TestRemoteRefreshBudget(t *testing.T) {
	ctx := context.Background()
	p := newProvider(t, encode(t, Key{ID: "a", Pub: &rsaKey.PublicKey}))
	c := &clock{now: time.Unix(0, 0)}
	r := newRemote(p, c)
	for range 10 {
		_, err := r.Key(ctx, "made-up", "RS256")
		assert.ErrorIs(t, err, ErrUnknownKey)
	}
	assert.EqualValues(t, RefreshBurst, p.fetches.Load(), "the burst, then nothing")
	c.Advance(RefreshEvery)
	_, _ = r.Key(ctx, "made-up", "RS256")
	_, _ = r.Key(ctx, "made-up", "RS256")
	assert.EqualValues(t, RefreshBurst+1, p.fetches.Load(), "one more per interval")

	_, err := r.Key(ctx, "a", "RS256")
	require.NoError(t, err)
	assert.EqualValues(t, RefreshBurst+1, p.fetches.Load(), "a known key needs no fetch")
	c.Advance(MaxAge)
	_, err = r.Key(ctx, "a", "RS256")
	require.NoError(t, err)
	assert.EqualValues(t, RefreshBurst+2, p.fetches.Load(), "stale: fetched again")
}

// A provider that fails leaves the last set in use; one that never
// answered well refuses tokens with the reason.
func TestRemoteFailures(t *testing.T) {
	ctx := context.Background()
	p := newProvider(t, encode(t, Key{ID: "a", Pub: &rsaKey.PublicKey}))
	c := &clock{now: time.Unix(0, 0)}
	r := newRemote(p, c)
	_, err := r.Key(ctx, "a", "RS256")
	require.NoError(t, err)
	p.publish("oops", http.StatusInternalServerError)
	c.Advance(MaxAge)
	_, err = r.Key(ctx, "a", "RS256")
	assert.NoError(t, err, "the last good set stands")

	for name, tc := range map[string]struct {
		body   string
		status int
	}{
		"status":    {"{}", http.StatusNotFound},
		"too large": {`{"keys":[],"pad":"` + strings.Repeat("x", MaxBytes) + `"}`, http.StatusOK},
		"empty":     {`{"keys":[]}`, http.StatusOK},
	} {
		p.publish(tc.body, tc.status)
		_, err := newRemote(p, c).Key(ctx, "a", "RS256")
		assert.Error(t, err, name)
		assert.NotErrorIs(t, err, ErrUnknownKey, name)
	}
}

func TestRemoteDiscoversTheSet(t *testing.T) {
	p := newProvider(t, encode(t, Key{ID: "a", Pub: &rsaKey.PublicKey}))
	r := NewRemote(Options{Issuer: p.srv.URL + "/"})
	k, err := r.Key(context.Background(), "", "RS256")
	require.NoError(t, err, "with no kid, the one key that fits")
	assert.True(t, rsaKey.PublicKey.Equal(k))
}

// Requests arriving while the set is fetched wait for that fetch.
func TestRemoteFetchesOnceForConcurrentCallers(t *testing.T) {
	p := newProvider(t, encode(t, Key{ID: "a", Pub: &rsaKey.PublicKey}))
	r := newRemote(p, &clock{now: time.Unix(0, 0)})
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			_, err := r.Key(context.Background(), "a", "RS256")
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	assert.LessOrEqual(t, p.fetches.Load(), int32(RefreshBurst))
}

// A caller that gives up stops the fetch.
func TestRemoteFetchEndsWithItsCaller(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := NewRemote(Options{URL: srv.URL}).Key(ctx, "a", "RS256")
	assert.ErrorIs(t, err, context.Canceled)
}
