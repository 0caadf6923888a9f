package mock

import (
	"io/fs"
	"log/slog"
	"time"

	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/journal"
	"github.com/mockdex/mockdex/internal/namespaces"
)

// Epoch is where a test's mock clock starts unless it says otherwise
// (mockdextest, the contract runner's in-process target): Monday 3 June
// 2024, 09:00 in Seattle, when every region and clinic of the default
// world is open. Treat it as a constant.
var Epoch = time.Date(2024, 6, 3, 16, 0, 0, 0, time.UTC)

// Options configure a mock. Every zero value works.
type Options struct {
	// Clock drives all state; nil is a manual clock frozen at the zero time.
	Clock *clock.Controlled
	// Fixtures replaces the embedded default world (a directory of the same files).
	Fixtures fs.FS
	// Seed makes generated providers, ids and history repeatable.
	Seed int64
	// HistoryDays of generated past activity at start and reset (0: none).
	HistoryDays int
	// MaxVisits is how many visits each namespace's world holds (fakes.Options.MaxVisits:
	// 0 is fakes.DefaultMaxVisits, 50,000; negative, no limit); a visit
	// beyond it is answered 507 until a reset.
	MaxVisits int
	// MaxReports is how many finished report jobs are kept, and how many
	// may be unfinished at once (fakes.Options.MaxReports: 0 is 1,000).
	MaxReports int
	// ServiceKey is the reporting "dc-token" key; default auth.DefaultServiceKey,
	// the docs' placeholder, so their curl examples run verbatim.
	ServiceKey string
	// APIKey is the x-api-key for server-to-server endpoints; default auth.DefaultAPIKey.
	APIKey string
	// JWTSecret signs and checks patient bearer tokens (HS256); default
	// auth.DefaultJWTSecret, which `mockdex token` also signs with.
	JWTSecret string
	// BaseURL is how clients reach this mock, used in visitRedirectUrl;
	// default: the request's own scheme and host.
	BaseURL string
	// Logger gets one line per request; nil discards.
	Logger *slog.Logger
	// JournalSize is how many requests GET /_mockdex/requests keeps;
	// 0 means journal.DefaultEntries, a negative size keeps none.
	JournalSize int
	// JournalBytes bounds the journal's memory (roughly); 0 means
	// journal.DefaultBytes, a negative value keeps none.
	JournalBytes int64
	// MaxNamespaces caps the live namespaces (the default one included);
	// creating one more evicts the least recently used idle one. 0 means
	// namespaces.DefaultMax; a negative cap means none.
	MaxNamespaces int
	// ResponseCheck, when set, turns on strict mode: every response is
	// validated against the spec and failures are reported here (tests
	// fail on them).
	ResponseCheck func(operationID string, status int, err error)

	// NoAdmin serves no control plane: /_mockdex/ answers 404 like any
	// path the spec does not have.
	NoAdmin bool
	// AdminToken, when set, must come with every control-plane request as
	// "Authorization: Bearer TOKEN" (or as a Basic password).
	AdminToken string
	// AdminHosts are host names the control plane answers to besides IP
	// literals and localhost.
	AdminHosts []string

	// Timeline is a timeline of DexCare events (docs/timeline.md) as JSON,
	// the --timeline file: every namespace starts with it, its relative
	// times counted from the namespace's creation. nil: none.
	Timeline []byte

	// DataDir keeps every namespace in this directory (saved within about
	// a second of a change, and by Close), loaded from it at start; ""
	// keeps state in memory only.
	DataDir string
	// ResetData discards what DataDir holds first.
	ResetData bool
	// Durability says when a change is on disk, with DataDir: "interval"
	// (the default: appended to the namespace's log within a fifth of a
	// second, so a write acknowledged more than a second before a crash
	// survives it) or "always" (every write is on disk before it is
	// answered). See docs/durability.md.
	Durability string
	// MaxMemory bounds the process's memory, in bytes (0: none): past it,
	// new namespaces, visits, report jobs and state imports are refused
	// with 507, and nothing stored is dropped (internal/membound).
	MaxMemory int64
	// MemoryRuntimeLimit also sets the Go runtime's soft memory limit
	// under MaxMemory, for the whole process: what `mockdex serve` does;
	// a mock embedded in a test process leaves the runtime alone.
	MemoryRuntimeLimit bool
	// NamespaceIdleTTL expires a namespace (never the default one) after
	// that long without a request: its state is dropped (and its files
	// removed), and a request naming it is answered 410
	// NAMESPACE_EXPIRED until it is deleted. 0 never expires one.
	NamespaceIdleTTL time.Duration
	// CORSOrigins are the origins (scheme://host[:port]) a browser app may
	// call DexCare's API from; none means every origin ("*"), as a local
	// mock should. The control plane never answers cross-origin.
	CORSOrigins []string
	// NoCORS answers no browser's CORS checks: a preflight gets the API's
	// 405 and answers carry no Access-Control-Allow-Origin.
	NoCORS bool
	// TokenIssuer is the app's identity provider, whose patient tokens
	// (RS256, ES256, PS256) are accepted besides mockdex's HS256 ones.
	TokenIssuer TokenIssuer
	// NoOIDC serves no OpenID issuer of mockdex's own under /oidc (see
	// internal/oidc); by default it is served, and its tokens accepted.
	NoOIDC bool
}

// DefaultJournalSize is how many requests the journal keeps when
// Options.JournalSize is zero.
const DefaultJournalSize = journal.DefaultEntries

// withDefaults fills in every default but the credentials', which the
// gate fills in (New copies them back).
func (o Options) withDefaults() Options {
	if o.JournalSize == 0 {
		o.JournalSize = DefaultJournalSize
	}
	if o.MaxNamespaces == 0 {
		o.MaxNamespaces = namespaces.DefaultMax
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Clock == nil {
		o.Clock = clock.NewManual(time.Time{})
	}
	return o
}
