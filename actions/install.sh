#!/usr/bin/env bash
# Installs mockdex's commands for the actions in this folder: a release
# with `go install` when MOCKDEX_VERSION is set (vX.Y.Z), else a build of
# the checkout the action itself came from (so the actions work before
# the first release, and at any commit they are pinned to).
#   install.sh COMMAND...          (mockdex, contract)
# Writes bin=DIR to $GITHUB_OUTPUT (the directory holding the commands)
# and prints it. DIR is $RUNNER_TEMP/mockdex-bin.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: install.sh COMMAND..." >&2; exit 2; }
bin="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/mockdex-bin"
mkdir -p "$bin"
version=${MOCKDEX_VERSION:-}
root=$(cd "$(dirname "$0")/.." && pwd)
pkgs=()
for cmd in "$@"; do
  case "$cmd" in
    mockdex|contract) ;;
    *) echo "install.sh: unknown command $cmd (want mockdex or contract)" >&2; exit 2 ;;
  esac
  if [ -n "$version" ]; then
    pkgs+=("github.com/mockdex/mockdex/cmd/${cmd}@${version}")
  else
    pkgs+=("./cmd/$cmd")
  fi
done
# One go command for all of them: the packages they share build once.
if [ -n "$version" ]; then
  GOBIN="$bin" go install "${pkgs[@]}"
else
  (cd "$root" && go build -trimpath -o "$bin/" "${pkgs[@]}")
fi
echo "bin=$bin" >> "${GITHUB_OUTPUT:-/dev/null}"
echo "$bin"
