//! Parse and lint throughput on a large synthetic Dockerfile (MB/s are printed by `scripts/bench.sh`).

use shipshape_core::{dockerfile, lint, Config, Workspace};

// The allocator the `shipshape` CLI uses, so these numbers are the CLI's.
#[global_allocator]
static GLOBAL: shipshape_alloc::Allocator = shipshape_alloc::Allocator;

fn main() {
    divan::main();
}

/// A ~1 MB Dockerfile built from realistic pieces: stages, continuations, heredocs, flags, ENV pairs.
fn synthetic() -> String {
    let unit = r#"# syntax=docker/dockerfile:1
ARG BASE=debian:12-slim
FROM ${BASE} AS build
ENV LANG=C.UTF-8 PATH="/opt/venv/bin:$PATH" \
    PYTHONDONTWRITEBYTECODE=1
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt \
    apt-get update \
    # build deps
    && apt-get install -y --no-install-recommends build-essential git curl \
    && rm -rf /var/lib/apt/lists/*
COPY --chown=1000:1000 --chmod=0644 requirements.txt /app/
RUN <<EOF
set -eux
python3 -m venv /opt/venv
pip install --no-cache-dir -r /app/requirements.txt
EOF
FROM gcr.io/distroless/python3-debian12 AS runtime
COPY --from=build --link /opt/venv /opt/venv
LABEL org.opencontainers.image.source="https://example.com/repo" version="1.0"
HEALTHCHECK --interval=30s --timeout=3s CMD ["python3", "-c", "print(1)"]
USER 65532:65532
EXPOSE 8080/tcp
ENTRYPOINT ["python3", "-m", "app"]
"#;
    let mut s = String::with_capacity(1 << 20);
    while s.len() < (1 << 20) {
        s.push_str(unit);
    }
    s
}

#[divan::bench]
fn parse_1mb(bencher: divan::Bencher) {
    let text = synthetic();
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| dockerfile::parse(divan::black_box(&text)));
}

#[divan::bench]
fn lint_1mb(bencher: divan::Bencher) {
    let mut ws = Workspace::new();
    ws.add("Dockerfile", synthetic());
    let config = Config::default();
    let len = ws.files()[0].text.len();
    bencher
        .counter(divan::counter::BytesCount::new(len))
        .bench(|| lint(divan::black_box(&ws), &config));
}
