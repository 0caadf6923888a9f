package devca

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"slices"
	"strings"
	"time"
)

// DefaultNames are the names every server certificate covers.
var DefaultNames = []string{"localhost", "127.0.0.1", "::1"}

// Lifetimes: the authority outlives many restarts; the server
// certificate, issued afresh at each start, stays well within what
// browsers accept of any certificate.
const (
	caLife   = 5 * 365 * 24 * time.Hour
	leafLife = 90 * 24 * time.Hour
	// backdate covers clocks a little behind this machine's.
	backdate = time.Hour
)

// Authority is a certificate authority and the server certificate it
// issued.
type Authority struct {
	ca    *x509.Certificate
	caKey *ecdsa.PrivateKey
	leaf  tls.Certificate
	names []string
}

// New makes an authority constrained to DefaultNames and names, and a
// server certificate for all of them, valid from now.
func New(names []string, now time.Time) (*Authority, error) {
	all, err := Names(names)
	if err != nil {
		return nil, err
	}
	ca, key, err := newCA(all, now)
	if err != nil {
		return nil, err
	}
	return issue(ca, key, all, now)
}

// Names are DefaultNames and extra, checked, once each.
func Names(extra []string) ([]string, error) {
	all := slices.Clone(DefaultNames)
	for _, n := range extra {
		n = strings.TrimSpace(n)
		if ip := net.ParseIP(strings.Trim(n, "[]")); ip != nil {
			n = ip.String()
		} else if err := checkDNSName(n); err != nil {
			return nil, err
		}
		if !slices.Contains(all, n) {
			all = append(all, n)
		}
	}
	return all, nil
}

func checkDNSName(n string) error {
	switch {
	case n == "":
		return errors.New("TLS name: empty")
	case strings.ContainsAny(n, "*/: "):
		return fmt.Errorf("TLS name %q: want a host name or an IP address, such as mockdex or 10.0.0.5", n)
	}
	return nil
}

// issue makes a server certificate for names under the authority.
func issue(ca *x509.Certificate, caKey *ecdsa.PrivateKey, names []string, now time.Time) (*Authority, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: names[0], Organization: []string{"mockdex (development only)"}},
		NotBefore:    now.Add(-backdate),
		NotAfter:     now.Add(leafLife),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	tmpl.DNSNames, tmpl.IPAddresses = split(names)
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &Authority{ca: ca, caKey: caKey, names: names,
		leaf: tls.Certificate{Certificate: [][]byte{der, ca.Raw}, PrivateKey: key, Leaf: leaf}}, nil
}

// newCA makes an authority that may issue for names alone.
func newCA(names []string, now time.Time) (*x509.Certificate, *ecdsa.PrivateKey, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: "mockdex development CA", Organization: []string{"mockdex (development only)"}},
		NotBefore:             now.Add(-backdate),
		NotAfter:              now.Add(caLife),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
		// The constraints are what make trusting it safe.
		PermittedDNSDomainsCritical: true,
	}
	dns, ips := split(names)
	tmpl.PermittedDNSDomains = dns
	for _, ip := range ips {
		tmpl.PermittedIPRanges = append(tmpl.PermittedIPRanges, &net.IPNet{IP: ip, Mask: net.CIDRMask(len(ip)*8, len(ip)*8)})
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	ca, err := x509.ParseCertificate(der)
	return ca, key, err
}

// split sorts names into DNS names and IP addresses (IPv4 in its 4-byte
// form, as name constraints compare lengths).
func split(names []string) (dns []string, ips []net.IP) {
	for _, n := range names {
		ip := net.ParseIP(n)
		switch {
		case ip == nil:
			dns = append(dns, n)
		case ip.To4() != nil:
			ips = append(ips, ip.To4())
		default:
			ips = append(ips, ip)
		}
	}
	return dns, ips
}

func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		panic(err) // crypto/rand does not fail
	}
	return n
}

// Certificate is the server certificate, its chain (the authority)
// after it, for tls.Config.Certificates.
func (a *Authority) Certificate() tls.Certificate { return a.leaf }

// CA is the authority's certificate: what clients trust.
func (a *Authority) CA() *x509.Certificate { return a.ca }

// Names are the names the server certificate covers.
func (a *Authority) Names() []string { return slices.Clone(a.names) }

// CAPEM is the authority's certificate in PEM, for a file clients trust.
func (a *Authority) CAPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: a.ca.Raw})
}

// Pool is a certificate pool holding the authority alone.
func (a *Authority) Pool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(a.ca)
	return p
}

// ServerConfig serves the certificate, over HTTP/2 or HTTP/1.1.
func (a *Authority) ServerConfig() *tls.Config {
	return &tls.Config{Certificates: []tls.Certificate{a.leaf}, MinVersion: tls.VersionTLS12}
}

// ClientConfig trusts the authority alone.
func (a *Authority) ClientConfig() *tls.Config {
	return &tls.Config{RootCAs: a.Pool(), MinVersion: tls.VersionTLS12}
}
