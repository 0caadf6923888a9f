#!/usr/bin/env bash
# Resident memory of mockdex, with its default settings, after N requests
# of loadgen's mixed load (default 1,000,000): prints VmRSS and the peak
# VmHWM right after the load and again 30 s later, and the load average.
#   tools/memory.sh [requests] [extra mockdex flags...]
# Linux only (reads /proc). Builds into a temporary directory.
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-1000000}
shift || true
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
go build -o "$tmp/mockdex" ./cmd/mockdex
go build -o "$tmp/loadgen" ./cmd/loadgen
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 18099)
"$tmp/mockdex" --addr "127.0.0.1:$port" "$@" >/dev/null 2>"$tmp/mockdex.log" &
pid=$!
until "$tmp/mockdex" healthcheck --url "http://127.0.0.1:$port" --timeout 100ms >/dev/null 2>&1; do sleep 0.05; done
rss() { awk '/^VmRSS|^VmHWM/ {printf "%s %.1f MB  ", $1, $2/1024} END {print ""}' "/proc/$pid/status"; }
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "after start:        $(rss)"
# loadgen exits 1 when requests fail; its summary line says how many (the
# report it polls answers 404 once newer report jobs have evicted it).
("$tmp/loadgen" --url "http://127.0.0.1:$port" --mix mixed --requests "$requests" --duration 2h --concurrency 8 || true) | head -1
echo "after $requests: $(rss)"
sleep 30
echo "30 s later:         $(rss)"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
