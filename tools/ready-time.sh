#!/usr/bin/env bash
# How long mockdex takes from exec until /readyz answers 200, over several
# starts; it listens only after the spec is compiled and the world (with
# history) is built. Polls over HTTP every 1 ms on a free loopback port.
# Binaries given after the count are timed too, start by start in turn
# with this checkout's build (e.g. one built from main, to compare).
#   tools/ready-time.sh [starts] [OTHER_MOCKDEX_BINARY...]
set -euo pipefail
cd "$(dirname "$0")/.."
starts=${1:-10}
shift || true
bin=$(mktemp -d)/mockdex
trap 'rm -rf "$(dirname "$bin")"' EXIT
go build -o "$bin" ./cmd/mockdex
go run ./tools/sidebyside ready -starts "$starts" "$@" "$bin"
