//go:build unix

package main

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"time"
)

// runBare serves one fixed body on every path: the floor mockdex is
// measured against (net/http with no routing, validation or state).
// With -spin it first burns that much CPU per request: a server that
// costs a known amount more than the floor, to read mockdex's figures
// against.
func runBare(args []string) int {
	fs := flag.NewFlagSet("sidebyside bare", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	bodyFile := fs.String("body", "", "file holding the body to answer")
	ctype := fs.String("type", "application/json", "Content-Type of the body")
	spin := fs.Duration("spin", 0, "CPU to spend on each request before answering, in a busy loop")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	body, err := os.ReadFile(*bodyFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bare:", err)
		return 1
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		for start := time.Now(); time.Since(start) < *spin; {
		}
		w.Header().Set("Content-Type", *ctype)
		_, _ = w.Write(body)
	})
	if err := http.ListenAndServe(*addr, h); err != nil {
		fmt.Fprintln(os.Stderr, "bare:", err)
		return 1
	}
	return 0
}
