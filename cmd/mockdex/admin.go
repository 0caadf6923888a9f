package main

import (
	"fmt"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"
)

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
