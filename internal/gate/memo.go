package gate

import (
	"net/http"
	"net/url"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"

	"github.com/mockdex/mockdex/internal/redact"
)

// passedQueries remembers, per operation, raw queries that passed request
// validation, for operations whose verdict depends on nothing else: no
// security, no body, no path parameter, and (checked per request) no
// header or cookie parameter sent. For those, validation is a function of
// the raw query alone, so a query that passed once passes again; the
// same wait-times poll repeated many times a second skips kin-openapi's
// decoding. Refusals are never remembered (each is worked out afresh,
// with its message), nor queries with a key redact names (the memo must
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
	raw      map[string]struct{} // guarded by mu
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
	o := &opPassed{raw: map[string]struct{}{},
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

func (o *opPassed) passed(raw string) bool {
	o.mu.RLock()
	defer o.mu.RUnlock()
	_, ok := o.raw[raw]
	return ok
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
	o.raw[raw] = struct{}{}
}
