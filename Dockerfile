# syntax=docker/dockerfile:1.10
# The shipshape playground: build the Rust -> wasm app, then serve the static files as a non-root user.

FROM rust:1.88-bookworm AS build
WORKDIR /src
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    rustup target add wasm32-unknown-unknown \
    && cargo install wasm-bindgen-cli --version 0.2.130 --no-default-features --locked
COPY Cargo.toml Cargo.lock index.html boot.js ./
COPY src/ src/
COPY static/ static/
COPY crates/ crates/
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --target wasm32-unknown-unknown --bin app \
    && wasm-bindgen --target web --no-typescript --out-dir /dist --out-name app target/wasm32-unknown-unknown/release/app.wasm \
    && cp -r static boot.js /dist/ \
    && sed '/data-trunk/d' index.html > /dist/index.html

FROM nginxinc/nginx-unprivileged:1.27-alpine AS runtime
COPY --from=build --chown=101:101 /dist /usr/share/nginx/html
USER 101:101
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD ["wget", "-q", "--spider", "http://127.0.0.1:8080/"]
