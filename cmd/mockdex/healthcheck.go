package main

import (
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/mockdex/mockdex/internal/atomicfile"
	"github.com/mockdex/mockdex/internal/cli"
)

// defaultAddr is where serve listens and healthcheck looks when nothing
// says otherwise.
const defaultAddr = "127.0.0.1:8080"

const healthcheckUsage = `usage: mockdex healthcheck [--url URL | --addr HOST:PORT] [--ca-cert FILE] [--timeout D]

Exits 0 when the mock answers GET /healthz with 200, 1 when it does not,
2 on a usage error. With neither flag it probes where serve listens, over
HTTPS when serve serves TLS (trusting the certificate serve recorded).`

// healthcheck exits 0 when a mock answers /healthz, 1 when not: for
// container HEALTHCHECK lines and CI wait loops. It has no address of its
// own: it looks where the server listens (see probeBase), so a container
// started on any port is judged on that port.
func healthcheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mockdex healthcheck", flag.ContinueOnError)
	cli.Install(fs, cli.Help{Synopsis: healthcheckUsage, Env: healthcheckEnv})
	url := fs.String("url", "", "base URL of the mock (default: see --addr)")
	addr := fs.String("addr", "", "the mock's listen address, as given to serve; 0.0.0.0 and :: are probed on loopback\n"+
		"(default: the address serve recorded in MOCKDEX_ADDR_FILE, else MOCKDEX_ADDR, else "+defaultAddr+")")
	timeout := fs.Duration("timeout", 2*time.Second, "how long to wait for an answer")
	caCert := fs.String("ca-cert", "", "PEM file of the authority to trust for an https --url (a mock's --tls auto authority; default the system's)")
	if err := cli.Parse(fs, args, stdout, stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		fmt.Fprintln(stderr, "mockdex healthcheck:", err)
		return exitUsage
	}
	base, trust, err := probeTarget(*url, *addr, *caCert)
	if err != nil {
		fmt.Fprintln(stderr, "mockdex healthcheck:", err)
		return exitUsage
	}
	return probe(base, trust, *timeout, stdout, stderr)
}

func probe(base string, trust *tls.Config, timeout time.Duration, stdout, stderr io.Writer) int {
	client := &http.Client{Timeout: timeout, Transport: &http.Transport{TLSClientConfig: trust, ForceAttemptHTTP2: true}}
	resp, err := client.Get(strings.TrimSuffix(base, "/") + "/healthz")
	if err != nil {
		fmt.Fprintln(stderr, "mockdex healthcheck: not answering:", err)
		return exitFail
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintln(stderr, "mockdex healthcheck: status", resp.StatusCode)
		return exitFail
	}
	fmt.Fprintln(stdout, "ok", base)
	return exitOK
}

// probeBase applies the one rule for where a mock is: --url; else --addr;
// else the address a running `mockdex serve` recorded in the file named
// by MOCKDEX_ADDR_FILE (the only way a separate healthcheck process can
// learn a `serve --addr` it was not given); else MOCKDEX_ADDR; else
// 127.0.0.1:8080. A listen-everywhere host is probed on loopback.
func probeBase(url, addr string) (string, error) {
	if url != "" {
		return url, nil
	}
	if addr == "" {
		addr, _ = recorded()
	}
	if addr == "" {
		addr = env("MOCKDEX_ADDR", defaultAddr)
	}
	if err := checkAddr(addr); err != nil {
		return "", fmt.Errorf("address %w", err)
	}
	host, port, _ := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1" // serve binds IPv6 wildcards dual-stack, so IPv4 loopback answers too
	}
	return "http://" + net.JoinHostPort(host, port), nil
}

// recorded is the address in MOCKDEX_ADDR_FILE (its first line), or ""
// when the variable is unset or no server has written the file yet, and
// the lines after it (how serve serves TLS; see tlsRecord).
func recorded() (addr string, more []string) {
	path := os.Getenv("MOCKDEX_ADDR_FILE")
	if path == "" {
		return "", nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", nil
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.TrimSpace(lines[0]), lines[1:]
}

// recordAddr writes the address serve listens on to MOCKDEX_ADDR_FILE,
// when set, then any more lines, and returns a function that removes it
// again. The write is atomic (temp file, rename), so a healthcheck never
// reads half an address.
func recordAddr(addr net.Addr, more ...string) (remove func(), err error) {
	path := os.Getenv("MOCKDEX_ADDR_FILE")
	if path == "" {
		return func() {}, nil
	}
	lines := strings.Join(append([]string{addr.String()}, more...), "\n") + "\n"
	if err := atomicfile.Write(path, []byte(lines), 0o600); err != nil {
		return nil, fmt.Errorf("MOCKDEX_ADDR_FILE: %w", err)
	}
	return func() { os.Remove(path) }, nil
}
