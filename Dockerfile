# syntax=docker/dockerfile:1.10
# Two images:
# - the shipshape playground (the default, last stage `runtime`): build the Rust -> wasm app, then
#   serve the static files as a non-root user;
# - the CLI (`docker build --target cli -t shipshape .`): a static binary in an empty image, run as
#   `docker run --rm -i shipshape lint - < Dockerfile`.

FROM rust:1.88-bookworm AS build
WORKDIR /src
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    rustup target add wasm32-unknown-unknown \
    && cargo install wasm-bindgen-cli --version 0.2.130 --no-default-features --locked
COPY Cargo.toml Cargo.lock index.html boot.js worker.js ./
COPY src/ src/
COPY static/ static/
COPY crates/ crates/
# The files of scripts/build-dist.sh: index.html's copy-file list (boot.js, worker.js, sw.js) at the
# root, static/ beside them, and the rule documentation the page fetches when first needed.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --target wasm32-unknown-unknown --bin app \
    && wasm-bindgen --target web --no-typescript --out-dir /dist --out-name app target/wasm32-unknown-unknown/release/app.wasm \
    && cp -r static /dist/ \
    && cp boot.js worker.js static/sw.js /dist/ \
    && cargo run --release --locked -q -p shipshape-core --example rule_docs > /dist/rule-docs.json \
    && sed '/data-trunk/d' index.html > /dist/index.html

# Static linking needs no C toolchain for musl: Rust ships the target's libc, and nothing here links
# C code. The target is the building machine's own architecture (x86_64 or aarch64).

# cli-build compiles the CLI as a static musl binary.
FROM rust:1.88-bookworm AS cli-build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src/ src/
COPY crates/ crates/
# Its own target cache (id): the playground's stage builds in parallel and would wait on cargo's lock.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,id=shipshape-cli-target,target=/src/target \
    rustup target add "$(uname -m)-unknown-linux-musl" \
    && cargo build --release --locked -p shipshape-cli --target "$(uname -m)-unknown-linux-musl" \
    && mkdir -p /out \
    && cp "target/$(uname -m)-unknown-linux-musl/release/shipshape" /out/shipshape

# Files to lint come on standard input or in a mounted folder (`-v "$PWD:/work"`).

# cli is nothing but the binary: no shell, no package manager, a numeric non-root user.
FROM scratch AS cli
COPY --link --from=cli-build /out/shipshape /usr/local/bin/shipshape
WORKDIR /work
USER 65532:65532
# A command-line tool, not a service: there is nothing to check.
HEALTHCHECK NONE
ENTRYPOINT ["shipshape"]
CMD ["--help"]

FROM nginxinc/nginx-unprivileged:1.27-alpine AS runtime
COPY --from=build --chown=101:101 /dist /usr/share/nginx/html
USER 101:101
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD ["wget", "-q", "--spider", "http://127.0.0.1:8080/"]
