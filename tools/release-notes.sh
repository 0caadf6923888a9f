#!/usr/bin/env bash
# Prints the CHANGELOG.md section of one version, without its heading:
# the draft release's notes. Fails, saying so, when the version has no
# section or an empty one, so a tag cannot be released without its notes.
#   tools/release-notes.sh VERSION [CHANGELOG]     (VERSION: 0.1.0 or v0.1.0, or Unreleased)
set -euo pipefail
version=${1:?usage: release-notes.sh VERSION [CHANGELOG]}
version=${version#v}
changelog=${2:-"$(dirname "$0")/../CHANGELOG.md"}
notes=$(awk -v want="$version" '
  /^## \[/ {
    name = $0; sub(/^## \[/, "", name); sub(/\].*$/, "", name)
    if (found) exit
    found = (name == want)
    next
  }
  /^\[[^]]+\]: / { if (found) exit }
  found { print }
' "$changelog")
# Trim the blank lines around the section.
notes=$(printf '%s\n' "$notes" | sed -e '/./,$!d')
if [ -z "$notes" ]; then
  echo "release-notes: $changelog has no section \"## [$version]\" with anything in it;" \
    "rename [Unreleased] to [$version] - $(date -u +%Y-%m-%d) first (docs/release.md)" >&2
  exit 1
fi
printf '%s\n' "$notes"
