package devca

import (
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/atomicfile"
)

// The files Keep writes in its directory.
const (
	CAFile    = "mockdex-ca.pem"
	caKeyFile = "mockdex-ca-key.pem"
)

// Keep is New with the authority kept in dir: the one there is used when
// it is valid at now for long enough and its constraints cover the
// names; otherwise a new one is made and written there (the key readable
// by its owner alone). made says which.
func Keep(dir string, names []string, now time.Time) (a *Authority, made bool, err error) {
	all, err := Names(names)
	if err != nil {
		return nil, false, err
	}
	if ca, key, err := load(dir); err == nil && usable(ca, all, now) {
		a, err := issue(ca, key, all, now)
		return a, false, err
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, false, fmt.Errorf("the TLS authority kept in %s: %w (remove its files to make a new one)", dir, err)
	}
	if a, err = New(names, now); err != nil {
		return nil, false, err
	}
	return a, true, a.save(dir)
}

// usable says whether a kept authority can issue for names now: within
// its dates for a server certificate's life, and constrained to a set
// that covers names.
func usable(ca *x509.Certificate, names []string, now time.Time) bool {
	if now.Before(ca.NotBefore) || now.Add(leafLife).After(ca.NotAfter) {
		return false
	}
	dns, ips := split(names)
	for _, d := range dns {
		if !slices.ContainsFunc(ca.PermittedDNSDomains, func(p string) bool { return d == p || strings.HasSuffix(d, "."+p) }) {
			return false
		}
	}
	for _, ip := range ips {
		if !slices.ContainsFunc(ca.PermittedIPRanges, func(r *net.IPNet) bool { return r.Contains(ip) }) {
			return false
		}
	}
	return true
}

func load(dir string) (*x509.Certificate, *ecdsa.PrivateKey, error) {
	certPEM, err := os.ReadFile(filepath.Join(dir, CAFile))
	if err != nil {
		return nil, nil, err
	}
	keyPEM, err := os.ReadFile(filepath.Join(dir, caKeyFile))
	if err != nil {
		return nil, nil, err
	}
	cb, _ := pem.Decode(certPEM)
	kb, _ := pem.Decode(keyPEM)
	if cb == nil || kb == nil {
		return nil, nil, errors.New("not PEM")
	}
	ca, err := x509.ParseCertificate(cb.Bytes)
	if err != nil {
		return nil, nil, err
	}
	key, err := x509.ParseECPrivateKey(kb.Bytes)
	if err != nil {
		return nil, nil, err
	}
	if !key.PublicKey.Equal(ca.PublicKey) {
		return nil, nil, errors.New("the key is not the certificate's")
	}
	return ca, key, nil
}

func (a *Authority) save(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	der, err := x509.MarshalECPrivateKey(a.caKey)
	if err != nil {
		return err
	}
	if err := atomicfile.Write(filepath.Join(dir, caKeyFile), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		return err
	}
	return atomicfile.Write(filepath.Join(dir, CAFile), a.CAPEM(), 0o644)
}
