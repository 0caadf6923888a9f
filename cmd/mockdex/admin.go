package main

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/mockdex/mockdex/internal/control"
	"github.com/mockdex/mockdex/internal/server"
)

// handler is the mock as served: the DexCare API with the control plane
// in front, unless --no-admin.
func (c serveConfig) handler(mock *server.Server) http.Handler {
	if c.noAdmin {
		return mock
	}
	return control.Mount(mock, control.Options{AdminToken: c.adminToken, AdminHosts: c.adminHosts})
}

// warnOpenControlPlane says, in one line, when anyone who can reach the
// listener can drive the control plane: it listens beyond loopback and
// no admin token is set.
func warnOpenControlPlane(c serveConfig, addr net.Addr, log *slog.Logger) {
	tcp, ok := addr.(*net.TCPAddr)
	if c.noAdmin || c.adminToken != "" || !ok || tcp.IP.IsLoopback() {
		return
	}
	log.Warn("the control plane (/_mockdex/) is open to anyone who can reach " + addr.String() +
		": set MOCKDEX_ADMIN_TOKEN, listen on 127.0.0.1, or pass --no-admin")
}

// hostList is the repeatable, comma-separated --admin-host flag.
type hostList []string

func (h *hostList) String() string { return strings.Join(*h, ",") }

func (h *hostList) Set(v string) error {
	*h = append(*h, splitHosts(v)...)
	return nil
}

func splitHosts(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// envBool reads a true/false variable (unset is false), refusing one that
// is set to something else rather than guessing.
func envBool(name string) (bool, error) {
	v := os.Getenv(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s=%q: want true or false", name, v)
	}
	return b, nil
}

// persist loads and keeps the mock's namespaces in --data-dir; without
// one, state lives in memory only and closing does nothing.
func (c serveConfig) persist(mock *server.Server) (closer, error) {
	if c.dataDir == "" {
		return nopCloser{}, nil
	}
	return control.Persist(mock, control.PersistOptions{Dir: c.dataDir, Reset: c.resetData})
}

type closer interface{ Close() error }

type nopCloser struct{}

func (nopCloser) Close() error { return nil }
