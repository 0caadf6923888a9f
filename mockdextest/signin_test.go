package mockdextest_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mockdex/mockdex/mockdextest"
)

// testIssuer is a stand-in for an app's identity provider: it signs
// tokens with its current key and publishes its keys as a JWKS, through
// OpenID discovery.
type testIssuer struct {
	srv  *httptest.Server
	mu   sync.Mutex
	keys map[string]crypto.Signer // kid → key, as published
}

func newTestIssuer(t *testing.T, keys map[string]crypto.Signer) *testIssuer {
	i := &testIssuer{keys: keys}
	i.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/.well-known/openid-configuration":
			json.NewEncoder(w).Encode(map[string]string{"issuer": i.srv.URL, "jwks_uri": i.srv.URL + "/keys"})
		case "/keys":
			json.NewEncoder(w).Encode(i.jwks())
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(i.srv.Close)
	return i
}

func (i *testIssuer) jwks() map[string]any {
	i.mu.Lock()
	defer i.mu.Unlock()
	var keys []map[string]string
	for kid, k := range i.keys {
		b64 := base64.RawURLEncoding.EncodeToString
		switch pub := k.Public().(type) {
		case *rsa.PublicKey:
			keys = append(keys, map[string]string{"kty": "RSA", "kid": kid, "use": "sig", "n": b64(pub.N.Bytes()), "e": b64(big.NewInt(int64(pub.E)).Bytes())})
		case *ecdsa.PublicKey:
			raw, _ := pub.Bytes()
			keys = append(keys, map[string]string{"kty": "EC", "kid": kid, "crv": "P-256", "x": b64(raw[1:33]), "y": b64(raw[33:])})
		}
	}
	return map[string]any{"keys": keys}
}

// rotate publishes keys in place of the ones before.
func (i *testIssuer) rotate(keys map[string]crypto.Signer) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.keys = keys
}

// token signs claims (over defaults for the patient) with key under kid.
func (i *testIssuer) token(t *testing.T, kid string, key crypto.Signer, claims jwt.MapClaims) string {
	t.Helper()
	c := jwt.MapClaims{"iss": i.srv.URL, "aud": "dexcare-api", "sub": "auth0|42", "patient_guid": mockdextest.PatientJoe,
		"iat": time.Now().Unix(), "exp": time.Now().Add(time.Hour).Unix()}
	for k, v := range claims {
		c[k] = v
	}
	method := jwt.SigningMethod(jwt.SigningMethodRS256)
	if _, ok := key.(*ecdsa.PrivateKey); ok {
		method = jwt.SigningMethodES256
	}
	tok := jwt.NewWithClaims(method, c)
	tok.Header["kid"] = kid
	s, err := tok.SignedString(key)
	require.NoError(t, err)
	return s
}

func summaryWith(m *mockdextest.Server, visit, token string) (int, string) {
	resp := m.Do("GET", "/api/9/visits/"+visit+"/summary", "", "Authorization: Bearer "+token)
	return resp.StatusCode, strings.TrimSpace(m.ReadBody(resp))
}

const refused = `{"error":"Unauthorized: invalid or expired token"}`

// A token of the app's provider, signed with a key it publishes, reads
// the patient's visit; the same token with a wrong audience, an expired
// exp, or a key the provider rotated away gets DexCare's documented 401.
// A key rotated in is honoured at once.
func TestAppProviderTokens(t *testing.T) {
	k1, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	k2, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	idp := newTestIssuer(t, map[string]crypto.Signer{"k1": k1})
	m := mockdextest.NewServer(t, mockdextest.WithTokenIssuer(mockdextest.TokenIssuer{
		URL: idp.srv.URL, Audience: "dexcare-api", PatientClaim: "patient_guid"}))
	visit := m.CreateVisit(mockdextest.VirtualVisit{Patient: mockdextest.PatientJoe})

	status, body := summaryWith(m, visit, idp.token(t, "k1", k1, nil))
	assert.Equal(t, http.StatusOK, status, body)
	assert.Contains(t, body, visit)

	for name, claims := range map[string]jwt.MapClaims{
		"wrong audience": {"aud": "another-api"},
		"expired":        {"exp": time.Now().Add(-time.Minute).Unix()},
		"wrong issuer":   {"iss": "https://evil.example"},
	} {
		status, body := summaryWith(m, visit, idp.token(t, "k1", k1, claims))
		assert.Equal(t, http.StatusUnauthorized, status, name)
		assert.Equal(t, refused, body, name)
	}

	idp.rotate(map[string]crypto.Signer{"k2": k2})
	status, body = summaryWith(m, visit, idp.token(t, "k2", k2, nil))
	assert.Equal(t, http.StatusOK, status, "the key rotated in: %s", body)
	status, body = summaryWith(m, visit, idp.token(t, "k1", k1, map[string]any{"jti": "after-rotation"}))
	assert.Equal(t, http.StatusUnauthorized, status, "the key rotated away")
	assert.Equal(t, refused, body)

	status, _ = summaryWith(m, visit, m.Token(mockdextest.PatientJoe))
	assert.Equal(t, http.StatusOK, status, "the mock's own tokens still work")
}

// mockdex's own issuer signs a patient of the fixtures in (here by the
// password grant, as a test without a browser would) and the access
// token it gives is accepted by DexCare's API.
func TestMockdexIssuerSignsIn(t *testing.T) {
	m := mockdextest.NewServer(t)
	visit := m.CreateVisit(mockdextest.VirtualVisit{Patient: mockdextest.PatientJoe})
	resp, err := m.Client.Get(m.IssuerURL() + "/.well-known/openid-configuration")
	require.NoError(t, err)
	var doc struct {
		TokenEndpoint string `json:"token_endpoint"`
	}
	m.ReadJSON(resp, &doc)
	resp, err = m.Client.PostForm(doc.TokenEndpoint, url.Values{"grant_type": {"password"}, "username": {mockdextest.PatientJoe}})
	require.NoError(t, err)
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	m.ReadJSON(resp, &tok)
	status, body := summaryWith(m, visit, tok.AccessToken)
	assert.Equal(t, http.StatusOK, status, body)
}
