#!/usr/bin/env bash
# mockdex against a bare net/http server answering the same body (and
# Prism, installed with npm into a temporary directory), measured with wrk
# in one run; prints the ratios issue 24 sets (GET rate and p99 against
# bare, POST rate) and the load average, and exits 3 when a mark is missed
# (1 when it could not measure).
#   tools/sidebyside.sh [-duration 5s] [-rounds 3] [-prism auto|off|PATH] [-apr=false] [-spin 5us,10us]
# Needs Go and wrk (and npm for Prism). Builds into a temporary directory,
# picks free loopback ports, and stops what it started on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
# Built, not "go run": go run turns every failing exit status into 1.
bin="$(mktemp -d)"
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/sidebyside" ./tools/sidebyside
"$bin/sidebyside" -repo . "$@"
