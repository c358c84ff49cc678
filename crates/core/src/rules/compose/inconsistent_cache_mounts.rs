//! inconsistent-cache-mounts: one package manager's cache mounted under different ids across Dockerfiles.

use super::consistency::{divergences, emit, others_list, runs, unsilenced, Doc, Run, Use};
use super::{WorkspaceCx, WorkspaceRule};
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};
use crate::semantic::runs::RunSite;
use crate::source::Span;
use std::collections::BTreeMap;

pub struct InconsistentCacheMounts;

const ID: &str = "inconsistent-cache-mounts";

static META: RuleMeta = rule_meta! {
    id: ID,
    aliases: &[],
    severity: Severity::Info,
    category: Category::Performance,
    enabled_by_default: true,
    summary: "The same package manager's cache is mounted at different targets (cache ids) across Dockerfiles",
    why: "BuildKit keys a cache mount by its `id`, which defaults to the `target` path. Sibling images \
built on one builder (`docker compose build`, a bake file, CI) share a download cache only when their \
mounts have the same id: with `--mount=type=cache,target=/root/.cache/pip` in one Dockerfile and \
`target=/tmp/pipcache` in another, every package is downloaded and built twice and the two caches \
compete for the builder's cache storage. Mount the cache at the same target, or give the mounts the \
same `id=` (for example `id=pip`) when the targets must differ (another user's home).\n\n\
A mount is matched to its tool by the target's usual location (`~/.cache/pip`, `~/.cache/uv`, \
`~/.npm`, `/usr/local/share/.cache/yarn`, the pnpm store, `/var/cache/apt`, `/var/lib/apt`, \
`/var/cache/apk`, `/go/pkg/mod`, `~/.cache/go-build`, the Cargo registry, `~/.m2`, `~/.gradle`, …), \
or, for a target elsewhere, by the one package manager the RUN calls. Variables in targets are resolved \
from ARG and ENV defaults. When most files agree, only the others are reported; Dockerfiles in test, \
fixture, example and vendored folders are not compared, and with compose files only Dockerfiles of the \
same project are.",
    bad: "# worker/Dockerfile\nFROM python:3.12-slim\nCOPY requirements.txt .\nRUN --mount=type=cache,target=/tmp/pipcache pip install --cache-dir /tmp/pipcache -r requirements.txt\n",
    good: "# worker/Dockerfile\nFROM python:3.12-slim\nCOPY requirements.txt .\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n",
    has_fix: false,
    files: &[(
        "api/Dockerfile",
        "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n",
    )],
    references: &[
        "https://docs.docker.com/reference/dockerfile/#run---mounttypecache",
        "https://docs.docker.com/build/cache/optimize/#use-cache-mounts",
    ],
};

/// Caches by their usual locations: (name in messages, path suffixes).
const KNOWN: &[(&str, &[&str])] = &[
    ("pip", &["/.cache/pip"]),
    ("uv", &["/.cache/uv"]),
    ("Poetry", &["/.cache/pypoetry"]),
    ("Pipenv", &["/.cache/pipenv"]),
    ("npm", &["/.npm"]),
    (
        "Yarn",
        &[
            "/.cache/yarn",
            "/.yarn/cache",
            "/.yarn/berry/cache",
            "/usr/local/share/.cache/yarn",
        ],
    ),
    (
        "pnpm",
        &[
            "/pnpm/store",
            "/.pnpm-store",
            "/.local/share/pnpm/store",
            "/.cache/pnpm",
        ],
    ),
    ("apt archives", &["/var/cache/apt"]),
    ("apt lists", &["/var/lib/apt"]),
    ("apk", &["/var/cache/apk", "/etc/apk/cache"]),
    ("dnf", &["/var/cache/dnf", "/var/cache/libdnf5"]),
    ("yum", &["/var/cache/yum"]),
    ("zypper", &["/var/cache/zypp"]),
    ("Go modules", &["/pkg/mod"]),
    ("Go build", &["/.cache/go-build"]),
    ("Cargo registry", &["/.cargo/registry", "/cargo/registry"]),
    ("Cargo git", &["/.cargo/git", "/cargo/git"]),
    ("Maven", &["/.m2"]),
    ("Gradle", &["/.gradle"]),
    ("Composer", &["/.composer/cache", "/.cache/composer"]),
    ("ccache", &["/.ccache", "/.cache/ccache"]),
];

/// Programs whose cache a mount elsewhere can be attributed to (each has one cache).
const PROGRAMS: &[(&str, &str)] = &[
    ("pip", "pip"),
    ("pip3", "pip"),
    ("uv", "uv"),
    ("poetry", "Poetry"),
    ("pipenv", "Pipenv"),
    ("npm", "npm"),
    ("yarn", "Yarn"),
    ("pnpm", "pnpm"),
    ("mvn", "Maven"),
    ("gradle", "Gradle"),
    ("composer", "Composer"),
];

fn trim(p: &str) -> &str {
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        "/"
    } else {
        t
    }
}

/// The cache a target is the usual location of (or a folder inside it).
fn known_cache(target: &str) -> Option<&'static str> {
    let t = trim(target);
    KNOWN
        .iter()
        .find(|(_, suffixes)| {
            suffixes
                .iter()
                .any(|s| t.ends_with(s) || t.contains(&format!("{s}/")))
        })
        .map(|(name, _)| *name)
}

/// A `type=cache` mount of a RUN.
struct CacheMount {
    target: String,
    id: Option<String>,
    span: Span,
}

fn cache_mounts(doc: &Doc<'_, '_>, run: &Run<'_>) -> Vec<CacheMount> {
    let mut out = Vec::new();
    for flag in run.ins.command.flags_named("mount") {
        let Some(value) = flag.value() else {
            continue;
        };
        let (mut kind, mut target, mut id) = ("bind".to_string(), None, None);
        for field in value.split(',') {
            let (k, v) = field.split_once('=').unwrap_or((field, ""));
            let v = v.trim().trim_matches('"').to_string();
            match k.trim().to_ascii_lowercase().as_str() {
                "type" => kind = v.to_ascii_lowercase(),
                "target" | "dst" | "destination" => target = Some(v),
                "id" => id = Some(v),
                _ => {}
            }
        }
        if kind != "cache" {
            continue;
        }
        let resolve = |s: String| doc.resolve(run.stage, run.ins.span.start, &s);
        let Some(target) = target.and_then(resolve) else {
            continue;
        };
        let id = match id {
            Some(i) => match resolve(i) {
                Some(i) => Some(i),
                None => continue,
            },
            None => None,
        };
        out.push(CacheMount {
            target: trim(&target).to_string(),
            id: id.filter(|i| !i.is_empty()),
            span: flag.span,
        });
    }
    out
}

/// The cache mounts of the file's RUN collection `sites`, each with the cache it is for (what
/// [`super::consistency::Facts`] keeps of them).
pub(super) fn cache_uses(doc: &Doc<'_, '_>, sites: &[RunSite<'_>]) -> Vec<(&'static str, Use)> {
    let mut out = Vec::new();
    for run in runs(doc, sites, |t| t.contains("type=cache")) {
        let mounts = cache_mounts(doc, &run);
        if mounts.is_empty() {
            continue;
        }
        let known: Vec<Option<&'static str>> =
            mounts.iter().map(|m| known_cache(&m.target)).collect();
        // A single mount elsewhere belongs to the single tool without a mount of its own.
        let mut tools: Vec<&'static str> = run
            .commands()
            .filter_map(|c| c.unwrapped().program())
            .filter_map(|p| PROGRAMS.iter().find(|(n, _)| *n == p).map(|(_, t)| *t))
            .filter(|t| !known.contains(&Some(*t)))
            .collect();
        crate::sort::sort_unstable(&mut tools);
        tools.dedup();
        let unknown = known.iter().filter(|k| k.is_none()).count();
        for (m, k) in mounts.iter().zip(&known) {
            let cache = match (k, tools.as_slice()) {
                (Some(k), _) => *k,
                (None, [only]) if unknown == 1 => *only,
                _ => continue,
            };
            let (key, shown) = match &m.id {
                Some(id) => (id.clone(), format!("`id={id}`")),
                None => (m.target.clone(), format!("`{}`", m.target)),
            };
            out.push((
                cache,
                Use {
                    doc: 0,
                    key,
                    span: m.span,
                    shown,
                },
            ));
        }
    }
    out
}

impl WorkspaceRule for InconsistentCacheMounts {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn reads_docs(&self) -> bool {
        true
    }
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>) {
        if a.dockerfiles.len() < 2 {
            return;
        }
        let docs = a.docs();
        let mut by_cache: BTreeMap<&'static str, Vec<Use>> = BTreeMap::new();
        for (i, doc) in docs.iter().enumerate() {
            for (cache, u) in &doc.facts.caches {
                by_cache.entry(cache).or_default().push(Use {
                    doc: i,
                    ..u.clone()
                });
            }
        }
        let never = |_: &Use, _: &Use| false;
        for (cache, uses) in by_cache {
            let uses = unsilenced(docs, ID, uses);
            let divs = divergences(docs, &uses, &never);
            emit(
                docs,
                divs,
                |d| {
                    format!(
                        "the {cache} cache is mounted as {} here, but as {}: cache mounts are shared by id (the target by default), so these builds do not share it; use one target or the same `id=`",
                        d.this.shown,
                        others_list(docs, &d.others)
                    )
                },
                out,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::consistency::testing::findings;
    use super::*;

    const RULE: &str = ID;

    #[test]
    fn locations() {
        assert_eq!(known_cache("/root/.cache/pip"), Some("pip"));
        assert_eq!(known_cache("/home/app/.cache/pip/"), Some("pip"));
        assert_eq!(known_cache("/var/cache/apt/archives"), Some("apt archives"));
        assert_eq!(known_cache("/root/go/pkg/mod"), Some("Go modules"));
        assert_eq!(
            known_cache("/usr/local/cargo/registry"),
            Some("Cargo registry")
        );
        assert_eq!(known_cache("/root/.npm"), Some("npm"));
        assert_eq!(known_cache("/root/.npmrc"), None);
        assert_eq!(known_cache("/tmp/pipcache"), None);
    }

    #[test]
    fn pip_cache_at_another_target() {
        let f = findings(
            &[
                (
                    "api/Dockerfile",
                    "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r r.txt\n",
                ),
                (
                    "worker/Dockerfile",
                    "FROM python:3.12\nENV PIP_CACHE_DIR=/tmp/pipcache\nRUN --mount=type=cache,target=${PIP_CACHE_DIR} \\\n    pip install -r r.txt\n",
                ),
            ],
            RULE,
        );
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!((f[0].0.as_str(), f[0].1), ("api/Dockerfile", 2));
        assert!(
            f[0].2.contains("the pip cache is mounted as `/root/.cache/pip` here, but as `/tmp/pipcache` in worker/Dockerfile:3"),
            "{}",
            f[0].2
        );
        assert_eq!((f[1].0.as_str(), f[1].1), ("worker/Dockerfile", 3));
    }

    #[test]
    fn ids_decide() {
        // Different targets, one id: shared. Same target, different ids: not shared.
        let f = findings(
            &[
                (
                    "a/Dockerfile",
                    "FROM python:3.12\nRUN --mount=type=cache,id=pip,target=/root/.cache/pip pip install .\n",
                ),
                (
                    "b/Dockerfile",
                    "FROM python:3.12\nUSER app\nRUN --mount=type=cache,id=pip,target=/home/app/.cache/pip,uid=1000 pip install .\n",
                ),
            ],
            RULE,
        );
        assert!(f.is_empty(), "{f:?}");
        let f = findings(
            &[
                (
                    "a/Dockerfile",
                    "FROM golang:1.23\nRUN --mount=type=cache,id=gomod-a,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build ./...\n",
                ),
                (
                    "b/Dockerfile",
                    "FROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build ./...\n",
                ),
            ],
            RULE,
        );
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(
            f[0].2
                .starts_with("the Go modules cache is mounted as `id=gomod-a` here"),
            "{}",
            f[0].2
        );
    }

    #[test]
    fn unattributable_and_consistent() {
        let f = findings(
            &[
                (
                    "a/Dockerfile",
                    "FROM node:22\nRUN --mount=type=cache,target=/root/.npm npm ci\n",
                ),
                (
                    "b/Dockerfile",
                    "FROM node:22\nRUN --mount=type=cache,target=/root/.npm/ npm ci && npm run build\n",
                ),
                // Two tools, one mount elsewhere: cannot tell whose it is.
                (
                    "c/Dockerfile",
                    "FROM node:22\nRUN --mount=type=cache,target=/cache npm ci && pip install x\n",
                ),
                // A bind mount is not a cache.
                (
                    "d/Dockerfile",
                    "FROM node:22\nRUN --mount=type=bind,target=/root/.npm npm ci\n",
                ),
                // The target is unknown.
                (
                    "e/Dockerfile",
                    "FROM node:22\nARG C\nRUN --mount=type=cache,target=$C npm ci\n",
                ),
            ],
            RULE,
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
