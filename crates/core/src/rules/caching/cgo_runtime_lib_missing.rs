//! cgo-runtime-lib-missing: a cgo build's binary ships without the C libraries it links, or a
//! `CGO_ENABLED=0` build installs native headers it cannot use.

use super::common::{
    line_of, operands, os_install, root_image, run_assigned, stage_env, steps, Removals, Step, Var,
};
use crate::dockerfile::{Args, Instruction, Keyword};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::Cmd;

pub struct CgoRuntimeLibMissing;

static META: RuleMeta = rule_meta! {
    id: "cgo-runtime-lib-missing",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "A cgo binary ships without the C libraries it links, or a CGO_ENABLED=0 build installs native -dev packages for nothing",
    why: "With cgo on, `go build` links C code dynamically: against the C library, and against \
every native library whose `-dev` package the builder installed for it (`libwebp-dev`, \
`libsqlite3-dev`, `librdkafka-dev`, ...). The `-dev` package only exists in the builder; the \
stage that ships needs the matching runtime package (`libwebp7` on Debian, `libwebp` on Alpine), \
or the binary fails at start-up with `error while loading shared libraries` (or a bare `not \
found` on `scratch`, which has no C library at all, and the same on `distroless/static`).\n\n\
Reported on the `COPY --from=<builder>` of the shipped stage when the builder runs `go build` or \
`go install` with cgo on, that is `CGO_ENABLED=1` (ENV, ARG default or in the RUN), or cgo left \
at its default while a C compiler is there (a Debian-based `golang` image, or gcc installed) and \
native `-dev` libraries are installed; and the shipped stage starts from `scratch` or a static \
distroless image, or from a known distribution (Debian, Ubuntu, Alpine, ..., distroless) without \
installing a runtime package for one of those libraries and without copying libraries in. Not \
reported when the build links statically (`-extldflags \"-static\"`), when a variable hides the \
setting, or when the shipped stage starts from an image this rule does not know. Libraries that \
base images already carry (zlib, OpenSSL, libgcc, ...) are not asked for.\n\n\
The other way round, `CGO_ENABLED=0` builds cannot use C libraries at all: when every Go build of \
a stage (and the stages built on it) turns cgo off and nothing else compiles there, the native \
`-dev` packages it installs only cost build time and are reported on their install.",
    bad: "FROM golang:1.22-bookworm AS build\nRUN apt-get update && apt-get install -y --no-install-recommends libwebp-dev \\\n    && rm -rf /var/lib/apt/lists/*\nCOPY . /src\nWORKDIR /src\nRUN CGO_ENABLED=1 go build -o /out/app .\n\nFROM debian:bookworm-slim\nCOPY --from=build /out/app /usr/local/bin/app\nCMD [\"app\"]\n",
    good: "FROM golang:1.22-bookworm AS build\nRUN apt-get update && apt-get install -y --no-install-recommends libwebp-dev \\\n    && rm -rf /var/lib/apt/lists/*\nCOPY . /src\nWORKDIR /src\nRUN CGO_ENABLED=1 go build -o /out/app .\n\nFROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libwebp7 \\\n    && rm -rf /var/lib/apt/lists/*\nCOPY --from=build /out/app /usr/local/bin/app\nCMD [\"app\"]\n",
    has_fix: false,
    files: &[],
    references: &[
        "https://pkg.go.dev/cmd/cgo",
        "https://docs.docker.com/build/building/multi-stage/",
        "https://github.com/GoogleContainerTools/distroless/blob/main/base/README.md",
    ],
};

/// Header packages of the C library and kernel, not "native libraries" a program links.
fn is_libc_headers(name: &str) -> bool {
    matches!(
        name,
        "musl-dev"
            | "libc-dev"
            | "libc6-dev"
            | "linux-headers"
            | "linux-libc-dev"
            | "glibc-devel"
            | "kernel-headers"
            | "libstdc++-dev"
            | "g++"
    ) || name.starts_with("libstdc++")
        || name.starts_with("libgcc")
}

/// A native library's `-dev`/`-devel` package: its runtime name stem (`libwebp-dev` → `libwebp`).
fn native_lib(name: &str) -> Option<&str> {
    if is_libc_headers(name) {
        return None;
    }
    let stem = name
        .strip_suffix("-dev")
        .or_else(|| name.strip_suffix("-devel"))?;
    // Language headers are not libraries a Go program links.
    if stem.starts_with("python")
        || stem.starts_with("php")
        || stem.starts_with("ruby")
        || stem.starts_with("node")
    {
        return None;
    }
    Some(stem)
}

/// Libraries base images already carry (or that come with the C library).
fn usually_present(stem: &str) -> bool {
    const BASE: &[&str] = &[
        "zlib",
        "zlib1g",
        "libz",
        "libssl",
        "openssl",
        "libcrypto",
        "libgcc",
        "libstdc",
        "libncurses",
        "ncurses",
        "libtinfo",
        "libffi",
        "libudev",
        "libsystemd",
        "libselinux",
        "libacl",
        "libattr",
        "libbz2",
        "bzip2",
        "liblzma",
        "xz",
        "libzstd",
        "zstd",
        "libgmp",
        "gmp",
        "libcap",
        "libpcre",
        "pcre",
        "libuuid",
        "util-linux",
        "libblkid",
        "libmount",
        "libseccomp",
        "libaudit",
        "libdb",
        "libgcrypt",
        "libgpg-error",
        "liblz4",
        "lz4",
        "libcrypt",
        "libxcrypt",
        "libc",
        "musl",
        "glibc",
        "ca-certificates",
    ];
    BASE.iter().any(|b| {
        stem == *b
            || stem.starts_with(&format!("{b}-"))
            || (stem.starts_with(b)
                && stem[b.len()..]
                    .bytes()
                    .all(|c| c.is_ascii_digit() || c == b'.'))
    })
}

/// Whether an installed package provides the runtime of library `stem`.
fn provides_runtime(package: &str, stem: &str) -> bool {
    if package.ends_with("-dev") || package.ends_with("-devel") {
        // A -dev package depends on its runtime library.
        return native_lib(package).is_some_and(|s| s == stem);
    }
    let bare = stem.strip_prefix("lib").unwrap_or(stem);
    package.starts_with(stem)
        || package.starts_with(&format!("lib{bare}"))
        || package.starts_with(bare) && bare.len() >= 3
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cgo {
    On,
    Off,
    Default,
    Unknown,
}

fn cgo_of(cx: &Context<'_>, step: &Step<'_>) -> Cgo {
    let v = match run_assigned(step, "CGO_ENABLED") {
        Var::Unset => stage_env(cx, step.stage, step.ins.span.start, "CGO_ENABLED"),
        v => v,
    };
    match v {
        Var::Set(s) if s == "1" => Cgo::On,
        Var::Set(s) if s == "0" => Cgo::Off,
        Var::Unset => Cgo::Default,
        _ => Cgo::Unknown,
    }
}

/// `go build`/`go install` (also `xx-go`).
fn is_go_build(c: &Cmd) -> bool {
    matches!(c.program_name(), Some("go" | "xx-go"))
        && operands(c)
            .first()
            .is_some_and(|w| matches!(w.text.as_str(), "build" | "install"))
}

/// Commands that compile something other than Go (so native headers may be for them).
fn compiles_other(c: &Cmd) -> bool {
    let Some(p) = c.program_name() else {
        return false;
    };
    let first = operands(c)
        .first()
        .map(|w| w.text.clone())
        .unwrap_or_default();
    matches!(
        p,
        "make"
            | "gmake"
            | "cmake"
            | "gcc"
            | "cc"
            | "g++"
            | "c++"
            | "clang"
            | "meson"
            | "ninja"
            | "configure"
            | "cargo"
            | "node-gyp"
            | "autoreconf"
            | "bazel"
            | "scons"
            | "pkg-config"
    ) || p.ends_with(".sh")
        || (matches!(
            p,
            "pip" | "pip3" | "npm" | "yarn" | "pnpm" | "gem" | "bundle" | "python" | "python3"
        ) && !first.is_empty())
        || (p == "go" && first == "test" && c.args.iter().any(|a| a.text == "-race"))
        || (p == "go" && first == "generate")
}

/// OS packages installed (and not removed) in `chain` before `limit` (a source offset).
fn installed<'s>(
    all: &'s [Step<'_>],
    removals: &Removals,
    chain: &[usize],
    limit: usize,
) -> Vec<(String, usize, &'s Cmd)> {
    let mut out = Vec::new();
    for (i, s) in all.iter().enumerate() {
        if !chain.contains(&s.stage) {
            continue;
        }
        if s.ins.span.start > limit {
            continue;
        }
        for (c, install) in s.calls() {
            if c.span.start >= limit {
                continue;
            }
            let Some(inst) = os_install((c, install)) else {
                continue;
            };
            for p in &inst.packages {
                if !removals.removed(all, i, &inst, &p.name, chain) {
                    out.push((p.name.clone(), i, c));
                }
            }
        }
    }
    out
}

/// The stage a `COPY --from=` names (a stage name or index before `index`).
fn from_stage(cx: &Context<'_>, value: &str, index: usize) -> Option<usize> {
    if let Ok(n) = value.parse::<usize>() {
        return (n < index).then_some(n);
    }
    cx.model.stage_before(value, index).map(|s| s.index)
}

/// What the shipped image starts from, as far as this rule can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Runtime {
    /// `scratch`, distroless/chainguard `static`: no C library.
    NoLibc,
    /// A known distribution or distroless image: only what it installs or copies.
    Known,
    Unknown,
}

fn runtime_of(cx: &Context<'_>, stage: usize) -> Runtime {
    let root = *cx.stage_chain(stage).last().unwrap_or(&stage);
    let st = &cx.model.stages[root];
    if st
        .base_resolved
        .as_deref()
        .is_some_and(|b| b.eq_ignore_ascii_case("scratch"))
    {
        return Runtime::NoLibc;
    }
    let Some((name, r)) = root_image(cx, stage) else {
        return Runtime::Unknown;
    };
    let repo = r.repository.to_ascii_lowercase();
    let distroless = repo.contains("distroless") || repo.starts_with("chainguard/");
    if distroless && name.starts_with("static") {
        return Runtime::NoLibc;
    }
    if distroless
        || matches!(
            name.as_str(),
            "debian"
                | "ubuntu"
                | "alpine"
                | "fedora"
                | "centos"
                | "rockylinux"
                | "almalinux"
                | "amazonlinux"
                | "ubi8"
                | "ubi9"
                | "ubi-minimal"
                | "ubi"
                | "busybox"
        )
    {
        return Runtime::Known;
    }
    Runtime::Unknown
}

/// The `COPY --from=` instructions of a stage chain.
fn copies_from<'a>(cx: &Context<'a>, chain: &[usize]) -> Vec<(&'a Instruction, Option<usize>)> {
    let mut out = Vec::new();
    for &s in chain {
        let Some(st) = cx.model.stages.get(s) else {
            continue;
        };
        for ins in &st.instructions {
            if ins.keyword() != Keyword::Copy {
                continue;
            }
            if let Some(v) = ins.command.flag("from").and_then(|f| f.value()) {
                out.push((*ins, from_stage(cx, v, s)));
            }
        }
    }
    out
}

/// The sources of a COPY.
fn copy_sources(ins: &Instruction) -> Vec<String> {
    let words: Vec<String> = match &ins.command.args {
        Args::Words(w) => w.iter().map(|w| w.text.clone()).collect(),
        Args::Exec(w) => w.iter().map(|w| w.text.clone()).collect(),
        _ => Vec::new(),
    };
    match words.split_last() {
        Some((_, s)) => s.to_vec(),
        None => Vec::new(),
    }
}

impl Rule for CgoRuntimeLibMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        // Both checks need a Go build (`go build`, `RUN ["go", "build"]`, `xx-go install`): skip
        // the per-RUN analysis for files where `go` never ends a word.
        let b = cx.text.as_bytes();
        let go_word = memchr::memmem::find_iter(b, b"go").any(|i| {
            b.get(i + 2)
                .is_none_or(|c| !(c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-'))
        });
        if !go_word {
            return;
        }
        let all = steps(cx);
        let removals = Removals::new(&all);
        self.missing_runtime(cx, &all, &removals, out);
        self.headers_for_nothing(cx, &all, &removals, out);
    }
}

impl CgoRuntimeLibMissing {
    fn missing_runtime(
        &self,
        cx: &Context<'_>,
        all: &[Step<'_>],
        removals: &Removals,
        out: &mut Vec<Diagnostic>,
    ) {
        let shipped = cx.shipped_stages();
        let mut reported: Vec<usize> = Vec::new();
        for step in all {
            let Some(build) = step.commands().find(|c| is_go_build(c)) else {
                continue;
            };
            let b = step.stage;
            if shipped.iter().any(|&s| cx.stage_chain(s).contains(&b)) {
                continue; // the builder's own libraries ship with it
            }
            let text = step
                .scripts
                .iter()
                .map(|s| s.text.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            if text.contains("-static") {
                continue;
            }
            let chain = cx.stage_chain(b);
            let pkgs = installed(all, removals, &chain, build.span.start);
            let mut libs: Vec<&str> = Vec::new();
            for (name, _, _) in &pkgs {
                if let Some(stem) = native_lib(name) {
                    if !libs.contains(&stem) {
                        libs.push(stem);
                    }
                }
            }
            let gcc = pkgs.iter().any(|(n, _, _)| {
                matches!(
                    n.as_str(),
                    "gcc" | "build-essential" | "build-base" | "clang" | "alpine-sdk"
                )
            }) || root_image(cx, b).is_some_and(|(n, r)| {
                n == "golang" && !r.tag.as_deref().unwrap_or("").contains("alpine")
            });
            let cross = ["GOOS", "GOARCH"]
                .iter()
                .any(|v| run_assigned(step, v).is_set())
                || build.program_name() == Some("xx-go");
            let cgo = cgo_of(cx, step);
            let explicit = cgo == Cgo::On;
            let on = explicit || (cgo == Cgo::Default && gcc && !cross && !libs.is_empty());
            if !on {
                continue;
            }
            let line = line_of(cx.text, build.span.start);
            let how = if explicit {
                "CGO_ENABLED=1"
            } else {
                "cgo on by default, with a C compiler present"
            };
            for &s in &shipped {
                let schain = cx.stage_chain(s);
                for (copy, from) in copies_from(cx, &schain) {
                    if from != Some(b) || reported.contains(&copy.span.start) {
                        continue;
                    }
                    let libdirs = copies_from(cx, &schain).iter().any(|(c, _)| {
                        copy_sources(c)
                            .iter()
                            .any(|p| p.contains("/lib") || p.contains(".so"))
                    });
                    let message = match runtime_of(cx, s) {
                        Runtime::NoLibc if explicit || !libs.is_empty() => {
                            if libdirs {
                                continue;
                            }
                            let extra = if libs.is_empty() {
                                String::new()
                            } else {
                                format!(
                                    " and {}",
                                    libs.iter()
                                        .map(|l| format!("`{l}`"))
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                )
                            };
                            format!(
                                "the binary copied here is built with cgo ({how}, line {line}), so it links the C library{extra} dynamically, \
but this stage's base has no C library: build with CGO_ENABLED=0, link statically, or ship on an image with the libraries"
                            )
                        }
                        Runtime::Known if !libs.is_empty() && !libdirs => {
                            let here = installed(all, removals, &schain, usize::MAX);
                            let missing: Vec<&&str> = libs
                                .iter()
                                .filter(|l| !usually_present(l))
                                .filter(|l| !here.iter().any(|(p, _, _)| provides_runtime(p, l)))
                                .collect();
                            if missing.is_empty() {
                                continue;
                            }
                            let names = missing
                                .iter()
                                .map(|l| format!("`{l}-dev`"))
                                .collect::<Vec<_>>()
                                .join(", ");
                            format!(
                                "the binary copied here is built with cgo ({how}, line {line}) against {names}, but this stage installs no runtime package \
for {}: the binary will not start; install the runtime library (e.g. `{}`)",
                                if missing.len() == 1 { "it" } else { "them" },
                                missing.iter().map(|l| format!("{l}*")).collect::<Vec<_>>().join("`, `")
                            )
                        }
                        _ => continue,
                    };
                    reported.push(copy.span.start);
                    out.push(Diagnostic::new(copy.span, message));
                }
            }
        }
    }

    fn headers_for_nothing(
        &self,
        cx: &Context<'_>,
        all: &[Step<'_>],
        removals: &Removals,
        out: &mut Vec<Diagnostic>,
    ) {
        for (i, step) in all.iter().enumerate() {
            for (c, install) in step.calls() {
                let Some(inst) = os_install((c, install)) else {
                    continue;
                };
                // Every stage that carries this install.
                let users: Vec<usize> = (0..cx.model.stages.len())
                    .filter(|&s| cx.stage_chain(s).contains(&step.stage))
                    .collect();
                let later: Vec<(usize, &Step<'_>)> = all
                    .iter()
                    .enumerate()
                    .filter(|(j, s)| *j >= i && users.contains(&s.stage))
                    .collect();
                let libs: Vec<&str> = inst
                    .packages
                    .iter()
                    .filter(|p| native_lib(&p.name).is_some())
                    .filter(|p| !removals.removed(all, i, &inst, &p.name, &users))
                    .map(|p| p.name.as_str())
                    .collect();
                if libs.is_empty() {
                    continue;
                }
                let mut go_builds = 0;
                let mut all_off = true;
                let mut other = false;
                let mut first_line = 0;
                for (_, s) in &later {
                    for cmd in s.commands() {
                        if is_go_build(cmd) {
                            go_builds += 1;
                            if first_line == 0 {
                                first_line = line_of(cx.text, cmd.span.start);
                            }
                            all_off &= cgo_of(cx, s) == Cgo::Off;
                        } else if compiles_other(cmd) {
                            other = true;
                        }
                    }
                    other |= s.has_unread_script();
                }
                if go_builds == 0 || !all_off || other {
                    continue;
                }
                out.push(Diagnostic::new(
                    c.span,
                    format!(
                        "{} {} installed for Go builds with CGO_ENABLED=0 (line {first_line}), which cannot link C libraries: \
drop {}, or turn cgo on if the code needs {}",
                        libs.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", "),
                        if libs.len() == 1 { "is" } else { "are" },
                        if libs.len() == 1 { "it" } else { "them" },
                        if libs.len() == 1 { "it" } else { "them" },
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run;

    fn msgs(src: &str) -> Vec<String> {
        run(&CgoRuntimeLibMissing, src)
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    const BUILD: &str = "FROM golang:1.22-bookworm AS build\nRUN apt-get update && apt-get install -y libwebp-dev\nRUN go build -o /app .\n";

    #[test]
    fn runtime_names() {
        assert_eq!(native_lib("libwebp-dev"), Some("libwebp"));
        assert_eq!(native_lib("musl-dev"), None);
        assert_eq!(native_lib("python3-dev"), None);
        assert!(provides_runtime("libwebp7", "libwebp"));
        assert!(provides_runtime("libsqlite3-0", "libsqlite3"));
        assert!(provides_runtime("sqlite-libs", "sqlite"));
        assert!(provides_runtime("libwebp-dev", "libwebp"));
        assert!(!provides_runtime("libpng16-16", "libwebp"));
        assert!(usually_present("zlib1g"));
        assert!(usually_present("libssl"));
        assert!(!usually_present("libwebp"));
    }

    #[test]
    fn default_cgo_with_dev_lib_missing_runtime() {
        let m = msgs(&format!(
            "{BUILD}FROM debian:bookworm-slim\nCOPY --from=build /app /app\n"
        ));
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].contains("`libwebp-dev`"), "{m:?}");
        let ok = format!("{BUILD}FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y libwebp7\nCOPY --from=build /app /app\n");
        assert!(msgs(&ok).is_empty());
        // An image this rule does not know: not judged.
        assert!(msgs(&format!(
            "{BUILD}FROM myorg/runtime:1\nCOPY --from=build /app /app\n"
        ))
        .is_empty());
    }

    #[test]
    fn scratch_and_static() {
        let m = msgs(&format!(
            "{BUILD}FROM scratch\nCOPY --from=build /app /app\n"
        ));
        assert_eq!(m.len(), 1, "{m:?}");
        let m = msgs(&format!(
            "{BUILD}FROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\n"
        ));
        assert_eq!(m.len(), 1, "{m:?}");
        // Explicit CGO_ENABLED=1 into scratch, no -dev libs: still dynamic against libc.
        let m = msgs("FROM golang:1.22-alpine AS b\nRUN apk add gcc musl-dev\nRUN CGO_ENABLED=1 go build -o /app\nFROM scratch\nCOPY --from=b /app /app\n");
        assert_eq!(m.len(), 1, "{m:?}");
        // Default cgo without native libs: not judged.
        assert!(msgs(
            "FROM golang:1.22 AS b\nRUN go build -o /app\nFROM scratch\nCOPY --from=b /app /app\n"
        )
        .is_empty());
        // Static linking, CGO off.
        assert!(msgs("FROM golang:1.22 AS b\nRUN apt-get install -y libwebp-dev\nRUN go build -ldflags '-extldflags \"-static\"' -o /app\nFROM scratch\nCOPY --from=b /app /app\n").is_empty());
        assert!(msgs("FROM golang:1.22 AS b\nRUN CGO_ENABLED=0 go build -o /app\nFROM scratch\nCOPY --from=b /app /app\n").is_empty());
        // Unknown setting.
        assert!(msgs("FROM golang:1.22 AS b\nARG CGO_ENABLED\nRUN apt-get install -y libwebp-dev\nRUN go build -o /app\nFROM scratch\nCOPY --from=b /app /app\n").is_empty());
    }

    #[test]
    fn headers_for_a_cgo_off_build() {
        let src = "FROM golang:1.22-alpine AS b\nRUN apk add --no-cache libwebp-dev git\nENV CGO_ENABLED=0\nRUN go build -o /app\nFROM scratch\nCOPY --from=b /app /app\n";
        let m = msgs(src);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(
            m[0].contains("`libwebp-dev` is installed") && m[0].contains("line 4"),
            "{m:?}"
        );
        // Something else compiles there: quiet.
        let make = "FROM golang:1.22-alpine AS b\nRUN apk add --no-cache libwebp-dev\nENV CGO_ENABLED=0\nRUN make tool && go build -o /app\nFROM scratch\nCOPY --from=b /app /app\n";
        assert!(msgs(make).is_empty());
        // musl-dev is not a native library.
        let musl = "FROM golang:1.22-alpine AS b\nRUN apk add --no-cache musl-dev\nRUN CGO_ENABLED=0 go build -o /app\n";
        assert!(msgs(musl).is_empty());
    }
}
