package control_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/internal/control"
	"github.com/mockdex/mockdex/mockdextest"
)

// mounted serves m's mock with a control plane of the given options.
func mounted(t *testing.T, m *mockdextest.Server, opts control.Options) *httptest.Server {
	hs := httptest.NewServer(withControl(m, opts))
	t.Cleanup(hs.Close)
	return hs
}

// withControl is m's mock with a control plane of the given options in
// front of its API, as mock.New mounts one.
func withControl(m *mockdextest.Server, opts control.Options) http.Handler {
	mk := mockOf(m)
	c := control.New(mk.Parts(), opts)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, control.Prefix+"/") || r.URL.Path == control.Prefix {
			c.ServeHTTP(w, r)
			return
		}
		mk.API().ServeHTTP(w, r)
	})
}

// send makes a request with the given Host (if any) and headers.
func send(t *testing.T, base, method, path, host, body string, headers ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	require.NoError(t, err)
	if host != "" {
		req.Host = host
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// The attack: a page on another site posts text/plain to the
// mock, reached through DNS rebinding under the attacker's name.
func TestCrossSiteResetIsRefused(t *testing.T) {
	m := mockdextest.NewServer(t)
	world := mockOf(m).World()
	status, body := send(t, m.URL, "POST", "/_mockdex/reset", "evil.example:8080", "x",
		"Content-Type: text/plain", "Origin: http://evil.example:8080")
	assert.Equal(t, http.StatusForbidden, status, body)
	assert.Contains(t, body, "--admin-host")
	assert.Same(t, world, mockOf(m).World(), "nothing was reset")

	for _, c := range []struct {
		name    string
		host    string
		headers []string
		status  int
	}{
		{"foreign Host alone (DNS rebinding)", "evil.example:8080", []string{adminJSON}, http.StatusForbidden},
		{"foreign Origin alone (cross-site page)", "", []string{adminJSON, "Origin: http://evil.example"}, http.StatusForbidden},
		{"opaque Origin", "", []string{adminJSON, "Origin: null"}, http.StatusForbidden},
		{"the browser says cross-site", "", []string{adminJSON, "Sec-Fetch-Site: cross-site"}, http.StatusForbidden},
		{"a form's content type", "", []string{"Content-Type: text/plain"}, http.StatusUnsupportedMediaType},
		{"no content type", "", nil, http.StatusUnsupportedMediaType},
	} {
		status, body := send(t, m.URL, "POST", "/_mockdex/reset", c.host, "", c.headers...)
		assert.Equal(t, c.status, status, "%s: %s", c.name, body)
	}
	assert.Same(t, world, mockOf(m).World(), "nothing was reset")
}

func TestJSONResetFromLoopbackIsObeyed(t *testing.T) {
	m := mockdextest.NewServer(t)
	world := mockOf(m).World()
	origin := "Origin: " + m.URL // the dashboard's own page
	status, body := send(t, m.URL, "POST", "/_mockdex/reset", "", "", adminJSON, origin)
	assert.Equal(t, http.StatusOK, status, body)
	assert.NotSame(t, world, mockOf(m).World())

	port := m.URL[strings.LastIndex(m.URL, ":"):]
	status, body = send(t, m.URL, "POST", "/_mockdex/reset", "localhost"+port, "", adminJSON)
	assert.Equal(t, http.StatusOK, status, "localhost is loopback by name: %s", body)
}

func TestAdminHostsAreAllowedByName(t *testing.T) {
	m := mockdextest.NewServer(t)
	hs := mounted(t, m, control.Options{AdminHosts: []string{"mockdex"}})
	status, _ := send(t, hs.URL, "GET", "/_mockdex/clock", "mockdex:8080", "")
	assert.Equal(t, http.StatusOK, status)
	status, _ = send(t, hs.URL, "GET", "/_mockdex/clock", "MockDex", "")
	assert.Equal(t, http.StatusOK, status, "host names are case-insensitive")
	status, _ = send(t, hs.URL, "GET", "/_mockdex/clock", "other:8080", "")
	assert.Equal(t, http.StatusForbidden, status)
	status, _ = send(t, hs.URL, "GET", "/api/9/modalities", "other:8080", "")
	assert.Equal(t, http.StatusOK, status, "DexCare's API answers any Host")
}

func TestAdminTokenIsRequired(t *testing.T) {
	m := mockdextest.NewServer(t)
	hs := mounted(t, m, control.Options{AdminToken: "s3cret"})
	for _, h := range []string{"", "Authorization: Bearer wrong", "Authorization: Basic dXNlcjp3cm9uZw=="} {
		req, _ := http.NewRequest("GET", hs.URL+"/_mockdex/clock", nil)
		if h != "" {
			k, v, _ := strings.Cut(h, ": ")
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, h)
		assert.Contains(t, resp.Header.Values("WWW-Authenticate"), `Bearer realm="mockdex control plane"`)
	}
	status, _ := send(t, hs.URL, "POST", "/_mockdex/reset", "", "", adminJSON)
	assert.Equal(t, http.StatusUnauthorized, status)
	status, _ = send(t, hs.URL, "POST", "/_mockdex/reset", "", "", adminJSON, "Authorization: Bearer s3cret")
	assert.Equal(t, http.StatusOK, status)
	status, _ = send(t, hs.URL, "GET", "/_mockdex/", "", "", "Authorization: Basic dXNlcjpzM2NyZXQ=") // user:s3cret, as a browser sends it
	assert.Equal(t, http.StatusOK, status)
	status, _ = send(t, hs.URL, "GET", "/api/9/modalities", "", "")
	assert.Equal(t, http.StatusOK, status, "the token guards the control plane only")
}

// countingBody is a large body that counts what is read of it.
type countingBody struct {
	left int64
	read atomic.Int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, io.EOF
	}
	n := int64(len(p))
	if n > b.left {
		n = b.left
	}
	for i := range p[:n] {
		p[i] = ' '
	}
	b.left -= n
	b.read.Add(n)
	return int(n), nil
}

func TestHugeBodiesAre413WithoutBeingRead(t *testing.T) {
	m := mockdextest.NewServer(t)
	h := withControl(m, control.Options{})
	const size = 50 << 20
	for _, declared := range []bool{true, false} {
		body := &countingBody{left: size}
		req := httptest.NewRequest("POST", "http://127.0.0.1/_mockdex/faults", body)
		req.Header.Set("Content-Type", "application/json")
		req.ContentLength = -1 // chunked: the size is only found by reading
		if declared {
			req.ContentLength = size
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code, rec.Body.String())
		assert.Contains(t, rec.Body.String(), "64 KiB")
		assert.LessOrEqual(t, body.read.Load(), int64(control.MaxBody+64<<10), "declared %v: read %d bytes", declared, body.read.Load())
	}
	assert.JSONEq(t, `{"faults":[]}`, m.ReadBody(m.Do("GET", "/_mockdex/faults", "")), "no fault was added")
}

func TestWithoutControlThereIsNoControlPlane(t *testing.T) {
	m := mockdextest.NewServer(t)
	hs := httptest.NewServer(mockOf(m).API()) // what --no-admin serves
	t.Cleanup(hs.Close)
	for _, p := range []string{"/_mockdex/", "/_mockdex/clock", "/_mockdex/namespaces"} {
		status, body := send(t, hs.URL, "GET", p, "", "")
		assert.Equal(t, http.StatusNotFound, status, p)
		assert.JSONEq(t, `{"error":"Not Found"}`, body)
	}
	status, _ := send(t, hs.URL, "POST", "/_mockdex/reset", "", "{}", adminJSON)
	assert.Equal(t, http.StatusNotFound, status)
}
