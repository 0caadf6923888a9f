// Command mockdex serves a stateful stand-in for a DexCare tier.
//
//	mockdex [serve] [--addr 127.0.0.1:8080] [--fixtures DIR] [--seed N]
//	        [--clock real|manual|scaled:N] [--history-days N]
//	        [--journal-size N] [--journal-bytes 4MiB] [--log-format text|json]
//	        [--log-level info] [--max-conns N] [--drain-timeout 5s]
//	mockdex token --patient GUID [--ttl 1h]
//	mockdex healthcheck [--url URL]
//	mockdex version
package main

import (
	"os"
)

func main() { os.Exit(run(os.Args, os.Stdout, os.Stderr)) }
