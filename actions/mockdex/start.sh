#!/usr/bin/env bash
# Starts `mockdex serve` in the background of the job and waits until
# GET /readyz answers 200; the mock lives until the job ends. Reads:
#   MOCKDEX_BIN      directory holding mockdex (install.sh's bin)
#   INPUT_ADDR       listen address (default 127.0.0.1:8080; :0 picks a free port)
#   INPUT_NAMESPACE  the namespace this job's requests use (default:
#                    JOB-RUN-ATTEMPT from GITHUB_JOB, GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT)
#   INPUT_ARGS       more serve flags, split on spaces (--clock scaled:60 --fixtures DIR)
#   INPUT_WAIT       seconds to wait for /readyz (default 60)
# Writes url, namespace, pid and log to $GITHUB_OUTPUT, MOCKDEX_URL and
# MOCKDEX_NAMESPACE to $GITHUB_ENV (for later steps), and prints the URL.
set -euo pipefail
bin=${MOCKDEX_BIN:?MOCKDEX_BIN: the directory install.sh put mockdex in}
addr=${INPUT_ADDR:-127.0.0.1:8080}
wait_s=${INPUT_WAIT:-60}
tmp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}

namespace=${INPUT_NAMESPACE:-}
if [ -z "$namespace" ]; then
  # A name per job and attempt, in the alphabet namespaces take.
  namespace=$(printf '%s-%s-%s' "${GITHUB_JOB:-job}" "${GITHUB_RUN_ID:-0}" "${GITHUB_RUN_ATTEMPT:-1}" |
    tr '[:upper:]' '[:lower:]' | tr -c 'a-z0-9._-' '-' | cut -c1-63)
fi
if ! [[ $namespace =~ ^[a-z0-9][a-z0-9._-]{0,62}$ ]]; then
  echo "::error title=mockdex::namespace \"$namespace\": want 1 to 63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit"
  exit 2
fi
case "$wait_s" in
  ''|*[!0-9]*) echo "::error title=mockdex::wait-seconds \"$wait_s\": want a whole number"; exit 2 ;;
esac

log="$tmp/mockdex-$namespace.log"
addr_file="$tmp/mockdex-$namespace.addr"
rm -f "$addr_file"
read -r -a extra <<< "${INPUT_ARGS:-}"
# serve records the address it listens on (the real port when addr asks
# for :0) in MOCKDEX_ADDR_FILE; nohup keeps it past this step's shell.
MOCKDEX_ADDR_FILE="$addr_file" nohup "$bin/mockdex" serve --addr "$addr" "${extra[@]}" > "$log" 2>&1 &
pid=$!

url=""
deadline=$((SECONDS + wait_s))
while [ "$SECONDS" -lt "$deadline" ]; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "::error title=mockdex::mockdex stopped before it was ready; its log:"
    cat "$log"
    exit 1
  fi
  if [ -z "$url" ] && [ -s "$addr_file" ]; then
    bound=$(cat "$addr_file")
    host=${bound%:*}
    port=${bound##*:}
    case "$host" in 0.0.0.0|'[::]'|'') host=127.0.0.1 ;; esac
    url="http://$host:$port"
  fi
  if [ -n "$url" ] && curl --silent --fail --max-time 2 --output /dev/null "$url/readyz"; then
    {
      echo "url=$url"
      echo "namespace=$namespace"
      echo "pid=$pid"
      echo "log=$log"
    } >> "${GITHUB_OUTPUT:-/dev/null}"
    {
      echo "MOCKDEX_URL=$url"
      echo "MOCKDEX_NAMESPACE=$namespace"
    } >> "${GITHUB_ENV:-/dev/null}"
    echo "mockdex is ready at $url (namespace $namespace: send X-Mockdex-Namespace: $namespace); log in $log"
    exit 0
  fi
  sleep 0.1
done
echo "::error title=mockdex::mockdex did not answer $url/readyz within ${wait_s}s; its log:"
cat "$log"
kill "$pid" 2>/dev/null || true
exit 1
