// Command mockdex serves a stateful stand-in for a DexCare tier.
//
//	mockdex [serve] [--addr 127.0.0.1:8080] [--fixtures DIR] [--seed N]
//	        [--clock real|manual|scaled:N] [--history-days N]
//	        [--max-namespaces N] [--max-visits N] [--admin-host NAME] [--no-admin]
//	        [--data-dir DIR] [--reset-data]
//	        [--journal-size N] [--journal-bytes 4MiB] [--log-format text|json]
//	        [--log-level info] [--max-conns N] [--drain-timeout 5s]
//	mockdex token --patient GUID [--ttl D] [--clock real|manual|scaled:N]
//	mockdex healthcheck [--url URL | --addr HOST:PORT]
//	mockdex version
package main

import (
	"os"
)

func main() { os.Exit(run(os.Args, os.Stdout, os.Stderr)) }
