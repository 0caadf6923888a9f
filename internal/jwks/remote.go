package jwks

import (
	"context"
	"crypto"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Bounds of a fetch: a set (or discovery document) is a few KiB.
const (
	MaxBytes     = 1 << 20
	FetchTimeout = 5 * time.Second
)

// Refreshes: a set is fetched again when older than MaxAge (on next
// use), or when a token names a key it does not hold; fetches of either
// kind, the first included, come out of one budget: RefreshBurst at
// once, then one per RefreshEvery.
const (
	MaxAge       = 5 * time.Minute
	RefreshBurst = 3
	RefreshEvery = 10 * time.Second
)

// ErrUnknownKey is a token naming a key the set does not hold (after a
// fetch, when one was allowed).
var ErrUnknownKey = errors.New("no key of the set fits the token")

// Options say where a Remote finds its set.
type Options struct {
	// URL is the set's; "" finds it as jwks_uri in Issuer's OpenID
	// discovery document (Issuer + "/.well-known/openid-configuration").
	URL    string
	Issuer string
	// Client fetches (nil: a client with FetchTimeout and the system's
	// roots and proxies).
	Client *http.Client
	// Now is the clock refreshes are timed by (nil: time.Now).
	Now func() time.Time
}

// Remote is an identity provider's key set, fetched on first use.
type Remote struct {
	opts  Options
	fetch sync.Mutex // one fetch at a time
	mu    sync.Mutex // guards the fields below
	url   string     // the set's URL, once known
	keys  []Key
	at    time.Time // of the last good fetch
	// tokens and filled make the refresh budget (a bucket).
	tokens float64
	filled time.Time
}

// NewRemote returns the set o names; nothing is fetched yet.
func NewRemote(o Options) *Remote {
	if o.Client == nil {
		o.Client = &http.Client{Timeout: FetchTimeout}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Remote{opts: o, url: o.URL, tokens: RefreshBurst}
}

// Key is the key published under kid that fits alg (auth.KeySource).
// The set is fetched when it is older than MaxAge or holds no such key,
// within the refresh budget; a set that cannot be fetched again is used
// as last fetched.
func (r *Remote) Key(ctx context.Context, kid, alg string) (crypto.PublicKey, error) {
	keys, fresh := r.current()
	k, found := pick(keys, kid, alg)
	if found && fresh {
		return k, nil
	}
	if r.allowRefresh() {
		if err := r.refresh(ctx); err != nil && !found {
			return nil, err
		}
	} else {
		r.fetch.Lock() // out of budget: take what a fetch under way brings
		r.fetch.Unlock()
	}
	keys, _ = r.current()
	k, found = pick(keys, kid, alg)
	if found {
		return k, nil
	}
	return nil, fmt.Errorf("%w (kid %q, alg %s)", ErrUnknownKey, kid, alg)
}

// current is the set held, and whether it is younger than MaxAge.
func (r *Remote) current() ([]Key, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.keys, r.keys != nil && r.opts.Now().Sub(r.at) < MaxAge
}

// allowRefresh takes one fetch from the budget.
func (r *Remote) allowRefresh() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.opts.Now()
	if !r.filled.IsZero() {
		r.tokens = min(RefreshBurst, r.tokens+now.Sub(r.filled).Seconds()/RefreshEvery.Seconds())
	}
	r.filled = now
	if r.tokens < 1 {
		return false
	}
	r.tokens--
	return true
}

// pick is the key under kid that fits alg; with kid "", the only key
// that fits.
func pick(keys []Key, kid, alg string) (crypto.PublicKey, bool) {
	var found []Key
	for _, k := range keys {
		if (kid == "" || k.ID == kid) && k.fits(alg) {
			found = append(found, k)
		}
	}
	if len(found) != 1 {
		return nil, false
	}
	return found[0].Pub, true
}

// refresh fetches the set; callers arriving during a fetch wait for it
// and take its result rather than fetching again.
func (r *Remote) refresh(ctx context.Context) error {
	r.mu.Lock()
	before := r.at
	r.mu.Unlock()
	r.fetch.Lock()
	defer r.fetch.Unlock()
	r.mu.Lock()
	done := r.at != before
	r.mu.Unlock()
	if done {
		return nil
	}
	keys, err := r.get(ctx)
	if err != nil {
		return err
	}
	r.mu.Lock()
	r.keys, r.at = keys, r.opts.Now()
	r.mu.Unlock()
	return nil
}

func (r *Remote) get(ctx context.Context) ([]Key, error) {
	url, err := r.setURL(ctx)
	if err != nil {
		return nil, err
	}
	b, err := r.read(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("the JWKS %s: %w", url, err)
	}
	keys, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("the JWKS %s: %w", url, err)
	}
	return keys, nil
}

// setURL is the set's URL: given, or found in the discovery document
// (once).
func (r *Remote) setURL(ctx context.Context) (string, error) {
	r.mu.Lock()
	url := r.url
	r.mu.Unlock()
	if url != "" {
		return url, nil
	}
	where := strings.TrimSuffix(r.opts.Issuer, "/") + "/.well-known/openid-configuration"
	b, err := r.read(ctx, where)
	if err != nil {
		return "", fmt.Errorf("the issuer's discovery document %s: %w", where, err)
	}
	var doc struct {
		JWKSURI string `json:"jwks_uri"`
	}
	if err := json.Unmarshal(b, &doc); err != nil || doc.JWKSURI == "" {
		return "", fmt.Errorf("the issuer's discovery document %s has no jwks_uri", where)
	}
	r.mu.Lock()
	r.url = doc.JWKSURI
	r.mu.Unlock()
	return doc.JWKSURI, nil
}

// read GETs url: a 200 with at most MaxBytes of body, within
// FetchTimeout.
func (r *Remote) read(ctx context.Context, url string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, FetchTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := r.opts.Client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxBytes {
		return nil, fmt.Errorf("larger than %d bytes", MaxBytes)
	}
	return b, nil
}
