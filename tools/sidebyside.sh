#!/usr/bin/env bash
# mockdex against a bare net/http server answering the same body (and
# Prism, installed with npm into a temporary directory), measured with wrk
# in one run; prints the ratios of issue 11 and the load average.
#   tools/sidebyside.sh [-duration 5s] [-rounds 3] [-prism auto|off|PATH] [-apr=false]
# Needs Go and wrk (and npm for Prism). Builds into a temporary directory,
# picks free loopback ports, and stops what it started on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
exec go run ./tools/sidebyside -repo . "$@"
