package mockdextest

import (
	"io/fs"
	"time"
)

// Option configures a mock. Every option has a working default.
type Option func(*config)

type config struct {
	start       time.Time
	seed        int64
	historyDays int
	serviceKey  string
	apiKey      string
	jwtSecret   string
	fixtures    fs.FS
	journalSize int // as mock.Options: 0 the default size, negative off
	maxVisits   int // as mock.Options: 0 the default cap, negative none
	maxReports  int
	strict      bool
	noListener  bool
	timeline    []byte // as mock.Options.Timeline
	err         error  // an option that could not be applied
	tls         bool
	issuer      TokenIssuer
}

func newConfig(opts []Option) *config {
	c := &config{start: Epoch, strict: true}
	for _, o := range opts {
		o(c)
	}
	return c
}

// WithStart starts the clock at t instead of Epoch.
func WithStart(t time.Time) Option { return func(c *config) { c.start = t } }

// WithSeed sets the seed for generated providers, ids and history (default
// 0): the same seed gives the same world.
func WithSeed(seed int64) Option { return func(c *config) { c.seed = seed } }

// WithHistoryDays generates days of past visits and provider events before
// the start, so reports have data (default 0: none, the quickest start).
func WithHistoryDays(days int) Option { return func(c *config) { c.historyDays = days } }

// WithServiceKey sets the reporting key, sent as "Authorization: dc-token
// KEY" (default "SECRET_TOKEN", DexCare's documented placeholder).
func WithServiceKey(key string) Option { return func(c *config) { c.serviceKey = key } }

// WithAPIKey sets the x-api-key of the server-to-server endpoints (guest
// visits, time slots; default "mockdex-api-key").
func WithAPIKey(key string) Option { return func(c *config) { c.apiKey = key } }

// WithJWTSecret sets the HS256 secret patient bearer tokens are signed
// and checked with (default: the one `mockdex token` uses).
func WithJWTSecret(secret string) Option { return func(c *config) { c.jwtSecret = secret } }

// WithFixtures replaces the default world with files shaped like mockdex's
// fixtures/ directory (os.DirFS("testdata/world"), an embed.FS, ...). The
// id constants of this package describe the default world only.
func WithFixtures(fsys fs.FS) Option { return func(c *config) { c.fixtures = fsys } }

// WithJournalSize keeps the newest n requests in the request journal
// (default 1000); 0 or less turns the journal off.
func WithJournalSize(n int) Option {
	return func(c *config) {
		c.journalSize = n
		if n <= 0 {
			c.journalSize = -1
		}
	}
}

// WithMaxVisits caps the visits the mock stores (default 50,000): one
// more is answered 507 with code VISIT_LIMIT_REACHED, so a test can check
// how an app handles a full mock. 0 or less means no cap.
func WithMaxVisits(n int) Option { return func(c *config) { c.maxVisits = capOrNone(n) } }

// WithMaxReports caps the report jobs the mock keeps (default 1,000):
// older finished jobs are forgotten (their status answers 404) and, with
// n jobs unfinished, one more is answered 507. 0 or less means no cap.
func WithMaxReports(n int) Option { return func(c *config) { c.maxReports = capOrNone(n) } }

// capOrNone maps a user's cap (0 or less: none) onto mock.Options,
// where 0 is the default and a negative cap is none.
func capOrNone(n int) int {
	if n <= 0 {
		return -1
	}
	return n
}

// Lenient turns off strict response checking, for tests that break
// responses on purpose (through a proxy, say). Faulted responses are never
// checked, strict or not.
func Lenient() Option { return func(c *config) { c.strict = false } }

// WithTLS serves the mock over HTTPS (HTTP/2 or HTTP/1.1) on its
// loopback listener, as NewTLSServer does: URL is https://127.0.0.1:PORT,
// Client trusts the certificate, and Certificate is the authority that
// issued it, for clients of the test's own. Ignored with NoListener.
func WithTLS() Option { return func(c *config) { c.tls = true } }

// TokenIssuer is the app's identity provider (a test's stand-in for it,
// say): its patient tokens are accepted beside the mock's own, checked
// against the keys it publishes, as DexCare would check the app's.
type TokenIssuer struct {
	// URL is the iss its tokens carry.
	URL string
	// Audience must be among the tokens' aud. Required.
	Audience string
	// JWKSURL publishes its keys; "" reads jwks_uri from URL's
	// /.well-known/openid-configuration.
	JWKSURL string
	// PatientClaim names the claim holding the patient GUID; "" is sub.
	PatientClaim string
}

// WithTokenIssuer accepts the patient tokens of the app's identity
// provider: RS256, ES256 or PS256, with a key it publishes, its issuer,
// the audience, and not expired by the wall clock (the provider's, not
// the mock's). A token that fails any of these gets DexCare's 401.
func WithTokenIssuer(i TokenIssuer) Option { return func(c *config) { c.issuer = i } }

// NoListener serves the mock without a network listener: Client calls it
// in memory and URL is a made-up origin (http://mockdex.test) that only
// Client reaches; Handler is the mock to mount elsewhere. Every helper
// works as with a listener.
func NoListener() Option { return func(c *config) { c.noListener = true } }
