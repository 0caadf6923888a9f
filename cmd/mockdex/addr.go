package main

import (
	"flag"
	"fmt"
	"net"
	"strconv"
	"strings"
)

// checkAddr refuses a listen address net.Listen would reject, before
// anything starts, with the form that was probably meant: Go's own
// "missing port in address" does not say that a bare port needs a colon.
func checkAddr(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		if n, perr := strconv.Atoi(strings.TrimPrefix(addr, ":")); perr == nil && n >= 0 && n <= 65535 {
			return fmt.Errorf("%q is a port, not an address: use :%d (every interface) or 127.0.0.1:%d (this machine only)", addr, n, n)
		}
		if ip := net.ParseIP(strings.Trim(addr, "[]")); ip != nil || !strings.Contains(addr, ":") {
			return fmt.Errorf("%q has no port: use %s:8080, or :8080 for every interface", addr, bracketed(addr))
		}
		return fmt.Errorf("%q: want host:port, such as 127.0.0.1:8080, :8080 or [::1]:8080", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("%q: the port must be a number from 0 to 65535 (0 picks a free one)", addr)
	}
	if strings.Contains(host, " ") {
		return fmt.Errorf("%q: the host has a space in it", addr)
	}
	return nil
}

// bracketed writes an IPv6 literal as host:port wants it.
func bracketed(host string) string {
	host = strings.Trim(host, "[]")
	if strings.Contains(host, ":") {
		return "[" + host + "]"
	}
	return host
}

// addrSource names where an address came from, for its error: the flag
// when given, else the variable that set its default.
func addrSource(fs *flag.FlagSet, name, envName string) string {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	if !set && env(envName, "") != "" {
		return envName
	}
	return "--" + name
}
