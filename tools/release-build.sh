#!/usr/bin/env bash
# Builds the release archives of mockdex and contract into OUTDIR: one
# per platform (tar.gz, zip for Windows) holding both commands, the
# LICENSE and the CHANGELOG, and checksums.txt (SHA-256, the form
# `sha256sum -c` reads). The binaries are built as the Dockerfile builds
# them: static, trimmed, stamped with the version and commit.
#   tools/release-build.sh VERSION COMMIT OUTDIR
# PLATFORMS (default: linux, darwin and windows on amd64 and arm64)
# narrows the set, as "linux/amd64 darwin/arm64".
set -euo pipefail
version=${1:?usage: release-build.sh VERSION COMMIT OUTDIR}
commit=${2:?usage: release-build.sh VERSION COMMIT OUTDIR}
out=${3:?usage: release-build.sh VERSION COMMIT OUTDIR}
platforms=${PLATFORMS:-linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for platform in $platforms; do
  os=${platform%/*}
  arch=${platform#*/}
  name="mockdex_${version#v}_${os}_${arch}"
  dir="$work/$name"
  mkdir -p "$dir"
  (cd "$root" && CGO_ENABLED=0 GOOS=$os GOARCH=$arch go build -trimpath -buildvcs=false \
    -ldflags "-s -w -X main.version=${version} -X main.commit=${commit}" -o "$dir/" ./cmd/mockdex ./cmd/contract)
  cp "$root/LICENSE" "$root/CHANGELOG.md" "$dir/"
  if [ "$os" = windows ]; then
    (cd "$work" && zip -qr "$out/$name.zip" "$name")
  else
    tar -C "$work" -czf "$out/$name.tar.gz" "$name"
  fi
  echo "built $name"
done

shopt -s nullglob
archives=("$out"/*.tar.gz "$out"/*.zip)
if [ ${#archives[@]} -eq 0 ]; then
  echo "release-build: nothing was built" >&2
  exit 1
fi
(cd "$out" && sha256sum -- "${archives[@]##*/}" > checksums.txt)
