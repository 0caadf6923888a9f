package loadgen

import (
	"fmt"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/auth"
)

// Config says what to send, to where, and when to stop. Zero values of
// the numeric fields take the defaults below.
type Config struct {
	BaseURL     string        // loopback only; see CheckLoopback
	Requests    int           // stop after this many requests (default 20000)
	Duration    time.Duration // or after this long, whichever comes first (default 10s)
	Concurrency int           // workers sending at once (default 8)
	Mix         Mix           // which operations, and how often each (default read)
	Credentials Credentials
}

// Credentials are the keys the mock was started with.
type Credentials struct {
	ServiceKey string // reporting: Authorization: dc-token KEY
	APIKey     string // time slots: x-api-key
	JWTSecret  string // signs the patient bearer token for visit creates
}

// DefaultCredentials are the mock's own defaults.
func DefaultCredentials() Credentials {
	return Credentials{ServiceKey: "SECRET_TOKEN", APIKey: "mockdex-api-key", JWTSecret: auth.DefaultJWTSecret}
}

// Defaults of Config's zero values.
const (
	DefaultRequests    = 20000
	DefaultDuration    = 10 * time.Second
	DefaultConcurrency = 8
)

// withDefaults fills zero values and checks the rest.
func (c Config) withDefaults() (Config, error) {
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if err := CheckLoopback(c.BaseURL); err != nil {
		return c, err
	}
	if c.Requests == 0 {
		c.Requests = DefaultRequests
	}
	if c.Duration == 0 {
		c.Duration = DefaultDuration
	}
	if c.Concurrency == 0 {
		c.Concurrency = DefaultConcurrency
	}
	if c.Mix == "" {
		c.Mix = MixRead
	}
	if c.Requests < 0 || c.Duration < 0 || c.Concurrency < 0 {
		return c, fmt.Errorf("requests, duration and concurrency must be positive")
	}
	if _, err := c.Mix.schedule(); err != nil {
		return c, err
	}
	def := DefaultCredentials()
	c.Credentials.ServiceKey = orDefault(c.Credentials.ServiceKey, def.ServiceKey)
	c.Credentials.APIKey = orDefault(c.Credentials.APIKey, def.APIKey)
	c.Credentials.JWTSecret = orDefault(c.Credentials.JWTSecret, def.JWTSecret)
	return c, nil
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
