package gate

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/mockdex/mockdex/internal/apierr"
	"github.com/mockdex/mockdex/internal/auth"
	"github.com/mockdex/mockdex/internal/redact"
)

// Check validates in's request against its operation: the body's size
// first, then security (DexCare refuses a bad credential before it reads
// the body), then parameters, then the body. The body is read once
// (bounded) and a JSON body parsed once; every check of it works on that
// parse, which Decode then hands to the handler. now is the mock time
// tokens are judged at. A refusal is an *apierr.Error or a *Violation.
func (g *Gate) Check(in *Input, now time.Time) error {
	memo := g.passed.of(in.Route)
	if !memo.applies(in.r, in.Params) {
		return g.checkFully(in, now)
	}
	// The query as sent: kin-openapi writes a parameter's default into
	// the request's RawQuery (never into the parse Query keeps).
	raw := in.r.URL.RawQuery
	if q, ok := memo.passed(raw); ok {
		in.query = q // parsed when it first passed; read-only, as Query says
		return nil
	}
	err := g.checkFully(in, now)
	if err == nil {
		memo.remember(raw, in.Query())
	}
	return err
}

// checkFully is Check without the memo of passed queries.
func (g *Gate) checkFully(in *Input, now time.Time) error {
	raw, err := readBody(in.r, in.Route.Operation)
	if err != nil {
		return err
	}
	in.Raw = raw
	kin := &openapi3filter.RequestValidationInput{
		Request:     in.r,
		PathParams:  in.Params,
		QueryParams: in.Query(),
		Route:       in.Route,
		Options: &openapi3filter.Options{
			AuthenticationFunc: func(_ context.Context, ai *openapi3filter.AuthenticationInput) error {
				return g.authenticate(ai, in, now)
			},
			SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.EnableFormatValidation()},
			// The body is checked on its one parse (checkBody), never
			// read again by kin-openapi.
			ExcludeRequestBody: true,
		},
	}
	if err := openapi3filter.ValidateRequest(in.r.Context(), kin); err != nil {
		return refusal(err, in)
	}
	return g.checkBody(in, kin)
}

// refusal words kin-openapi's verdict on security and parameters; a
// refused credential's mistake goes into in.
func refusal(err error, in *Input) error {
	var sec *openapi3filter.SecurityRequirementsError
	if errors.As(err, &sec) {
		for _, e := range sec.Errors {
			var rc *refusedCredential
			if errors.As(e, &rc) {
				in.AuthProblem = rc.problem
				return rc.answer
			}
			var ae *apierr.Error
			if errors.As(e, &ae) {
				return ae
			}
		}
		return apierr.New(apierr.Unauthorized, "Unauthorized")
	}
	return violationFrom(err)
}

// authenticate checks one security scheme of the operation; a verified
// bearer token's subject goes into in. A refusal is DexCare's answer for
// the scheme, whatever the mistake, with the mistake named beside it.
func (g *Gate) authenticate(ai *openapi3filter.AuthenticationInput, in *Input, now time.Time) error {
	r := ai.RequestValidationInput.Request
	h := r.Header
	switch ai.SecuritySchemeName {
	case "ServiceToken":
		if p := auth.ServiceTokenProblem(h.Get("Authorization"), g.opts.ServiceKey); p != "" {
			return refuseCredential(apierr.New(apierr.Forbidden, "Authorization failed: bad service token"), p, h, auth.NeedsAuthorization)
		}
	case "ApiKey":
		if p := auth.APIKeyProblem(h.Get("x-api-key"), g.opts.APIKey); p != "" {
			return refuseCredential(apierr.New(apierr.Unauthorized, "Unauthorized").WithCode("APIKEY_INVALID_OR_MISSING"), p, h, auth.NeedsAPIKey)
		}
	case "CareOptionsKey":
		if p := auth.APIKeyProblem(h.Get("x-api-key"), g.opts.APIKey); p != "" {
			return refuseCredential(apierr.New(apierr.Forbidden, "Forbidden"), p, h, auth.NeedsAPIKey)
		}
	case "PatientJWT":
		sub, err := g.bearer.Verify(r.Context(), h.Get("Authorization"), now)
		if err != nil {
			if g.opts.TokenRefused != nil {
				g.opts.TokenRefused(err)
			}
			return refuseCredential(apierr.New(apierr.Unauthorized, "Unauthorized: invalid or expired token"), auth.ProblemOf(err), h, auth.NeedsAuthorization)
		}
		in.Subject = sub
	default:
		return apierr.New(apierr.Internal, "unknown security scheme")
	}
	return nil
}

// refusedCredential is an authentication refusal: DexCare's answer, and
// the mistake behind it for the journal and the log.
type refusedCredential struct {
	answer  *apierr.Error
	problem auth.Problem
}

func (e *refusedCredential) Error() string { return e.answer.Error() }
func (e *refusedCredential) Unwrap() error { return e.answer }

// refuseCredential pairs answer with p; a credential that is absent is
// told apart from one sent in the wrong header (needs is the header the
// scheme reads).
func refuseCredential(answer *apierr.Error, p auth.Problem, h http.Header, needs string) error {
	if p == auth.NoCredential {
		p = auth.Absent(h, needs)
	}
	return &refusedCredential{answer: answer, problem: p}
}

// passedQueries remembers, per operation, raw queries that passed request
// validation, for operations whose verdict depends on nothing else: no
// security, no body, no path parameter, and (checked per request) no
// header or cookie parameter sent. For those, validation is a function of
// the raw query alone, so a query that passed once passes again; the
// same wait-times poll repeated many times a second skips kin-openapi's
// decoding, and the query's parse: the parse kept is handed to every
// later request with that query (Query's values are read-only).
// Refusals are never remembered (each is worked out afresh, with its
// message), nor queries with a key redact names (the memo must
// not keep patient data or secrets), nor long ones.
type passedQueries struct {
	byOp sync.Map // *openapi3.Operation → *opPassed
}

// Bounds of one operation's memo: it is emptied when full.
const (
	maxPassedQueries = 256
	maxPassedQuery   = 512
)

type opPassed struct {
	eligible bool
	headers  []string // canonical names of header parameters
	cookies  bool     // some parameter is a cookie
	mu       sync.RWMutex
	raw      map[string]url.Values // guarded by mu: each passed query, parsed
}

// of is route's memo, made on first use.
func (p *passedQueries) of(route *routers.Route) *opPassed {
	if v, ok := p.byOp.Load(route.Operation); ok {
		return v.(*opPassed)
	}
	v, _ := p.byOp.LoadOrStore(route.Operation, newOpPassed(route))
	return v.(*opPassed)
}

func newOpPassed(route *routers.Route) *opPassed {
	op := route.Operation
	security := op.Security
	if security == nil {
		security = &route.Spec.Security
	}
	o := &opPassed{raw: map[string]url.Values{},
		eligible: len(*security) == 0 && op.RequestBody == nil}
	for _, params := range []openapi3.Parameters{route.PathItem.Parameters, op.Parameters} {
		for _, ref := range params {
			switch ref.Value.In {
			case openapi3.ParameterInPath:
				o.eligible = false
			case openapi3.ParameterInHeader:
				o.headers = append(o.headers, http.CanonicalHeaderKey(ref.Value.Name))
			case openapi3.ParameterInCookie:
				o.cookies = true
			}
		}
	}
	return o
}

// applies says r's verdict is a function of its raw query.
func (o *opPassed) applies(r *http.Request, params map[string]string) bool {
	if !o.eligible || len(params) > 0 || len(r.URL.RawQuery) > maxPassedQuery {
		return false
	}
	if o.cookies && len(r.Header["Cookie"]) > 0 {
		return false
	}
	for _, h := range o.headers {
		if len(r.Header[h]) > 0 {
			return false
		}
	}
	return true
}

// passed says raw passed before, with its parse then.
func (o *opPassed) passed(raw string) (url.Values, bool) {
	o.mu.RLock()
	defer o.mu.RUnlock()
	q, ok := o.raw[raw]
	return q, ok
}

// remember notes that raw passed, unless one of q's keys is one redact
// names.
func (o *opPassed) remember(raw string, q url.Values) {
	for k := range q {
		if redact.Of(k) != redact.Public {
			return
		}
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.raw) >= maxPassedQueries {
		clear(o.raw)
	}
	o.raw[raw] = q
}
