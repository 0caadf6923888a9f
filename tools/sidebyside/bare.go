//go:build unix

package main

import (
	"flag"
	"fmt"
	"net/http"
	"os"
)

// runBare serves one fixed body on every path: the floor mockdex is
// measured against (net/http with no routing, validation or state).
func runBare(args []string) int {
	fs := flag.NewFlagSet("sidebyside bare", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	bodyFile := fs.String("body", "", "file holding the body to answer")
	ctype := fs.String("type", "application/json", "Content-Type of the body")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	body, err := os.ReadFile(*bodyFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bare:", err)
		return 1
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", *ctype)
		_, _ = w.Write(body)
	})
	if err := http.ListenAndServe(*addr, h); err != nil {
		fmt.Fprintln(os.Stderr, "bare:", err)
		return 1
	}
	return 0
}
