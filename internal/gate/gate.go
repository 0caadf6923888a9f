package gate

import (
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"

	"github.com/mockdex/mockdex/internal/auth"
)

// Options are the credentials the gate accepts. Every zero value works.
type Options struct {
	// ServiceKey is the reporting "dc-token" key; default auth.DefaultServiceKey.
	ServiceKey string
	// APIKey is the x-api-key of server-to-server endpoints; default auth.DefaultAPIKey.
	APIKey string
	// JWTSecret checks patient bearer tokens (HS256); default auth.DefaultJWTSecret.
	JWTSecret string
	// Issuers are identity providers whose patient tokens are accepted
	// besides those signed with JWTSecret.
	Issuers []auth.Issuer
	// TokenRefused, when set, hears why a patient token was refused (the
	// client hears only DexCare's 401): a wrong audience, an unknown key,
	// a provider that cannot be reached. The reason never holds the token.
	TokenRefused func(reason error)
}

func (o Options) withDefaults() Options {
	if o.ServiceKey == "" {
		o.ServiceKey = auth.DefaultServiceKey
	}
	if o.APIKey == "" {
		o.APIKey = auth.DefaultAPIKey
	}
	if o.JWTSecret == "" {
		o.JWTSecret = auth.DefaultJWTSecret
	}
	return o
}

// Gate routes requests by the spec and checks them against it: one per
// mock (its credentials), over the process's one compiled spec.
type Gate struct {
	opts   Options
	doc    *openapi3.T
	router routers.Router
	bearer *auth.Bearer  // patient tokens: signed with opts.JWTSecret, or by an issuer
	passed passedQueries // queries that passed validation (memo.go)
	ops    []Operation
}

// New builds a gate on the shared compiled spec (Load).
func New(o Options) (*Gate, error) {
	c, err := compiled()
	if err != nil {
		return nil, err
	}
	o = o.withDefaults()
	g := &Gate{opts: o, doc: c.doc, router: c.router, bearer: auth.NewBearer(o.JWTSecret, nil, o.Issuers...)}
	g.ops = specOperations(c.doc)
	return g, nil
}

// Options are the credentials the gate accepts, defaults filled in.
func (g *Gate) Options() Options { return g.opts }

// Load compiles the spec and its router, once per process: a mock calls
// it beside building its world, as each is about half of a cold start.
func Load() error {
	_, err := compiled()
	return err
}

// Spec is the compiled spec the gate routes and validates by. It is
// shared by every gate in the process: read it, never change it.
func (g *Gate) Spec() *openapi3.T { return g.doc }
