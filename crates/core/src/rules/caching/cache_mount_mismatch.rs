//! cache-mount-mismatch: a RUN's cache mount is not where the tool it runs keeps its cache.

use super::cache_dirs::{intended_for, runs_tool, uses, Cache, Use};
use super::common::{line_of, steps, user_at, Mount, Step};
use crate::diagnostics::Fix;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::TextEdit;

pub struct CacheMountMismatch;

static META: RuleMeta = rule_meta! {
    id: "cache-mount-mismatch",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Performance,
    enabled_by_default: true,
    summary: "A RUN's cache mount is not where the tool it runs keeps its cache",
    why: "`RUN --mount=type=cache,target=DIR` only helps when the command writes its cache to \
`DIR`. Mount uv's cache (`/root/.cache/uv`) and run `pip install`, and pip still downloads every \
wheel on each build and leaves them in the layer, while the mount stays empty. The same happens \
when `GOCACHE`, `PIP_CACHE_DIR`, `npm_config_cache`, `CARGO_HOME` and friends point elsewhere, \
when the mount is `/go-build` but Go uses `~/.cache/go-build`, or when a `USER` that is not root \
runs the tool: `~` is then that user's home, not `/root`.\n\n\
Where each tool keeps its cache: pip `~/.cache/pip`, uv `~/.cache/uv`, Poetry \
`~/.cache/pypoetry`, npm `~/.npm`, pnpm `~/.local/share/pnpm/store` (or `$PNPM_HOME/store`), \
apt `/var/cache/apt` and `/var/lib/apt`, apk `/var/cache/apk`, dnf/yum `/var/cache/dnf` and \
`/var/cache/yum`, Go `$GOPATH/pkg/mod` (`/go/pkg/mod` in the `golang` images) and \
`~/.cache/go-build`, Cargo `$CARGO_HOME/registry` (`/usr/local/cargo` in the `rust` images), \
Composer `~/.cache/composer`, Maven `~/.m2`, Gradle `~/.gradle`; each moved by its flag \
(`--cache-dir`, `--cache`, `--store-dir`, ...) or variable (`PIP_CACHE_DIR`, `UV_CACHE_DIR`, \
`npm_config_cache`, `GOMODCACHE`, `GOCACHE`, `CARGO_HOME`, `XDG_CACHE_HOME`, ...) set by ENV, \
ARG or in the RUN itself.\n\n\
The rule is deliberately cautious. It reports a cache mount only when it looks meant for a \
cache (its path is a cache's usual place or names the tool), nothing the RUN runs uses it, and \
a tool the RUN visibly runs has a cache no mount covers: either the same cache in another \
place, or another tool's cache while the mount's own tool is not run at all (and no script, \
`make` or other program that might run it). Caches switched off (`pip --no-cache-dir`, \
`apk --no-cache`, `GOCACHE=off`), settings it cannot read (a build argument without default) \
and Yarn and RubyGems, whose cache moves between versions, are not judged. The fix points the \
mount at the right folder; it is safe when that folder is certain.",
    bad: "FROM python:3.12-slim AS build\nRUN --mount=type=cache,target=/root/.cache/uv \\\n    pip install -r requirements.txt\n",
    good: "FROM python:3.12-slim AS build\nRUN --mount=type=cache,target=/root/.cache/pip \\\n    pip install -r requirements.txt\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://docs.docker.com/build/cache/optimize/#use-cache-mounts",
        "https://docs.docker.com/reference/dockerfile/#run---mounttypecache",
        "https://pip.pypa.io/en/stable/topics/caching/",
        "https://docs.astral.sh/uv/concepts/cache/",
        "https://pkg.go.dev/cmd/go#hdr-Build_and_test_caching",
    ],
};

/// Where a use's cache is, for messages.
pub(super) fn place(u: &Use<'_>) -> String {
    if let Some(d) = u.fix_dir.as_ref().or(u.dirs.first()) {
        return format!("`{d}`");
    }
    match (&u.other_user, u.in_other_home.first()) {
        (Some(user), Some(rel)) => format!("`~/{rel}` in the home of user `{user}`"),
        _ => "somewhere else".to_string(),
    }
}

/// What a command is, for messages: `pip install`, `go mod download`, `uv pip install`.
pub(super) fn what(u: &Use<'_>) -> String {
    let prog = u.cmd.program_name().unwrap_or(u.cache.tool());
    let ops: Vec<&str> = u
        .cmd
        .unwrapped()
        .args
        .iter()
        .filter(|w| !w.text.starts_with('-'))
        .map(|w| w.text.as_str())
        .collect();
    let plain = |s: &&&str| {
        s.len() < 24
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b':')
    };
    if prog.starts_with("python") && ops.first() == Some(&"pip") {
        return format!(
            "`{prog} -m pip{}`",
            ops.get(1).map(|o| format!(" {o}")).unwrap_or_default()
        );
    }
    let mut sub: Vec<&str> = Vec::new();
    if let Some(first) = ops.first().filter(plain) {
        sub.push(*first);
        if matches!(*first, "mod" | "pip" | "tool" | "chef" | "global") {
            sub.extend(ops.get(1).filter(plain).copied());
        }
    }
    if sub.is_empty() {
        format!("`{prog}`")
    } else {
        format!("`{prog} {}`", sub.join(" "))
    }
}

/// Whether the RUN runs something that could use any cache unseen: a script, `make`, a heredoc
/// for another interpreter.
pub(super) fn runs_opaque(step: &Step<'_>) -> bool {
    step.has_unread_script()
        || step.commands().any(|c| {
            let v = c.unwrapped();
            let Some(name) = v.name else { return false };
            if name.has_expansion {
                return true;
            }
            let prog = c.program_name().unwrap_or("");
            let operand = v.args.iter().find(|a| !a.text.starts_with('-'));
            matches!(
                prog,
                "make" | "gmake" | "just" | "task" | "mage" | "bazel" | "bazelisk"
            ) || prog.ends_with(".sh")
                // A path that names a known tool (`/opt/venv/bin/pip`) is that tool, as
                // prefer-cache-mount sees it; any other path may be a script.
                || (name.text.contains('/')
                    && !Cache::known_program(prog)
                    && !name.text.starts_with("/usr/bin/")
                    && !name.text.starts_with("/bin/")
                    && !name.text.starts_with("/usr/local/bin/"))
                || (matches!(prog, "sh" | "bash" | "dash" | "ash" | "zsh")
                    && operand.is_some()
                    && !v
                        .args
                        .iter()
                        .any(|a| a.text.starts_with('-') && a.text.contains('c')))
        })
}

impl Rule for CacheMountMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for step in steps(cx) {
            let mounts = step.mounts();
            if !mounts.iter().any(Mount::is_cache) {
                continue;
            }
            let mut cache_mounts: Vec<(&Mount<'_>, String)> = Vec::new();
            let mut covering: Vec<String> = Vec::new();
            let mut unreadable = false;
            for m in &mounts {
                if !(m.is_cache() || m.kind == "tmpfs") {
                    continue;
                }
                match m.resolved_target(cx, &step) {
                    Some(t) => {
                        covering.push(t.clone());
                        if m.is_cache() {
                            cache_mounts.push((m, t));
                        }
                    }
                    None => unreadable |= m.is_cache(),
                }
            }
            if unreadable {
                continue;
            }
            let all: Vec<Use<'_>> = step.calls().flat_map(|c| uses(cx, &step, c)).collect();
            let uncovered: Vec<&Use<'_>> = all
                .iter()
                .filter(|u| !u.claim_only && !u.unknown)
                .filter(|u| !covering.iter().any(|t| u.covered_by(t)))
                .collect();
            if uncovered.is_empty() {
                continue;
            }
            let misdirected: Vec<(&Mount<'_>, &String, Vec<Cache>)> = cache_mounts
                .iter()
                .filter(|(_, t)| !all.iter().any(|u| u.covered_by(t)))
                .map(|(m, t)| (*m, t, intended_for(t)))
                .filter(|(_, _, i)| !i.is_empty())
                .collect();
            for (m, target, intended) in &misdirected {
                let same: Vec<&Use<'_>> = uncovered
                    .iter()
                    .copied()
                    .filter(|u| intended.contains(&u.cache))
                    .collect();
                let report: Vec<&Use<'_>> = if !same.is_empty() {
                    same.clone()
                } else {
                    // Only a mount plainly meant for one tool (not `/root/.cache`, shared by many).
                    let one_tool = intended.iter().all(|c| c.tool() == intended[0].tool());
                    let tool_runs = intended
                        .iter()
                        .any(|c| step.commands().any(|cmd| runs_tool(cmd, *c)));
                    if !one_tool || tool_runs || runs_opaque(&step) {
                        continue;
                    }
                    uncovered.clone()
                };
                let mut caches: Vec<Cache> = report.iter().map(|u| u.cache).collect();
                caches.dedup();
                let first = report[0];
                let message = if !same.is_empty() {
                    let why = match &first.other_user {
                        Some(user) => {
                            let line = user_at(cx, step.stage, step.ins.span.start)
                                .map(|(_, sp)| format!(" (line {})", line_of(cx.text, sp.start)))
                                .unwrap_or_default();
                            format!(
                                "this RUN runs as user `{user}`{line}, so {} is {}, not under `/root`",
                                first.cache.label(),
                                place(first)
                            )
                        }
                        None => format!(
                            "{} keeps {} in {} here",
                            what(first),
                            first.cache.label(),
                            place(first)
                        ),
                    };
                    format!(
                        "the cache mount at `{target}` is never used: {why}; point the mount there"
                    )
                } else {
                    let meant = intended
                        .iter()
                        .map(|c| c.tool())
                        .collect::<Vec<_>>()
                        .join("/");
                    let tools = report
                        .iter()
                        .map(|u| format!("{} (cache in {})", what(u), place(u)))
                        .collect::<Vec<_>>();
                    let mut tools_dedup: Vec<String> = Vec::new();
                    for t in tools {
                        if !tools_dedup.contains(&t) {
                            tools_dedup.push(t);
                        }
                    }
                    format!(
                        "the cache mount at `{target}` looks meant for {meant}, which this RUN does not run; \
it runs {} instead, so the mount stays empty and the downloads land in the layer",
                        tools_dedup.join(" and ")
                    )
                };
                let mut d = Diagnostic::new(m.flag.span, message);
                // A fix when there is exactly one place to point this one mount at.
                let mut dirs: Vec<(&String, bool)> = report
                    .iter()
                    .filter_map(|u| u.fix_dir.as_ref().map(|f| (f, u.other_user.is_none())))
                    .collect();
                dirs.dedup();
                let single = misdirected.len() == 1 && caches.len() == 1 && dirs.len() == 1;
                if single {
                    let (dir, sure) = dirs[0];
                    let taken = covering.iter().any(|t| t == dir);
                    if let (Some(span), false) = (m.target_value_span(cx.text), taken) {
                        let title = format!("Mount the cache at {dir}");
                        let edits = vec![TextEdit::new(span, dir.clone())];
                        d = d.with_fix(if sure && report.iter().all(|u| !u.cache.is_os()) {
                            Fix::safe(title, edits)
                        } else {
                            Fix::unsafe_(title, edits)
                        });
                    }
                }
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run;

    fn msgs(src: &str) -> Vec<String> {
        run(&CacheMountMismatch, src)
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    fn fixed(src: &str) -> String {
        let d = run(&CacheMountMismatch, src);
        let f = d[0].fix.as_ref().expect("a fix");
        crate::diagnostics::apply_edits(src, &f.edits).unwrap()
    }

    #[test]
    fn uv_mount_with_pip() {
        let src = "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/uv pip install -r r.txt\n";
        let m = msgs(src);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(
            m[0].contains("`/root/.cache/uv`") && m[0].contains("/root/.cache/pip"),
            "{m:?}"
        );
        assert!(fixed(src).contains("target=/root/.cache/pip pip"));
        // A path to a known tool is that tool (prefer-cache-mount reads it the same way).
        let venv = "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/uv /opt/venv/bin/pip install -r r.txt\n";
        assert_eq!(msgs(venv).len(), 1, "{:?}", msgs(venv));
        let d = run(&CacheMountMismatch, src);
        assert_eq!(
            d[0].fix.as_ref().unwrap().applicability,
            crate::diagnostics::Applicability::Safe
        );
    }

    #[test]
    fn options_are_kept_and_users_homes_respected() {
        let src = "FROM python:3.12\nRUN --mount=type=cache,id=uv,target=/root/.cache/uv,sharing=locked \\\n    python -m pip install -r r.txt\n";
        let m = msgs(src);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].contains("`python -m pip install`"), "{m:?}");
        assert!(
            fixed(src).contains("--mount=type=cache,id=uv,target=/root/.cache/pip,sharing=locked")
        );
        // The node images' `node` user keeps npm's cache in its own home.
        let node = "FROM node:20\nUSER node\nRUN --mount=type=cache,target=/root/.npm npm ci\n";
        let m = msgs(node);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(
            m[0].contains("`~/.npm` in the home of user `node`"),
            "{m:?}"
        );
        // ENV HOME moves `~`.
        let home = "FROM python:3.12\nENV HOME=/app\nRUN --mount=type=cache,target=/app/.cache/pip pip install x\n";
        assert!(msgs(home).is_empty(), "{:?}", msgs(home));
    }

    #[test]
    fn matching_mounts_are_quiet() {
        for src in [
            "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r r.txt\n",
            "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache pip install x\n",
            "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/uv pip install uv && uv pip install -r r.txt\n",
            "FROM golang:1.22\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build ./...\n",
            "FROM golang:1.22-alpine\nENV GOCACHE /go-build\nRUN --mount=type=cache,target=/go/pkg/mod/cache --mount=type=cache,target=/go-build go build -o app\n",
            "FROM rust:1\nWORKDIR /src\nRUN --mount=type=cache,target=/usr/local/cargo/registry --mount=type=cache,target=target cargo build\n",
            "FROM node:20\nRUN --mount=type=cache,target=/root/.npm npm ci\n",
            "FROM node:20\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install\n",
            "FROM debian\nRUN --mount=type=cache,target=/opt/ccache apt-get update && apt-get install -y gcc\n",
            // a cache root shared by many tools is not "meant for" one of them
            "FROM node:20\nRUN --mount=type=cache,target=/root/.cache npm ci\n",
            // Poetry may run pip
            "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip poetry install --no-root\n",
        ] {
            assert!(msgs(src).is_empty(), "{src}: {:?}", msgs(src));
        }
    }

    #[test]
    fn go_build_cache_in_the_wrong_place() {
        let src = "FROM golang:1.22-alpine AS b\nRUN --mount=type=cache,target=/go/pkg/mod/cache \\\n    --mount=type=cache,target=/go-build \\\n    go build -o app\n";
        let m = msgs(src);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].contains("/root/.cache/go-build"), "{m:?}");
        assert!(fixed(src).contains("target=/root/.cache/go-build"));
    }

    #[test]
    fn env_overrides_move_the_cache() {
        let src = "FROM python:3.12\nENV PIP_CACHE_DIR=/cache/pip\nRUN --mount=type=cache,target=/root/.cache/pip pip install x\n";
        let m = msgs(src);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].contains("/cache/pip"), "{m:?}");
        // ...and a mount where the variable points is right.
        let ok = "FROM python:3.12\nENV PIP_CACHE_DIR=/cache/pip\nRUN --mount=type=cache,target=${PIP_CACHE_DIR} pip install x\n";
        assert!(msgs(ok).is_empty());
        // An inline assignment counts too.
        let inline =
            "FROM python:3.12\nRUN --mount=type=cache,target=/pc PIP_CACHE_DIR=/pc pip install x\n";
        assert!(msgs(inline).is_empty());
        // A build argument without default: unknown, not judged.
        let arg = "FROM python:3.12\nARG PIP_CACHE_DIR\nRUN --mount=type=cache,target=/root/.cache/pip pip install x\n";
        assert!(msgs(arg).is_empty());
    }

    #[test]
    fn non_root_user() {
        let src = "FROM python:3.12\nRUN useradd -m app\nUSER app\nRUN --mount=type=cache,target=/root/.cache/pip pip install --user x\n";
        let m = msgs(src);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(
            m[0].contains("user `app`") && m[0].contains("line 3"),
            "{m:?}"
        );
        assert!(run(&CacheMountMismatch, src)[0].fix.is_none());
        let ok = "FROM python:3.12\nUSER app\nRUN --mount=type=cache,target=/home/app/.cache/pip,uid=1000 pip install --user x\n";
        assert!(msgs(ok).is_empty(), "{:?}", msgs(ok));
        let sudo = "FROM python:3.12\nUSER app\nRUN --mount=type=cache,target=/root/.cache/pip sudo pip install x\n";
        assert!(msgs(sudo).is_empty(), "{:?}", msgs(sudo));
    }

    #[test]
    fn disabled_or_opaque_is_quiet() {
        for src in [
            "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/uv pip install --no-cache-dir x\n",
            "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/uv ./install.sh && pip install x\n",
            "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/uv make deps && pip install x\n",
            "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/uv /opt/tools/setup && pip install x\n",
            "FROM python:3.12\nRUN --mount=type=cache,target=$CACHE pip install x\n",
            "FROM alpine\nRUN --mount=type=cache,target=/root/.cache/pip apk add --no-cache py3-pip\n",
        ] {
            assert!(msgs(src).is_empty(), "{src}: {:?}", msgs(src));
        }
    }

    #[test]
    fn os_caches() {
        let src = "FROM debian\nRUN --mount=type=cache,target=/var/cache/apk apt-get update && apt-get install -y gcc\n";
        let m = msgs(src);
        assert_eq!(m.len(), 1, "{m:?}");
        let d = run(&CacheMountMismatch, src);
        assert_eq!(
            d[0].fix.as_ref().unwrap().applicability,
            crate::diagnostics::Applicability::Unsafe
        );
    }
}
