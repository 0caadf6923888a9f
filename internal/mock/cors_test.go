package mock_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/mock"
)

const appOrigin = "http://localhost:3000"

// send serves one request from a page on origin (none when "").
func send(h http.Handler, method, path, origin string, header map[string]string, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, "http://127.0.0.1:8080"+path, strings.NewReader(body))
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func preflight(h http.Handler, path, origin, method, headers string) *httptest.ResponseRecorder {
	return send(h, http.MethodOptions, path, origin, map[string]string{
		"Access-Control-Request-Method": method, "Access-Control-Request-Headers": headers}, "")
}

func newMock(t *testing.T, o mock.Options) *mock.Mock {
	t.Helper()
	m, err := mock.New(o)
	require.NoError(t, err)
	return m
}

// By default a page on any origin may create a visit: the preflight (its
// headers sorted and lowercase, as browsers send them)
// grants the method and the headers the operation takes, for long enough
// that the app's calls are not each preceded by one.
func TestPreflightGrantsWhatDexCareOperationsUse(t *testing.T) {
	m := newMock(t, mock.Options{})
	rec := preflight(m, "/api/9/visits", appOrigin, "POST", "authorization,content-type,correlation-id,x-mockdex-namespace")
	assert.Equal(t, http.StatusNoContent, rec.Code)
	h := rec.Header()
	assert.Equal(t, "*", h.Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "POST", h.Get("Access-Control-Allow-Methods"))
	assert.Equal(t, "authorization,content-type,correlation-id,x-mockdex-namespace", h.Get("Access-Control-Allow-Headers"))
	assert.Equal(t, "600", h.Get("Access-Control-Max-Age"))
	assert.Empty(t, h.Get("Access-Control-Allow-Credentials"), "bearer tokens, never cookies")

	rec = preflight(m, "/v1/booking/queued-guest-visit", appOrigin, "POST", "content-type,x-api-key")
	assert.Equal(t, "*", rec.Header().Get("Access-Control-Allow-Origin"), "the server-to-server key too")
	rec = preflight(m, "/api/8/reporting/allvisitsreport", appOrigin, "POST", "authorization")
	assert.Equal(t, "*", rec.Header().Get("Access-Control-Allow-Origin"), "the reporting dc-token")
}

// A header no operation takes, or a method none uses, is not granted: the
// browser stops the call, as it would against a tier that does not take it.
func TestPreflightRefusesWhatNoOperationUses(t *testing.T) {
	m := newMock(t, mock.Options{})
	for name, rec := range map[string]*httptest.ResponseRecorder{
		"header": preflight(m, "/api/9/visits", appOrigin, "POST", "x-custom"),
		"method": preflight(m, "/api/9/visits", appOrigin, "PATCH", ""),
	} {
		assert.Empty(t, rec.Header().Get("Access-Control-Allow-Origin"), name)
		assert.Empty(t, rec.Header().Get("Access-Control-Allow-Methods"), name)
	}
}

// A preflight for a path the spec lacks is granted, so the app reads the
// mock's 404 (with its body) rather than a CORS failure that hides it.
func TestPreflightForAPathTheSpecLacks(t *testing.T) {
	m := newMock(t, mock.Options{})
	rec := preflight(m, "/api/9/no-such-thing", appOrigin, "GET", "authorization")
	assert.Equal(t, http.StatusNoContent, rec.Code)
	assert.Equal(t, "*", rec.Header().Get("Access-Control-Allow-Origin"))
	rec = send(m, "GET", "/api/9/no-such-thing", appOrigin, nil, "")
	assert.Equal(t, http.StatusNotFound, rec.Code)
	assert.Equal(t, "*", rec.Header().Get("Access-Control-Allow-Origin"))
	assert.JSONEq(t, `{"error":"Not Found"}`, rec.Body.String())
}

// Answers carry the origin's permission whatever their status: a
// success, the gate's 401 in DexCare's body, a fault's 503. The headers
// an app needs are readable.
func TestAnswersAndErrorsCarryTheOrigin(t *testing.T) {
	m := newMock(t, mock.Options{})
	ok := send(m, "GET", "/api/9/modalities", appOrigin, map[string]string{"correlation-id": "c-1"}, "")
	assert.Equal(t, http.StatusOK, ok.Code)
	assert.Equal(t, "*", ok.Header().Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "c-1", ok.Header().Get("correlation-id"))
	exposed := ok.Header().Get("Access-Control-Expose-Headers")
	for _, h := range []string{"Correlation-Id", "Retry-After", "Location", "X-Mockdex-Fault"} {
		assert.Contains(t, exposed, h)
	}

	refused := send(m, "POST", "/api/9/visits", appOrigin, map[string]string{"Content-Type": "application/json", "Authorization": "Bearer nope"}, `{}`)
	assert.Equal(t, http.StatusUnauthorized, refused.Code)
	assert.Equal(t, "*", refused.Header().Get("Access-Control-Allow-Origin"))
	assert.JSONEq(t, `{"error":"Unauthorized: invalid or expired token"}`, refused.Body.String())

	fault := send(m, "POST", "/_mockdex/faults", "", map[string]string{"Content-Type": "application/json"}, `{"operationId":"getModalities","status":503}`)
	require.Equal(t, http.StatusCreated, fault.Code, fault.Body.String())
	faulted := send(m, "GET", "/api/9/modalities", appOrigin, nil, "")
	assert.Equal(t, http.StatusServiceUnavailable, faulted.Code)
	assert.Equal(t, "*", faulted.Header().Get("Access-Control-Allow-Origin"))
}

// With origins listed, those get in (each named back, Vary: Origin) and
// others get no permission; a request without Origin is answered as ever.
func TestListedOrigins(t *testing.T) {
	m := newMock(t, mock.Options{CORSOrigins: []string{appOrigin, "https://*.example.org"}})
	assert.Equal(t, appOrigin, send(m, "GET", "/api/9/modalities", appOrigin, nil, "").Header().Get("Access-Control-Allow-Origin"))
	sub := send(m, "GET", "/api/9/modalities", "https://app.example.org", nil, "")
	assert.Equal(t, "https://app.example.org", sub.Header().Get("Access-Control-Allow-Origin"))
	assert.Contains(t, sub.Header().Values("Vary"), "Origin")
	other := send(m, "GET", "/api/9/modalities", "http://evil.test", nil, "")
	assert.Equal(t, http.StatusOK, other.Code, "the answer is the same; the browser withholds it")
	assert.Empty(t, other.Header().Get("Access-Control-Allow-Origin"))
	assert.Empty(t, preflight(m, "/api/9/visits", "http://evil.test", "POST", "authorization").Header().Get("Access-Control-Allow-Origin"))
	assert.Equal(t, http.StatusOK, send(m, "GET", "/api/9/modalities", "", nil, "").Code)
}

// An origin a browser never sends is refused at start, not left to fail
// silently in the app.
func TestOriginsThatCannotMatchAreRefused(t *testing.T) {
	for _, o := range []string{"localhost:3000", "http://localhost:3000/", "ftp://x", "http://*.*.example.org"} {
		_, err := mock.New(mock.Options{CORSOrigins: []string{o}})
		assert.Error(t, err, o)
	}
}

// NoCORS answers no browser: a preflight is the API's 405.
func TestNoCORS(t *testing.T) {
	m := newMock(t, mock.Options{NoCORS: true})
	rec := preflight(m, "/api/9/visits", appOrigin, "POST", "authorization")
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	assert.Empty(t, rec.Header().Get("Access-Control-Allow-Origin"))
	assert.Empty(t, send(m, "GET", "/api/9/modalities", appOrigin, nil, "").Header().Get("Access-Control-Allow-Origin"))
}

// The control plane never answers cross-origin: its preflights are
// refused, a cross-origin write is refused before it acts, and nothing
// it answers grants an origin.
func TestControlPlaneAnswersNoOrigin(t *testing.T) {
	m := newMock(t, mock.Options{})
	pre := preflight(m, "/_mockdex/reset", appOrigin, "POST", "content-type")
	assert.Equal(t, http.StatusForbidden, pre.Code)
	assert.Empty(t, pre.Header().Get("Access-Control-Allow-Origin"))
	for _, path := range []string{"/_mockdex/reset", "/_mockdex/clock", "/_mockdex/faults", "/_mockdex/tokens"} {
		rec := send(m, "POST", path, appOrigin, map[string]string{"Content-Type": "text/plain"}, `{}`)
		assert.Equal(t, http.StatusForbidden, rec.Code, path)
		assert.Empty(t, rec.Header().Get("Access-Control-Allow-Origin"), path)
	}
	read := send(m, "GET", "/_mockdex/clock", appOrigin, nil, "")
	assert.Equal(t, http.StatusForbidden, read.Code)
	assert.Empty(t, read.Header().Get("Access-Control-Allow-Origin"))
}
