//! prefer-cache-mount: a package install in a build stage that a cache mount would speed up.

use super::cache_dirs::{uses, Cache, Use};
use super::cache_mount_mismatch::what;
use super::common::{is_root_user, line_of, steps, user_at, Step};
use crate::diagnostics::Fix;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::TextEdit;

pub struct PreferCacheMount;

static META: RuleMeta = rule_meta! {
    id: "prefer-cache-mount",
    aliases: &[],
    severity: Severity::Info,
    category: Category::Performance,
    enabled_by_default: true,
    summary: "A package install in a build stage could keep its downloads in a cache mount",
    why: "When a build stage's dependency step re-runs (its manifest changed, or the cache was \
pruned), every package is downloaded again. A cache mount keeps the package manager's cache \
between builds without putting it in any layer:\n\n\
    RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n\n\
This is advice for build stages only: stages that do not ship (not the last stage, not a compose \
`target`, and not a stage one of those is built on). In the shipped stage the usual advice \
(`--no-cache-dir`, cleaning caches) keeps the image small and other rules give it. `--mount` \
needs BuildKit, the default builder since Docker Engine 23.0 (and in Docker Desktop); the legacy \
builder rejects it.\n\n\
Reported for pip, uv, Poetry, npm, pnpm, Go (module and build caches), Cargo's registry, \
Composer, Maven and Gradle, when the command runs as root and the cache's folder is certain \
(the fix mounts exactly that folder). Not reported when the RUN switches the cache off \
(`--no-cache-dir`, `PIP_NO_CACHE_DIR`, `uv --no-cache`, `GOCACHE=off`) or deletes it \
(`rm -rf ~/.cache/pip`, `npm cache clean`, `go clean -modcache`): the author chose no cache, and \
a mount would be emptied by the same command, so the advice would need the RUN rewritten. Also \
left out: OS package managers (Debian and Ubuntu images delete downloaded packages after each \
install through `/etc/apt/apt.conf.d/docker-clean`, and apk only keeps packages when \
`/etc/apk/cache` exists, so a mount alone does nothing there), Yarn and RubyGems (the folder \
depends on the version and settings), non-root users (a cache mount belongs to root unless \
`uid=` is given) and Cargo's `target` folder (a build output: in a cache mount it is not in the \
layer, so the next step cannot copy the binary from it unless the RUN copies it out). The fix is \
unsafe because it changes the RUN's mounts.",
    bad: "FROM python:3.12 AS build\nCOPY requirements.txt .\nRUN pip wheel -r requirements.txt -w /wheels\n\nFROM python:3.12-slim\nCOPY --from=build /wheels /wheels\nRUN pip install --no-cache-dir /wheels/*\n",
    good: "FROM python:3.12 AS build\nCOPY requirements.txt .\nRUN --mount=type=cache,target=/root/.cache/pip pip wheel -r requirements.txt -w /wheels\n\nFROM python:3.12-slim\nCOPY --from=build /wheels /wheels\nRUN pip install --no-cache-dir /wheels/*\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://docs.docker.com/build/cache/optimize/#use-cache-mounts",
        "https://docs.docker.com/reference/dockerfile/#run---mounttypecache",
        "https://docs.docker.com/build/buildkit/",
    ],
};

/// Whether the RUN deletes or cleans the cache of `cache` (so a mount there would be emptied).
fn cleans(step: &Step<'_>, u: &Use<'_>) -> bool {
    step.commands().any(|c| {
        let prog = c.program_name().unwrap_or("");
        let args: Vec<&str> = c.unwrapped().args.iter().map(|w| w.text.as_str()).collect();
        match prog {
            "rm" => args.iter().any(|a| {
                let a = a.trim_end_matches(['*', '/']);
                !a.starts_with('-')
                    && a.len() > 1
                    && (u.dirs.iter().any(|d| super::common::covers(a, d))
                        || a.contains(match u.cache {
                            Cache::Pip => ".cache/pip",
                            Cache::Uv => ".cache/uv",
                            Cache::Poetry => "pypoetry",
                            Cache::Npm => ".npm",
                            Cache::Pnpm => "pnpm",
                            Cache::GoMod => "pkg/mod",
                            Cache::GoBuild => "go-build",
                            Cache::Cargo => "registry",
                            Cache::Composer => "composer",
                            Cache::Maven => ".m2",
                            Cache::Gradle => ".gradle",
                            _ => "\u{0}",
                        }))
            }),
            "npm" | "yarn" | "pnpm" | "uv" | "poetry" | "composer" | "pip" | "pip3" => {
                args.contains(&"cache")
                    && args
                        .iter()
                        .any(|a| matches!(*a, "clean" | "purge" | "clear" | "prune"))
                    || (prog == "pnpm" && args.starts_with(&["store", "prune"]))
                    || (prog == "composer" && args.contains(&"clear-cache"))
            }
            "go" => {
                args.first() == Some(&"clean")
                    && args.iter().any(|a| matches!(*a, "-modcache" | "-cache"))
            }
            _ => false,
        }
    })
}

impl Rule for PreferCacheMount {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        // Only build stages are judged: nothing to do when every stage ships.
        if cx.model.stages.iter().all(|s| cx.is_shipped(s.index)) {
            return;
        }
        let all = steps(cx);
        // Each RUN: whether it can be judged (root, mounts readable), its covering mounts and uses.
        let rows: Vec<(bool, Vec<String>, Vec<Use<'_>>)> = all
            .iter()
            .map(|step| {
                let root = user_at(cx, step.stage, step.ins.span.start)
                    .is_none_or(|(u, _)| is_root_user(&u));
                let mut covering = Vec::new();
                let mut readable = true;
                for m in step.mounts() {
                    if m.is_cache() || m.kind == "tmpfs" {
                        match m.resolved_target(cx, step) {
                            Some(t) => covering.push(t),
                            None => readable = false,
                        }
                    }
                }
                let uses: Vec<Use<'_>> = step.calls().flat_map(|c| uses(cx, step, c)).collect();
                (root && readable, covering, uses)
            })
            .collect();
        let n = cx.model.stages.len();
        let mut by_stage: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, step) in all.iter().enumerate() {
            if let Some(v) = by_stage.get_mut(step.stage) {
                v.push(i);
            }
        }
        // The tools each stage's RUNs use, and those of the stages it builds on (`above`) and of
        // the stages built on it (`below`): the stages that share its files. Parents come before
        // their children, so one pass each way (not every pair of stages).
        let add = |to: &mut Vec<&'static str>, tools: &[&'static str]| {
            for t in tools {
                if !to.contains(t) {
                    to.push(t);
                }
            }
        };
        let mut own: Vec<Vec<&'static str>> = vec![Vec::new(); n];
        for (i, step) in all.iter().enumerate() {
            let tools: Vec<&'static str> = rows[i]
                .2
                .iter()
                .filter(|u| !u.claim_only)
                .map(|u| u.cache.tool())
                .collect();
            if let Some(o) = own.get_mut(step.stage) {
                add(o, &tools);
            }
        }
        let parent = |s: usize| cx.model.parent(s).filter(|&p| p < s);
        let mut above: Vec<Vec<&'static str>> = vec![Vec::new(); n];
        for s in 0..n {
            if let Some(p) = parent(s) {
                let mut v = above[p].clone();
                add(&mut v, &own[p]);
                above[s] = v;
            }
        }
        let mut below: Vec<Vec<&'static str>> = vec![Vec::new(); n];
        for s in (0..n).rev() {
            if let Some(p) = parent(s) {
                let mut v = std::mem::take(&mut below[p]);
                add(&mut v, &own[s]);
                add(&mut v, &below[s]);
                below[p] = v;
            }
        }
        for stage in &cx.model.stages {
            let si = stage.index;
            if cx.is_shipped(si) {
                continue;
            }
            let mine: &[usize] = by_stage.get(si).map_or(&[], Vec::as_slice);
            let mut tools: Vec<&str> = Vec::new();
            for &i in mine {
                for u in &rows[i].2 {
                    if !u.claim_only && !tools.contains(&u.cache.tool()) {
                        tools.push(u.cache.tool());
                    }
                }
            }
            for tool in tools {
                let of_tool = |u: &&Use<'_>| u.cache.tool() == tool && !u.claim_only;
                let shared = above[si].contains(&tool) || below[si].contains(&tool);
                let judgeable = mine.iter().all(|&i| {
                    let (ok, _, uses) = &rows[i];
                    uses.iter().filter(of_tool).all(|u| {
                        *ok && !u.unknown
                            && !u.lenient
                            && !u.cache.is_os()
                            && u.other_user.is_none()
                            && u.fix_dir.is_some()
                            && !cleans(&all[i], u)
                    })
                });
                if shared || !judgeable {
                    continue;
                }
                // Per RUN, the caches of the tool it uses that no mount of its own covers.
                let mut needs: Vec<(usize, Vec<&Use<'_>>)> = Vec::new();
                for &i in mine {
                    let (_, covering, uses) = &rows[i];
                    let mut missing: Vec<&Use<'_>> = Vec::new();
                    for u in uses.iter().filter(of_tool) {
                        if !covering.iter().any(|t| u.covered_by(t))
                            && !missing.iter().any(|m| m.cache == u.cache)
                        {
                            missing.push(u);
                        }
                    }
                    if !missing.is_empty() {
                        needs.push((i, missing));
                    }
                }
                let Some((_, first)) = needs.first() else {
                    continue;
                };
                let stage_name = stage
                    .name
                    .map(|w| format!("`{}`", w.text))
                    .unwrap_or_else(|| format!("#{si}"));
                let mut caches: Vec<&Use<'_>> = Vec::new();
                for (_, list) in &needs {
                    for u in list {
                        if !caches.iter().any(|c| c.cache == u.cache) {
                            caches.push(u);
                        }
                    }
                }
                let labels: Vec<String> = caches
                    .iter()
                    .map(|u| {
                        format!(
                            "{} (`{}`)",
                            u.cache.label(),
                            u.fix_dir.as_deref().unwrap_or("")
                        )
                    })
                    .collect();
                let later: Vec<String> = needs[1..]
                    .iter()
                    .map(|(i, _)| line_of(cx.text, all[*i].ins.span.start).to_string())
                    .collect();
                let also = match later.len() {
                    0 => String::new(),
                    1 => format!(
                        " (here and in the RUN on line {}, which uses it too)",
                        later[0]
                    ),
                    _ => format!(
                        " (here and in the RUNs on lines {}, which use it too)",
                        later.join(", ")
                    ),
                };
                let message = format!(
                    "{} in build stage {stage_name} starts from an empty cache whenever this step re-runs; \
a cache mount on {}{also} keeps it between builds (needs BuildKit)",
                    what(first[0]),
                    labels.join(" and ")
                );
                let edits: Vec<TextEdit> = needs
                    .iter()
                    .map(|(i, list)| {
                        let flags: String = list
                            .iter()
                            .filter_map(|u| u.fix_dir.as_ref())
                            .map(|d| format!(" --mount=type=cache,target={d}"))
                            .collect();
                        TextEdit::insert(all[*i].cmd.name_span.end, flags)
                    })
                    .collect();
                let dirs: Vec<&str> = caches.iter().filter_map(|u| u.fix_dir.as_deref()).collect();
                let fix = Fix::unsafe_(
                    format!("Add a cache mount on {}", dirs.join(" and ")),
                    edits,
                );
                out.push(Diagnostic::new(first[0].cmd.span, message).with_fix(fix));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run;

    fn count(src: &str) -> usize {
        run(&PreferCacheMount, src).len()
    }

    #[test]
    fn build_stage_installs() {
        let src = "FROM node:20 AS deps\nRUN npm ci\nFROM node:20-slim\nCOPY --from=deps /node_modules /node_modules\n";
        let d = run(&PreferCacheMount, src);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("`/root/.npm`"), "{}", d[0].message);
        let fixed =
            crate::diagnostics::apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert!(
            fixed.contains("RUN --mount=type=cache,target=/root/.npm npm ci"),
            "{fixed}"
        );
        assert_eq!(count(&fixed), 0);
    }

    #[test]
    fn go_gets_both_caches() {
        let src = "FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n";
        let d = run(&PreferCacheMount, src);
        assert_eq!(d.len(), 1, "{d:?}");
        let fixed =
            crate::diagnostics::apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert!(
            fixed.contains("--mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build"),
            "{fixed}"
        );
        // One mount already there: only the other is proposed.
        let half = "FROM golang:1.22 AS build\nRUN --mount=type=cache,target=/go/pkg/mod go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n";
        let d = run(&PreferCacheMount, half);
        assert_eq!(d.len(), 1);
        assert!(!d[0].message.contains("module cache"), "{}", d[0].message);
        // A vendored build does not read the module cache.
        let vendored = "FROM golang:1.22 AS build\nRUN --mount=type=cache,target=/root/.cache/go-build go build -mod=vendor -o /app .\nFROM scratch\nCOPY --from=build /app /app\n";
        assert_eq!(count(vendored), 0);
        assert!(
            d[0].message
                .starts_with("`go build` in build stage `build`"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn every_run_of_the_stage_gets_the_mount() {
        // The download step's product would otherwise vanish from the layer the build reads.
        let src = "FROM golang:1.22 AS build\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n";
        let d = run(&PreferCacheMount, src);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("line 5"), "{}", d[0].message);
        let fixed =
            crate::diagnostics::apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert!(
            fixed.contains("RUN --mount=type=cache,target=/go/pkg/mod go mod download"),
            "{fixed}"
        );
        assert!(
            fixed.contains("RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build"),
            "{fixed}"
        );
        assert_eq!(count(&fixed), 0);
        // A stage built on this one uses the same cache: their files are shared, not judged.
        let shared = "FROM golang:1.22 AS deps\nRUN go mod download\nFROM deps AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n";
        assert_eq!(count(shared), 0, "{:?}", run(&PreferCacheMount, shared));
    }

    #[test]
    fn quiet_cases() {
        for src in [
            // the shipped stage (last)
            "FROM python:3.12\nRUN pip install -r r.txt\n",
            // a stage the shipped one builds on
            "FROM python:3.12 AS base\nRUN pip install -r r.txt\nFROM base\nCMD [\"python\"]\n",
            // cache switched off or deleted
            "FROM python:3.12 AS b\nRUN pip install --no-cache-dir -r r.txt\nFROM scratch\n",
            "FROM python:3.12 AS b\nENV PIP_NO_CACHE_DIR=1\nRUN pip install -r r.txt\nFROM scratch\n",
            "FROM node:20 AS b\nRUN npm ci && npm cache clean --force\nFROM scratch\n",
            "FROM python:3.12 AS b\nRUN pip install x && rm -rf /root/.cache/pip\nFROM scratch\n",
            // OS packages, Yarn, non-root
            "FROM debian AS b\nRUN apt-get update && apt-get install -y gcc\nFROM scratch\n",
            "FROM node:20 AS b\nRUN yarn install\nFROM scratch\n",
            "FROM python:3.12 AS b\nUSER app\nRUN pip install x\nFROM scratch\n",
            // already mounted
            "FROM python:3.12 AS b\nRUN --mount=type=cache,target=/root/.cache pip install x\nFROM scratch\n",
        ] {
            assert_eq!(count(src), 0, "{src}: {:?}", run(&PreferCacheMount, src));
        }
    }

    #[test]
    fn compose_target_ships() {
        let src = "FROM python:3.12 AS dev\nRUN pip install -r r.txt\nFROM python:3.12-slim AS prod\nRUN pip install --no-cache-dir x\n";
        // Without a compose target, `dev` is a build stage.
        assert_eq!(count(src), 1);
        let out = crate::rules::run_at(&PreferCacheMount, "Dockerfile", src, &["dev".to_string()]);
        assert!(out.is_empty(), "{out:?}");
    }
}
