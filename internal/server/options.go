package server

import (
	"io/fs"
	"log/slog"

	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/clock"
	"github.com/mockdex/mockdex/internal/journal"
	"github.com/mockdex/mockdex/internal/namespaces"
)

// Options configure a Server. Every zero value works.
type Options struct {
	// Clock drives all state; nil is a manual clock frozen at the start time.
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
	// ServiceKey is the reporting "dc-token" key; default DefaultServiceKey,
	// the docs' placeholder, so their curl examples run verbatim.
	ServiceKey string
	// APIKey is the x-api-key for server-to-server endpoints; default DefaultAPIKey.
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
}

// DefaultJournalSize is how many requests the journal keeps when
// Options.JournalSize is zero.
const DefaultJournalSize = journal.DefaultEntries

// Defaults for the credentials.
const (
	DefaultServiceKey = "SECRET_TOKEN"
	DefaultAPIKey     = "mockdex-api-key"
)

func (o Options) withDefaults() Options {
	if o.ServiceKey == "" {
		o.ServiceKey = DefaultServiceKey
	}
	if o.APIKey == "" {
		o.APIKey = DefaultAPIKey
	}
	if o.JWTSecret == "" {
		o.JWTSecret = auth.DefaultJWTSecret
	}
	if o.JournalSize == 0 {
		o.JournalSize = DefaultJournalSize
	}
	if o.MaxNamespaces == 0 {
		o.MaxNamespaces = namespaces.DefaultMax
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}
