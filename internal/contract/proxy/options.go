package proxy

import (
	"context"
	"net/http"
	"time"

	"github.com/mockdex/mockdex/internal/contract"
	"github.com/mockdex/mockdex/internal/scenarios"
)

// Defaults for Options' zero values.
const (
	DefaultTimeout        = time.Minute
	DefaultMaxBody        = 256 << 20
	DefaultMaxRequestBody = 1 << 20
	DefaultMaxCapture     = 1 << 20
	DefaultMaxWait        = 10 * time.Second
	DefaultQueueLen       = 256
	DefaultMaxFindings    = 1000
	DefaultMaxRecordings  = 2000
)

// Options configure a proxy. Zero values take the defaults.
type Options struct {
	// Upstreams maps each DexCare host to the tier's base URL for it
	// (scheme://host[:port][/base]), as `contract run` takes --api,
	// --ecvapi and --reporting. A request for a host without one is
	// refused (502), never sent elsewhere.
	Upstreams map[scenarios.Host]string
	// Mock answers the shadow requests and, with Fallback, the app; nil:
	// nothing is compared and nothing falls back.
	Mock http.Handler
	// Noise, when set, is a second mock (another seed, another day) whose
	// differences from Mock are noise, as a run's second reference; nil:
	// the answers are compared by shape only.
	Noise http.Handler
	// MockCredentials are what Mock (and Noise) accept; the app's own are
	// never sent to them.
	MockCredentials scenarios.Credentials
	// MockPatient is the patient the mock's bearer token names when the
	// app's token names none it can read.
	MockPatient string
	// Judge validates requests and answers (nil: not validated).
	Judge *contract.Judge
	// Fallback answers from Mock where the tier answers 404 or 501 for an
	// operation the spec has and the mock serves it.
	Fallback bool
	// RecordDir, when set, keeps the tier's answers to the mirror's
	// read-only calls there, redacted (mirror.SaveSeen); at most
	// MaxRecordings distinct requests.
	RecordDir     string
	MaxRecordings int
	// Transport reaches the tier; nil: a clone of http.DefaultTransport
	// with a bound on answer headers.
	Transport http.RoundTripper
	// Timeout bounds one exchange with the tier, from sending to its last
	// byte; a streamed answer still going is cut then.
	Timeout time.Duration
	// MaxBody bounds the bytes of one answer passed on to the app; a
	// larger one is cut (the app sees the connection end) and reported.
	MaxBody int64
	// MaxRequestBody bounds the request bytes kept to replay to the mock
	// and judge; a larger body is still forwarded whole, unjudged.
	MaxRequestBody int64
	// MaxCapture bounds the answer bytes kept to judge; a larger answer
	// is passed on whole but judged by status only.
	MaxCapture int64
	// RPS limits requests to the tier per second (0: no limit). A request
	// that would wait longer than MaxWait for its turn (or for the end of
	// the tier's last Retry-After) is answered 429 by the proxy.
	RPS     float64
	MaxWait time.Duration
	// QueueLen bounds the exchanges waiting to be judged; past it an
	// exchange is not judged, and the report counts it.
	QueueLen int
	// MaxFindings bounds the distinct findings kept.
	MaxFindings int
	// Target names the tier in reports.
	Target string
	// Now and Sleep stand in for the clock (tests); nil: the real one.
	Now   func() time.Time
	Sleep func(context.Context, time.Duration) error
}

func (o Options) withDefaults() Options {
	def := func(v *int64, d int64) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.MaxBody, DefaultMaxBody)
	def(&o.MaxRequestBody, DefaultMaxRequestBody)
	def(&o.MaxCapture, DefaultMaxCapture)
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxWait <= 0 {
		o.MaxWait = DefaultMaxWait
	}
	if o.QueueLen <= 0 {
		o.QueueLen = DefaultQueueLen
	}
	if o.MaxFindings <= 0 {
		o.MaxFindings = DefaultMaxFindings
	}
	if o.MaxRecordings <= 0 {
		o.MaxRecordings = DefaultMaxRecordings
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = contract.Sleep
	}
	if o.Target == "" {
		o.Target = "proxy"
	}
	return o
}
