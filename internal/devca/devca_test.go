package devca

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var now = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func verify(a *Authority, name string, at time.Time) error {
	_, err := a.Certificate().Leaf.Verify(x509.VerifyOptions{DNSName: name, Roots: a.Pool(), CurrentTime: at})
	return err
}

// The server certificate is good for localhost, both loopback addresses
// and the names given, trusting the authority alone, and for no other name.
func TestServerCertificateCoversItsNames(t *testing.T) {
	a, err := New([]string{"mockdex", "10.0.0.5"}, now)
	require.NoError(t, err)
	for _, name := range []string{"localhost", "127.0.0.1", "::1", "mockdex", "10.0.0.5"} {
		assert.NoError(t, verify(a, name, now), name)
	}
	assert.Error(t, verify(a, "example.com", now))
	assert.Error(t, verify(a, "localhost", now.Add(leafLife+time.Hour)), "expired")
	_, err = a.Certificate().Leaf.Verify(x509.VerifyOptions{DNSName: "localhost", CurrentTime: now})
	assert.Error(t, err, "not trusted without the authority")
}

// The authority cannot vouch for a name it was not made for, even with
// its own key: trusting it trusts nothing else.
func TestAuthorityIsConstrainedToItsNames(t *testing.T) {
	a, err := New(nil, now)
	require.NoError(t, err)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: serial(), Subject: pkix.Name{CommonName: "bank.example"},
		DNSNames: []string{"bank.example"}, NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, a.ca, &key.PublicKey, a.caKey)
	require.NoError(t, err)
	forged, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	_, err = forged.Verify(x509.VerifyOptions{DNSName: "bank.example", Roots: a.Pool(), CurrentTime: now})
	var invalid x509.CertificateInvalidError
	require.ErrorAs(t, err, &invalid)
	assert.Equal(t, x509.CANotAuthorizedForThisName, invalid.Reason)
}

func TestNamesRefusesWhatIsNotAHost(t *testing.T) {
	for _, n := range []string{"", "*.example.com", "http://x", "a b"} {
		_, err := Names([]string{n})
		assert.Error(t, err, n)
	}
	got, err := Names([]string{"[::1]", "mockdex", "mockdex"})
	require.NoError(t, err)
	assert.Equal(t, []string{"localhost", "127.0.0.1", "::1", "mockdex"}, got)
}

// A kept authority is used again (a trust given once survives a
// restart), with a new server certificate; names it does not cover, or a
// kept one near its end, make a new one.
func TestKeepReusesTheAuthority(t *testing.T) {
	dir := t.TempDir()
	first, made, err := Keep(dir, nil, now)
	require.NoError(t, err)
	assert.True(t, made)
	info, err := os.Stat(filepath.Join(dir, caKeyFile))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "the key is its owner's alone")

	again, made, err := Keep(dir, nil, now.Add(24*time.Hour))
	require.NoError(t, err)
	assert.False(t, made)
	assert.Equal(t, first.CA().Raw, again.CA().Raw)
	assert.NotEqual(t, first.Certificate().Leaf.Raw, again.Certificate().Leaf.Raw)
	assert.NoError(t, verify(again, "localhost", now.Add(24*time.Hour)))

	wider, made, err := Keep(dir, []string{"mockdex"}, now)
	require.NoError(t, err)
	assert.True(t, made, "mockdex is outside the kept authority's names")
	assert.NoError(t, verify(wider, "mockdex", now))

	_, made, err = Keep(dir, nil, now.Add(caLife-leafLife/2))
	require.NoError(t, err)
	assert.True(t, made, "too near its end to issue a 90-day certificate")
}

func TestKeepRefusesABrokenKeptAuthority(t *testing.T) {
	dir := t.TempDir()
	_, _, err := Keep(dir, nil, now)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, caKeyFile), []byte("not a key"), 0o600))
	_, _, err = Keep(dir, nil, now)
	assert.ErrorContains(t, err, "remove its files")
}

// Served with ServerConfig, a client trusting the authority speaks
// HTTP/2 to it.
func TestServesHTTP2(t *testing.T) {
	a, err := New(nil, time.Now())
	require.NoError(t, err)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	srv.TLS = a.ServerConfig()
	srv.EnableHTTP2 = true
	srv.StartTLS()
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: a.ClientConfig(), ForceAttemptHTTP2: true}}
	resp, err := client.Get(srv.URL)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 2, resp.ProtoMajor)
}
