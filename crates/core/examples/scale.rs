//! How lint time and memory grow with input size, on generated worst cases. One case per process,
//! so the peak memory printed is that case's own:
//!
//!     cargo run --release -p shipshape-core --example scale -- CASE
//!
//! CASE is one of `lines-5000`, `lines-20000` (a realistic multi-stage file repeated), `runs-5000`,
//! `runs-20000` (RUNs in one stage), `bomb-6`, `bomb-9` (a YAML alias "billion laughs" compose
//! file with that many levels), `stages-10000` (each stage built on the one before), `compose-5000`
//! (services). `scripts/scale.sh` runs them all. Prints one line:
//! `scale CASE: N bytes, lint T ms, peak RSS M MB, F findings, E errors`.

use shipshape_core::{lint, Config, Workspace};
use std::time::Instant;

// The allocator the `shipshape` CLI uses, so these numbers are the CLI's.
#[global_allocator]
static GLOBAL: shipshape_alloc::Allocator = shipshape_alloc::Allocator;

const UNIT: &str = r#"FROM debian:12-slim AS build
ARG VERSION=1.0
ENV PATH="/opt/app/bin:$PATH" LANG=C.UTF-8
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN make build VERSION=${VERSION} && cp out/app /usr/local/bin/app
FROM gcr.io/distroless/base-debian12
COPY --from=build /usr/local/bin/app /app
USER 65532:65532
ENTRYPOINT ["/app"]
"#;

/// `UNIT` repeated to `n` lines, each copy's RUNs made distinct (a real file does not repeat the
/// same RUN hundreds of times, and the shell parse cache must not flatter the number).
fn lines(n: usize) -> String {
    let per_unit = UNIT.lines().count();
    (0..n.div_ceil(per_unit))
        .map(|i| {
            UNIT.replace("make build", &format!("make build UNIT={i}"))
                .replace(
                    "rm -rf /var/lib/apt/lists/*",
                    &format!("rm -rf /var/lib/apt/lists/* /tmp/{i}"),
                )
        })
        .collect()
}

fn runs(n: usize) -> String {
    let mut s = String::from("FROM alpine:3.20\nARG N=1\nENV A=1\n");
    for i in 0..n {
        s.push_str(&format!("RUN echo step {i} $A ${{N}} && touch /tmp/f{i}\n"));
    }
    s.push_str("USER 1000\nCMD [\"sh\"]\n");
    s
}

fn stages(n: usize) -> String {
    let mut s = String::from("FROM alpine:3.20 AS s0\n");
    for i in 1..n {
        s.push_str(&format!("FROM s{} AS s{i}\nRUN echo {i}\n", i - 1));
    }
    s
}

/// A compose file with `n` services, each built from its own folder and depending on the first.
fn compose(n: usize) -> String {
    let mut s = String::from("services:\n");
    for i in 0..n {
        s.push_str(&format!(
            "  svc{i}:\n    image: registry.example.com/svc{i}:1.0\n    ports: [\"{}:80\"]\n    environment:\n      A: \"1\"\n    depends_on: [svc0]\n",
            10000 + i % 50000
        ));
    }
    s
}

/// `n` top-level `x-` keys and a service with `n` keys, both in reverse order (a finding per key,
/// all offering one reorder of the whole block), and lists of `n` entries that must be unique.
fn keys(n: usize) -> String {
    let mut s = String::new();
    for i in (0..n).rev() {
        s.push_str(&format!("x-k{i:06}: {i}\n"));
    }
    s.push_str("services:\n  web:\n    image: nginx:1.27\n    depends_on:\n");
    for i in 0..n {
        s.push_str(&format!("      - dep{i}\n"));
    }
    s.push_str("    ports:\n");
    for i in 0..n {
        s.push_str(&format!("      - '{}:{}'\n", 1 + i % 60000, 1 + i / 60000));
    }
    for i in (0..n).rev() {
        s.push_str(&format!("    k{i:06}: {i}\n"));
    }
    s
}

/// `n` instructions before the first FROM: each is reported, all offering one move.
fn preamble(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&format!("LABEL n{i}=v\n"));
    }
    s.push_str("FROM alpine:3.20\n");
    s
}

/// `n` ENVs, each the one before plus a character: the values add up to n²/2 bytes unless the
/// analysis stops keeping them.
fn env_chain(n: usize) -> String {
    let mut s = String::from("FROM alpine:3.20\nENV V0=x\n");
    for i in 1..n {
        s.push_str(&format!("ENV V{i}=${{V{}}}x\n", i - 1));
    }
    s.push_str("RUN echo \"$V1\"\n");
    s
}

/// Each level is a list of ten aliases to the one before: 10^levels scalars once expanded.
fn bomb(levels: usize) -> String {
    let mut s = String::from("x-a0: &a0 \"lol\"\n");
    for i in 1..=levels {
        let refs: Vec<String> = (0..10).map(|_| format!("*a{}", i - 1)).collect();
        s.push_str(&format!("x-a{i}: &a{i} [{}]\n", refs.join(", ")));
    }
    s.push_str(&format!(
        "services:\n  web:\n    image: nginx:1.27\n    labels: *a{levels}\n"
    ));
    s
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let case = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "lines-5000".into());
    let (kind, n) = case.split_once('-').unwrap_or((&case, "0"));
    let n: usize = n.parse().unwrap_or(0);
    let (path, text) = match kind {
        "lines" => ("Dockerfile", lines(n)),
        "runs" => ("Dockerfile", runs(n)),
        "stages" => ("Dockerfile", stages(n)),
        "bomb" => ("compose.yaml", bomb(n)),
        "compose" => ("compose.yaml", compose(n)),
        "keys" => ("compose.yaml", keys(n)),
        "preamble" => ("Dockerfile", preamble(n)),
        "envchain" => ("Dockerfile", env_chain(n)),
        _ => {
            eprintln!("unknown case {case}");
            std::process::exit(2);
        }
    };
    let mut ws = Workspace::new();
    ws.add(path, text.clone());
    let t = Instant::now();
    let report = lint(&ws, &Config::default());
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    println!(
        "scale {case}: {} bytes, lint {ms:.1} ms, peak RSS {:.1} MB, {} findings, {} errors",
        text.len(),
        peak_rss_mb(),
        report.findings.len(),
        report.errors.len()
    );
}
