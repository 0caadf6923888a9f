package main

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/atomicfile"
	"github.com/mockdex/mockdex/internal/cli"
	"github.com/mockdex/mockdex/internal/devca"
)

// tlsFlags are serve's TLS flags: off, a certificate given, or one
// mockdex makes (auto).
type tlsFlags struct {
	mode      string
	cert, key string
	names     hostList
	caOut     string
}

func (f *tlsFlags) declare(fs *flag.FlagSet) {
	fs.StringVar(&f.mode, "tls", env("MOCKDEX_TLS", "off"), "off, or auto: serve HTTPS (and HTTP/2) with a certificate for localhost, 127.0.0.1, ::1 and --tls-name names, issued by an authority mockdex makes and writes to --tls-ca-out for clients to trust (MOCKDEX_TLS)")
	fs.StringVar(&f.cert, "tls-cert", env("MOCKDEX_TLS_CERT", ""), "PEM certificate (chain) to serve HTTPS with, instead of --tls auto; needs --tls-key (MOCKDEX_TLS_CERT)")
	fs.StringVar(&f.key, "tls-key", env("MOCKDEX_TLS_KEY", ""), "PEM private key of --tls-cert (MOCKDEX_TLS_KEY)")
	f.names = splitHosts(os.Getenv("MOCKDEX_TLS_NAME"))
	fs.Var(&f.names, "tls-name", "with --tls auto, a host name or IP address the certificate covers besides localhost, 127.0.0.1 and ::1, and besides the host of MOCKDEX_BASE_URL; repeat or comma-separate (MOCKDEX_TLS_NAME)")
	fs.StringVar(&f.caOut, "tls-ca-out", env("MOCKDEX_TLS_CA_OUT", ""), "with --tls auto, the file the authority's certificate is written to; default DATA-DIR/tls/mockdex-ca.pem with --data-dir (the authority is kept there across restarts), else mockdex-ca-PORT.pem in the temporary directory, removed at exit (MOCKDEX_TLS_CA_OUT)")
}

// check refuses flags that would not do what they say.
func (f tlsFlags) check() error {
	if err := cli.OneOf("tls", f.mode, "off", "auto"); err != nil {
		return err
	}
	given := f.cert != "" || f.key != ""
	switch {
	case given && (f.cert == "" || f.key == ""):
		return errors.New("--tls-cert and --tls-key go together")
	case given && f.mode == "auto":
		return errors.New("--tls auto makes its own certificate: give it, or --tls-cert and --tls-key, not both")
	case f.mode != "auto" && (len(f.names) > 0 || f.caOut != ""):
		return errors.New("--tls-name and --tls-ca-out go with --tls auto")
	}
	if f.mode == "auto" {
		_, err := devca.Names(f.names)
		return err
	}
	return nil
}

func (f tlsFlags) on() bool { return f.mode == "auto" || f.cert != "" }

// servingTLS is how serve serves TLS, and what it tells clients.
type servingTLS struct {
	config *tls.Config
	// trust is the file a client trusts: the authority (auto), or the
	// certificate given.
	trust string
	// names are the names the certificate covers.
	names []string
	// forget removes what was written only for this run.
	forget func()
}

// setup readies TLS for a listener on addr; nil when TLS is off.
func (f tlsFlags) setup(dataDir, baseURL string, addr net.Addr) (*servingTLS, error) {
	switch {
	case f.cert != "":
		return servedCertificate(f.cert, f.key)
	case f.mode == "auto":
		return f.auto(dataDir, baseURL, addr)
	}
	return nil, nil
}

func servedCertificate(certFile, keyFile string) (*servingTLS, error) {
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("--tls-cert/--tls-key: %w", err)
	}
	leaf := cert.Leaf
	names := slices.Clone(leaf.DNSNames)
	for _, ip := range leaf.IPAddresses {
		names = append(names, ip.String())
	}
	return &servingTLS{config: &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
		trust: certFile, names: names, forget: func() {}}, nil
}

// auto makes (or, with a data directory, reuses) mockdex's authority and
// writes its certificate where clients can trust it.
func (f tlsFlags) auto(dataDir, baseURL string, addr net.Addr) (*servingTLS, error) {
	names := slices.Clone(f.names)
	if u, err := url.Parse(baseURL); err == nil && u.Hostname() != "" {
		names = append(names, u.Hostname())
	}
	var (
		a      *devca.Authority
		err    error
		kept   string
		forget = func() {}
	)
	if dataDir != "" {
		kept = filepath.Join(dataDir, "tls")
		a, _, err = devca.Keep(kept, names, time.Now())
	} else {
		a, err = devca.New(names, time.Now())
	}
	if err != nil {
		return nil, fmt.Errorf("--tls auto: %w", err)
	}
	out := f.caOut
	switch {
	case out == "" && kept != "":
		out = filepath.Join(kept, devca.CAFile) // Keep wrote it
	case out == "":
		_, port, _ := net.SplitHostPort(addr.String())
		out = filepath.Join(os.TempDir(), "mockdex-ca-"+port+".pem")
		forget = func() { os.Remove(out) }
		fallthrough
	default:
		if err := atomicfile.Write(out, a.CAPEM(), 0o644); err != nil {
			return nil, fmt.Errorf("--tls-ca-out: %w", err)
		}
	}
	return &servingTLS{config: a.ServerConfig(), trust: out, names: a.Names(), forget: forget}, nil
}

// scheme is the served URLs' scheme.
func (s *servingTLS) scheme() string {
	if s == nil {
		return "http"
	}
	return "https"
}

// announce is the line serve prints after its listening line.
func (s *servingTLS) announce() string {
	return fmt.Sprintf("TLS for %s; clients trust %s (curl --cacert, NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, mockdex healthcheck --ca-cert)\n",
		strings.Join(s.names, ", "), s.trust)
}

// record is the line MOCKDEX_ADDR_FILE holds after the address, so a
// healthcheck in the same container probes over HTTPS and trusts the
// same file: "tls NAME FILE", NAME the name to check the certificate for
// when it does not cover 127.0.0.1 ("-" when it does).
func (s *servingTLS) record() []string {
	if s == nil {
		return nil
	}
	name := "-"
	if !slices.Contains(s.names, "127.0.0.1") && len(s.names) > 0 {
		name = s.names[0]
	}
	return []string{"tls " + name + " " + s.trust}
}

// serveOn serves srv on ln, over TLS when srv has a TLS configuration.
func serveOn(srv *http.Server, ln net.Listener) error {
	if srv.TLSConfig != nil {
		return srv.ServeTLS(ln, "", "")
	}
	return srv.Serve(ln)
}

// probeTarget is probeBase with the TLS a probe needs: --ca-cert's file
// to trust, or, when the mock is found through MOCKDEX_ADDR_FILE and
// serves TLS, what serve recorded.
func probeTarget(rawURL, addr, caCert string) (string, *tls.Config, error) {
	base, err := probeBase(rawURL, addr)
	if err != nil {
		return "", nil, err
	}
	if caCert != "" {
		trust, err := trustFile(caCert, "")
		return base, trust, err
	}
	if rawURL != "" || addr != "" {
		return base, nil, nil
	}
	if rec, more := recorded(); rec != "" && len(more) > 0 {
		if f := strings.SplitN(strings.TrimSpace(more[0]), " ", 3); len(f) == 3 && f[0] == "tls" {
			name := strings.TrimPrefix(f[1], "-")
			trust, err := trustFile(f[2], name)
			return "https" + strings.TrimPrefix(base, "http"), trust, err
		}
	}
	return base, nil, nil
}

// trustFile trusts the PEM certificates in path alone; name, when not
// "", is the name the server's certificate is checked for.
func trustFile(path, name string) (*tls.Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--ca-cert: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(b) {
		return nil, fmt.Errorf("--ca-cert %s: no PEM certificate in it", path)
	}
	return &tls.Config{RootCAs: pool, ServerName: name, MinVersion: tls.VersionTLS12}, nil
}
