#!/usr/bin/env bash
# Runs `contract run` once, writing every report from that one run: JUnit
# and Markdown files, GitHub annotations on stdout, and the Markdown as
# the job summary. Reads:
#   CONTRACT_BIN      directory holding contract (install.sh's bin)
#   INPUT_TARGET      mock, or the base URL of every host (a mockdex, a tier);
#                     empty when INPUT_ARGS gives --ecvapi, --api and --reporting
#   INPUT_NAMESPACE   against a shared mockdex: the namespace to run in
#   INPUT_REPORT_DIR  where the reports go (default $RUNNER_TEMP/contract)
#   INPUT_FAIL_ON     breaking, warning or info (default breaking)
#   INPUT_ALLOW_WRITES  true to run the scenarios that create visits (default false)
#   INPUT_ARGS        more `contract run` flags, split on spaces (--tags read-only --rps 2)
#   INPUT_FAIL        false to end the step green on drift (the outputs say what happened)
# Credentials come from the step's environment only (DEXCARE_SERVICE_KEY,
# DEXCARE_API_KEY, DEXCARE_JWT...), as `contract run --help` lists.
# Writes junit, markdown and exit-code to $GITHUB_OUTPUT.
set -euo pipefail
bin=${CONTRACT_BIN:?CONTRACT_BIN: the directory install.sh put contract in}
dir=${INPUT_REPORT_DIR:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/contract}
mkdir -p "$dir"
junit="$dir/contract.xml"
markdown="$dir/summary.md"
rm -f "$junit" "$markdown"

args=(run --fail-on "${INPUT_FAIL_ON:-breaking}"
  --report "junit=$junit" --report "markdown=$markdown" --report github)
if [ -n "${INPUT_TARGET:-}" ]; then
  args+=(--target "$INPUT_TARGET")
fi
if [ -n "${INPUT_NAMESPACE:-}" ]; then
  args+=(--namespace "$INPUT_NAMESPACE")
fi
case "${INPUT_ALLOW_WRITES:-false}" in
  true) args+=(--allow-writes) ;;
  false) ;;
  *) echo "::error title=contract::allow-writes \"$INPUT_ALLOW_WRITES\": want true or false"; exit 2 ;;
esac
read -r -a extra <<< "${INPUT_ARGS:-}"

code=0
"$bin/contract" "${args[@]}" "${extra[@]}" || code=$?

if [ -s "$markdown" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$markdown" >> "$GITHUB_STEP_SUMMARY"
fi
{
  echo "junit=$junit"
  echo "markdown=$markdown"
  echo "exit-code=$code"
} >> "${GITHUB_OUTPUT:-/dev/null}"

case "$code" in
  0) ;;
  1) echo "contract: drift found (exit 1); the job summary and $junit say where" ;;
  2) echo "::error title=contract::contract refused its arguments or configuration (exit 2)" ;;
  3) echo "::error title=contract::the target did not answer, or refused the credentials (exit 3)" ;;
esac
if [ "${INPUT_FAIL:-true}" = false ] && [ "$code" -eq 1 ]; then
  exit 0
fi
exit "$code"
