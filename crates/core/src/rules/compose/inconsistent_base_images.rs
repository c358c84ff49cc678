//! inconsistent-base-images: sibling Dockerfiles on different tags of the same base image.

use super::consistency::{
    divergences, emit, others_list, unsilenced, BaseImage, Compared, Doc, Use,
};
use super::{WorkspaceCx, WorkspaceRule};
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};
use crate::dockerfile::model::{expand, ImageRef, Stage};
use crate::dockerfile::words::unquote;
use std::collections::{BTreeMap, BTreeSet};

pub struct InconsistentBaseImages;

const ID: &str = "inconsistent-base-images";

static META: RuleMeta = rule_meta! {
    id: ID,
    aliases: &[],
    severity: Severity::Info,
    category: Category::Reproducibility,
    enabled_by_default: true,
    summary: "Sibling Dockerfiles build on different versions or variants of the same base image",
    why: "Images of one project usually share code, wheels, native modules or a runtime contract. \
When `api/Dockerfile` says `FROM python:3.11-slim` and `worker/Dockerfile` says `FROM python:3.12`, the \
two services run different CPython minors on different Debian sets; `node:20-alpine` next to \
`node:20-bookworm` means musl in one and glibc in the other, so a native module built or tested for one \
can fail in the other. Such drift usually comes from upgrading one file and forgetting the other.\n\n\
The comparison uses what each FROM resolves to: global `ARG` defaults (`FROM python:${PY}`) and the \
build args of the compose services that build the file. FROM lines naming an earlier stage, `scratch` or \
a compose named context are not images and are skipped; `docker.io/library/python` and `python` are the \
same image. When most files agree on a tag, only the others are reported; with no majority every \
divergent FROM is. A difference the file's path explains is deliberate and not reported: \
`3.12/alpine3.20/Dockerfile` next to `3.13/bookworm/Dockerfile` (a matrix of variants), or \
`Dockerfile.alpine` next to `Dockerfile`. Dockerfiles in test, fixture, example and vendored folders \
are not compared, and with compose files only Dockerfiles of the same project are. A \
`# hadolint ignore=inconsistent-base-images` above a FROM marks that difference as intended.",
    bad: "# api/Dockerfile\nFROM python:3.11-slim\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]\n",
    good: "# api/Dockerfile\nFROM python:3.12-slim\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]\n",
    has_fix: false,
    files: &[(
        "worker/Dockerfile",
        "FROM python:3.12-slim\nCOPY . /app\nCMD [\"python\", \"/app/worker.py\"]\n",
    )],
    references: &[
        "https://docs.docker.com/build/building/best-practices/#from",
        "https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact",
    ],
};

/// What a stage's FROM resolves to: with global `ARG` defaults, or once per set of compose build
/// args (which override those defaults). Nothing when a variable has no known value (an ARG
/// without default, a platform ARG).
fn resolved_bases(doc: &Doc<'_, '_>, stage: &Stage<'_>) -> Vec<String> {
    let Some(word) = stage.base else {
        return Vec::new();
    };
    let written = unquote(&word.text, doc.model.dockerfile.escape);
    let none: Vec<(String, String)> = Vec::new();
    let sets: Vec<&Vec<(String, String)>> = if doc.arg_sets.is_empty() {
        vec![&none]
    } else {
        doc.arg_sets.iter().collect()
    };
    let mut out: Vec<String> = Vec::new();
    for set in sets {
        let (s, missing) = expand(&written, |v| {
            let decl = doc.model.global_args.iter().rev().find(|a| a.name == v)?;
            set.iter()
                .find(|(k, _)| k == v)
                .map(|(_, val)| val.clone())
                .or_else(|| decl.default.clone())
        });
        if missing.is_empty() && !s.contains('$') && !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// (repository as compared, tag or digest) of an image reference: Docker Hub's registry names and
/// the `library/` prefix of official images are dropped; no tag means `latest`.
fn identity(image: &str) -> (String, String) {
    let r = ImageRef::parse(image);
    let hub = match r.registry.as_deref() {
        None => true,
        Some(reg) => matches!(
            reg.to_ascii_lowercase().as_str(),
            "docker.io" | "index.docker.io" | "registry-1.docker.io"
        ),
    };
    let repo = r.repository.to_ascii_lowercase();
    let repo = match (hub, repo.strip_prefix("library/")) {
        (true, Some(rest)) => rest.to_string(),
        _ => repo,
    };
    let repo = match (hub, &r.registry) {
        (false, Some(reg)) => format!("{}/{repo}", reg.to_ascii_lowercase()),
        _ => repo,
    };
    let key = match (r.tag, r.digest) {
        (Some(t), _) => t,
        (None, Some(d)) => format!("@{d}"),
        (None, None) => "latest".to_string(),
    };
    (repo, key)
}

fn tokens(tag: &str) -> Vec<String> {
    tag.to_ascii_lowercase()
        .split(['-', '_'])
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether `token` occurs in `path` on its own: not glued to more digits (`3.1` is not in `3.11`)
/// or more letters (`slim` is not in `slimmer`), so `3.20` is in `alpine3.20/` and `20` in `v20/`.
fn path_mentions(path: &str, token: &str) -> bool {
    let path = path.to_ascii_lowercase();
    let class = |c: char| {
        if c.is_ascii_digit() {
            1
        } else if c.is_ascii_alphabetic() {
            2
        } else {
            0
        }
    };
    let (Some(first), Some(last)) = (token.chars().next(), token.chars().next_back()) else {
        return false;
    };
    path.match_indices(token).any(|(i, _)| {
        let before = path[..i].chars().next_back();
        let rest = &path[i + token.len()..];
        let mut after = rest.chars();
        let next = after.next();
        let glued_before = before.is_some_and(|c| class(c) != 0 && class(c) == class(first));
        let glued_after = match next {
            Some('.') => class(last) == 1 && after.next().is_some_and(|c| c.is_ascii_digit()),
            Some(c) => class(c) != 0 && class(c) == class(last),
            None => false,
        };
        !glued_before && !glued_after
    })
}

/// Release channels that name a matrix axis (`mainline/` next to `stable/`).
const CHANNELS: &[&str] = &[
    "stable",
    "oldstable",
    "mainline",
    "latest",
    "lts",
    "edge",
    "nightly",
    "beta",
    "alpha",
    "rc",
    "current",
    "next",
    "legacy",
    "canary",
    "preview",
    "unstable",
];

/// The words of a path: folders split on `-`/`_`, the file name also on `.`.
fn path_words(path: &str) -> BTreeSet<String> {
    let lower = path.to_ascii_lowercase();
    let (dirs, file) = lower.rsplit_once('/').unwrap_or(("", &lower));
    crate::sort::set(
        dirs.split('/')
            .flat_map(|d| d.split(['-', '_']))
            .chain(file.split(['.', '-', '_']))
            .filter(|w| !w.is_empty())
            .map(str::to_string),
    )
}

/// Whether two Dockerfiles sit on different versions or channels of a matrix: their paths' words
/// ([`path_words`]) differ by a word with a digit (`3.12/` and `3.13/`, `alpine3.20/`) or a release
/// channel (`stable/`).
fn matrix_axis(wa: &BTreeSet<String>, wb: &BTreeSet<String>) -> bool {
    wa.symmetric_difference(wb)
        .any(|w| is_version(w) || CHANNELS.contains(&w.as_str()))
}

/// `3.12`, `8`, `v2`, `alpine3.20`: starts with a digit or `v` and a digit, or holds a dotted
/// number (`s3` and `k8s` are names, not versions).
fn is_version(w: &str) -> bool {
    let b = w.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(|c| c.is_ascii_digit());
    digit(0)
        || (b.first() == Some(&b'v') && digit(1))
        || (1..b.len()).any(|i| b[i] == b'.' && digit(i - 1) && digit(i + 1))
}

/// What the workspace builds itself, indexed once per lint (a monorepo has thousands of
/// Dockerfiles; asking every one of them for every base image was quadratic).
struct BuiltHere<'d> {
    /// Images compose services build (`build:` with `image:`).
    composed: std::collections::HashSet<String>,
    /// Per group, the Dockerfiles' folder names (lowercase) with their index in `docs`.
    folders: std::collections::HashMap<&'d str, Vec<(usize, String)>>,
}

impl<'d> BuiltHere<'d> {
    fn new(docs: &'d [Compared<'_>], composed: std::collections::HashSet<String>) -> Self {
        let mut folders: std::collections::HashMap<&'d str, Vec<(usize, String)>> =
            Default::default();
        for (i, d) in docs.iter().enumerate() {
            let folder = d
                .path
                .rsplit_once('/')
                .map(|(dir, _)| dir.rsplit('/').next().unwrap_or(dir))
                .unwrap_or("")
                .to_ascii_lowercase();
            if !folder.is_empty() {
                folders
                    .entry(d.group.as_str())
                    .or_default()
                    .push((i, folder));
            }
        }
        BuiltHere { composed, folders }
    }

    /// Whether `image` (a base of `docs[doc]`) is one this project builds: a compose service's
    /// `image:` that it also builds, or a tag naming the folder of another Dockerfile of the
    /// project (`nginx:1.27-alpine-slim` next to `alpine-slim/Dockerfile`: images layered on each
    /// other).
    fn has(&self, docs: &[Compared<'_>], doc: usize, image: &str) -> bool {
        if self.composed.contains(image) {
            return true;
        }
        let Some(tag) = ImageRef::parse(image).tag.map(|t| t.to_ascii_lowercase()) else {
            return false;
        };
        self.folders
            .get(docs[doc].group.as_str())
            .is_some_and(|fs| {
                fs.iter().any(|(i, folder)| {
                    *i != doc
                        && tag
                            .strip_suffix(folder.as_str())
                            .is_some_and(|rest| rest.is_empty() || rest.ends_with('-'))
                })
            })
    }
}

/// The base images of a file's stages, resolved, leaving out its own stages, named build
/// contexts and `scratch` (what [`super::consistency::Facts`] keeps of them).
pub(super) fn bases(doc: &Doc<'_, '_>) -> Vec<BaseImage> {
    let mut out = Vec::new();
    for stage in &doc.model.stages {
        let Some(word) = stage.base else { continue };
        for image in resolved_bases(doc, stage) {
            if image.is_empty()
                || image.ends_with(':')
                || doc.model.stage_before(&image, stage.index).is_some()
                || doc.named_contexts.iter().any(|c| c == &image)
                || ImageRef::parse(&image).is_scratch()
            {
                continue;
            }
            let shown = if word.text.contains('$') {
                format!("`{image}` (from `{}`)", word.text)
            } else {
                format!("`{image}`")
            };
            out.push(BaseImage {
                image,
                span: word.span,
                shown,
            });
        }
    }
    out
}

impl WorkspaceRule for InconsistentBaseImages {
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
        let composed: std::collections::HashSet<String> = a
            .services()
            .filter(|(_, s)| s.build.is_some())
            .filter_map(|(_, s)| s.image.as_ref().filter(|i| !i.unknown))
            .map(|i| i.text.clone())
            .collect();
        let built = BuiltHere::new(docs, composed);
        let mut by_repo: BTreeMap<String, Vec<Use>> = BTreeMap::new();
        for (i, doc) in docs.iter().enumerate() {
            for base in &doc.facts.bases {
                if built.has(docs, i, &base.image) {
                    continue;
                }
                let (repo, key) = identity(&base.image);
                by_repo.entry(repo).or_default().push(Use {
                    doc: i,
                    key,
                    span: base.span,
                    shown: base.shown.clone(),
                });
            }
        }
        // The paths name the variant or version: the difference is deliberate. Asked of every
        // pair of files on one base image, so each path's words are worked out once.
        let words: Vec<std::cell::OnceCell<BTreeSet<String>>> =
            docs.iter().map(|_| std::cell::OnceCell::new()).collect();
        let words_of = |d: usize| words[d].get_or_init(|| path_words(docs[d].path));
        let explained = |u: &Use, other: &Use| {
            let theirs = tokens(&other.key);
            matrix_axis(words_of(u.doc), words_of(other.doc))
                || tokens(&u.key)
                    .iter()
                    .filter(|t| !theirs.contains(t))
                    .any(|t| path_mentions(docs[u.doc].path, t))
        };
        for (_, uses) in by_repo {
            let uses = unsilenced(docs, ID, uses);
            let divs = divergences(docs, &uses, &explained);
            emit(
                docs,
                divs,
                |d| {
                    format!(
                        "{} here, but {}: sibling images should share one version and variant of a base image",
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
    fn two_files_on_different_tags_are_both_reported() {
        let f = findings(
            &[
                ("api/Dockerfile", "FROM python:3.11-slim\nCMD [\"x\"]\n"),
                ("worker/Dockerfile", "# worker\nFROM python:3.12\n"),
            ],
            RULE,
        );
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!((f[0].0.as_str(), f[0].1), ("api/Dockerfile", 1));
        assert!(
            f[0].2.contains("`python:3.12` in worker/Dockerfile:2"),
            "{}",
            f[0].2
        );
        assert_eq!((f[1].0.as_str(), f[1].1), ("worker/Dockerfile", 2));
        assert!(f[1].2.contains("api/Dockerfile:1"), "{}", f[1].2);
    }

    #[test]
    fn variants_and_majorities() {
        let f = findings(
            &[
                ("a/Dockerfile", "FROM node:20-alpine\n"),
                ("b/Dockerfile", "FROM node:20-alpine\n"),
                ("c/Dockerfile", "FROM node:20-bookworm\n"),
            ],
            RULE,
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "c/Dockerfile");
        assert!(
            f[0].2.contains("a/Dockerfile:1") && f[0].2.contains("b/Dockerfile:1"),
            "{}",
            f[0].2
        );
    }

    #[test]
    fn args_resolve_and_stages_are_skipped() {
        let f = findings(
            &[
                (
                    "a/Dockerfile",
                    "ARG PY=3.11\nFROM python:${PY}-slim AS build\nFROM build\n",
                ),
                ("b/Dockerfile", "FROM docker.io/library/python:3.12-slim\n"),
            ],
            RULE,
        );
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[0].1, 2);
        assert!(
            f[0].2
                .contains("`python:3.11-slim` (from `python:${PY}-slim`)"),
            "{}",
            f[0].2
        );
        // Same image through ARG, another registry spelling, and a stage reference: consistent.
        let f = findings(
            &[
                (
                    "a/Dockerfile",
                    "ARG PY=3.12\nFROM python:${PY}-slim AS build\nFROM build\n",
                ),
                ("b/Dockerfile", "FROM docker.io/library/python:3.12-slim\n"),
                ("c/Dockerfile", "ARG X\nFROM python:${X}\n"),
                ("d/Dockerfile", "FROM ghcr.io/acme/python:3.9\n"),
            ],
            RULE,
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn compose_build_args_override_defaults() {
        let compose = "services:\n  a:\n    build:\n      context: a\n      args:\n        PY: '3.12'\n  b:\n    build: b\n";
        let files = [
            ("compose.yaml", compose),
            ("a/Dockerfile", "ARG PY=3.11\nFROM python:${PY}\n"),
            ("b/Dockerfile", "FROM python:3.12\n"),
        ];
        assert!(findings(&files, RULE).is_empty());
        let compose = compose.replace("3.12", "3.10");
        let files = [
            ("compose.yaml", compose.as_str()),
            ("a/Dockerfile", "ARG PY=3.11\nFROM python:${PY}\n"),
            ("b/Dockerfile", "FROM python:3.12\n"),
        ];
        let f = findings(&files, RULE);
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f[0].2.starts_with("`python:3.10`"), "{}", f[0].2);
    }

    #[test]
    fn paths_that_name_the_variant_explain_it() {
        let f = findings(
            &[
                (
                    "3.12/slim-bookworm/Dockerfile",
                    "FROM debian:bookworm-slim\n",
                ),
                ("3.12/slim-trixie/Dockerfile", "FROM debian:trixie-slim\n"),
                ("3.12/alpine3.20/Dockerfile", "FROM alpine:3.20\n"),
                ("3.13/alpine3.21/Dockerfile", "FROM alpine:3.21\n"),
                ("Dockerfile", "FROM node:20-bookworm\n"),
                ("Dockerfile.alpine", "FROM node:20-alpine\n"),
            ],
            RULE,
        );
        assert!(f.is_empty(), "{f:?}");
        assert!(path_mentions("3.12/alpine3.20/Dockerfile", "3.20"));
        assert!(path_mentions("v20/Dockerfile", "20"));
        assert!(!path_mentions("2023/Dockerfile", "20"));
        assert!(!path_mentions("3.11/Dockerfile", "3.1"));
        assert!(!path_mentions("node20.1/Dockerfile", "20"));
        assert!(!path_mentions("slimmer/Dockerfile", "slim"));
    }

    #[test]
    fn matrices_and_layered_images() {
        // Release channels and versions in the path; images built FROM a sibling's product.
        let f = findings(
            &[
                ("mainline/debian/Dockerfile", "FROM debian:bookworm-slim\n"),
                ("mainline/debian-otel/Dockerfile", "FROM nginx:1.27.4\n"),
                ("stable/debian-otel/Dockerfile", "FROM nginx:1.26.3\n"),
                ("mainline/alpine-slim/Dockerfile", "FROM alpine:3.21\n"),
                (
                    "mainline/alpine/Dockerfile",
                    "FROM nginx:1.27.4-alpine-slim\n",
                ),
                (
                    "mainline/alpine-otel/Dockerfile",
                    "FROM nginx:1.27.4-alpine\n",
                ),
                ("v2/Dockerfile", "FROM golang:1.23\n"),
                ("v3/Dockerfile", "FROM golang:1.24\n"),
            ],
            RULE,
        );
        assert!(f.is_empty(), "{f:?}");
        let matrix_axis = |a: &str, b: &str| super::matrix_axis(&path_words(a), &path_words(b));
        assert!(matrix_axis("3.12/slim/Dockerfile", "3.13/slim/Dockerfile"));
        assert!(!matrix_axis("api/Dockerfile", "worker/Dockerfile"));
        assert!(!matrix_axis("Dockerfile", "Dockerfile.dev"));
        assert!(!matrix_axis("s3-proxy/Dockerfile", "api/Dockerfile"));
        assert!(matrix_axis(
            "alpine3.20/Dockerfile",
            "alpine3.21/Dockerfile"
        ));
        // A compose service that builds the image it is named after.
        let compose = "services:\n  base:\n    image: acme/base:dev\n    build: base\n  app:\n    build: app\n    depends_on: [base]\n";
        let f = findings(
            &[
                ("compose.yaml", compose),
                ("base/Dockerfile", "FROM acme/base:1\n"),
                ("app/Dockerfile", "FROM acme/base:dev\n"),
            ],
            RULE,
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn fixtures_projects_and_pragmas() {
        // A test fixture is not one of the project's images.
        let f = findings(
            &[
                ("Dockerfile", "FROM python:3.12\n"),
                ("tests/fixtures/Dockerfile", "FROM python:3.8\n"),
            ],
            RULE,
        );
        assert!(f.is_empty(), "{f:?}");
        // Separate compose projects are not compared.
        let f = findings(
            &[
                ("one/compose.yaml", "services:\n  a:\n    build: .\n"),
                ("one/Dockerfile", "FROM python:3.12\n"),
                ("two/compose.yaml", "services:\n  b:\n    build: .\n"),
                ("two/Dockerfile", "FROM python:3.9\n"),
            ],
            RULE,
        );
        assert!(f.is_empty(), "{f:?}");
        // A pragma keeps a FROM out of the comparison altogether.
        let f = findings(
            &[
                (
                    "a/Dockerfile",
                    "# hadolint ignore=inconsistent-base-images\nFROM python:3.9\n",
                ),
                ("b/Dockerfile", "FROM python:3.12\n"),
            ],
            RULE,
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn identities() {
        assert_eq!(
            identity("python"),
            ("python".to_string(), "latest".to_string())
        );
        assert_eq!(identity("index.docker.io/library/node:20").0, "node");
        assert_eq!(
            identity("ghcr.io/acme/app@sha256:ab"),
            ("ghcr.io/acme/app".to_string(), "@sha256:ab".to_string())
        );
        assert_eq!(
            identity("localhost:5000/app:1"),
            ("localhost:5000/app".to_string(), "1".to_string())
        );
    }
}
