# mockdex as a fixture service (docker-compose, CI service containers).
#
#   docker build --build-arg VERSION=$(git describe --tags --always) \
#                --build-arg COMMIT=$(git rev-parse HEAD) -t mockdex .
#   docker run --rm -p 127.0.0.1:8080:8080 mockdex
#   docker build --target contract -t mockdex-contract .   # the contract runner alone
#
# Base images are fully qualified (podman and buildah refuse short names)
# and pinned by the digest of their multi-arch index, so a re-pushed tag
# cannot change what we build on. These digests were not pulled here (no
# container engine); they are the ones public Dockerfiles pinned for these
# tags when observed on 2026-09-30. Refresh both, tag and digest together:
#   docker buildx imagetools inspect docker.io/library/golang:1.26.8-bookworm
#   docker buildx imagetools inspect gcr.io/distroless/static-debian12:nonroot
# (the "Digest:" line of each). e2e/shipping's tests build the binary
# with exactly the flags of the go build line below, read from this file.

FROM docker.io/library/golang:1.26.8-bookworm@sha256:a688600ca24f8a4d3ca77f95b0dd40704a9fc787c826660eb7ba0b641b8b175d AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
ARG COMMIT=unknown
# Static (no cgo, no libc) so it runs on distroless/static; the spec and
# fixtures are embedded, so the binaries need no files beside them.
RUN CGO_ENABLED=0 go build -trimpath -buildvcs=false -ldflags "-s -w -X main.version=${VERSION} -X main.commit=${COMMIT}" -o /out/ ./cmd/mockdex ./cmd/contract
# /data for --data-dir and /tls for --tls-ca-out (a volume the app's
# containers read the authority from), owned by distroless's nonroot
# user (65532) so named volumes mounted there start writable.
RUN mkdir -p /out/data /out/tls

# The contract runner on its own: docker run mockdex-contract run --target URL
FROM gcr.io/distroless/static-debian12:nonroot@sha256:afa5c872c891853ca7fcf1f12c3edb23f7eeef36189728842dd51042ff57f7ab AS contract
COPY --from=build /out/contract /contract
USER 65532:65532
ENTRYPOINT ["/contract"]
CMD ["list"]

# The mock (the default target: it comes last).
FROM gcr.io/distroless/static-debian12:nonroot@sha256:afa5c872c891853ca7fcf1f12c3edb23f7eeef36189728842dd51042ff57f7ab AS mockdex
COPY --from=build /out/mockdex /mockdex
COPY --from=build --chown=65532:65532 /out/data /data
COPY --from=build --chown=65532:65532 /out/tls /tls
USER 65532:65532
# Listen on every interface inside the container; publish the port to the
# host only where a person needs it. serve records where it listens in
# MOCKDEX_ADDR_FILE, so the healthcheck below follows MOCKDEX_ADDR and
# `serve --addr` alike: any port works. Under MOCKDEX_TLS=auto (or a
# certificate given) it records that too, and the healthcheck probes over
# HTTPS, trusting the authority serve wrote.
ENV MOCKDEX_ADDR=0.0.0.0:8080 \
    MOCKDEX_ADDR_FILE=/tmp/mockdex.addr
EXPOSE 8080
HEALTHCHECK --interval=2s --timeout=2s --start-period=5s --retries=15 CMD ["/mockdex", "healthcheck"]
ENTRYPOINT ["/mockdex"]
CMD ["serve"]
