package mockdextest_test

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net/http"
	"strings"

	"github.com/mockdex/mockdex/mockdextest"
)

func ExampleNewTLSServer() {
	t := newExampleT() // in a test: the test's *testing.T
	defer t.done()

	m := mockdextest.NewTLSServer(t)
	// m.Client trusts the mock's certificate, and speaks HTTP/2 to it.
	resp, err := m.Client.Get(m.URL + "/api/9/modalities")
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(strings.HasPrefix(m.URL, "https://127.0.0.1:"), resp.Proto, resp.StatusCode)

	// A client of the app's own trusts the authority that issued it
	// (for a program in another language, write it as PEM: its
	// NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, ...).
	roots := x509.NewCertPool()
	roots.AddCert(m.Certificate())
	app := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}}
	resp, err = app.Get(strings.Replace(m.URL, "127.0.0.1", "localhost", 1) + "/healthz")
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.Proto, resp.StatusCode)
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: m.Certificate().Raw})
	fmt.Println(strings.SplitN(string(caPEM), "\n", 2)[0])
	// Output:
	// true HTTP/2.0 200
	// HTTP/1.1 200
	// -----BEGIN CERTIFICATE-----
}
