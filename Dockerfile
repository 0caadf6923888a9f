# mockdex as a fixture service (docker-compose, CI). Static binary, no shell.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/mockdex ./cmd/mockdex

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/mockdex /mockdex
ENV MOCKDEX_ADDR=0.0.0.0:8080
EXPOSE 8080
HEALTHCHECK --interval=2s --timeout=2s --retries=15 CMD ["/mockdex", "healthcheck", "--url", "http://127.0.0.1:8080"]
ENTRYPOINT ["/mockdex"]
CMD ["serve"]
