//! build-tools-in-final-stage: compilers, headers and fetch tools left in the image that ships.

use super::common::{os_install, steps, Removals, Step};
use crate::dockerfile::Keyword;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct BuildToolsInFinalStage;

static META: RuleMeta = rule_meta! {
    id: "build-tools-in-final-stage",
    aliases: &[],
    severity: Severity::Info,
    category: Category::Security,
    enabled_by_default: true,
    summary: "Compilers, -dev headers or build-time fetch tools are installed in the shipped stage and never removed",
    why: "A compiler toolchain (`build-essential`, `build-base`, `gcc`, `make`, ...) and `-dev`/`-devel` \
header packages are needed to build native code, not to run it. Left in the image that ships they \
add tens to hundreds of megabytes and give anyone who gets a shell in the container a ready-made \
toolchain. The usual cure is a multi-stage build: compile in a builder stage, then copy only the \
result (and the runtime libraries, e.g. `libpq5` rather than `libpq-dev`) into a slim final stage. \
In a single-stage file, removing the packages in the same RUN that used them (`apt-get purge -y \
--auto-remove ...`, or `apk add --virtual .build-deps ... && apk del .build-deps`) keeps them out \
of the layer.\n\n\
Only the shipped stage is judged: the last stage, or the compose `target`, and the stages it is \
built on. A builder stage that installs `build-essential` is doing its job; purging build \
dependencies there (as some audit reports advise) does not make the final image any smaller, \
because a multi-stage build leaves the builder's files behind anyway.\n\n\
Not reported when the shipped stage starts from an image that carries a compiler anyway \
(`buildpack-deps`, `gcc`, `golang`, `rust`, or the full, non-slim `python`, `node`, `ruby`, \
`php`, ... images; the advice there is a slim base), or when its CMD or ENTRYPOINT runs a build \
tool (`make`, `go`, `cargo`, ...). `git`, `curl` and `wget` are reported only in files that \
already have a build stage, when a later RUN uses them during the build and the image does not \
use them at run time (CMD, ENTRYPOINT, HEALTHCHECK, or a compose file in the \
workspace mentioning them, e.g. a `curl` health check). Removal counts in the same RUN or any \
later RUN (`apt-get purge/remove`, `apt-mark auto` + `--auto-remove`, `apk del` of the package \
or its `--virtual` group, `dnf remove`). Stages and files named for development, tests or CI \
(`dev`, `test`, `ci`, `builder`, `Dockerfile.dev`, `.devcontainer/`) are meant to carry tools \
and are not reported.",
    bad: "FROM python:3.12-slim\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends gcc libpq-dev \\\n    && rm -rf /var/lib/apt/lists/*\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n",
    good: "FROM python:3.12-slim AS build\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends gcc libpq-dev \\\n    && rm -rf /var/lib/apt/lists/*\nCOPY requirements.txt .\nRUN pip wheel --no-cache-dir -r requirements.txt -w /wheels\n\nFROM python:3.12-slim\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends libpq5 \\\n    && rm -rf /var/lib/apt/lists/*\nCOPY --from=build /wheels /wheels\nRUN pip install --no-cache-dir /wheels/*\n",
    has_fix: false,
    files: &[],
    references: &[
        "https://docs.docker.com/build/building/multi-stage/",
        "https://docs.docker.com/build/building/best-practices/#dont-install-unnecessary-packages",
        "https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper#Virtual_Packages",
    ],
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Compiler,
    Headers,
    /// git, curl, wget: reported only with evidence of build-time use.
    Fetch,
}

/// Whether an OS package is a build tool.
pub(super) fn classify(name: &str) -> Option<Kind> {
    const COMPILERS: &[&str] = &[
        "gcc",
        "g++",
        "gcc-c++",
        "cc",
        "c++",
        "clang",
        "llvm",
        "build-essential",
        "build-base",
        "alpine-sdk",
        "make",
        "cmake",
        "autoconf",
        "automake",
        "libtool",
        "pkg-config",
        "pkgconf",
        "pkgconfig",
        "gfortran",
        "gcc-gfortran",
        "nasm",
        "yasm",
        "ninja-build",
        "meson",
        "bison",
        "flex",
        "swig",
        "golang",
        "go",
        "rustc",
        "cargo",
        "musl-dev",
        "libc-dev",
        "libc6-dev",
        "linux-headers",
        "linux-libc-dev",
        "kernel-headers",
        "glibc-devel",
        "@development-tools",
        "development tools",
    ];
    let versioned = |stem: &str| {
        name.strip_prefix(stem)
            .and_then(|r| r.strip_prefix('-'))
            .is_some_and(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
    };
    if COMPILERS.contains(&name) || ["gcc", "g++", "clang", "llvm"].iter().any(|s| versioned(s)) {
        return Some(Kind::Compiler);
    }
    if (name.ends_with("-dev") || name.ends_with("-devel")) && name.len() > 5 {
        return Some(Kind::Headers);
    }
    if matches!(
        name,
        "git" | "git-core" | "curl" | "wget" | "mercurial" | "subversion"
    ) {
        return Some(Kind::Fetch);
    }
    None
}

/// Words that mark a stage or file as a development, test or CI image.
fn dev_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.split(['-', '_', '.', '/']).any(|t| {
        matches!(
            t,
            "dev"
                | "develop"
                | "development"
                | "devcontainer"
                | "test"
                | "tests"
                | "testing"
                | "ci"
                | "build"
                | "builder"
                | "debug"
                | "tools"
                | "toolchain"
                | "sdk"
                | "lint"
                | "e2e"
                | "local"
                | "validate"
                | "validation"
                | "check"
                | "verify"
        )
    })
}

/// Programs whose use in CMD/ENTRYPOINT shows the image builds code at run time.
const RUN_BUILDS: &[&str] = &[
    "make", "gcc", "cc", "g++", "clang", "cmake", "go", "cargo", "mvn", "gradle", "bazel", "ninja",
];

/// Whether a shipped stage starts from an image that carries a compiler anyway (`buildpack-deps`,
/// `gcc`, `golang`, `rust`, the full `python`/`node`/`ruby`/`php`/... images): the advice there is
/// a slim base, which installing or removing a few packages does not change.
fn toolchain_base(cx: &Context<'_>, stage: usize) -> bool {
    let Some((name, r)) = super::common::root_image(cx, stage) else {
        return false;
    };
    let tag = r.tag.as_deref().unwrap_or("latest").to_ascii_lowercase();
    let slim = ["slim", "alpine", "distroless", "minimal"]
        .iter()
        .any(|t| tag.contains(t));
    match name.as_str() {
        "buildpack-deps" | "gcc" | "golang" | "rust" | "haskell" | "swift" | "clojure" => true,
        "python" | "node" | "ruby" | "perl" | "php" | "openjdk" | "elixir" | "erlang" | "julia"
        | "pypy" => !slim,
        _ => false,
    }
}

/// Programs a fetch-tool package provides.
fn provides(package: &str) -> &'static [&'static str] {
    match package {
        "git" | "git-core" => &["git"],
        "curl" => &["curl"],
        "wget" => &["wget"],
        "mercurial" => &["hg"],
        "subversion" => &["svn"],
        _ => &[],
    }
}

/// Where each program runs in the file's RUNs, indexed once per rule run (asking every later RUN
/// for every installed tool was quadratic).
struct ProgramUses<'s> {
    /// Program -> (step, command start) of each command running it.
    by_program: std::collections::HashMap<&'s str, Vec<(usize, usize)>>,
}

impl<'s> ProgramUses<'s> {
    fn new(steps: &'s [Step<'_>]) -> Self {
        let mut by_program: std::collections::HashMap<&'s str, Vec<(usize, usize)>> =
            Default::default();
        for (i, s) in steps.iter().enumerate() {
            for c in s.commands() {
                if let Some(p) = c.program_name() {
                    by_program.entry(p).or_default().push((i, c.span.start));
                }
            }
        }
        ProgramUses { by_program }
    }

    /// Whether one of `progs` runs after offset `after` of RUN `at`, in a RUN that ends up in one
    /// of the shipped stages `ships` (so the tool is used while building, not only installed).
    fn later(
        &self,
        cx: &Context<'_>,
        steps: &[Step<'_>],
        at: usize,
        after: usize,
        ships: &[usize],
        progs: &[&str],
    ) -> bool {
        progs.iter().any(|p| {
            self.by_program.get(p).is_some_and(|v| {
                v.iter().any(|&(i, start)| {
                    i >= at
                        && (i > at || start >= after)
                        && ships
                            .iter()
                            .any(|&sh| cx.model.builds_on(sh, steps[i].stage))
                })
            })
        })
    }
}

/// Whether the image may need `progs` at run time: CMD, ENTRYPOINT or HEALTHCHECK of a shipped
/// stage, or a compose file that builds this Dockerfile and mentions them (its `command:`,
/// `entrypoint:` or healthcheck may run them). Compose files that do not build this Dockerfile say
/// nothing about it (and reading every one of them for every Dockerfile made a monorepo quadratic).
fn used_at_run(cx: &Context<'_>, chain: &[usize], progs: &[&str]) -> bool {
    let mentions = |t: &str| {
        progs.iter().any(|p| {
            t.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .any(|w| w == *p)
        })
    };
    let in_image = chain.iter().any(|&s| {
        cx.model.stages.get(s).is_some_and(|st| {
            st.instructions.iter().any(|ins| {
                matches!(
                    ins.keyword(),
                    Keyword::Cmd | Keyword::Entrypoint | Keyword::Healthcheck
                ) && mentions(ins.span.slice(cx.text))
            })
        })
    });
    in_image
        || cx.built_by.iter().any(|&(c, _)| {
            cx.composes
                .get(c)
                .and_then(|c| cx.workspace.get(&c.path))
                .is_some_and(|f| mentions(&f.text))
        })
}

impl Rule for BuildToolsInFinalStage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let path = cx.path.to_ascii_lowercase();
        let file = path.rsplit('/').next().unwrap_or(&path);
        if path.contains(".devcontainer") || dev_name(file.trim_end_matches("dockerfile")) {
            return;
        }
        let shipped = cx.shipped_stages();
        let all = steps(cx);
        // Built on first need: most RUNs install nothing.
        let removals = std::cell::OnceCell::new();
        let uses = std::cell::OnceCell::new();
        let multi_stage = cx.model.stages.len() > 1;
        let has_builder = cx.model.stages.iter().any(|s| !cx.is_shipped(s.index));
        // Per set of shipped stages a RUN ends up in: whether its RUNs are judged at all (not a
        // dev image, not a toolchain image, no build at run time). Computed once per set.
        let mut judged: std::collections::HashMap<Vec<usize>, (bool, Vec<usize>)> =
            Default::default();
        for (at, step) in all.iter().enumerate() {
            if !step.calls().any(|call| os_install(call).is_some()) {
                continue;
            }
            // The shipped stages this RUN ends up in.
            let ships: Vec<usize> = shipped
                .iter()
                .copied()
                .filter(|&s| cx.model.builds_on(s, step.stage))
                .collect();
            if ships.is_empty() {
                continue;
            }
            let (judge, chain) = &*judged.entry(ships.clone()).or_insert_with(|| {
                let dev = ships.iter().any(|&s| {
                    cx.stage_chain(s).iter().any(|&c| {
                        cx.model
                            .stages
                            .get(c)
                            .and_then(|st| st.name)
                            .is_some_and(|n| dev_name(&n.text))
                    })
                });
                let mut chain: Vec<usize> = Vec::new();
                for &s in &ships {
                    for c in cx.stage_chain(s) {
                        if !chain.contains(&c) {
                            chain.push(c);
                        }
                    }
                }
                let judge = !dev
                    && !ships.iter().any(|&s| toolchain_base(cx, s))
                    && !used_at_run(cx, &chain, RUN_BUILDS);
                (judge, chain)
            });
            if !judge {
                continue;
            }
            // One finding per RUN, on its first install of a build tool.
            let mut found: Vec<(String, Kind)> = Vec::new();
            let mut at_cmd: Option<&crate::shell::Cmd> = None;
            for (c, install) in step.calls() {
                let Some(inst) = os_install((c, install)) else {
                    continue;
                };
                for p in &inst.packages {
                    let Some(kind) = classify(&p.name) else {
                        continue;
                    };
                    let removals = removals.get_or_init(|| Removals::new(&all));
                    if removals.removed(&all, at, &inst, &p.name, chain) {
                        continue;
                    }
                    if kind == Kind::Fetch {
                        let progs = provides(&p.name);
                        if !has_builder
                            || !uses
                                .get_or_init(|| ProgramUses::new(&all))
                                .later(cx, &all, at, c.span.end, &ships, progs)
                            || used_at_run(cx, chain, progs)
                        {
                            continue;
                        }
                    }
                    if !found.iter().any(|(n, _)| *n == p.name) {
                        found.push((p.name.clone(), kind));
                        at_cmd.get_or_insert(c);
                    }
                }
            }
            if let Some(c) = at_cmd {
                let names: Vec<String> = found
                    .iter()
                    .take(4)
                    .map(|(n, _)| format!("`{n}`"))
                    .collect();
                let more = if found.len() > 4 {
                    format!(" and {} more", found.len() - 4)
                } else {
                    String::new()
                };
                let kinds = {
                    let has = |k: Kind| found.iter().any(|(_, x)| *x == k);
                    let mut v = Vec::new();
                    if has(Kind::Compiler) {
                        v.push("build tools");
                    }
                    if has(Kind::Headers) {
                        v.push("development headers");
                    }
                    if has(Kind::Fetch) {
                        v.push("build-only tools");
                    }
                    match v.split_last() {
                        Some((last, rest)) if !rest.is_empty() => {
                            format!("{} and {last}", rest.join(", "))
                        }
                        _ => v.join(""),
                    }
                };
                let stage_name = ships
                    .last()
                    .and_then(|&s| cx.model.stages.get(s))
                    .and_then(|s| s.name.map(|w| format!(" `{}`", w.text)))
                    .unwrap_or_default();
                // The build stage to move them to: one the shipped stage copies from, else any.
                let copied_from = chain.iter().find_map(|&s| {
                    cx.model.stages.get(s)?.instructions.iter().find_map(|i| {
                        let from = i.command.flag("from")?.value()?;
                        let st = cx.model.stage_before(from, s)?;
                        (!cx.is_shipped(st.index)).then_some(st)
                    })
                });
                let builder = copied_from
                    .or_else(|| cx.model.stages.iter().find(|s| !cx.is_shipped(s.index)))
                    .map(|s| match s.name {
                        Some(n) => format!("stage `{}`", n.text),
                        None => format!("stage #{}", s.index),
                    });
                let advice = match (multi_stage, builder) {
                    (true, Some(b)) => format!(
                        "install them in the build {b} and copy only the results over"
                    ),
                    _ => "compile in a separate build stage and copy only the results, or remove them in this same RUN once used".to_string(),
                };
                out.push(Diagnostic::new(
                    c.span,
                    format!(
                        "{kinds} {}{more} are installed in the shipped stage{stage_name} and never removed; {advice}",
                        names.join(", "),
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
        run(&BuildToolsInFinalStage, src)
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn classification() {
        assert_eq!(classify("gcc"), Some(Kind::Compiler));
        assert_eq!(classify("gcc-12"), Some(Kind::Compiler));
        assert_eq!(classify("build-essential"), Some(Kind::Compiler));
        assert_eq!(classify("libpq-dev"), Some(Kind::Headers));
        assert_eq!(classify("openssl-devel"), Some(Kind::Headers));
        assert_eq!(classify("udev"), None);
        assert_eq!(classify("libpq5"), None);
        assert_eq!(classify("git"), Some(Kind::Fetch));
        assert_eq!(classify("ca-certificates"), None);
    }

    #[test]
    fn final_stage_toolchain() {
        let m = msgs("FROM debian:12\nRUN apt-get update && apt-get install -y build-essential libssl-dev ca-certificates\n");
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].contains("`build-essential`, `libssl-dev`"), "{m:?}");
        assert!(!m[0].contains("ca-certificates"));
    }

    #[test]
    fn builder_stages_are_not_judged() {
        let src = "FROM golang:1.22 AS build\nRUN apt-get update && apt-get install -y gcc libwebp-dev\nRUN go build -o /app\nFROM debian:12-slim\nCOPY --from=build /app /app\n";
        assert!(msgs(src).is_empty());
        // ...but a stage the shipped one is built on is.
        let base =
            "FROM debian:12 AS base\nRUN apt-get install -y gcc\nFROM base AS final\nCMD [\"x\"]\n";
        assert_eq!(msgs(base).len(), 1);
    }

    #[test]
    fn removal_counts() {
        for src in [
            "FROM python:3.12-slim\nRUN apt-get install -y gcc && pip install x && apt-get purge -y gcc\n",
            "FROM alpine\nRUN apk add --virtual .build-deps gcc musl-dev && pip install x && apk del .build-deps\n",
            "FROM debian\nRUN savedAptMark=\"$(apt-mark showmanual)\" && apt-get install -y gcc && apt-mark auto '.*' && apt-mark manual $savedAptMark && apt-get purge -y --auto-remove\n",
            "FROM alpine\nRUN apk add gcc\nRUN apk del gcc\n",
        ] {
            assert!(msgs(src).is_empty(), "{src}: {:?}", msgs(src));
        }
        // Removing something else does not count.
        assert_eq!(
            msgs("FROM alpine\nRUN apk add gcc make && apk del make\n").len(),
            1
        );
    }

    #[test]
    fn fetch_tools_need_build_use() {
        // curl never used by the build: probably a runtime tool.
        assert!(msgs("FROM debian\nRUN apt-get install -y curl\n").is_empty());
        // used at build time only, in a file that has a build stage
        let b = "FROM golang:1.22 AS build\nRUN go build -o /app\n";
        let m = msgs(&format!("{b}FROM debian\nRUN apt-get install -y curl && curl -fsSLo /x https://e.x/x\nCOPY --from=build /app /app\n"));
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].contains("build stage `build`"), "{m:?}");
        // ...but not in a single-stage file (base images keep curl for their users)
        assert!(
            msgs("FROM debian\nRUN apt-get install -y curl && curl -fsSLo /x https://e.x/x\n")
                .is_empty()
        );
        // used at build time but also in the health check
        assert!(msgs(&format!("{b}FROM debian\nRUN apt-get install -y curl\nRUN curl -fsSLo /x https://e.x/x\nHEALTHCHECK CMD curl -f http://localhost/\n")).is_empty());
    }

    #[test]
    fn toolchain_bases_and_build_commands() {
        // The full images carry a compiler anyway.
        assert!(msgs("FROM python:3.12\nRUN apt-get install -y gcc libpq-dev\n").is_empty());
        assert!(msgs("FROM buildpack-deps:bookworm\nRUN apt-get install -y tk-dev\n").is_empty());
        assert_eq!(
            msgs("FROM python:3.12-slim\nRUN apt-get install -y gcc libpq-dev\n").len(),
            1
        );
        // An image that builds at run time.
        assert!(
            msgs("FROM debian\nRUN apt-get install -y make gcc\nCMD [\"make\", \"test\"]\n")
                .is_empty()
        );
    }

    #[test]
    fn dev_images_are_skipped() {
        assert!(msgs("FROM debian AS dev\nRUN apt-get install -y gcc\n").is_empty());
        let src = "FROM debian\nRUN apt-get install -y gcc\n";
        for path in [
            "Dockerfile.dev",
            ".devcontainer/Dockerfile",
            "ci.Dockerfile",
        ] {
            let out = crate::rules::run_at(&BuildToolsInFinalStage, path, src, &[]);
            assert!(out.is_empty(), "{path}");
        }
    }
}
