#!/usr/bin/env bash
# How long mockdex takes from exec until it answers, over several starts.
# It listens only after the spec is compiled and the world (with history)
# is built, so the first answer means ready. Polling by running
# `mockdex healthcheck` adds its own start-up, so the figure is an upper bound.
#   scripts/ready-time.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
bin=$(mktemp -d)/mockdex
go build -o "$bin" ./cmd/mockdex
addr=127.0.0.1:18099
for i in $(seq "$runs"); do
  start=$(date +%s%N)
  "$bin" --addr "$addr" >/dev/null 2>&1 &
  pid=$!
  until "$bin" healthcheck --url "http://$addr" --timeout 100ms >/dev/null 2>&1; do :; done
  echo $(( ($(date +%s%N) - start) / 1000000 ))
  kill "$pid"; wait "$pid" 2>/dev/null || true
done | sort -n | awk '{a[NR]=$1} END {printf "ready in %d ms median, %d ms max, over %d starts\n", a[int((NR+1)/2)], a[NR], NR}'
