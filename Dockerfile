# townhall in a container: `docker run --rm -v "$PWD:/site" -w /site IMAGE build`
#
# Stage 1 compiles a static binary on Alpine (musl links statically by
# default); stage 2 is distroless/static: the binary, CA certificates and
# nothing else (no shell, no package manager).
FROM rust:1.89-alpine3.22 AS build
# A C compiler and musl headers for Oniguruma and mimalloc, built from source
# by their crates. Alpine's package index only keeps the current patch
# release, so pinning exact versions here would break the build within weeks.
# hadolint ignore=DL3018
RUN apk add --no-cache build-base
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY themes/default ./themes/default
RUN cargo build --release --locked \
    && strip target/release/townhall \
    && ./target/release/townhall --version

# Distroless publishes `latest` (and `nonroot`, `debug`) per Debian release,
# no version tags; `nonroot` would not be able to write public/ into a
# mounted folder owned by the host user, so run with `--user "$(id -u)"`
# to get files owned by you.
# hadolint ignore=DL3007
FROM gcr.io/distroless/static-debian12:latest
COPY --from=build /src/target/release/townhall /usr/local/bin/townhall
WORKDIR /site
ENTRYPOINT ["/usr/local/bin/townhall"]
CMD ["--help"]
