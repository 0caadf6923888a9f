package main

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"time"
)

// healthcheck exits 0 when a mock answers /healthz, 1 when not: for
// container HEALTHCHECK lines and CI wait loops.
func healthcheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mockdex healthcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("url", "http://"+env("MOCKDEX_ADDR", "127.0.0.1:8080"), "base URL of the mock")
	timeout := fs.Duration("timeout", 2*time.Second, "how long to wait for an answer")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	client := &http.Client{Timeout: *timeout}
	resp, err := client.Get(*url + "/healthz")
	if err != nil {
		fmt.Fprintln(stderr, "mockdex healthcheck: not answering:", err)
		return exitFail
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintln(stderr, "mockdex healthcheck: status", resp.StatusCode)
		return exitFail
	}
	fmt.Fprintln(stdout, "ok")
	return exitOK
}
